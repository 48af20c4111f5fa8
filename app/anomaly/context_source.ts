import { dayNumberOf } from '#anomaly/zone_clock'
import type { HrStatus, VaultEvent } from '#anomaly/events'

/**
 * A trip from the person's calendar; `from` and `to` are local dates (YYYY-MM-DD), inclusive.
 */
export interface Trip {
  country: string
  from: string
  to: string
}

/**
 * What the rest of the suite knows about a person at the moment of an access. `timezone` is
 * the home zone; `lastActivityAt` is the latest action in another module (epoch ms); `trips`
 * lists the current and coming trips (the detector picks the one covering the access).
 */
export interface PersonContext {
  timezone?: string
  department?: string
  hrStatus: HrStatus
  lastActivityAt?: number
  trips: readonly Trip[]
}

/**
 * The suite's side of the detector: profile, HR status, calendar and activity in other
 * modules. The live app implements it on its tables; it may answer with a promise.
 */
export interface ContextSource {
  /**
   * Context of `user` of `company` as of the instant `at` (epoch ms).
   */
  contextFor(company: string, user: string, at: number): PersonContext | Promise<PersonContext>
}

const MAX_TRIPS = 8
const DAY = 86_400_000

/**
 * A context source fed with the profile, activity, HR status and travel events of a replay
 * (or of tests). It keeps one small record per person, keyed by user id as REPLAY.md events
 * carry no company on HR and travel lines; trips that ended over two days ago are dropped.
 */
export class MemoryContextSource implements ContextSource {
  #people = new Map<string, PersonContext & { trips: Trip[] }>()

  contextFor(_company: string, user: string): PersonContext {
    return this.#person(user)
  }

  /**
   * Takes in one suite event; access events are ignored here because the detector sees them.
   */
  record(event: VaultEvent): void {
    switch (event.type) {
      case 'profile': {
        const person = this.#person(event.user)
        person.timezone = event.timezone
        person.department = event.department ?? person.department
        break
      }
      case 'activity':
        this.#person(event.user).lastActivityAt = event.at
        break
      case 'hr_status':
        this.#person(event.user).hrStatus = event.status
        break
      case 'travel':
        this.#addTrip(
          event.user,
          { country: event.country, from: event.from, to: event.to },
          event.at
        )
        break
    }
  }

  #addTrip(user: string, trip: Trip, at: number): void {
    const trips = this.#person(user).trips
    const today = Math.floor(at / DAY)
    for (let index = trips.length - 1; index >= 0; index--) {
      if (dayNumberOf(trips[index].to) < today - 2) {
        trips.splice(index, 1)
      }
    }
    if (trips.length >= MAX_TRIPS) {
      trips.shift()
    }
    trips.push(trip)
  }

  #person(user: string): PersonContext & { trips: Trip[] } {
    let person = this.#people.get(user)
    if (!person) {
      person = { hrStatus: 'active', trips: [] }
      this.#people.set(user, person)
    }

    return person
  }
}
