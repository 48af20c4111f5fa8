import { Detector } from '#anomaly/detector'
import { MemoryBaselineStore } from '#anomaly/baseline_store'
import { MemoryContextSource } from '#anomaly/context_source'
import type { Assessment, DetectorOptions } from '#anomaly/detector'
import type { AccessEvent, VaultEvent } from '#anomaly/events'

const HOUR = 3_600_000
const DAY = 86_400_000

/**
 * Options of a regular working routine: weekdays from `firstDay` for `days` days, `perDay`
 * reads spread evenly between `hours[0]` and `hours[1]` UTC, cycling through `secrets`.
 */
export interface Routine {
  firstDay?: string
  days: number
  hours?: [number, number]
  perDay?: number
  secrets: string[]
  country?: string
  /** Device id of every read; null for events without one (the user agent then counts). */
  device?: string | null
}

/**
 * Builds small, deterministic histories for unit tests of single signals: profiles, regular
 * routines, and then the access under test, all through a real detector and memory store.
 */
export class HistoryBuilder {
  readonly store = new MemoryBaselineStore()
  readonly context = new MemoryContextSource()
  readonly detector: Detector
  #count = 0

  constructor(options: Partial<DetectorOptions> = {}) {
    this.detector = new Detector({
      store: this.store,
      context: this.context,
      locate: () => undefined,
      ...options,
    })
  }

  /**
   * Records a profile, HR status, travel or activity event in the context source.
   */
  record(event: VaultEvent): this {
    this.context.record(event)
    return this
  }

  profile(user: string, department = 'engineering', timezone = 'UTC'): this {
    return this.record({ type: 'profile', at: 0, company: 'acme', user, timezone, department })
  }

  /**
   * Replays a regular routine for a person, learning from every access.
   */
  async routine(user: string, routine: Routine): Promise<void> {
    const first = Date.parse(`${routine.firstDay ?? '2026-01-05'}T00:00:00Z`)
    const [start, end] = routine.hours ?? [9, 17]
    const perDay = routine.perDay ?? 3
    let index = 0
    for (let day = 0; day < routine.days; day++) {
      const midnight = first + day * DAY
      if (new Date(midnight).getUTCDay() % 6 === 0) {
        continue
      }
      for (let read = 0; read < perDay; read++) {
        const time = midnight + (start + ((end - start) * (read + 0.5)) / perDay) * HOUR
        const secret = routine.secrets[index++ % routine.secrets.length]
        const device = routine.device === null ? undefined : (routine.device ?? 'laptop')
        const place = { country: routine.country ?? 'FR', device }
        await this.detector.assess(this.access({ user, at: time, secret, ...place }))
      }
    }
  }

  /**
   * An access event with sensible defaults for the fields a test does not care about.
   */
  access(fields: Partial<AccessEvent> & { user: string; at: number }): AccessEvent {
    const event: AccessEvent = {
      type: 'access',
      id: `t${++this.#count}`,
      company: 'acme',
      secret: 'engineering-1',
      action: 'reveal',
      ip: '192.0.2.10',
      userAgent: 'Mozilla/5.0 Chrome/120.0',
      device: 'laptop',
      country: 'FR',
      ...fields,
    }
    // Explicit undefined fields mean "absent", as in a parsed event.
    for (const key of ['device', 'country'] as const) {
      if (key in fields && fields[key] === undefined) {
        delete event[key]
      }
    }

    return event
  }

  assess(fields: Partial<AccessEvent> & { user: string; at: number }): Promise<Assessment> {
    return this.detector.assess(this.access(fields))
  }
}

/**
 * Epoch milliseconds of an ISO date and time, for readable tests.
 */
export function at(iso: string): number {
  return Date.parse(iso)
}
