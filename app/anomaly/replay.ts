import { createInterface } from 'node:readline'
import { Detector } from '#anomaly/detector'
import { EventFormatError, parseEvent } from '#anomaly/event_parser'
import { MemoryBaselineStore } from '#anomaly/baseline_store'
import { MemoryContextSource } from '#anomaly/context_source'
import type { Readable } from 'node:stream'
import type { AccessEvent, VaultEvent } from '#anomaly/events'
import type { Assessment } from '#anomaly/detector'
import type { SignalName } from '#anomaly/signal_names'
import type { CountryLocator } from '#anomaly/geo_locator'
import type { BaselineStore } from '#anomaly/baseline_store'

/**
 * Settings of a replay; only `write` is required.
 */
export interface ReplayOptions {
  /** Alert threshold, 1 to 10 (default 3). */
  threshold?: number
  /** Enabled signals; all when absent. */
  signals?: Iterable<SignalName>
  /**
   * Receives each alert as one JSON line, newline included; awaited when it returns a promise,
   * so `stream.write` can be passed as it is.
   */
  write: (line: string) => unknown
  /** Country lookup for events without a country; the offline geoip database by default. */
  locate?: CountryLocator
  /**
   * Where baselines go; a fresh memory store by default. Pass one to keep the warmed baselines
   * after the replay (never the company's live store while it serves traffic).
   */
  store?: BaselineStore
}

/**
 * What a replay did, for the summary printed on standard error.
 */
export interface ReplaySummary {
  eventsRead: number
  alertsRaised: number
  millis: number
}

/**
 * A replay input error; `line` is the 1-based line number of the offending line.
 */
export class ReplayError extends Error {
  constructor(
    readonly line: number,
    message: string,
    options?: ErrorOptions
  ) {
    super(`line ${line}: ${message}`, options)
    this.name = 'ReplayError'
  }
}

/**
 * Feeds a JSON Lines history through the live detector with a baseline store and a context
 * source of its own, so a replay never touches a company's live baselines. Writes one line per
 * alert and returns the summary; a malformed or out-of-order line stops it with a ReplayError.
 * Blank lines are skipped but still counted for line numbers.
 */
export async function runReplay(
  lines: AsyncIterable<string> | Iterable<string>,
  options: ReplayOptions
): Promise<ReplaySummary> {
  const replay = new Replay(options)
  for await (const line of lines) {
    await replay.feed(line)
  }

  return replay.finish()
}

/**
 * One run of a replay: its detector, context, position in the input and counts.
 */
class Replay {
  #options: ReplayOptions
  #context = new MemoryContextSource()
  #detector: Detector
  #started = performance.now()
  #summary: ReplaySummary = { eventsRead: 0, alertsRaised: 0, millis: 0 }
  #lineNumber = 0
  #previousAt = Number.NEGATIVE_INFINITY

  constructor(options: ReplayOptions) {
    this.#options = options
    const store = options.store ?? new MemoryBaselineStore()
    this.#detector = new Detector({ ...options, store, context: this.#context })
  }

  async feed(line: string): Promise<void> {
    this.#lineNumber++
    if (line.trim() === '') {
      return
    }
    const event = this.#read(line)
    if (event.type !== 'access') {
      this.#context.record(event)
      return
    }

    const assessment = await this.#detector.assess(event)
    if (assessment.alert) {
      this.#summary.alertsRaised++
      const written = this.#options.write(alertLine(event, assessment))
      if (written instanceof Promise) {
        await written
      }
    }
  }

  finish(): ReplaySummary {
    this.#summary.millis = Math.round(performance.now() - this.#started)

    return this.#summary
  }

  /**
   * Parses a line and checks that it does not go back in time.
   */
  #read(line: string): VaultEvent {
    const event = parseLine(line, this.#lineNumber)
    if (event.at < this.#previousAt) {
      const order = `is earlier than the one before it (${iso(this.#previousAt)})`
      throw new ReplayError(this.#lineNumber, `event at ${iso(event.at)} ${order}`)
    }
    this.#previousAt = event.at
    this.#summary.eventsRead++

    return event
  }
}

/**
 * The lines of a readable stream (a file or standard input), for `runReplay`.
 */
export function linesOf(input: Readable): AsyncIterable<string> {
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
}

/**
 * One alert as REPLAY.md prints it.
 */
export function alertLine(event: AccessEvent, assessment: Assessment): string {
  const reasons = assessment.reasons.map(({ signal, detail }) => ({ signal, detail }))
  const alert = {
    event: event.id,
    user: event.user,
    secret: event.secret,
    score: assessment.score,
    reasons,
  }

  return `${JSON.stringify(alert)}\n`
}

function parseLine(line: string, lineNumber: number): VaultEvent {
  try {
    return parseEvent(line)
  } catch (error) {
    if (error instanceof EventFormatError) {
      throw new ReplayError(lineNumber, error.message, { cause: error })
    }
    throw error
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
