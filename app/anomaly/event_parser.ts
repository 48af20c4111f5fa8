import { isIP } from 'node:net'
import { isCountryCode } from '#anomaly/countries'
import { isKnownZone } from '#anomaly/zone_clock'
import { ACCESS_ACTIONS, EVENT_TYPES, HR_STATUSES } from '#anomaly/events'
import type { AccessAction, EventType, HrStatus, VaultEvent } from '#anomaly/events'

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ACTIONS = new Set<string>(ACCESS_ACTIONS)
const STATUSES = new Set<string>(HR_STATUSES)
const TYPES = new Set<string>(EVENT_TYPES)

type Fields = Record<string, unknown>

/**
 * A replay or live event that does not match the format of REPLAY.md. `field` names the
 * offending field so that the message can point a person at it.
 */
export class EventFormatError extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(`field "${field}": ${message}`)
    this.name = 'EventFormatError'
  }
}

/**
 * Parses one JSON line into a validated event. Throws `EventFormatError` naming the field for
 * malformed JSON, an unknown type, a bad time, an unknown zone, country or action, or a missing
 * field; the caller adds the line number.
 */
export function parseEvent(line: string): VaultEvent {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (error) {
    throw new EventFormatError('(line)', `not valid JSON (${(error as Error).message})`)
  }

  return validateEvent(value)
}

/**
 * Validates an already decoded object as an event, with the same errors as `parseEvent`.
 */
export function validateEvent(value: unknown): VaultEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EventFormatError('(line)', 'expected a JSON object')
  }
  const fields = value as Fields
  const type = readType(fields)
  const at = readTime(fields, 'at')

  switch (type) {
    case 'profile':
      return readProfile(fields, at)
    case 'access':
      return readAccess(fields, at)
    case 'activity':
      return { type, at, ...readPerson(fields), module: readString(fields, 'module') }
    case 'hr_status':
      return { type, at, user: readString(fields, 'user'), status: readStatus(fields) }
    case 'travel':
      return readTravel(fields, at)
  }
}

function readType(fields: Fields): EventType {
  const type = readString(fields, 'type')
  if (!TYPES.has(type)) {
    throw new EventFormatError(
      'type',
      `unknown event type "${type}"; expected ${EVENT_TYPES.join(', ')}`
    )
  }

  return type as EventType
}

function readProfile(fields: Fields, at: number): VaultEvent {
  const timezone = readString(fields, 'timezone')
  if (!isKnownZone(timezone)) {
    throw new EventFormatError('timezone', `unknown IANA time zone "${timezone}"`)
  }

  return {
    type: 'profile',
    at,
    ...readPerson(fields),
    timezone,
    department: readOptionalString(fields, 'department'),
  }
}

function readAccess(fields: Fields, at: number): VaultEvent {
  const ip = readString(fields, 'ip')
  if (isIP(ip) === 0) {
    throw new EventFormatError('ip', `"${ip}" is not an IPv4 or IPv6 address`)
  }

  return {
    type: 'access',
    at,
    id: readString(fields, 'id'),
    ...readPerson(fields),
    secret: readString(fields, 'secret'),
    action: readAction(fields),
    ip,
    userAgent: readString(fields, 'userAgent'),
    device: readOptionalString(fields, 'device'),
    country: readOptionalCountry(fields),
  }
}

function readTravel(fields: Fields, at: number): VaultEvent {
  const from = readDate(fields, 'from')
  const to = readDate(fields, 'to')
  if (to < from) {
    throw new EventFormatError('to', `trip ends (${to}) before it starts (${from})`)
  }

  return {
    type: 'travel',
    at,
    user: readString(fields, 'user'),
    country: readCountry(fields, 'country'),
    from,
    to,
  }
}

function readPerson(fields: Fields): { company: string; user: string } {
  return { company: readString(fields, 'company'), user: readString(fields, 'user') }
}

function readString(fields: Fields, field: string): string {
  const value = fields[field]
  if (value === undefined || value === null) {
    throw new EventFormatError(field, 'is missing')
  }
  if (typeof value !== 'string' || value.length === 0) {
    throw new EventFormatError(field, 'must be a non-empty string')
  }

  return value
}

function readOptionalString(fields: Fields, field: string): string | undefined {
  return fields[field] === undefined || fields[field] === null
    ? undefined
    : readString(fields, field)
}

function readAction(fields: Fields): AccessAction {
  const action = readString(fields, 'action')
  if (!ACTIONS.has(action)) {
    throw new EventFormatError(
      'action',
      `unknown action "${action}"; expected ${ACCESS_ACTIONS.join(', ')}`
    )
  }

  return action as AccessAction
}

function readStatus(fields: Fields): HrStatus {
  const status = readString(fields, 'status')
  if (!STATUSES.has(status)) {
    throw new EventFormatError(
      'status',
      `unknown HR status "${status}"; expected ${HR_STATUSES.join(', ')}`
    )
  }

  return status as HrStatus
}

function readCountry(fields: Fields, field: string): string {
  const country = readString(fields, field)
  if (!isCountryCode(country)) {
    throw new EventFormatError(field, `unknown ISO 3166 alpha-2 country code "${country}"`)
  }

  return country
}

function readOptionalCountry(fields: Fields): string | undefined {
  return fields.country === undefined || fields.country === null
    ? undefined
    : readCountry(fields, 'country')
}

function readTime(fields: Fields, field: string): number {
  const text = readString(fields, field)
  const match = ISO_TIME.exec(text)
  const ms = match && isCalendarDate(match) && +match[4] < 24 ? Date.parse(text) : Number.NaN
  if (Number.isNaN(ms)) {
    throw new EventFormatError(field, `"${text}" is not an ISO 8601 date and time`)
  }

  return ms
}

function readDate(fields: Fields, field: string): string {
  const text = readString(fields, field)
  const match = ISO_DATE.exec(text)
  if (!match || !isCalendarDate(match)) {
    throw new EventFormatError(field, `"${text}" is not a calendar date (YYYY-MM-DD)`)
  }

  return text
}

function isCalendarDate(match: RegExpExecArray): boolean {
  const [year, month, day] = [+match[1], +match[2], +match[3]]
  const date = new Date(Date.UTC(year, month - 1, day))

  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}
