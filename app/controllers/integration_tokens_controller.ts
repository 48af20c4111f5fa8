import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import IntegrationToken from '#models/integration_token'
import IntegrationTokens from '#services/integration_tokens'
import { visibleSecrets } from '#services/secret_finder'
import { decide } from '#policies/secret_policy'
import { createTokenValidator } from '#validators/token'
import type User from '#models/user'

/**
 * A person's integration tokens: create one scoped to secrets they may use, see when each was
 * last used, revoke it. The token is shown once, on the page that creates it.
 */
@inject()
export default class IntegrationTokensController {
  constructor(private tokens: IntegrationTokens) {}

  async index({ view, auth }: HttpContext) {
    const user = auth.getUserOrFail()

    return view.render('pages/tokens/index', {
      tokens: await IntegrationToken.query().where('user_id', user.id).orderBy('id', 'desc'),
      usable: await usableSecrets(user),
      created: null,
    })
  }

  async store(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const data = await createTokenValidator.validate(ctx.request.all())
    const allowed = await usableSecrets(user)
    const usable = new Set(allowed.map((secret) => secret.id))
    const outside = data.secrets.findIndex((id) => !usable.has(id))
    if (outside !== -1) {
      return this.#refuseScope(ctx, outside)
    }
    const { token, plaintext } = await this.tokens.issue(user, data.name, data.secrets, data.days)

    ctx.response.header('Cache-Control', 'no-store')
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.created({ id: token.id, token: plaintext, expiresAt: token.expiresAt })
    }
    return ctx.view.render('pages/tokens/index', {
      tokens: await IntegrationToken.query().where('user_id', user.id).orderBy('id', 'desc'),
      usable: await usableSecrets(user),
      created: { name: token.name, plaintext },
    })
  }

  async destroy({ params, auth, response, session }: HttpContext) {
    const user = auth.getUserOrFail()
    const token = await IntegrationToken.query()
      .where('user_id', user.id)
      .where('id', Number(params.id) || 0)
      .firstOrFail()
    token.revokedAt = DateTime.utc()
    await token.save()

    session.flash('success', `Token "${token.name}" revoked.`)
    return response.redirect().toRoute('tokens.index')
  }

  #refuseScope(ctx: HttpContext, index: number) {
    const message = 'You may not use this secret from an integration'
    const field = `secrets.${index}`
    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.unprocessableEntity({ errors: [{ field, message, rule: 'scope' }] })
    }
    ctx.session.flash('error', message)
    return ctx.response.redirect().toRoute('tokens.index')
  }
}

/** Secrets the person may use programmatically: their own, `user` grants, and admins' all. */
async function usableSecrets(user: User) {
  const secrets = await visibleSecrets(user).orderBy('name')
  const decisions = await Promise.all(secrets.map((secret) => decide(user, secret, 'use')))

  return secrets.filter((_, index) => decisions[index].allowed)
}
