/*
 * The audit trail at scale, on MariaDB: the audit pages filtered by person, by secret and by
 * action, and a second page through the keyset cursor, with millions of records (aim: p95
 * under 50 ms), then a streamed export of about a million rows (aim: the server stays under
 * 200 MB resident). Generates the records into its own database the first time and reuses
 * them afterwards. Runs alone or as the last step of `npm run bench`; settings and figures
 * in bench/README.md.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import AuditBenchDatabase, { type PlanRow } from './lib/audit_database.js'
import type { MysqlTarget } from './lib/database.js'
import {
  AppServer,
  ace,
  benchEnvironment,
  buildLayout,
  freePort,
  sourceLayout,
  type AppLayout,
} from './lib/app_server.js'
import { processCpuMs } from './lib/cpu.js'
import type HttpSession from './lib/http_session.js'
import { signIn } from './lib/sessions.js'
import { fixed, summarizeLatency } from './lib/stats.js'
import { MemoryWatch } from './lib/resident_memory.js'
import { streamExport, type ExportFigures } from './lib/export_client.js'

const settings = {
  records: Number(process.env.BENCH_AUDIT_RECORDS ?? 10_000_000),
  samples: Number(process.env.BENCH_AUDIT_SAMPLES ?? 200),
  exportRows: Number(process.env.BENCH_AUDIT_EXPORT_ROWS ?? 1_000_000),
  fromSources: process.env.BENCH_FROM_SOURCES === 'true',
}

const target: MysqlTarget = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
  database: process.env.BENCH_AUDIT_DB_NAME ?? 'vault_bench_audit',
}

const COMPANY = 'benchmark-audit-scale'
const ADMIN_PASSWORD = 'bench-audit-password'
const PAGE_AIM_MS = 50
const MEMORY_AIM_MB = 200
const WARM_UP_REQUESTS = 20
/** The master key of the generated trail's MACs, kept so that a reused database still verifies. */
const KEY_FILE = fileURLToPath(new URL('../tmp/bench/audit_scale.key', import.meta.url))
const ACTIONS = [
  'value.shown',
  'value.copied',
  'value.used',
  'auth.login',
  'version.read',
  'secret.updated',
  'secret.access_denied',
  'member.added',
  'auth.confirm_failed',
  'audit.exported',
  'secret.deleted',
]

type Filter = 'person' | 'secret' | 'action'

interface Targets {
  people: string[]
  secrets: string[]
  adminEmail: string
}

async function main() {
  const database = new AuditBenchDatabase(target)
  try {
    await benchmark(database)
  } finally {
    await database.close()
  }
}

async function benchmark(database: AuditBenchDatabase) {
  const port = await freePort()
  const env = { ...benchEnvironment(target, port), VAULT_MASTER_KEY: masterKey() }
  const layout = settings.fromSources ? sourceLayout(env) : buildLayout(env)
  const companyId = await prepare(database, layout, env)
  const server = new AppServer(layout, env)
  const stopOnSignal = () => void server.stop().finally(() => process.exit(130))
  process.once('SIGINT', stopOnSignal)
  process.once('SIGTERM', stopOnSignal)
  try {
    step(`starting the server on 127.0.0.1:${port} (production, LOG_LEVEL=warn)`)
    await server.start(`http://127.0.0.1:${port}`)
    const targets = await database.targets(companyId, 50)
    const admin = await signIn({ host: '127.0.0.1', port }, targets.adminEmail, ADMIN_PASSWORD)
    try {
      await measurePages(admin, server.pid, targets)
      await printPlans(database, companyId, targets)
      await measureExports(database, admin, server.pid, companyId)
    } finally {
      admin.close()
    }
  } finally {
    await server.stop()
    step(server.logSummary)
    process.off('SIGINT', stopOnSignal)
    process.off('SIGTERM', stopOnSignal)
  }
}

/**
 * Reuses the database when the benchmark company's trail already holds the records asked
 * for; otherwise recreates it, migrates and generates them, timing the generation.
 */
async function prepare(database: AuditBenchDatabase, layout: AppLayout, env: NodeJS.ProcessEnv) {
  const existing = await database.trail(COMPANY)
  if (existing && existing.span >= settings.records) {
    step(
      `reusing ${existing.span.toLocaleString('en')} records in ${target.database} (no generation)`
    )
    ace(layout, env, 'migration:run', '--force')

    return existing.companyId
  }
  step(`generating ${settings.records.toLocaleString('en')} records into ${target.database}`)
  await database.recreate()
  ace(layout, env, 'migration:run', '--force')
  const started = performance.now()
  generate(layout, env)
  const seconds = (performance.now() - started) / 1000
  console.log(
    `  generated in ${seconds.toFixed(0)} s ` +
      `(${Math.round(settings.records / seconds).toLocaleString('en')} records/s, ` +
      'company, people and secrets included)'
  )

  return (await database.trail(COMPANY))!.companyId
}

/** Runs the generator with its progress lines shown: a full generation takes minutes. */
function generate(layout: AppLayout, env: NodeJS.ProcessEnv) {
  const args = [
    'vault:audit:generate',
    `--company=${COMPANY}`,
    `--records=${settings.records}`,
    `--admin-password=${ADMIN_PASSWORD}`,
  ]
  const run = spawnSync(process.execPath, [...layout.ace, ...args], {
    cwd: layout.dir,
    env,
    stdio: 'inherit',
  })
  if (run.status !== 0) {
    throw new Error(`node ace vault:audit:generate failed with exit code ${run.status}`)
  }
}

/** The key the trail was generated under, created on first use and kept in tmp/bench. */
function masterKey() {
  if (!existsSync(KEY_FILE)) {
    mkdirSync(dirname(KEY_FILE), { recursive: true })
    writeFileSync(KEY_FILE, `v1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 })
  }

  return readFileSync(KEY_FILE, 'utf8').trim()
}

/**
 * One request at a time, the way one admin browses: each filter over many people, secrets
 * or actions in turn, then second pages reached through the "Older records" link.
 */
async function measurePages(admin: HttpSession, serverPid: number, targets: Targets) {
  const filters: Filter[] = ['person', 'secret', 'action']
  const firstPages = (filter: Filter) => (index: number) => auditPath(filter, targets, index)
  for (const filter of filters) {
    await timePages(admin, firstPages(filter), WARM_UP_REQUESTS)
  }
  console.log(`\n${pageHeader()}`)
  for (const filter of filters) {
    const result = await measured(serverPid, () =>
      timePages(admin, firstPages(filter), settings.samples)
    )
    console.log(pageLine(`by ${filter}`, result))
  }
  const secondPages = await olderLinks(admin, targets)
  const second = await measured(serverPid, () =>
    timePages(admin, (index) => secondPages[index % secondPages.length], settings.samples)
  )
  console.log(pageLine('second page (keyset)', second))
}

function auditPath(filter: Filter, targets: Targets, index: number) {
  const values = { person: targets.people, secret: targets.secrets, action: ACTIONS }[filter]

  return `/audit?${new URLSearchParams({ [filter]: values[index % values.length] })}`
}

/** Times `count` page loads, checking each answers 200 with the audit table or empty state. */
async function timePages(admin: HttpSession, path: (index: number) => string, count: number) {
  const samples: number[] = []
  for (let index = 0; index < count; index++) {
    const started = performance.now()
    const answer = await admin.send({ method: 'GET', path: path(index) })
    samples.push(performance.now() - started)
    if (answer.status !== 200 || !/class="table audit"|No record matches/.test(answer.body)) {
      throw new Error(`GET ${path(index)} answered ${answer.status}: ${answer.body.slice(0, 200)}`)
    }
  }

  return samples
}

/** The "Older records" links of first pages, one per filter and target. */
async function olderLinks(admin: HttpSession, targets: Targets) {
  const links: string[] = []
  for (let index = 0; index < 30; index++) {
    for (const filter of ['person', 'secret', 'action'] as Filter[]) {
      const page = await admin.send({ method: 'GET', path: auditPath(filter, targets, index) })
      const match = /href="(\/audit\?[^"]*before=\d+[^"]*)"/.exec(page.body)
      if (match) {
        links.push(match[1].replaceAll('&amp;', '&'))
      }
    }
  }

  return links
}

interface PhaseFigures {
  samples: number[]
  serverCpuMs: number
}

/** Runs a phase and adds the server's CPU time per request. */
async function measured(serverPid: number, phase: () => Promise<number[]>): Promise<PhaseFigures> {
  const cpuBefore = processCpuMs(serverPid)
  const samples = await phase()

  return { samples, serverCpuMs: (processCpuMs(serverPid) - cpuBefore) / samples.length }
}

function pageHeader() {
  return [
    `Audit page (GET /audit, ${settings.samples} requests per line, one at a time, as one admin)`,
    `${'filter'.padEnd(22)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}` +
      `${'max ms'.padStart(8)}  ${'aim'.padEnd(14)}${'server CPU ms'.padStart(14)}`,
  ].join('\n')
}

function pageLine(label: string, figures: PhaseFigures) {
  const latency = summarizeLatency(figures.samples)
  const verdict = latency.p95 < PAGE_AIM_MS ? 'met' : 'NOT met'

  return (
    `${label.padEnd(22)}${fixed(latency.p50)}${fixed(latency.p95)}${fixed(latency.p99)}` +
    `${fixed(latency.max)}  ${`p95<${PAGE_AIM_MS}: ${verdict}`.padEnd(14)}` +
    `${fixed(figures.serverCpuMs, 2, 14)}`
  )
}

/**
 * The plans MariaDB makes for the page's query under each filter, for a first page and for
 * a page deep in the trail (cursor at id 5,000,000), and for one batch of a date export.
 */
async function printPlans(database: AuditBenchDatabase, companyId: string, targets: Targets) {
  const cases: [string, string, unknown][] = [
    ['person', 'actor_id', Number(targets.people[0])],
    ['secret', 'secret_id', targets.secrets[0]],
    ['action', 'action', 'value.shown'],
  ]
  console.log(
    '\nQuery plans (ANALYZE of the queries as the app sends them; "rows" is the estimate,' +
      '\n"read" the rows the query actually read)'
  )
  for (const [label, column, value] of cases) {
    const first = await database.analyze(pageQuery(column, false), [companyId, value])
    const deep = await database.analyze(pageQuery(column, true), [companyId, value, 5_000_000])
    console.log(`  by ${label.padEnd(8)} first page: ${plan(first)}`)
    console.log(`  ${''.padEnd(11)} deep page:  ${plan(deep)}`)
  }
  const batch = await database.analyze(exportBatchQuery(), [companyId, '2026-01-01', 5_000_000])
  console.log(`  export batch (date filter, deep cursor): ${plan(batch)}`)
}

/** The index AuditLog names for each filter (app/services/audit_log.ts). */
const PAGE_INDEXES: Record<string, string> = {
  actor_id: 'audit_events_company_id_actor_id_id_index',
  secret_id: 'audit_events_company_id_secret_id_id_index',
  action: 'audit_events_company_id_action_id_index',
}

/** The statement AuditLog.page sends for one equality filter, as Lucid writes it. */
function pageQuery(column: string, older: boolean) {
  const cursor = older ? ' and `id` < ?' : ''

  return (
    `select * from \`audit_events\` FORCE INDEX (\`${PAGE_INDEXES[column]}\`)` +
    ` where \`company_id\` = ? and \`${column}\` = ?${cursor} order by \`id\` desc limit 51`
  )
}

/** One batch of matchingRecords for an export filtered by date only. */
function exportBatchQuery() {
  return (
    'select * from `audit_events` FORCE INDEX (`audit_events_company_id_id_index`)' +
    ' where `company_id` = ? and `occurred_at` >= ? and `id` < ? order by `id` desc limit 1000'
  )
}

function plan(rows: PlanRow[]) {
  return rows
    .map(
      (row) =>
        `${row.type} on ${row.key ?? 'no index'}, ~${row.rows} rows, read ${row.read}, ${row.extra}`
    )
    .join(' | ')
}

/**
 * Exports the newest `exportRows` records or so (whole days, from a day to now) in each
 * format through the real export route, following the server's resident memory.
 */
async function measureExports(
  database: AuditBenchDatabase,
  admin: HttpSession,
  serverPid: number,
  companyId: string
) {
  const { from } = await database.newestDays(companyId, settings.exportRows)
  console.log(
    `\nExport (GET /audit/export?from=${from}, streamed, aim: under ${MEMORY_AIM_MB} MB resident)`
  )
  for (const format of ['csv', 'jsonl'] as const) {
    const expected = await database.countSince(companyId, from)
    const watch = new MemoryWatch(serverPid)
    const figures = await streamExport(admin, `/audit/export?format=${format}&from=${from}`)
    const memory = watch.stop()
    console.log(exportLine(format, figures, expected, memory))
  }
}

function exportLine(
  format: string,
  figures: ExportFigures,
  expected: number,
  memory: { startMb: number; highestMb: number; peakMb: number }
) {
  const rows = format === 'csv' ? figures.lines - 1 : figures.lines
  const peak = Math.max(memory.highestMb, memory.peakMb)
  const verdict = peak < MEMORY_AIM_MB ? 'met' : 'NOT met'

  return [
    `  ${format.padEnd(6)}${rows.toLocaleString('en')} rows (expected ${expected.toLocaleString('en')})` +
      `, ${(figures.bytes / 1024 / 1024).toFixed(0)} MB in ${(figures.totalMs / 1000).toFixed(1)} s` +
      `: ${Math.round(rows / (figures.totalMs / 1000)).toLocaleString('en')} rows/s,` +
      ` first byte after ${figures.firstByteMs.toFixed(0)} ms`,
    `        server resident memory: ${memory.startMb.toFixed(0)} MB before, ` +
      `peak ${peak.toFixed(0)} MB (aim < ${MEMORY_AIM_MB} MB: ${verdict})`,
  ].join('\n')
}

function step(message: string) {
  console.log(`\n==> ${message}`)
}

try {
  await main()
} catch (error) {
  console.error('\nThe audit-scale benchmark failed:', error)
  process.exitCode = 1
}
