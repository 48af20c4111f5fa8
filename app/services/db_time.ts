import { DateTime } from 'luxon'

/**
 * Times as the databases hold them. Both store UTC; MySQL hands a Date back and SQLite the
 * text that was written, so reads go through `fromDb` and writes through `toDb`.
 */
export function fromDb(value: Date | string): DateTime {
  return value instanceof Date
    ? DateTime.fromJSDate(value, { zone: 'utc' })
    : DateTime.fromSQL(String(value), { zone: 'utc' })
}

/**
 * A UTC time as column text. Columns declared without fractions get whole seconds: MySQL
 * would round finer text, and a value written must read back the same.
 */
export function toDb(time: DateTime, precision: 'milliseconds' | 'seconds' = 'milliseconds') {
  const format = precision === 'seconds' ? 'yyyy-LL-dd HH:mm:ss' : 'yyyy-LL-dd HH:mm:ss.SSS'

  return time.toUTC().toFormat(format)
}

/** The start of a calendar day a person picked (a date input), in their own time zone. */
export function startOfLocalDay(date: Date, zone: string): DateTime {
  return DateTime.fromISO(DateTime.fromJSDate(date, { zone: 'utc' }).toISODate()!, { zone })
}

/** Picked days as a half-open range in the person's zone: `to` includes its own day. */
export function localDayRange(from: Date | undefined, to: Date | undefined, zone: string) {
  return {
    from: from ? startOfLocalDay(from, zone) : undefined,
    to: to ? startOfLocalDay(to, zone).plus({ days: 1 }) : undefined,
  }
}
