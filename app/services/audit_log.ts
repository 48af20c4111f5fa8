import db from '@adonisjs/lucid/services/db'
import { toDb } from '#services/db_time'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { ChainableContract } from '@adonisjs/lucid/types/querybuilder'
import { DateTime } from 'luxon'
import AuditEvent from '#models/audit_event'
import type AuditEvidence from '#services/audit_evidence'

/** Where a request came from, as recorded with every audit record. */
export interface AccessMeta {
  ip: string | null
  userAgent: string | null
  deviceId: string | null
  deviceLabel: string | null
}

export const AUDIT_ACTIONS = [
  'secret.created',
  'secret.updated',
  'secret.deleted',
  'secret.access_denied',
  'value.shown',
  'value.copied',
  'value.used',
  'version.read',
  'member.added',
  'member.removed',
  'member.role_changed',
  'auth.login',
  'auth.logout',
  'auth.login_failed',
  'auth.confirm_failed',
  'alert.status_changed',
  'settings.anomaly_changed',
  'audit.exported',
  'audit.purged',
  'person.access_end_set',
  'person.access_revoked',
  'secret.owner_changed',
  'key.created',
  'key.rotated',
  'key.retired',
  'key.rewrapped',
  'key.reprotected',
  'key.provider_changed',
  'company.deleted',
  'siem.destination_created',
  'siem.destination_changed',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number]

export interface AuditEntry {
  companyId: string | null
  actor?: { id: number; email: string } | null
  secret?: { id: string; name: string | null } | null
  action: AuditAction
  outcome: AuditOutcome
  reason?: string | null
  version?: number | null
  meta: AccessMeta
  details?: Record<string, string | number | boolean | null>
}

/** How a person appears in a record: id and the email they had at the time. */
export function actorOf(person: { id: number; email: string }) {
  return { id: person.id, email: person.email }
}

export interface AuditFilters {
  actorId?: number
  secretId?: string
  action?: AuditAction
  outcome?: AuditOutcome
  from?: DateTime
  to?: DateTime
  before?: number
}

export class AuditUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the audit record could not be written', { cause })
  }
}

/**
 * The append-only audit trail. Records are inserted and read; the application has no code
 * path that updates or deletes one. Callers that must not proceed without a record (every
 * read of a value) await `record` and treat AuditUnavailableError as a refusal.
 */
export default class AuditLog {
  /**
   * The evidence signs each record as it is written. The clock is replaceable only so that
   * demo and imported history keep their own times.
   */
  constructor(
    private evidence: AuditEvidence | null = null,
    private now: () => DateTime = () => DateTime.utc()
  ) {}

  /**
   * Writes one record, inside the caller's transaction when one is passed. Resolves with its
   * id and time once the database has accepted the row.
   */
  async record(entry: AuditEntry, client?: QueryClientContract | TransactionClientContract) {
    const at = this.now()
    try {
      const row = toRow(entry, at)
      const mac = this.evidence?.macOf(row) ?? null
      const [id] = await (client ?? db).table('audit_events').insert({ ...row, mac })

      return { id: Number(id), at }
    } catch (error) {
      throw new AuditUnavailableError(error)
    }
  }

  /**
   * One page of a company's records, newest first, with keyset pagination: `before` is the
   * id of the last record already shown. Asks for one extra row to know whether more exist.
   */
  async page(companyId: string, filters: AuditFilters, size: number) {
    const query = AuditEvent.query()
    narrow(query, companyId, filters)
    const rows = await query.orderBy('id', 'desc').limit(size + 1)
    const hasMore = rows.length > size
    const events = rows.slice(0, size)

    return { events, nextBefore: hasMore ? events[events.length - 1].id : null }
  }
}

/**
 * Every record matching the filters, newest first, as plain rows of the given columns (`id`
 * among them), in keyset batches: memory stays flat however many records there are, and
 * each batch is one indexed range query, bounded below by the first record of `from`. Rows rather than models: an export of a million
 * records would otherwise spend most of its time and memory building model instances.
 */
export async function* matchingRows(
  companyId: string,
  filters: AuditFilters,
  columns: readonly string[],
  batchSize = 1000
): AsyncGenerator<Record<string, any>[]> {
  const first = filters.from ? await firstIdFrom(companyId, filters.from) : 0
  if (first === null) {
    return
  }
  let before = filters.before
  while (true) {
    const query = db
      .from('audit_events')
      .select(...columns)
      .where('id', '>=', first)
    narrow(query, companyId, { ...filters, before })
    const batch = await query.orderBy('id', 'desc').limit(batchSize)
    if (batch.length > 0) {
      yield batch
    }
    if (batch.length < batchSize) {
      return
    }
    before = Number(batch[batch.length - 1].id)
  }
}

/**
 * The lowest id among the records from a time on, or null when there is none: a read of
 * the (company_id, occurred_at) index only. With it a date-filtered export stops at that
 * record instead of reading every older record of the trail to find nothing.
 */
async function firstIdFrom(companyId: string, from: DateTime) {
  const row = await db
    .from('audit_events')
    .where('company_id', companyId)
    .where('occurred_at', '>=', toDb(from))
    .min('id as first')
    .first()

  return row?.first === null || row?.first === undefined ? null : Number(row.first)
}

/**
 * The indexes of audit_events (migration 1764700000002), each ending in the id so that one
 * filter's records come newest first straight from the index.
 */
const AUDIT_INDEXES = {
  actorId: 'audit_events_company_id_actor_id_id_index',
  secretId: 'audit_events_company_id_secret_id_id_index',
  action: 'audit_events_company_id_action_id_index',
  company: 'audit_events_company_id_id_index',
}

/**
 * Narrows a query to a company's records matching the filters. On MySQL and MariaDB the
 * query names its index: left to choose, MariaDB reads the company (or the action) as an
 * equality lookup and walks it backwards from the newest record, applying the keyset's
 * `id < before` only as a filter, so each older page (and each export batch) read every
 * newer record first: over a million rows per batch on a trail of 10 million. Named, the
 * index is read as a range that starts at the cursor.
 */
function narrow(query: ChainableContract, companyId: string, filters: AuditFilters) {
  if (db.connection().dialect.name === 'mysql') {
    const knex = query.knexQuery
    knex.from(knex.client.raw('?? FORCE INDEX (??)', ['audit_events', indexFor(filters)]))
  }
  query.where('company_id', companyId)
  const equal = {
    actor_id: filters.actorId,
    secret_id: filters.secretId,
    action: filters.action,
    outcome: filters.outcome,
  }
  for (const [column, value] of Object.entries(equal)) {
    if (value !== undefined) {
      query.where(column, value)
    }
  }
  if (filters.from) {
    query.where('occurred_at', '>=', toDb(filters.from))
  }
  if (filters.to) {
    query.where('occurred_at', '<', toDb(filters.to))
  }
  if (filters.before !== undefined) {
    query.where('id', '<', filters.before)
  }
}

/** The most selective index for the filters: a person's or a secret's, then an action's. */
function indexFor(filters: AuditFilters) {
  if (filters.actorId !== undefined) {
    return AUDIT_INDEXES.actorId
  }
  if (filters.secretId !== undefined) {
    return AUDIT_INDEXES.secretId
  }

  return filters.action === undefined ? AUDIT_INDEXES.company : AUDIT_INDEXES.action
}

function toRow(entry: AuditEntry, at: DateTime) {
  return {
    company_id: entry.companyId,
    occurred_at: toDb(at),
    actor_id: entry.actor?.id ?? null,
    actor_email: entry.actor?.email ?? null,
    secret_id: entry.secret?.id ?? null,
    secret_name: entry.secret?.name ?? null,
    action: entry.action,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    version: entry.version ?? null,
    ip: entry.meta.ip,
    user_agent: entry.meta.userAgent?.slice(0, 512) ?? null,
    device_id: entry.meta.deviceId,
    device_label: entry.meta.deviceLabel,
    details: entry.details ? JSON.stringify(entry.details) : null,
  }
}
