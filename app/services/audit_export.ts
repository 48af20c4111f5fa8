import { Readable } from 'node:stream'
import type AuditEvent from '#models/audit_event'
import { fromDb } from '#services/db_time'
import type { AuditFilters } from '#services/audit_log'
import { matchingRows } from '#services/audit_log'

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

const COLUMNS = [
  'id',
  'occurred_at',
  'actor_id',
  'actor_email',
  'action',
  'outcome',
  'reason',
  'secret_id',
  'secret_name',
  'version',
  'ip',
  'user_agent',
  'device_id',
  'device_label',
  'details',
] as const

export type ExportFields = Record<(typeof COLUMNS)[number], unknown>

/**
 * One record as the exports and the SIEM forwarder write it: the columns of the trail, time
 * in ISO UTC. Records hold no value, so neither does this.
 */
export function exportFields(event: AuditEvent): ExportFields {
  return {
    id: event.id,
    occurred_at: event.occurredAt.toUTC().toISO(),
    actor_id: event.actorId,
    actor_email: event.actorEmail,
    action: event.action,
    outcome: event.outcome,
    reason: event.reason,
    secret_id: event.secretId,
    secret_name: event.secretName,
    version: event.version,
    ip: event.ip,
    user_agent: event.userAgent,
    device_id: event.deviceId,
    device_label: event.deviceLabel,
    details: event.details,
  }
}

/**
 * The same fields from a row as the database returns it, selected in export order. The row
 * is the export's own, so it is converted in place: a million rows make no second copy.
 */
function rowFields(row: Record<string, any>): ExportFields {
  row.id = Number(row.id)
  row.occurred_at =
    row.occurred_at instanceof Date
      ? row.occurred_at.toISOString()
      : fromDb(row.occurred_at).toUTC().toISO()
  row.actor_id = row.actor_id === null ? null : Number(row.actor_id)
  row.version = row.version === null ? null : Number(row.version)

  return row as ExportFields
}

/** RFC 4180 quoting; a leading =, +, - or @ is defused so spreadsheets never run it. */
export function csvCell(value: unknown) {
  if (value === null || value === undefined) {
    return ''
  }
  let text = String(value)
  if (/^[=+\-@]/.test(text)) {
    text = `'${text}`
  }

  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * Streams the records matching an audit page's filters as CSV (with a header row, even when
 * nothing matches) or JSON Lines. Records are read in keyset batches as the client reads,
 * one chunk per batch, so a large export starts at once and keeps memory flat.
 */
export function exportRecords(companyId: string, filters: AuditFilters, format: ExportFormat) {
  async function* chunks() {
    if (format === 'csv') {
      yield `${COLUMNS.join(',')}\r\n`
    }
    for await (const rows of matchingRows(companyId, filters, COLUMNS)) {
      yield rows.map((row) => exportLine(rowFields(row), format)).join('')
    }
  }

  return Readable.from(chunks())
}

function exportLine(fields: ExportFields, format: ExportFormat) {
  return format === 'csv'
    ? `${COLUMNS.map((column) => csvCell(fields[column])).join(',')}\r\n`
    : `${JSON.stringify(fields)}\n`
}

/** A small table (a report) as CSV with its header, or as JSON Lines. */
export function tableAsText(
  columns: readonly string[],
  rows: Record<string, unknown>[],
  format: ExportFormat
) {
  if (format === 'jsonl') {
    return rows.map((row) => `${JSON.stringify(row)}\n`).join('')
  }
  const lines = rows.map((row) => columns.map((column) => csvCell(row[column])).join(','))

  return [columns.join(','), ...lines].map((line) => `${line}\r\n`).join('')
}
