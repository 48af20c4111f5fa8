import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import User from '#models/user'
import IntegrationTokens from '#services/integration_tokens'
import RevealService, { RevealDeniedError } from '#services/reveal_service'
import AuditLog, { actorOf } from '#services/audit_log'
import { findCompanySecret } from '#services/secret_finder'

/**
 * `POST /api/v1/secrets/:id/use`: an integration reads a value with its token. The value
 * goes through the same read path as Show, audited as a programmatic use with the token's id.
 */
@inject()
export default class IntegrationUseController {
  constructor(
    private tokens: IntegrationTokens,
    private reveals: RevealService,
    private audit: AuditLog
  ) {}

  async use(ctx: HttpContext) {
    const token = await this.tokens.verify(ctx.request.header('authorization'))
    const owner = await User.findOrFail(token.userId)
    const secret = await findCompanySecret(owner, ctx.params.id)
    if (!token.scope.includes(secret.id)) {
      await this.#recordOutOfScope(ctx, owner, secret, token.id)
      throw new RevealDeniedError(true)
    }
    const meta = { ...ctx.accessMeta, deviceLabel: `integration token "${token.name}"` }
    const { value, version } = await this.reveals.reveal({
      actor: owner,
      secret,
      purpose: 'use',
      meta,
      logger: ctx.logger,
    })
    token.lastUsedAt = DateTime.utc()
    await token.save()

    ctx.response.header('Cache-Control', 'no-store')
    return { id: secret.id, name: secret.name, version, value }
  }

  async #recordOutOfScope(
    ctx: HttpContext,
    owner: User,
    secret: { id: string; name: string },
    tokenId: number
  ) {
    await this.audit.record({
      companyId: owner.companyId,
      actor: actorOf(owner),
      secret: { id: secret.id, name: secret.name },
      action: 'value.used',
      outcome: 'denied',
      reason: 'outside_token_scope',
      meta: ctx.accessMeta,
      details: { tokenId },
    })
  }
}
