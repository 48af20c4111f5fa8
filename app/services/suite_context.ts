import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { toDb } from '#services/db_time'
import type { ContextSource, PersonContext } from '#anomaly/context_source'
import type { HrStatus } from '#anomaly/events'

const HR_STATUSES: readonly HrStatus[] = ['active', 'notice', 'leave', 'terminated']

/**
 * The default source of what the rest of the suite knows about a person, read from tables
 * this module owns: the person's zone, department and HR status (users), their last action in
 * another module (suite_activity) and their trips (travel_plans). A host suite that keeps
 * these elsewhere binds its own ContextSource in its provider.
 */
export default class SuiteContext implements ContextSource {
  async contextFor(companyId: string, userId: string, at: number): Promise<PersonContext> {
    const today = DateTime.fromMillis(at, { zone: 'utc' }).minus({ days: 2 }).toISODate()!
    const [person, activity, trips] = await Promise.all([
      db
        .from('users')
        .where('id', userId)
        .where('company_id', companyId)
        .select('time_zone', 'department', 'hr_status')
        .first(),
      db.from('suite_activity').where('user_id', userId).select('last_activity_at').first(),
      db
        .from('travel_plans')
        .where('user_id', userId)
        .where('ends_on', '>=', today)
        .orderBy('starts_on')
        .limit(8)
        .select('country', 'starts_on', 'ends_on'),
    ])

    return {
      timezone: person?.time_zone ?? undefined,
      department: person?.department ?? undefined,
      hrStatus: HR_STATUSES.includes(person?.hr_status) ? person.hr_status : 'active',
      lastActivityAt: activity ? toMillis(activity.last_activity_at) : undefined,
      trips: trips.map((trip) => ({
        country: trip.country,
        from: isoDate(trip.starts_on),
        to: isoDate(trip.ends_on),
      })),
    }
  }

  /** The suite reports that a person did something in another module (crm, hr, mail...). */
  async recordActivity(userId: number, module: string, at = DateTime.utc()) {
    await db
      .knexQuery()
      .table('suite_activity')
      .insert({ user_id: userId, module, last_activity_at: toDb(at, 'seconds') })
      .onConflict('user_id')
      .merge()
  }

  /** The suite's calendar reports a trip; dates are the person's local days, inclusive. */
  async recordTrip(companyId: string, userId: number, country: string, from: string, to: string) {
    const person = await db.from('users').where({ id: userId, company_id: companyId }).first()
    if (!person) {
      throw new Error(`no person ${userId} in company ${companyId}`)
    }
    await db.table('travel_plans').insert({
      user_id: userId,
      country: country.toUpperCase(),
      starts_on: from,
      ends_on: to,
    })
  }
}

function toMillis(value: Date | string) {
  return value instanceof Date ? value.getTime() : Date.parse(`${value.replace(' ', 'T')}Z`)
}

function isoDate(value: Date | string) {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10)
}
