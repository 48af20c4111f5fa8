import hash from '@adonisjs/core/services/hash'
import type { HttpContext } from '@adonisjs/core/http'
import vaultConfig from '#config/vault'
import type AuditLog from '#services/audit_log'
import { actorOf } from '#services/audit_log'
import { throttledCheck } from '#start/limiter'

const SESSION_KEY = 'vault.confirmedAt'

/**
 * The short window during which a person who re-entered their password may Show and Copy
 * without being asked again. The time lives in the session, so any process can check it.
 */
export function isConfirmed(ctx: HttpContext) {
  const confirmedAt = Number(ctx.session.get(SESSION_KEY, 0))

  return Date.now() - confirmedAt < vaultConfig.confirmWindowSeconds * 1000
}

/**
 * Checks a re-entered password and opens the window. A wrong password is audited and
 * counts against the same throttle as failed logins.
 */
export async function confirmPassword(ctx: HttpContext, audit: AuditLog, password: string) {
  const user = ctx.auth.getUserOrFail()
  const outcome = await throttledCheck(`confirm_${user.id}`, async () => {
    if (!(await hash.verify(user.password, password))) {
      throw new Error('wrong password')
    }
  })
  if (outcome.status === 'ok') {
    ctx.session.put(SESSION_KEY, Date.now())
    return outcome
  }
  await audit.record({
    companyId: user.companyId,
    actor: actorOf(user),
    action: 'auth.confirm_failed',
    outcome: 'denied',
    reason: outcome.status === 'throttled' ? 'throttled' : 'wrong_password',
    meta: ctx.accessMeta,
  })

  return outcome
}
