/**
 * Measures the anomaly detector: replay throughput, time added to one Show, quality on labelled
 * scenarios of several seeds, and heap after N and 2N events. Prints plain numbers and asserts
 * nothing; the unit tests hold the aims.
 *
 *   node --import @poppinss/ts-exec bench/detector.ts
 */
import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'
import { Detector } from '#anomaly/detector'
import { runReplay } from '#anomaly/replay'
import { parseEvent } from '#anomaly/event_parser'
import { MemoryBaselineStore } from '#anomaly/baseline_store'
import { MemoryContextSource } from '#anomaly/context_source'
import { generateScenario } from '#tests/support/anomaly/scenario_generator'
import { evaluateScenario } from '#tests/support/anomaly/scenario_quality'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

const QUALITY_SEEDS = [101, 202, 303, 404, 505, 606, 707, 808, 909, 1010]

async function throughput(): Promise<void> {
  const scenario = generateScenario({ seed: 1, people: 200, days: 90 })
  await runReplay(scenario.lines.slice(0, 20_000), { write: () => {} })

  const runs = []
  for (let run = 0; run < 3; run++) {
    const summary = await runReplay(scenario.lines, { write: () => {} })
    runs.push((summary.eventsRead / summary.millis) * 1000)
  }
  const best = Math.max(...runs)
  print(
    'replay',
    `${scenario.lines.length} events, ${scenario.people} people, ${scenario.days} days`
  )
  print(
    'replay events/s',
    `${Math.round(best)} (best of 3; runs ${runs.map(Math.round).join(', ')})`
  )
}

/**
 * Time of one `assess` call (score, learn, save) on warm baselines, as the live read path would
 * add to a Show with an in-memory store; a database store adds its own round trips.
 */
async function perEventTime(): Promise<void> {
  const scenario = generateScenario({ seed: 2, people: 150, days: 90 })
  const context = new MemoryContextSource()
  const detector = new Detector({ store: new MemoryBaselineStore(), context })
  const times: number[] = []
  for (const line of scenario.lines) {
    const event = parseEvent(line)
    if (event.type !== 'access') {
      context.record(event)
      continue
    }
    const started = performance.now()
    await detector.assess(event)
    times.push(performance.now() - started)
  }
  const warm = times.slice(Math.floor(times.length / 3)).sort((a, b) => a - b)
  const quantile = (q: number) => warm[Math.min(warm.length - 1, Math.floor(q * warm.length))]
  const max = warm[warm.length - 1]
  const figures = `median ${quantile(0.5).toFixed(4)}, p99 ${quantile(0.99).toFixed(4)}`
  print('score time ms', `${figures}, max ${max.toFixed(3)} (${warm.length} accesses)`)
}

async function quality(): Promise<void> {
  const worst = { recall: 1, falseAlerts: 0, group: 0 }
  for (const seed of QUALITY_SEEDS) {
    const scenario = generateScenario({ seed })
    const report = await evaluateScenario(scenario)
    worst.recall = Math.min(worst.recall, report.recall)
    worst.falseAlerts = Math.max(worst.falseAlerts, report.falseAlertsPerPersonMonth)
    worst.group = Math.max(worst.group, report.worstGroup.rate)
    const group = `${report.worstGroup.group} ${(report.worstGroup.rate * 100).toFixed(2)}%`
    const missed = report.missed.length > 0 ? `; missed ${report.missed.join(', ')}` : ''
    const perPersonMonth = report.falseAlertsPerPersonMonth.toFixed(3)
    print(
      `quality seed ${seed}`,
      `${scenario.people} people, ${report.incidents} incidents: ` +
        `recall ${report.recall.toFixed(3)}, ` +
        `false alerts ${report.falseAlerts} = ${perPersonMonth} per person-month, ` +
        `worst odd group ${group}${missed}`
    )
  }
  const figures = [
    `lowest recall ${worst.recall.toFixed(3)}`,
    `most false alerts ${worst.falseAlerts.toFixed(3)} per person-month`,
    `worst odd group ${(worst.group * 100).toFixed(2)}%`,
  ]
  print(`quality, ${QUALITY_SEEDS.length} seeds`, figures.join(', '))
}

/**
 * Heap after N and after 2N events of the same company; the scenario's lines are held during
 * both measurements, so the difference is what the baselines grew by.
 */
async function memory(): Promise<void> {
  const scenario = generateScenario({ seed: 3, people: 150, days: 180, incidentsPerKind: 0 })
  const store = new MemoryBaselineStore()
  const context = new MemoryContextSource()
  const detector = new Detector({ store, context })
  const half = Math.floor(scenario.lines.length / 2)
  for (const [index, line] of scenario.lines.entries()) {
    const event = parseEvent(line)
    await (event.type === 'access' ? detector.assess(event) : context.record(event))
    if (index + 1 === half || index + 1 === scenario.lines.length) {
      collectGarbage()
      const heap = process.memoryUsage().heapUsed / 2 ** 20
      print(`heap after ${index + 1} events`, `${heap.toFixed(1)} MB, ${store.size} baselines`)
    }
  }
}

function print(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(26)} ${value}\n`)
}

await throughput()
await perEventTime()
await quality()
await memory()
