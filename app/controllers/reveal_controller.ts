import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import vaultConfig from '#config/vault'
import RevealService, { type RevealPurpose } from '#services/reveal_service'
import AuditLog from '#services/audit_log'
import SecretVersion from '#models/secret_version'
import { decide } from '#policies/secret_policy'
import { secretPageData } from '#services/secret_views'
import type Secret from '#models/secret'
import { authorizeSecret } from '#services/secret_access'
import { findCompanySecret } from '#services/secret_finder'
import { confirmPassword, isConfirmed } from '#services/password_confirmation'

/**
 * Show, Copy and past versions. Each asks for the password unless it was confirmed within
 * the window, then reads the value through RevealService. Responses that carry a value are
 * never cached.
 */
@inject()
export default class RevealController {
  constructor(
    private reveals: RevealService,
    private audit: AuditLog
  ) {}

  /** Renders the secret page with the value shown, or the confirmation form first. */
  async show(ctx: HttpContext) {
    const secret = await findCompanySecret(ctx.auth.getUserOrFail(), ctx.params.id)
    const gate = await this.#confirm(ctx, secret, 'reveal')
    if (gate !== 'ok') {
      return this.#renderConfirm(ctx, secret, 'show', gate)
    }

    const revealed = await this.#reveal(ctx, secret, 'show')
    ctx.response.header('Cache-Control', 'no-store')
    const page = await secretPageData(ctx.auth.getUserOrFail(), secret)
    return ctx.view.render('pages/secrets/show', { ...page, revealed })
  }

  /** Answers JSON for the Copy button; 428 asks the page to collect the password first. */
  async copy(ctx: HttpContext) {
    const secret = await findCompanySecret(ctx.auth.getUserOrFail(), ctx.params.id)
    const gate = await this.#confirm(ctx, secret, 'reveal')
    if (gate !== 'ok') {
      return ctx.response.status(428).send({ confirm: true, error: gateMessage(gate) })
    }

    const { value, version } = await this.#reveal(ctx, secret, 'copy')
    ctx.response.header('Cache-Control', 'no-store')
    return { value, version, clearAfterSeconds: vaultConfig.clipboardClearSeconds }
  }

  /** A past version, for the owner and admins; every read is audited like a Show. */
  async version(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const secret = await findCompanySecret(user, ctx.params.id)
    const gate = await this.#confirm(ctx, secret, 'readVersions')
    if (gate !== 'ok') {
      return this.#renderConfirm(ctx, secret, 'version', gate)
    }

    const revealed = await this.#reveal(ctx, secret, 'version', Number(ctx.params.version))
    const versions = await SecretVersion.query()
      .where('secret_id', secret.id)
      .orderBy('version', 'desc')
      .select('id', 'version', 'key_version', 'created_by', 'created_at')
    ctx.response.header('Cache-Control', 'no-store')
    return ctx.view.render('pages/secrets/versions', { secret, versions, revealed })
  }

  /** The versions tab: numbers and dates, no values. */
  async versions(ctx: HttpContext) {
    const secret = await findCompanySecret(ctx.auth.getUserOrFail(), ctx.params.id)
    await authorizeSecret(ctx, secret, 'readVersions')
    const versions = await SecretVersion.query()
      .where('secret_id', secret.id)
      .orderBy('version', 'desc')
      .select('id', 'version', 'key_version', 'created_by', 'created_at')

    return ctx.view.render('pages/secrets/versions', { secret, versions, revealed: null })
  }

  #reveal(ctx: HttpContext, secret: Secret, purpose: RevealPurpose, version?: number) {
    return this.reveals.reveal({
      actor: ctx.auth.getUserOrFail(),
      secret,
      purpose,
      version: Number.isInteger(version) ? version : undefined,
      meta: ctx.accessMeta,
      logger: ctx.logger,
    })
  }

  /**
   * Whether the value may be read now. Someone the policy refuses is not asked for a
   * password: the read path refuses them and records the attempt.
   */
  async #confirm(
    ctx: HttpContext,
    secret: Secret,
    check: 'reveal' | 'readVersions'
  ): Promise<'ok' | 'ask' | 'failed' | 'throttled'> {
    const decision = await decide(ctx.auth.getUserOrFail(), secret, check)
    if (!decision.allowed || isConfirmed(ctx)) {
      return 'ok'
    }
    const password = ctx.request.input('password')
    if (typeof password !== 'string' || password === '') {
      return 'ask'
    }
    const outcome = await confirmPassword(ctx, this.audit, password)

    return outcome.status
  }

  #renderConfirm(
    ctx: HttpContext,
    secret: Secret,
    purpose: 'show' | 'version',
    gate: 'ask' | 'failed' | 'throttled'
  ) {
    ctx.response.status(gate === 'ask' ? 200 : gate === 'throttled' ? 429 : 422)
    return ctx.view.render('pages/secrets/confirm', {
      secret,
      purpose,
      version: ctx.params.version ?? null,
      error: gate === 'ask' ? null : gateMessage(gate),
    })
  }
}

function gateMessage(gate: 'ask' | 'failed' | 'throttled') {
  if (gate === 'throttled') {
    return 'Too many wrong passwords. Wait a few minutes, then try again.'
  }
  if (gate === 'failed') {
    return 'That password is not right.'
  }

  return 'Enter your password to continue.'
}
