/*
 * Key rotation benchmark (part of `npm run bench`): how fast `vault:keys:rewrap` moves
 * 100,000 secret versions onto a new data key on MariaDB, alone and while the server
 * answers Show (Copy) at a steady rate, and Show's latency during the rewrap next to idle.
 * Prepares its own database (vault_bench_keys), real server in production mode, real
 * command in its own process. Settings and figures: bench/README.md.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createSecretKey, randomUUID } from 'node:crypto'
import mysql from 'mysql2/promise'
import BenchDatabase, { type MysqlTarget } from './lib/database.js'
import {
  AppServer,
  ace,
  benchEnvironment,
  buildLayout,
  freePort,
  type AppLayout,
} from './lib/app_server.js'
import { openSessions, type BenchSession } from './lib/sessions.js'
import { copyValue } from './lib/probes.js'
import { fixed, summarizeLatency, type LatencySummary } from './lib/stats.js'
import LocalKeyProvider from '#services/local_key_provider'
import SecretCipher from '#services/secret_cipher'

const settings = {
  versions: Number(process.env.BENCH_KEYS_VERSIONS ?? 100_000),
  readsPerSecond: Number(process.env.BENCH_KEYS_RATE ?? 150),
  /** The rewrap's own limit in the second loaded run, leaving CPU to the server. */
  pacedRate: Number(process.env.BENCH_KEYS_REWRAP_RATE ?? 6000),
  idleSeconds: Number(process.env.BENCH_KEYS_IDLE_SECONDS ?? 8),
  sessions: 32,
  batch: 500,
}

const target: MysqlTarget = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
  database: 'vault_bench_keys',
}

const ROOT = new URL('../', import.meta.url).pathname

async function main() {
  const database = new BenchDatabase(target)
  await database.recreate()
  const port = await freePort()
  const env = benchEnvironment(target, port)
  const layout = existsSync(join(ROOT, 'tmp/bench/build/bin/server.js'))
    ? { dir: join(ROOT, 'tmp/bench/build'), ace: ['ace.js'], server: ['bin/server.js'] }
    : buildLayout(env)
  ace(layout, env, 'migration:run', '--force')
  ace(layout, env, 'vault:demo:seed')
  const sql = await mysql.createConnection({ ...target, multipleStatements: false })
  const server = new AppServer(layout, env)
  try {
    const company = await demoCompany(sql)
    step(`filling ${settings.versions.toLocaleString('en-US')} secret versions`)
    const filled = await fill(sql, company, env.VAULT_MASTER_KEY!)
    console.log(`  ${filled.rows.toLocaleString('en-US')} rows in ${filled.seconds.toFixed(1)} s`)

    await server.start(`http://127.0.0.1:${port}`)
    const grants = await database.viewerGrants()
    const sessions = await openSessions({ host: '127.0.0.1', port }, grants, settings.sessions)
    // Not counted: the first seconds of a fresh process (JIT, pools, caches).
    await steadyLoad(sessions, () => sleep(2000))
    step(`Show (Copy) at ${settings.readsPerSecond}/s, idle for ${settings.idleSeconds} s`)
    const idle = await steadyLoad(sessions, () => sleep(settings.idleSeconds * 1000))
    console.log(`  ${describeLoad(idle)}`)

    step('rewrap with no reads: rotate, then vault:keys:rewrap')
    await runAce(layout, env, 'vault:keys:rotate', `--company=${company.slug}`)
    const alone = await rewrap(layout, env, company.slug)
    console.log(`  ${describeRun(alone)}`)

    const phases: { label: string; rate: number; run: RewrapRun; load: LoadResult }[] = []
    for (const rate of [0, settings.pacedRate]) {
      const label = rate === 0 ? 'as fast as it goes' : `--rate=${rate}`
      // Reads resume first, so that no session's connection sits idle into the server's
      // keep-alive timeout (a request racing the close would count as an error).
      await steadyLoad(sessions, () => sleep(1000))
      step(`Show (Copy) at ${settings.readsPerSecond}/s during rotate + vault:keys:rewrap ${label}`)
      let run: RewrapRun | null = null
      const load = await steadyLoad(sessions, async () => {
        await runAce(layout, env, 'vault:keys:rotate', `--company=${company.slug}`)
        run = await rewrap(layout, env, company.slug, rate)
      })
      console.log(`  ${describeLoad(load)}`)
      console.log(`  ${describeRun(run!)}`)
      phases.push({ label, rate, run: run!, load })
    }
    const left = await remaining(sql, company.id)

    report(alone, idle, phases, left)
    const broken = phases.some((phase) => phase.load.errors > 0 || phase.run.exitCode !== 0)
    if (left !== 0 || idle.errors > 0 || alone.exitCode !== 0 || broken) {
      process.exitCode = 1
    }
  } finally {
    await server.stop()
    await sql.end()
    await database.close()
  }
}

interface Company {
  id: string
  slug: string
  ownerId: number
}

async function demoCompany(sql: mysql.Connection): Promise<Company> {
  const [rows] = await sql.query<mysql.RowDataPacket[]>(
    `SELECT c.id, c.slug, u.id AS ownerId FROM companies c
       JOIN users u ON u.company_id = c.id AND u.is_admin = 1 LIMIT 1`
  )

  return { id: rows[0].id, slug: rows[0].slug, ownerId: rows[0].ownerId }
}

/**
 * Secrets of ten versions each, sealed under the company's active data key exactly as the
 * application seals them (the key is unwrapped with the same master key the server has),
 * so the rewrap decrypts and re-encrypts real ciphertexts.
 */
async function fill(sql: mysql.Connection, company: Company, masterKey: string) {
  const started = Date.now()
  const [keys] = await sql.query<mysql.RowDataPacket[]>(
    `SELECT version, wrapped_key, wrapped_by FROM data_keys WHERE company_id = ? AND state = 'active'`,
    [company.id]
  )
  const { version: keyVersion, wrapped_key: wrapped, wrapped_by: wrappedBy } = keys[0]
  const context = { companyId: company.id, version: keyVersion }
  const bytes = await new LocalKeyProvider(masterKey).unwrap({ wrapped, wrappedBy }, context)
  const key = createSecretKey(bytes)
  const cipher = new SecretCipher({
    forEncryption: async () => ({ version: keyVersion, key }),
    forDecryption: async () => key,
  })
  const versionsPerSecret = 10
  const now = new Date().toISOString().slice(0, 19).replace('T', ' ')
  let rows = 0
  for (let s = 0; rows < settings.versions; s++) {
    const secrets: unknown[][] = []
    const versions: unknown[][] = []
    for (let i = 0; i < 100 && rows < settings.versions; i++) {
      const id = randomUUID()
      const count = Math.min(versionsPerSecret, settings.versions - rows)
      secrets.push([
        id,
        company.id,
        company.ownerId,
        `Bench ${s}-${i}`,
        'password',
        count,
        now,
        now,
      ])
      for (let v = 1; v <= count; v++) {
        const binding = { companyId: company.id, secretId: id, version: v }
        const sealed = cipher.sealWith(`bench-value-${s}-${i}-${v}`, binding, keyVersion, key)
        versions.push([id, v, sealed.ciphertext, keyVersion, now])
      }
      rows += count
    }
    await sql.query(
      `INSERT INTO secrets (id, company_id, owner_id, name, category, current_version,
         value_changed_at, created_at) VALUES ?`,
      [secrets]
    )
    await sql.query(
      'INSERT INTO secret_versions (secret_id, version, ciphertext, key_version, created_at) VALUES ?',
      [versions]
    )
  }
  await sql.query(
    'UPDATE data_keys SET encryptions = encryptions + ? WHERE company_id = ? AND version = ?',
    [rows, company.id, keyVersion]
  )

  return { rows, seconds: (Date.now() - started) / 1000 }
}

interface RewrapRun {
  seconds: number
  rows: number
  /** The command's own rate, from its last progress line (after its start-up). */
  reportedRate: number
  exitCode: number
}

/** Runs the real command in its own process, as an operator would. */
async function rewrap(
  layout: AppLayout,
  env: NodeJS.ProcessEnv,
  slug: string,
  rate = 0
): Promise<RewrapRun> {
  const started = Date.now()
  const child = spawn(
    process.execPath,
    [
      ...layout.ace,
      'vault:keys:rewrap',
      `--company=${slug}`,
      `--batch=${settings.batch}`,
      `--rate=${rate}`,
    ],
    { cwd: layout.dir, env, stdio: ['ignore', 'pipe', 'inherit'] }
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk))
  const exitCode: number = await new Promise((resolve) =>
    child.once('exit', (code) => resolve(code ?? 1))
  )
  const last = [...output.matchAll(/rewrap \[[#-]+\] ([\d,]+)\/[\d,]+ \d+% · ([\d,]+)\/s/g)].pop()

  return {
    seconds: (Date.now() - started) / 1000,
    rows: last ? Number(last[1].replaceAll(',', '')) : 0,
    reportedRate: last ? Number(last[2].replaceAll(',', '')) : 0,
    exitCode,
  }
}

interface LoadResult {
  latency: LatencySummary
  requests: number
  errors: number
  /** What went wrong, such as "status 500" or "ECONNRESET", and how often. */
  errorKinds: Map<string, number>
  seconds: number
}

/**
 * Show (Copy) at a steady arrival rate while `during` runs, spread over the signed-in
 * sessions. Latency counts from the moment a request was due, so a request that waited
 * for a free session is charged its wait (no coordinated omission).
 */
async function steadyLoad(sessions: BenchSession[], during: () => Promise<void>) {
  const free = [...sessions]
  const waiting: number[] = []
  const samples: number[] = []
  const errorKinds = new Map<string, number>()
  const failed = (kind: string) => errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1)
  let inFlight = 0
  const interval = 1000 / settings.readsPerSecond
  const started = performance.now()
  let next = started

  const fire = (dueAt: number) => {
    // The session that has waited longest: taking the last freed one left the others idle
    // long enough to meet the server's keep-alive close, and a read racing it failed.
    const session = free.shift()!
    inFlight++
    copyValue
      .call(session)
      .then((verdict) => {
        if (verdict.kind === 'status') {
          failed(`status ${verdict.status}`)
        } else if (verdict.kind === 'invalid') {
          failed('wrong value')
        }
      })
      .catch((error) => failed(error.code ?? error.message))
      .finally(() => {
        samples.push(performance.now() - dueAt)
        inFlight--
        free.push(session)
        if (waiting.length > 0) {
          fire(waiting.shift()!)
        }
      })
  }
  let running = true
  const finished = during().finally(() => (running = false))
  while (running) {
    const now = performance.now()
    while (next <= now) {
      if (free.length > 0) {
        fire(next)
      } else {
        waiting.push(next)
      }
      next += interval
    }
    await sleep(Math.max(1, next - performance.now()))
  }
  await finished
  while (inFlight > 0 || waiting.length > 0) {
    await sleep(5)
  }

  return {
    latency: summarizeLatency(samples),
    requests: samples.length,
    errors: [...errorKinds.values()].reduce((sum, count) => sum + count, 0),
    errorKinds,
    seconds: (performance.now() - started) / 1000,
  }
}

async function remaining(sql: mysql.Connection, companyId: string) {
  const [rows] = await sql.query<mysql.RowDataPacket[]>(
    `SELECT COUNT(*) AS total FROM secret_versions v JOIN secrets s ON s.id = v.secret_id
      WHERE s.company_id = ? AND v.key_version <> (
        SELECT version FROM data_keys WHERE company_id = ? AND state = 'active')`,
    [companyId, companyId]
  )

  return Number(rows[0].total)
}

function describeRun(run: RewrapRun) {
  return (
    `${run.rows.toLocaleString('en-US')} versions rewrapped, ${Math.round(run.reportedRate).toLocaleString('en-US')}/s ` +
    `by the command's own clock; ${run.seconds.toFixed(1)} s wall time including its start-up; exit ${run.exitCode}`
  )
}

function describeLoad(load: LoadResult) {
  const { p50, p95, p99 } = load.latency
  return (
    `${load.requests} reads in ${load.seconds.toFixed(1)} s (${Math.round(load.requests / load.seconds)}/s), ` +
    `${load.errors} errors${kinds(load.errorKinds)}; p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`
  )
}

function report(
  alone: RewrapRun,
  idle: LoadResult,
  phases: { label: string; run: RewrapRun; load: LoadResult }[],
  left: number
) {
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met')
  const lines = [
    '',
    `Key rotation summary (MariaDB, production build, ${settings.versions.toLocaleString('en-US')} versions, Show (Copy) at ${settings.readsPerSecond}/s)`,
    `  rewrap alone                  ${fixed(alone.reportedRate, 0)} versions/s  aim >= 5,000/s: ${verdict(alone.reportedRate >= 5000)}`,
    `  Show idle                     p50 ${fixed(idle.latency.p50)} ms  p95 ${fixed(idle.latency.p95)} ms  p99 ${fixed(idle.latency.p99)} ms`,
  ]
  for (const { label, run, load } of phases) {
    const ratio = load.latency.p99 / idle.latency.p99
    lines.push(
      `  rewrap ${label.padEnd(22)} ${fixed(run.reportedRate, 0)} versions/s  aim >= 5,000/s: ${verdict(run.reportedRate >= 5000)}`,
      `    Show meanwhile              p50 ${fixed(load.latency.p50)} ms  p95 ${fixed(load.latency.p95)} ms  p99 ${fixed(load.latency.p99)} ms  p99 ${ratio.toFixed(2)}x idle, aim <= 2x: ${verdict(ratio <= 2)}`
    )
  }
  lines.push(`  values left on older keys afterwards: ${left}`)
  console.log(lines.join('\n'))
}

function kinds(errorKinds: Map<string, number>) {
  const parts = [...errorKinds].map(([kind, count]) => `${count} ${kind}`)

  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}

/** An ace command in its own process, without blocking the load that runs meanwhile. */
async function runAce(layout: AppLayout, env: NodeJS.ProcessEnv, ...args: string[]) {
  const child = spawn(process.execPath, [...layout.ace, ...args], {
    cwd: layout.dir,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const code = await new Promise((resolve) => child.once('exit', resolve))
  if (code !== 0) {
    throw new Error(`node ace ${args.join(' ')} failed with exit code ${code}`)
  }
}

function step(message: string) {
  console.log(`\n==> ${message}`)
}

function sleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms))
}

await main()
