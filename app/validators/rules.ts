import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'

/** Limits a string by its UTF-8 size, which is what the database and the cipher store. */
export const maxBytes = vine.createRule((value: unknown, limit: number, field: FieldContext) => {
  if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') > limit) {
    field.report(`The {{ field }} field must be at most ${limit} bytes`, 'maxBytes', field)
  }
})

/** A company member: the id must name a person of the signed-in person's company. */
export function companyMember() {
  return vine
    .number()
    .withoutDecimals()
    .exists({
      table: 'users',
      column: 'id',
      filter: (query, _value, field) => {
        query.where('company_id', field.meta.companyId)
      },
    })
}

/**
 * A person as a filter names them: an id (links), an email, or part of a name or email as
 * typed. FilterChoices resolves it within the company.
 */
export function personFilter() {
  return vine.string().trim().maxLength(254).optional()
}

/** A secret as a filter names it: an id (links), or its name or part of it as typed. */
export function secretFilter() {
  return vine.string().trim().maxLength(200).optional()
}
