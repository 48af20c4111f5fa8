/*
 * `npm run bench`: Show's rate at 32 concurrent sessions next to the same server's rate on
 * a route that only inserts one audit record, on MariaDB, in one run. Prepares its own
 * database, starts the real server in production mode, signs the sessions in, measures,
 * stops the server, then runs the anomaly detector's benchmark when it exists.
 * Settings and figures: bench/README.md.
 */
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import BenchDatabase, { type MysqlTarget } from './lib/database.js'
import {
  AppServer,
  ace,
  benchEnvironment,
  buildLayout,
  freePort,
  sourceLayout,
  type AppLayout,
} from './lib/app_server.js'
import { openSessions, type BenchSession } from './lib/sessions.js'
import { runPhase, type Meter, type PhaseResult, type PhaseTiming, type Probe } from './lib/load.js'
import { costMeter, type Reading } from './lib/meters.js'
import { bareInsert, copyValue, showPage } from './lib/probes.js'
import { median } from './lib/stats.js'
import { costTable, phaseHeader, phaseLine, summary } from './lib/report.js'

const settings = {
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 32),
  seconds: Number(process.env.BENCH_SECONDS ?? 3),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 0.5),
  rounds: Number(process.env.BENCH_ROUNDS ?? 6),
  showPage: process.env.BENCH_SHOW_PAGE !== 'false',
  profile: process.env.BENCH_PROFILE === 'true',
  fromSources: process.env.BENCH_FROM_SOURCES === 'true',
  detector: process.env.BENCH_DETECTOR !== 'false',
  keys: process.env.BENCH_KEYS !== 'false',
  auditScale: process.env.BENCH_AUDIT_SCALE !== 'false',
}

const target: MysqlTarget = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
  database: process.env.BENCH_DB_NAME ?? 'vault_bench',
}

const WARM_UP_MS = 2000
const DETECTOR = new URL('detector.ts', import.meta.url)
const KEYS = new URL('keys.ts', import.meta.url)
const PROFILE_DIR = fileURLToPath(new URL('../tmp/bench-profile', import.meta.url))

async function main() {
  const database = new BenchDatabase(target)
  try {
    await benchmark(database)
  } finally {
    await database.close()
  }
}

async function benchmark(database: BenchDatabase) {
  const port = await freePort()
  const env = benchEnvironment(target, port)
  const layout = await prepare(database, env)
  const flags = settings.profile ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []
  const server = new AppServer(layout, env, flags)
  const stopOnSignal = () => void server.stop().finally(() => process.exit(130))
  process.once('SIGINT', stopOnSignal)
  process.once('SIGTERM', stopOnSignal)

  try {
    step(`starting the server on 127.0.0.1:${port} (production, LOG_LEVEL=warn, ${origin(layout)})`)
    await server.start(`http://127.0.0.1:${port}`)
    await measure(database, server, port, layout)
    await scoringCost(database, server, port, env, layout)
  } finally {
    await server.stop()
    step(server.logSummary)
    process.off('SIGINT', stopOnSignal)
    process.off('SIGTERM', stopOnSignal)
  }
}

async function prepare(database: BenchDatabase, env: NodeJS.ProcessEnv): Promise<AppLayout> {
  step(`recreating MariaDB database ${target.database} on ${target.host}:${target.port}`)
  await database.recreate()
  step(
    settings.fromSources ? 'codegen (running from sources)' : 'node ace build into tmp/bench/build'
  )
  const layout = settings.fromSources ? sourceLayout(env) : buildLayout(env)
  step('migrations and demo seed')
  ace(layout, env, 'migration:run', '--force')
  ace(layout, env, 'vault:demo:seed')

  return layout
}

function origin(layout: AppLayout) {
  return `node ${layout.server.join(' ')}`
}

async function measure(
  database: BenchDatabase,
  server: AppServer,
  port: number,
  layout: AppLayout
) {
  const grants = await database.viewerGrants()
  step(`signing in ${settings.concurrency} sessions over ${grants.length} viewer grants`)
  const sessions = await openSessions({ host: '127.0.0.1', port }, grants, settings.concurrency)
  const meter = costMeter(server.pid, database)
  const probes = settings.showPage ? [bareInsert, copyValue, showPage] : [bareInsert, copyValue]

  try {
    console.log(await banner(database, layout))
    await warmUp(sessions, probes, meter)
    const results = await measureRounds(sessions, probes, meter)
    const names = probes.map((probe) => probe.name)
    console.log(summary(results, bareInsert.name, names))
    console.log(costTable(results, names))
    console.log(await unloadedReadPath(sessions[0], meter))
  } finally {
    sessions.forEach((session) => session.http.close())
  }
}

/** Lets the JIT and the connection pools settle on every route before anything counts. */
async function warmUp(sessions: BenchSession[], probes: Probe[], meter: Meter<Reading>) {
  step(`warming up: ${probes.length} x ${WARM_UP_MS / 1000} s, not counted`)
  for (const probe of probes) {
    await runPhase(sessions, probe, { warmupMs: WARM_UP_MS, durationMs: 0 }, meter)
  }
}

/**
 * The probes in turn, round after round, so that a burst of other work on the machine
 * falls on all of them alike rather than on one.
 */
async function measureRounds(sessions: BenchSession[], probes: Probe[], meter: Meter<Reading>) {
  const timing = { warmupMs: settings.warmupSeconds * 1000, durationMs: settings.seconds * 1000 }
  const results: PhaseResult<Reading>[] = []
  console.log(`\n${phaseHeader()}`)
  for (let round = 1; round <= settings.rounds; round++) {
    for (const probe of probes) {
      const result = await runPhase(sessions, probe, timing, meter)
      console.log(phaseLine(result, String(round)))
      results.push(result)
    }
  }

  return results
}

/**
 * The read path's own time with no queueing: one session, one request at a time, Copy
 * against the bare insert in alternating short slices. The difference of the medians is
 * what Show adds to an insert.
 */
async function unloadedReadPath(session: BenchSession, meter: Meter<Reading>) {
  const timing: PhaseTiming = { warmupMs: 100, durationMs: 500 }
  const slices: PhaseResult<Reading>[] = []
  for (let slice = 0; slice < 6; slice++) {
    slices.push(await runPhase([session], bareInsert, timing, meter))
    slices.push(await runPhase([session], copyValue, timing, meter))
  }
  const medianOf = (probe: Probe) => {
    return median(slices.filter((r) => r.probe === probe.name).flatMap((r) => r.samples))
  }
  const insert = medianOf(bareInsert)
  const copy = medianOf(copyValue)

  return [
    '',
    'Unloaded read path (1 session, one request at a time, 6 alternating slices of 0.5 s)',
    `  bare insert p50 ${insert.toFixed(2)} ms, Show (Copy) p50 ${copy.toFixed(2)} ms`,
    `  median time the read path adds to the insert: ${(copy - insert).toFixed(2)} ms`,
  ].join('\n')
}

/**
 * What live anomaly scoring adds to a Show: the same built app started a second time with
 * scoring switched off (same keys, same database), one session on each, Copy slices
 * alternating between the two servers so that other load falls on both alike.
 */
async function scoringCost(
  database: BenchDatabase,
  scoring: AppServer,
  port: number,
  env: NodeJS.ProcessEnv,
  layout: AppLayout
) {
  const quietPort = await freePort()
  const quietEnv = { ...env, PORT: String(quietPort), VAULT_ANOMALY_LIVE: 'false' }
  const quiet = new AppServer(layout, quietEnv)
  step(`starting a second server without live scoring on 127.0.0.1:${quietPort}`)
  await quiet.start(`http://127.0.0.1:${quietPort}`)
  const grants = await database.viewerGrants()
  const [withScoring] = await openSessions({ host: '127.0.0.1', port }, grants, 1)
  const [withoutScoring] = await openSessions({ host: '127.0.0.1', port: quietPort }, grants, 1)
  const timing: PhaseTiming = { warmupMs: 100, durationMs: 500 }
  const on: number[] = []
  const off: number[] = []
  const cpu = { on: 0, off: 0, onCount: 0, offCount: 0 }
  try {
    const scoringMeter = costMeter(scoring.pid, database)
    const quietMeter = costMeter(quiet.pid, database)
    // The second server is a fresh process: let its JIT and pools settle before counting.
    await runPhase([withoutScoring], copyValue, { warmupMs: WARM_UP_MS, durationMs: 0 }, quietMeter)
    for (let slice = 0; slice < 8; slice++) {
      const scored = await runPhase([withScoring], copyValue, timing, scoringMeter)
      const unscored = await runPhase([withoutScoring], copyValue, timing, quietMeter)
      on.push(...scored.samples)
      off.push(...unscored.samples)
      cpu.on += scored.after.serverCpuMs - scored.before.serverCpuMs
      cpu.onCount += scored.completed
      cpu.off += unscored.after.serverCpuMs - unscored.before.serverCpuMs
      cpu.offCount += unscored.completed
    }
  } finally {
    withScoring.http.close()
    withoutScoring.http.close()
    await quiet.stop()
  }
  console.log(
    [
      '',
      'Live anomaly scoring (1 session per server, one request at a time, 8 alternating slices of 0.5 s)',
      `  Show (Copy) p50 with scoring ${median(on).toFixed(2)} ms, without ${median(off).toFixed(2)} ms`,
      `  median time scoring adds to a Show: ${(median(on) - median(off)).toFixed(2)} ms (aim: under 2 ms)`,
      `  server CPU per Show with scoring ${(cpu.on / cpu.onCount).toFixed(2)} ms, without ` +
        `${(cpu.off / cpu.offCount).toFixed(2)} ms: scoring's own work, done after the answer`,
    ].join('\n')
  )
}

async function banner(database: BenchDatabase, layout: AppLayout) {
  const version = await database.serverVersion()

  return [
    '',
    `Vault Show benchmark: ${settings.concurrency} concurrent sessions (closed loop), ` +
      `${settings.seconds} s counted after ${settings.warmupSeconds} s warm-up, ` +
      `${settings.rounds} round(s) per route`,
    `Node ${process.version}, MariaDB ${version}, server: NODE_ENV=production ${origin(layout)}`,
    '"others": share of the machine\'s CPU used by processes other than the server, MariaDB',
    'and this client while a phase was counted (other test runs on a shared machine skew rates).',
  ].join('\n')
}

function runDetectorBenchmark() {
  if (!settings.detector) {
    return 0
  }
  if (!existsSync(DETECTOR)) {
    step('bench/detector.ts does not exist; skipping the anomaly detector benchmark')
    return 0
  }
  step('anomaly detector benchmark (bench/detector.ts)')
  const run = spawnSync(process.execPath, ['--import=@poppinss/ts-exec', 'bench/detector.ts'], {
    cwd: new URL('../', import.meta.url),
    stdio: 'inherit',
  })

  return run.status ?? 1
}

/** The key rotation benchmark reuses the production build made above. */
function runKeysBenchmark() {
  if (!settings.keys) {
    return 0
  }
  step('key rotation benchmark (bench/keys.ts)')
  const run = spawnSync(process.execPath, ['--import=@poppinss/ts-exec', fileURLToPath(KEYS)], {
    cwd: new URL('../', import.meta.url),
    stdio: 'inherit',
  })

  return run.status ?? 1
}

/** The audit trail at scale (bench/audit_scale.ts): its own database, its own server. */
function runAuditScaleBenchmark() {
  if (!settings.auditScale) {
    return 0
  }
  step('audit trail at scale (bench/audit_scale.ts)')
  const run = spawnSync(process.execPath, ['--import=@poppinss/ts-exec', 'bench/audit_scale.ts'], {
    cwd: new URL('../', import.meta.url),
    stdio: 'inherit',
  })

  return run.status ?? 1
}

function step(message: string) {
  console.log(`\n==> ${message}`)
}

let failed = false
try {
  await main()
} catch (error) {
  failed = true
  console.error('\nThe Show benchmark failed:', error)
}
const keysStatus = failed ? 0 : runKeysBenchmark()
const detectorStatus = runDetectorBenchmark()
const auditScaleStatus = runAuditScaleBenchmark()
if (failed || keysStatus !== 0 || detectorStatus !== 0 || auditScaleStatus !== 0) {
  process.exitCode = 1
}
