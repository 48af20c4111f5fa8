/*
 * `npm run demo`: the vault on an embedded SQLite file with demo data, on a fresh machine.
 * Creates the demo's own keys (files readable by their owner only), migrates, seeds once,
 * prints the address and logins, then serves until stopped.
 */
import { spawnSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'

const root = new URL('../', import.meta.url)
const tmp = new URL('tmp/', root)
mkdirSync(tmp, { recursive: true })

const masterKeyFile = new URL('demo-master.key', tmp)
const appKeyFile = new URL('demo-app.key', tmp)
if (!existsSync(masterKeyFile)) {
  writeFileSync(masterKeyFile, `v1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 })
}
if (!existsSync(appKeyFile)) {
  writeFileSync(appKeyFile, randomBytes(32).toString('base64url'), { mode: 0o600 })
}

const port = process.env.PORT ?? '3333'
const env = {
  ...process.env,
  NODE_ENV: 'development',
  PORT: port,
  HOST: process.env.HOST ?? '127.0.0.1',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  APP_KEY: readFileSync(appKeyFile, 'utf8').trim(),
  SESSION_DRIVER: 'cookie',
  LIMITER_STORE: 'memory',
  DB_CONNECTION: 'sqlite',
  SQLITE_PATH: 'tmp/demo.sqlite3',
  VAULT_MASTER_KEY: '',
  VAULT_MASTER_KEY_FILE: masterKeyFile.pathname,
}

function ace(args: string[], extraEnv: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['ace', ...args], {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: 'inherit',
  })
  if (run.status !== 0) {
    process.exit(run.status ?? 1)
  }
}

ace(['codegen'])
ace(['migration:run', '--force'])
// The seeded history logs every access and alert; the logins table is what matters here.
ace(['vault:demo:seed'], { LOG_LEVEL: 'error' })
console.log(`\nVault is starting on http://${env.HOST}:${port} (stop with Ctrl+C)\n`)

const server = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
  cwd: root,
  env,
  stdio: 'inherit',
})
process.on('SIGINT', () => server.kill('SIGINT'))
process.on('SIGTERM', () => server.kill('SIGTERM'))
server.on('exit', (code) => process.exit(code ?? 0))
