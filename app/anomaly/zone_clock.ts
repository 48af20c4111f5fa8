import { IANAZone } from 'luxon'

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000

/**
 * Local wall-clock reading of an instant: the fractional hour (0 <= hour < 24), the weekday
 * (0 = Monday ... 6 = Sunday) and the local day number (days since 1970-01-01 locally).
 */
export interface LocalTime {
  hour: number
  weekday: number
  day: number
}

/**
 * Converts instants to local time in one IANA zone. Offsets are cached per UTC day, because a
 * zone changes its offset at most once in a day; days with a change are computed per instant.
 */
export class ZoneClock {
  #zone: IANAZone
  #cachedDay = Number.NaN
  #cachedOffset = 0

  constructor(readonly name: string) {
    this.#zone = IANAZone.create(name)
  }

  /**
   * Offset from UTC in minutes at the given instant.
   */
  offsetAt(ms: number): number {
    const day = Math.floor(ms / DAY)
    if (day === this.#cachedDay) {
      return this.#cachedOffset
    }

    const start = this.#zone.offset(day * DAY)
    if (start !== this.#zone.offset(day * DAY + DAY - 1)) {
      return this.#zone.offset(ms)
    }
    this.#cachedDay = day
    this.#cachedOffset = start

    return start
  }

  /**
   * Wall-clock reading of an instant in this zone.
   */
  localTime(ms: number): LocalTime {
    const local = ms + this.offsetAt(ms) * MINUTE
    const day = Math.floor(local / DAY)

    return { hour: (local - day * DAY) / HOUR, weekday: (day + 3) % 7, day }
  }
}

const clocks = new Map<string, ZoneClock>()

/**
 * Tells whether a name is an IANA time zone known to this runtime.
 */
export function isKnownZone(name: string): boolean {
  return clocks.has(name) || IANAZone.isValidZone(name)
}

/**
 * The shared clock of a zone, created once. Throws for an unknown zone, so callers validate
 * names with `isKnownZone` at their boundary.
 */
export function clockOf(name: string): ZoneClock {
  let clock = clocks.get(name)
  if (!clock) {
    if (!IANAZone.isValidZone(name)) {
      throw new Error(`unknown IANA time zone "${name}"`)
    }
    clock = new ZoneClock(name)
    clocks.set(name, clock)
  }

  return clock
}

/**
 * Local day number (days since 1970-01-01) of a calendar date written YYYY-MM-DD.
 */
export function dayNumberOf(date: string): number {
  return Math.floor(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY)
}

/**
 * "03:12" for a fractional hour.
 */
export function formatHour(hour: number): string {
  const minutes = Math.round(hour * 60) % 1440

  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`
}

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value)
}

export const WEEKDAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const
