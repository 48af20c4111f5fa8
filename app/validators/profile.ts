import vine from '@vinejs/vine'
import { IANAZone } from 'luxon'
import type { FieldContext } from '@vinejs/vine/types'

/**
 * The zones offered in the picker, UTC first. Intl lists CLDR's names (Asia/Calcutta), so
 * validation accepts any zone the runtime knows (Asia/Kolkata too), not just this list.
 */
export const TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')]

const ianaZone = vine.createRule((value: unknown, _options: undefined, field: FieldContext) => {
  if (typeof value === 'string' && !IANAZone.isValidZone(value)) {
    field.report('The {{ field }} field must be a known IANA time zone', 'timeZone', field)
  }
})

export const profileValidator = vine.create({
  timeZone: vine.string().trim().maxLength(64).use(ianaZone()),
})
