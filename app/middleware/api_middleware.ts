import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Integration endpoints always answer JSON, errors included, whatever Accept header the
 * calling program sends.
 */
export default class ApiMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    ctx.request.request.headers.accept = 'application/json'

    return next()
  }
}
