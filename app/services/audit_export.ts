import { Readable } from 'node:stream'
import type AuditEvent from '#models/audit_event'
import type { AuditFilters } from '#services/audit_log'
import { matchingRecords } from '#services/audit_log'

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
 * so a large export starts at once and keeps memory flat.
 */
export function exportRecords(companyId: string, filters: AuditFilters, format: ExportFormat) {
  async function* lines() {
    if (format === 'csv') {
      yield `${COLUMNS.join(',')}\r\n`
    }
    for await (const event of matchingRecords(companyId, filters)) {
      const fields = exportFields(event)
      yield format === 'csv'
        ? `${COLUMNS.map((column) => csvCell(fields[column])).join(',')}\r\n`
        : `${JSON.stringify(fields)}\n`
    }
  }

  return Readable.from(lines())
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
