import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { once } from 'node:events'
import {
  createWriteStream,
  mkdirSync,
  readFileSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs'
import { dirname, join } from 'node:path'
import type { MysqlTarget } from './database.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const LOADER = '--import=@poppinss/ts-exec'

/**
 * The environment of every child process of the benchmark: production mode on MariaDB,
 * fresh random keys, cookie sessions and the bench-only routes switched on.
 */
export function benchEnvironment(target: MysqlTarget, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    APP_KEY: randomBytes(32).toString('base64url'),
    VAULT_MASTER_KEY: `v1:${randomBytes(32).toString('base64')}`,
    VAULT_MASTER_KEY_FILE: '',
    VAULT_BENCH_ROUTES: 'true',
    // Longer runs (BENCH_SECONDS) must not outlive the password confirmation; its length
    // costs nothing per request.
    VAULT_CONFIRM_WINDOW_SECONDS: '3600',
    SESSION_DRIVER: 'cookie',
    LIMITER_STORE: 'memory',
    DB_CONNECTION: 'mysql',
    MYSQL_HOST: target.host,
    MYSQL_PORT: String(target.port),
    MYSQL_USER: target.user,
    MYSQL_PASSWORD: target.password,
    MYSQL_DB_NAME: target.database,
  }
}

/** A TCP port that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer()
  probe.listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const address = probe.address()
  probe.close()

  return typeof address === 'object' && address ? address.port : 0
}

/** Where the application runs from: its folder, and how node starts ace and the server. */
export interface AppLayout {
  dir: string
  ace: string[]
  server: string[]
}

/** The sources, through the TypeScript loader, the way `npm run dev` and the tests run. */
export function sourceLayout(env: NodeJS.ProcessEnv): AppLayout {
  const layout = { dir: ROOT, ace: ['ace.js'], server: [LOADER, 'bin/server.ts'] }
  ace(layout, env, 'codegen')

  return layout
}

/**
 * A production build, the way the vault is deployed: `node ace build` into tmp/bench/build
 * (not ./build, which belongs to whoever builds the app), then plain `node bin/server.js`.
 * Type errors elsewhere in a working tree do not stop it; the code is emitted anyway.
 */
export function buildLayout(env: NodeJS.ProcessEnv): AppLayout {
  const workDir = join(ROOT, 'tmp', 'bench')
  mkdirSync(workDir, { recursive: true })
  const tsconfig = {
    extends: '../../tsconfig.json',
    compilerOptions: { rootDir: '../../', outDir: './build' },
    include: ['../../**/*', '../../.adonisjs/server/**/*'],
    exclude: ['../../node_modules/**', '../../build/**', '../../tmp/**'],
  }
  writeFileSync(join(workDir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2))
  const sources = { dir: ROOT, ace: ['ace.js'], server: [] }
  ace(sources, env, 'build', '--ignore-ts-errors', '--tsconfig', 'tmp/bench/tsconfig.json')

  return {
    dir: join(workDir, 'build'),
    ace: ['ace.js'],
    server: [...productionNodeOptions(), 'bin/server.js'],
  }
}

/**
 * The node options of `npm start` in package.json (the heap sizes of a server), so that the
 * benchmarks measure the server as it is deployed rather than as node sizes it by default.
 */
export function productionNodeOptions() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  const words: string[] = pkg.scripts.start.split(/\s+/)
  const node = words.indexOf('node')
  const entry = words.indexOf('bin/server.js')
  if (node === -1 || entry < node) {
    throw new Error(`package.json's start script is not "node [options] bin/server.js"`)
  }

  return words.slice(node + 1, entry)
}

/** Runs one ace command to completion; its output is shown only when it fails. */
export function ace(layout: AppLayout, env: NodeJS.ProcessEnv, ...args: string[]) {
  const run = spawnSync(process.execPath, [...layout.ace, ...args], {
    cwd: layout.dir,
    env,
    encoding: 'utf8',
  })
  if (run.status !== 0) {
    process.stdout.write(run.stdout)
    process.stderr.write(run.stderr)
    throw new Error(`node ace ${args.join(' ')} failed with exit code ${run.status}`)
  }
}

/**
 * The application's HTTP server in a child process, in production mode. Its output is passed through with a prefix; `stop` always ends it.
 */
export class AppServer {
  #child: ChildProcess | null = null
  #output = new ServerOutput(join(ROOT, 'tmp', 'bench', 'server.log'))

  constructor(
    private layout: AppLayout,
    private env: NodeJS.ProcessEnv,
    private nodeFlags: string[] = []
  ) {}

  get pid() {
    return this.#child?.pid ?? 0
  }

  /** Starts the server and resolves once it answers the login page. */
  async start(origin: string, timeoutMs = 90_000) {
    const args = [...this.nodeFlags, ...this.layout.server]
    const child = spawn(process.execPath, args, {
      cwd: this.layout.dir,
      env: this.env,
      stdio: 'pipe',
    })
    this.#child = child
    child.stdout.on('data', (chunk: Buffer) => this.#output.write(chunk))
    child.stderr.on('data', (chunk: Buffer) => this.#output.write(chunk))

    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`the server exited during start-up with code ${child.exitCode}`)
      }
      if (await answers(`${origin}/login`)) {
        return
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    throw new Error(`the server did not answer within ${timeoutMs / 1000} s`)
  }

  /** Asks the server to end, then kills it if it has not ended after a few seconds. */
  async stop() {
    const child = this.#child
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return
    }
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
    this.#output.close()
  }

  /** How many lines the server logged, and where all of them are. */
  get logSummary() {
    return this.#output.summary()
  }
}

/**
 * The server's output: every line goes to a file, the first few are also shown, so that a
 * warning repeated on every request cannot bury the figures.
 */
class ServerOutput {
  #file: WriteStream
  #lines = 0

  constructor(
    private path: string,
    private shown = 10
  ) {
    mkdirSync(dirname(path), { recursive: true })
    this.#file = createWriteStream(path)
  }

  write(chunk: Buffer) {
    this.#file.write(chunk)
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      if (this.#lines++ < this.shown) {
        process.stdout.write(`[server] ${line.slice(0, 400)}\n`)
      }
    }
  }

  summary() {
    return `the server logged ${this.#lines} line(s) at LOG_LEVEL=warn; all in ${this.path}`
  }

  close() {
    this.#file.end()
  }
}

async function answers(url: string) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
    await response.arrayBuffer()

    return response.status === 200
  } catch {
    return false
  }
}
