import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Company-admin pages. A non-admin gets 404 rather than 403, so the page does not even
 * confirm that it exists.
 */
export default class AdminMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!ctx.auth.getUserOrFail().isAdmin) {
      return ctx.response.notFound('Not found')
    }

    return next()
  }
}
