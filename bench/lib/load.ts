import { performance } from 'node:perf_hooks'
import type { BenchSession } from './sessions.js'
import { summarizeLatency, type LatencySummary } from './stats.js'

/** How one request ended: a good answer, a wrong status, or a 200 without the right value. */
export type Verdict = { kind: 'ok' } | { kind: 'status'; status: number } | { kind: 'invalid' }

/** One kind of request the load repeats, with the check that its answer is right. */
export interface Probe {
  name: string
  call(session: BenchSession): Promise<Verdict>
}

/** Something measured over the counted window of a phase: CPU time, database counters. */
export interface Meter<Reading> {
  read(): Reading | Promise<Reading>
}

export interface PhaseTiming {
  warmupMs: number
  durationMs: number
}

export interface PhaseResult<Reading> {
  probe: string
  concurrency: number
  seconds: number
  completed: number
  requestsPerSecond: number
  latency: LatencySummary
  /** Every counted latency in milliseconds, to combine rounds. */
  samples: number[]
  /** Answers other than 200, by status; 0 stands for a failed connection. */
  wrongStatus: Map<number, number>
  /** Answers with status 200 that did not carry the expected value or id. */
  invalid: number
  before: Reading
  after: Reading
}

/**
 * A closed loop: every session sends its next request as soon as the previous one is
 * answered, so the concurrency is the number of sessions. Requests answered during the
 * warm-up are not counted; the counted window is `durationMs` long and the rate is the
 * number of answers received inside it divided by its length.
 */
export async function runPhase<Reading>(
  sessions: BenchSession[],
  probe: Probe,
  timing: PhaseTiming,
  meter: Meter<Reading>
): Promise<PhaseResult<Reading>> {
  const windowStart = performance.now() + timing.warmupMs
  const windowEnd = windowStart + timing.durationMs
  const latencies: number[] = []
  const wrongStatus = new Map<number, number>()
  let invalid = 0
  const before = waitUntil(windowStart).then(() => meter.read())
  const after = waitUntil(windowEnd).then(() => meter.read())

  const loop = async (session: BenchSession) => {
    while (performance.now() < windowEnd) {
      const sent = performance.now()
      const verdict = await probe
        .call(session)
        .catch(() => ({ kind: 'status', status: 0 }) as const)
      const answered = performance.now()
      if (answered < windowStart || answered > windowEnd) {
        continue
      }
      latencies.push(answered - sent)
      if (verdict.kind === 'status') {
        wrongStatus.set(verdict.status, (wrongStatus.get(verdict.status) ?? 0) + 1)
      } else if (verdict.kind === 'invalid') {
        invalid++
      }
    }
  }
  await Promise.all(sessions.map(loop))

  return {
    probe: probe.name,
    concurrency: sessions.length,
    seconds: timing.durationMs / 1000,
    completed: latencies.length,
    requestsPerSecond: latencies.length / (timing.durationMs / 1000),
    latency: summarizeLatency(latencies),
    samples: latencies,
    wrongStatus,
    invalid,
    before: await before,
    after: await after,
  }
}

function waitUntil(moment: number) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, moment - performance.now())))
}
