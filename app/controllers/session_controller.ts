import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import AuditLog, { actorOf } from '#services/audit_log'
import { loginValidator } from '#validators/auth'
import { throttledCheck } from '#start/limiter'

/** Login and logout with the session guard; every attempt is audited, failures throttled. */
@inject()
export default class SessionController {
  constructor(private audit: AuditLog) {}

  async create({ view }: HttpContext) {
    return view.render('pages/auth/login')
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const { email, password } = await request.validateUsing(loginValidator)
    const key = `login_${email.toLowerCase()}_${request.ip()}`

    const outcome = await throttledCheck(key, () => User.verifyCredentials(email, password))
    if (outcome.status === 'ok' && outcome.result.accessEnded) {
      await this.#recordFailure(ctx, email, 'access_ended')
      session.flashErrors({ email: 'Your access to Vault has ended.' })
      return response.redirect().toRoute('session.create')
    }
    if (outcome.status !== 'ok') {
      await this.#recordFailure(ctx, email, outcome.status)
      session.flashErrors({ email: failureMessage(outcome) })
      session.flashOnly(['email'])
      return response.redirect().toRoute('session.create')
    }

    await auth.use('web').login(outcome.result)
    session.regenerate()
    await this.audit.record({
      companyId: outcome.result.companyId,
      actor: actorOf(outcome.result),
      action: 'auth.login',
      outcome: 'success',
      meta: ctx.accessMeta,
    })

    return response.redirect().toRoute('secrets.index')
  }

  async destroy(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    await this.audit.record({
      companyId: user.companyId,
      actor: actorOf(user),
      action: 'auth.logout',
      outcome: 'success',
      meta: ctx.accessMeta,
    })
    await ctx.auth.use('web').logout()

    return ctx.response.redirect().toRoute('session.create')
  }

  /** The record names the account when it exists, so its company's admins can see it. */
  async #recordFailure(
    ctx: HttpContext,
    email: string,
    status: 'failed' | 'throttled' | 'access_ended'
  ) {
    const known = await User.findBy('email', email)
    await this.audit.record({
      companyId: known?.companyId ?? null,
      actor: known ? { id: known.id, email: known.email } : null,
      action: 'auth.login_failed',
      outcome: 'denied',
      reason: status === 'failed' ? 'wrong_credentials' : status,
      meta: ctx.accessMeta,
      details: known ? undefined : { attemptedEmail: email.slice(0, 254) },
    })
  }
}

function failureMessage(outcome: { status: string; retryAfterSeconds?: number }) {
  if (outcome.status === 'throttled') {
    const minutes = Math.ceil((outcome.retryAfterSeconds ?? 60) / 60)
    return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
  }

  return 'The email or password is not right.'
}
