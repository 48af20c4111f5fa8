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
 * so a large export starts at once and keeps memory flat.
 */
export function exportRecords(companyId: string, filters: AuditFilters, format: ExportFormat) {
  async function* chunks() {
    if (format === 'csv') {
      yield `${COLUMNS.join(',')}\r\n`
    }
    const chunk = new ChunkBuilder()
    for await (const rows of matchingRows(companyId, filters, COLUMNS)) {
      for (const row of rows) {
        if (chunk.add(exportLine(rowFields(row), format))) {
          yield chunk.take()
        }
      }
    }
    if (!chunk.isEmpty) {
      yield chunk.take()
    }
  }

  return Readable.from(chunks(), { highWaterMark: 4 })
}

/**
 * Lines joined into chunks a little over 32 KB: below V8's large-object size (128 KB), so
 * each chunk is a young-generation string that the next scavenge frees. A whole batch as one
 * chunk (300 to 500 KB) was a large object, kept until a full collection, and an export's
 * garbage piled up in the old generation.
 */
class ChunkBuilder {
  static readonly chars = 32 * 1024
  #lines: string[] = []
  #size = 0

  get isEmpty() {
    return this.#lines.length === 0
  }

  /** Adds a line; true when the chunk is full and should be taken. */
  add(line: string) {
    this.#lines.push(line)
    this.#size += line.length

    return this.#size >= ChunkBuilder.chars
  }

  take() {
    const text = this.#lines.join('')
    this.#lines = []
    this.#size = 0

    return text
  }
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
