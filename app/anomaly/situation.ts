import { isRead } from '#anomaly/events'
import { countSince } from '#anomaly/bounded'
import { clockOf, dayNumberOf } from '#anomaly/zone_clock'
import { countryOfZone, zoneOfCountry } from '#anomaly/countries'
import type { AccessEvent } from '#anomaly/events'
import type { LocalTime } from '#anomaly/zone_clock'
import type { PersonContext, Trip } from '#anomaly/context_source'
import type { GroupBaseline, PersonBaseline, SecretBaseline } from '#anomaly/baselines'

const HOUR = 3_600_000
const DAY = 86_400_000

/**
 * How much history a person needs before their own baseline judges them: that many accesses
 * over at least that many days. Groups need `groupAccesses` to serve as a yardstick.
 */
export const MINIMUM_HISTORY = { accesses: 20, days: 7, groupAccesses: 100 } as const

/**
 * The window of the burst and denial signals.
 */
export const SHORT_WINDOW = HOUR

/**
 * Everything the signals need to know about one access, computed once: local time (in the
 * trip's zone while travelling), country, device, the baselines involved and whether the
 * person has enough history to be judged against their own.
 */
export interface Situation {
  event: AccessEvent
  context: PersonContext
  zone: string
  local: LocalTime
  trip: Trip | undefined
  country: string | undefined
  homeCountry: string | undefined
  deviceKey: string
  person: PersonBaseline
  secret: SecretBaseline
  company: GroupBaseline
  department: GroupBaseline | undefined
  peers: GroupBaseline | undefined
  seasoned: boolean
  read: boolean
  firstTouch: boolean
  distinctInWindow: number
}

/**
 * Baselines loaded for one access.
 */
export interface LoadedBaselines {
  person: PersonBaseline
  secret: SecretBaseline
  company: GroupBaseline
  department: GroupBaseline | undefined
}

/**
 * Builds the situation of an access from the event, its context and loaded baselines.
 */
export function situate(
  event: AccessEvent,
  context: PersonContext,
  baselines: LoadedBaselines,
  country: string | undefined,
  deviceKey: string
): Situation {
  const homeZone = context.timezone ?? 'UTC'
  const trip = activeTrip(context.trips, homeZone, event.at)
  const zone = (trip && zoneOfCountry(trip.country)) || homeZone
  const read = isRead(event.action)
  const { person } = baselines

  return {
    event,
    context,
    zone,
    local: clockOf(zone).localTime(event.at),
    trip,
    country,
    homeCountry: countryOfZone(homeZone),
    deviceKey,
    ...baselines,
    peers: yardstick(baselines),
    seasoned: isSeasoned(person, event.at),
    read,
    firstTouch: read && person.secrets.seen[event.secret] === undefined,
    distinctInWindow: read ? distinctWith(person, event.secret, event.at) : 0,
  }
}

/**
 * Tells whether a person's own baseline has the minimum history to judge them.
 */
export function isSeasoned(person: PersonBaseline, at: number): boolean {
  return (
    person.accesses >= MINIMUM_HISTORY.accesses && at - person.firstAt >= MINIMUM_HISTORY.days * DAY
  )
}

function yardstick(baselines: LoadedBaselines): GroupBaseline | undefined {
  const { department, company } = baselines
  if (department && department.accesses >= MINIMUM_HISTORY.groupAccesses) {
    return department
  }

  return company.accesses >= MINIMUM_HISTORY.groupAccesses ? company : undefined
}

/**
 * The trip whose dates cover the access, judged on the destination's calendar.
 */
export function activeTrip(trips: readonly Trip[], homeZone: string, at: number): Trip | undefined {
  for (const trip of trips) {
    const day = clockOf(zoneOfCountry(trip.country) ?? homeZone).localTime(at).day
    if (day >= dayNumberOf(trip.from) && day <= dayNumberOf(trip.to)) {
      return trip
    }
  }

  return undefined
}

/**
 * Tells whether a trip to `country` covers the access, with a day of margin either side for
 * the travel days themselves.
 */
export function tripExplains(trips: readonly Trip[], country: string, at: number): boolean {
  const day = Math.floor(at / DAY)
  for (const trip of trips) {
    if (
      trip.country === country &&
      day >= dayNumberOf(trip.from) - 1 &&
      day <= dayNumberOf(trip.to) + 1
    ) {
      return true
    }
  }

  return false
}

function distinctWith(person: PersonBaseline, secret: string, at: number): number {
  const inWindow = countSince(person.recentTimes, at - SHORT_WINDOW)
  const start = person.recentTimes.length - inWindow
  const seen = person.recentSecrets.indexOf(secret, start) >= 0

  return seen ? inWindow : inWindow + 1
}
