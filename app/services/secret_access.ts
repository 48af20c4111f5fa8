import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import SecretPolicy, { decide, type SecretAction } from '#policies/secret_policy'
import AuditLog, { actorOf } from '#services/audit_log'
import type Secret from '#models/secret'

/**
 * Checks an action on a secret with its Bouncer policy. A refusal is written to the audit
 * trail with its reason before the request is answered, so no denied attempt goes unseen.
 */
export async function authorizeSecret(ctx: HttpContext, secret: Secret, action: SecretAction) {
  const user = ctx.auth.getUserOrFail()
  const decision = await decide(user, secret, action)
  if (!decision.allowed) {
    const audit = await app.container.make(AuditLog)
    await audit.record({
      companyId: user.companyId,
      actor: actorOf(user),
      secret: { id: secret.id, name: secret.name },
      action: 'secret.access_denied',
      outcome: 'denied',
      reason: decision.reason,
      meta: ctx.accessMeta,
      details: { attempted: action },
    })
  }

  await ctx.bouncer.with(SecretPolicy).authorize(action, secret)
}
