import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { errors } from '@adonisjs/bouncer'
import { Exception } from '@adonisjs/core/exceptions'
import { AuditUnavailableError } from '#services/audit_log'
import { DecryptionError } from '#services/secret_cipher'
import { KeyGoneError } from '#services/data_keys'
import { KeyUnavailableError } from '#contracts/key_provider'

/** Errors that a person should read in plain words, with the status they answer. */
const EXPLAINED: [new (...args: any[]) => Error, number, string][] = [
  [
    AuditUnavailableError,
    503,
    'The access could not be recorded in the audit trail, so the value was not shown. ' +
      'Nothing was changed. Try again in a moment.',
  ],
  [
    KeyUnavailableError,
    503,
    "Your company's key service could not be reached or refused, so the value was not " +
      'shown. Nothing was changed and the failure was recorded. Try again in a moment, or ask ' +
      'your administrator to check the key service.',
  ],
  [
    KeyGoneError,
    500,
    'The key that protected this value has been destroyed or retired, so it cannot be shown. ' +
      'The failure was recorded.',
  ],
  [
    DecryptionError,
    500,
    'The stored value could not be decrypted. It was not shown, and the failure was recorded.',
  ],
]

export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction && !app.inTest

  protected renderStatusPages = true

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': (error, { view }) => view.render('pages/errors/forbidden', { error }),
    '404': (error, { view }) => view.render('pages/errors/not_found', { error }),
    '500..599': (error, { view }) => view.render('pages/errors/server_error', { error }),
  }

  async handle(error: unknown, ctx: HttpContext) {
    const explained = EXPLAINED.find(([type]) => error instanceof type)
    if (explained) {
      return this.#explain(ctx, explained[1], explained[2])
    }
    if (error instanceof errors.E_AUTHORIZATION_FAILURE) {
      return this.#refuse(ctx, error)
    }
    if (error instanceof Exception && error.code === 'E_BAD_CSRF_TOKEN') {
      return this.#staleForm(ctx)
    }

    return super.handle(error, ctx)
  }

  /**
   * Form errors go back to the form; the submitted value of a secret is never flashed into
   * the session (nor a SIEM token), so the person types it again rather than having it
   * round-trip in a cookie.
   */
  async renderValidationErrorAsHTML(error: any, ctx: HttpContext) {
    ctx.session.flashValidationErrors(error, false)
    ctx.session.flashExcept(['_csrf', '_method', 'password', 'value', 'token'])
    ctx.response.redirect('back', true)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }

  /**
   * A refused action. A refused form goes back with a message and, unlike Bouncer's own
   * handling, without flashing what was typed: the form may hold a secret's value.
   */
  async #refuse(ctx: HttpContext, error: InstanceType<typeof errors.E_AUTHORIZATION_FAILURE>) {
    const status = error.response.status ?? 403
    const message = error.response.message || error.message
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(status).send({ error: message })
    }
    if (status === 403 && ctx.request.method() !== 'GET') {
      ctx.session.flash('error', message)
      return ctx.response.redirect('back', true)
    }

    return super.handle(new Exception(message, { status }), ctx)
  }

  /**
   * A request without a valid CSRF token. Shield's own handling flashes what was typed back
   * into the session; here nothing is kept, since the form may hold a secret's value.
   */
  #staleForm(ctx: HttpContext) {
    const message = 'The page had expired, so nothing was saved. Please try again.'
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.status(403).send({ error: message })
    }
    ctx.session.flash('error', message)

    return ctx.response.redirect('back', true)
  }

  async #explain(ctx: HttpContext, status: number, message: string) {
    ctx.response.status(status)
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.send({ error: message })
    }

    return ctx.response.send(await ctx.view.render('pages/errors/explained', { message }))
  }
}
