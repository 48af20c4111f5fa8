import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Requires a signed-in person whose access has not ended; anyone else is sent to the login
 * page, and a session opened before the person left is closed.
 */
export default class AuthMiddleware {
  redirectTo = '/login'

  async handle(ctx: HttpContext, next: NextFn) {
    const user = await ctx.auth.authenticateUsing(['web'], { loginRoute: this.redirectTo })
    if (user.accessEnded) {
      await ctx.auth.use('web').logout()
      return ctx.response.redirect(this.redirectTo)
    }

    return next()
  }
}
