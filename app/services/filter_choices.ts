import db from '@adonisjs/lucid/services/db'
import { errors } from '@vinejs/vine'
import { UUID } from '#services/secret_finder'

/** A company of up to this many people (or secrets) gets them all as suggestions. */
const SUGGESTIONS_UP_TO = 100

/** How many of the matches an ambiguous text names in its error. */
const NAMED_MATCHES = 5

export interface ChosenPerson {
  id: number
  email: string
  fullName: string
}

export interface ChosenSecret {
  id: string
  name: string
}

/** One entry of a filter field's suggestion list. */
export interface Suggestion {
  value: string
  label: string
}

/**
 * The person and secret filters of the audit, alert and secret list pages. A filter names a
 * person by id (links), by email, or by part of a name or email as typed; a secret by id or
 * by its name or part of it. The text resolves to one person or secret of the company, or
 * fails as a validation error on its field, naming a few of the matches when it fits several.
 * Pages then never list a large company's people and secrets: each field is a text box, with
 * a suggestion list only while the company is small.
 */
export default class FilterChoices {
  /**
   * The person a filter names, or null when it names none (anyone). `field` is the name an
   * error is reported under: `person`, or `owner` on the secrets list.
   */
  async person(
    companyId: string,
    text: string | undefined,
    field = 'person'
  ): Promise<ChosenPerson | null> {
    if (!text) {
      return null
    }
    const people = () =>
      db.from('users').where('company_id', companyId).select('id', 'email', 'full_name as fullName')
    if (/^\d+$/.test(text)) {
      return one(field, 'person', await people().where('id', Number(text)), text, personLabel)
    }
    const exact = await people().whereRaw('lower(email) = ?', [text.toLowerCase()])
    if (exact.length === 1) {
      return exact[0]
    }
    const matches = await people()
      .where((where) => {
        where.whereRaw(`lower(full_name) like ? escape '!'`, [containing(text)])
        where.orWhereRaw(`lower(email) like ? escape '!'`, [containing(text)])
      })
      .orderBy('full_name')
      .limit(NAMED_MATCHES + 1)

    return one(field, 'person', matches, text, personLabel)
  }

  /** The secret a filter names, or null when it names none (any secret). */
  async secret(companyId: string, text: string | undefined): Promise<ChosenSecret | null> {
    if (!text) {
      return null
    }
    const secrets = () => db.from('secrets').where('company_id', companyId).select('id', 'name')
    if (UUID.test(text.toLowerCase())) {
      const byId = await secrets().where('id', text.toLowerCase())

      return one('secret', 'secret', byId, text, secretLabel)
    }
    const exact = await secrets().whereRaw('lower(name) = ?', [text.toLowerCase()]).limit(2)
    if (exact.length === 1) {
      return exact[0]
    }
    if (exact.length > 1) {
      throw fieldError(
        'secret',
        `More than one secret is named "${text}": filter from that secret's Audit tab instead`
      )
    }
    const matches = await secrets()
      .whereRaw(`lower(name) like ? escape '!'`, [containing(text)])
      .orderBy('name')
      .limit(NAMED_MATCHES + 1)

    return one('secret', 'secret', matches, text, secretLabel)
  }

  /** Every person of a small company as suggestions for the person field; none for a large one. */
  async peopleSuggestions(companyId: string): Promise<Suggestion[]> {
    const rows = await fewOf(companyId, 'users', 'full_name').select('email', 'full_name')

    return allIfFew(rows).map((row) => ({ value: row.email, label: row.full_name }))
  }

  /** Every secret of a small company as suggestions for the secret field; none for a large one. */
  async secretSuggestions(companyId: string): Promise<Suggestion[]> {
    const rows = await fewOf(companyId, 'secrets', 'name').select('name')

    return allIfFew(rows).map((row) => ({ value: row.name, label: row.name }))
  }
}

/** A company's rows of a table in order, one more than a suggestion list holds. */
function fewOf(companyId: string, table: string, order: string) {
  return db
    .from(table)
    .where('company_id', companyId)
    .orderBy(order)
    .limit(SUGGESTIONS_UP_TO + 1)
}

/** The rows when they fit a suggestion list; none when the company has more. */
function allIfFew<T>(rows: T[]) {
  return rows.length > SUGGESTIONS_UP_TO ? [] : rows
}

/**
 * A lowercase LIKE pattern for values containing the text, for `lower(column) like ? escape
 * '!'`. `!` rather than a backslash: SQLite's LIKE has no escape character unless one is
 * named, and a backslash would need escaping again inside MySQL's string literal.
 */
export function containing(text: string) {
  return `%${text.toLowerCase().replace(/[!%_]/g, (char) => `!${char}`)}%`
}

function personLabel(person: ChosenPerson) {
  return `${person.fullName} <${person.email}>`
}

function secretLabel(secret: ChosenSecret) {
  return secret.name
}

/** The single match, or a validation error on the field that says what to type instead. */
function one<T>(
  field: string,
  noun: 'person' | 'secret',
  matches: T[],
  text: string,
  label: (match: T) => string
): T {
  if (matches.length === 1) {
    return matches[0]
  }
  if (matches.length === 0) {
    throw fieldError(field, `No ${noun} of your company matches "${text}"`)
  }
  const named = matches.slice(0, NAMED_MATCHES).map(label).join(', ')
  const more = matches.length > NAMED_MATCHES ? ', …' : ''

  throw fieldError(
    field,
    `"${text}" matches more than one ${noun} (${named}${more}): type more of it`
  )
}

function fieldError(field: string, message: string) {
  return new errors.E_VALIDATION_ERROR([{ field, message, rule: 'choice' }])
}
