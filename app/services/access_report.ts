import db from '@adonisjs/lucid/services/db'
import type { DateTime } from 'luxon'
import { fromDb, toDb } from '#services/db_time'
import type { HourlyReads } from '#services/access_pictures'

const COUNTED = {
  'value.shown': 'shown',
  'value.copied': 'copied',
  'value.used': 'used',
  'version.read': 'versionsRead',
} as const
const READS = Object.keys(COUNTED) as (keyof typeof COUNTED)[]

export interface AccessRow {
  key: string
  label: string
  shown: number
  copied: number
  used: number
  versionsRead: number
  first: DateTime
  last: DateTime
  /** The highest version of the value read in the period. */
  topVersion: number
  /** For a person's report: the version they read is the one in use now. */
  knowsCurrentValue?: boolean
}

/** Whose reads: one person's, or one secret's. */
export type ReadSubject = { actorId: number } | { secretId: string }

interface Period {
  from?: DateTime
  to?: DateTime
}

/**
 * Who read what, from the audit trail: one row per secret for a person, or one row per person
 * for a secret, with counts by kind of read and the first and last read in the period. Only
 * successful reads count; refusals are on the audit page.
 */
export default class AccessReport {
  /** What a person showed, copied or used, per secret, and which current values they know. */
  async forPerson(companyId: string, actorId: number, period: Period) {
    const rows = await this.#grouped(companyId, period, 'secret_id', (query) =>
      query.where('actor_id', actorId)
    )
    const ids = rows.map((row) => row.key)
    const secrets = await db
      .from('secrets')
      .where('company_id', companyId)
      .whereIn('id', ids)
      .select('id', 'current_version')
    const current = new Map(secrets.map((row) => [row.id, Number(row.current_version)]))

    return rows.map((row) => ({
      ...row,
      knowsCurrentValue: current.get(row.key) === row.topVersion,
    }))
  }

  /** Who read a secret over the period, per person. */
  async forSecret(companyId: string, secretId: string, period: Period) {
    return this.#grouped(companyId, period, 'actor_id', (query) =>
      query.where('secret_id', secretId)
    )
  }

  /**
   * Successful reads per UTC hour over the period, for one person or one secret: what the
   * report's pictures are drawn from. At most one row per hour of the period comes back.
   */
  async readsPerHour(companyId: string, subject: ReadSubject, period: Period) {
    const hour = utcHourExpression()
    const query = db
      .from('audit_events')
      .where('company_id', companyId)
      .where('outcome', 'success')
      .whereIn('action', READS)
      .select(db.raw(`${hour} as hour`))
      .count('* as reads')
      .groupByRaw(hour)
    if ('actorId' in subject) {
      query.where('actor_id', subject.actorId)
    } else {
      query.where('secret_id', subject.secretId)
    }
    narrowToPeriod(query, period)
    const rows = await query

    return new Map(rows.map((row) => [String(row.hour), Number(row.reads)])) as HourlyReads
  }

  async #grouped(
    companyId: string,
    period: Period,
    by: 'secret_id' | 'actor_id',
    narrow: (query: any) => void
  ): Promise<AccessRow[]> {
    const label = by === 'secret_id' ? 'secret_name' : 'actor_email'
    const query = db
      .from('audit_events')
      .where('company_id', companyId)
      .where('outcome', 'success')
      .whereIn('action', READS)
      .groupBy(by, 'action')
      .select(by, 'action')
      .max(`${label} as label`)
      .count('* as reads')
      .min('occurred_at as first')
      .max('occurred_at as last')
      .max('version as top_version')
    narrow(query)
    narrowToPeriod(query, period)

    return merge(await query, by)
  }
}

function narrowToPeriod(query: any, period: Period) {
  if (period.from) {
    query.where('occurred_at', '>=', toDb(period.from))
  }
  if (period.to) {
    query.where('occurred_at', '<', toDb(period.to))
  }
}

/** "YYYY-MM-DD HH" of a record's time, in UTC: both databases keep and hand out UTC. */
function utcHourExpression() {
  return db.connection().dialect.name === 'mysql'
    ? "DATE_FORMAT(occurred_at, '%Y-%m-%d %H')"
    : 'substr(occurred_at, 1, 13)'
}

function merge(groups: any[], by: string): AccessRow[] {
  const rows = new Map<string, AccessRow>()
  for (const group of groups) {
    const key = String(group[by])
    const first = fromDb(group.first)
    const last = fromDb(group.last)
    const row = rows.get(key) ?? emptyRow(key, group.label ?? key, first, last)
    row[COUNTED[group.action as keyof typeof COUNTED]] += Number(group.reads)
    row.topVersion = Math.max(row.topVersion, Number(group.top_version ?? 0))
    row.first = first < row.first ? first : row.first
    row.last = last > row.last ? last : row.last
    rows.set(key, row)
  }

  return [...rows.values()].sort((a, b) => b.last.toMillis() - a.last.toMillis())
}

function emptyRow(key: string, label: string, first: DateTime, last: DateTime): AccessRow {
  return { key, label, shown: 0, copied: 0, used: 0, versionsRead: 0, first, last, topVersion: 0 }
}
