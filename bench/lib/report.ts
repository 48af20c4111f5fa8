import type { PhaseResult } from './load.js'
import { costPerRequest, type Reading } from './meters.js'
import { fixed, median, summarizeLatency } from './stats.js'

type Result = PhaseResult<Reading>

const NAME_WIDTH = 42

/** The column titles of the per-phase table. */
export function phaseHeader() {
  const columns = ['req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms']
  const titles = columns.map((title) => title.padStart(8)).join('')

  return `${'phase'.padEnd(NAME_WIDTH)}${'round'.padStart(6)}${titles}  others  errors`
}

/** One line per measured phase, printed as soon as the phase ends. */
export function phaseLine(result: Result, round: string) {
  const { latency } = result
  const figures = [result.requestsPerSecond, latency.p50, latency.p95, latency.p99, latency.max]

  const others = `${fixed(100 * costPerRequest(result).othersBusy, 0, 5)} %`
  const columns = figures.map((value) => fixed(value)).join('')

  return `${result.probe.padEnd(NAME_WIDTH)}${round.padStart(6)}${columns}  ${others}  ${errorText([result])}`
}

/**
 * The figures the issue asks for: each probe's rate and latency over all its rounds, and
 * Show's rate as a share of the bare insert's, pooled and round by round. The share of
 * server CPU per request says the same without the noise of other work on the machine.
 */
export function summary(results: Result[], yardstick: string, probes: string[]) {
  const combined = probes.map((probe) => combine(results.filter((r) => r.probe === probe)))
  const base = combined[probes.indexOf(yardstick)]
  const lines = ['', 'Summary over all rounds (rate = answers / counted seconds)']
  for (const entry of combined) {
    const { p50, p95, p99 } = entry.latency
    lines.push(
      `  ${entry.probe.padEnd(NAME_WIDTH)}${fixed(entry.rate)} req/s   p50 ${fixed(p50, 1, 6)} ms` +
        `   p95 ${fixed(p95, 1, 6)} ms   p99 ${fixed(p99, 1, 6)} ms   ${entry.errors}`
    )
  }
  lines.push('')
  for (const entry of combined.filter((e) => e !== base)) {
    lines.push(...ratioLines(entry, base, results))
  }

  return lines.join('\n')
}

function ratioLines(entry: Combined, base: Combined, results: Result[]) {
  const label = entry.probe.split('  ')[0]
  const rounds = results.filter((r) => r.probe === entry.probe)
  const baseRounds = results.filter((r) => r.probe === base.probe)
  const perRound = rounds.map((r, index) => {
    return (100 * r.requestsPerSecond) / baseRounds[index].requestsPerSecond
  })
  const byRound = perRound.map((ratio) => ratio.toFixed(0)).join(', ')
  const cpuRatio = (100 * base.serverCpuMs) / entry.serverCpuMs

  return [
    `  RATIO ${label} / bare insert: ${fixed((100 * entry.rate) / base.rate, 0, 3)} %  (aim >= 60 %)`,
    `        round by round: ${byRound} %; median ${median(perRound).toFixed(0)} %`,
    `        server CPU per request, bare insert / ${label}: ${fixed(cpuRatio, 0, 3)} %` +
      `  (${base.serverCpuMs.toFixed(2)} / ${entry.serverCpuMs.toFixed(2)} ms)`,
  ]
}

/** CPU time and database statements per answered request, averaged over the rounds. */
export function costTable(results: Result[], probes: string[]) {
  const lines = [
    '',
    'Cost per answered request (averaged over rounds)',
    `  ${'phase'.padEnd(NAME_WIDTH)}  server  mariadb  client   statements  selects  inserts   busy  others`,
    `  ${''.padEnd(NAME_WIDTH)}  CPU ms   CPU ms  CPU ms`,
  ]
  for (const probe of probes) {
    const costs = results.filter((r) => r.probe === probe).map(costPerRequest)
    const mean = (pick: (c: (typeof costs)[number]) => number) =>
      costs.reduce((sum, cost) => sum + pick(cost), 0) / costs.length
    lines.push(
      `  ${probe.padEnd(NAME_WIDTH)}${fixed(
        mean((c) => c.serverCpuMs),
        2
      )}${fixed(
        mean((c) => c.databaseCpuMs),
        2,
        9
      )}` +
        `${fixed(
          mean((c) => c.clientCpuMs),
          2
        )}${fixed(
          mean((c) => c.statements),
          2,
          13
        )}` +
        `${fixed(
          mean((c) => c.selects),
          2,
          9
        )}${fixed(
          mean((c) => c.inserts),
          2,
          9
        )}` +
        `${fixed(100 * mean((c) => c.machineBusy), 0, 6)} %${fixed(100 * mean((c) => c.othersBusy), 0, 6)} %`
    )
  }

  return lines.join('\n')
}

type Combined = ReturnType<typeof combine>

function combine(results: Result[]) {
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0)
  const completed = results.reduce((sum, r) => sum + r.completed, 0)
  const serverCpuMs = results.reduce(
    (sum, r) => sum + (r.after.serverCpuMs - r.before.serverCpuMs),
    0
  )

  return {
    probe: results[0].probe,
    rate: completed / seconds,
    serverCpuMs: serverCpuMs / Math.max(1, completed),
    latency: summarizeLatency(results.flatMap((r) => r.samples)),
    errors: errorText(results),
  }
}

/** "errors: none", or the count of each wrong status and of invalid answers. */
export function errorText(results: Result[]) {
  const byStatus = new Map<number, number>()
  let invalid = 0
  for (const result of results) {
    for (const [status, count] of result.wrongStatus) {
      byStatus.set(status, (byStatus.get(status) ?? 0) + count)
    }
    invalid += result.invalid
  }
  const parts = [...byStatus].map(([status, count]) => `${count}x ${status || 'no answer'}`)
  if (invalid > 0) {
    parts.push(`${invalid}x 200 without the value`)
  }

  return parts.length === 0 ? 'errors: none' : `errors: ${parts.join(', ')}`
}
