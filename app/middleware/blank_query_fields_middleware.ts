import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * A GET form submits every field, and a select or a date left blank arrives as `field=`.
 * Such a field means "none", as an empty field of a posted form does (the body parser's
 * `convertEmptyStringsToNull`); without this, the filter validators read the empty string
 * as a value and refuse it ("the selected action is invalid").
 */
export default class BlankQueryFieldsMiddleware {
  handle({ request }: HttpContext, next: NextFn) {
    const query = request.qs()
    const filled = Object.entries(query).filter(([, value]) => value !== '')
    if (filled.length < Object.keys(query).length) {
      request.updateQs(Object.fromEntries(filled))
    }

    return next()
  }
}
