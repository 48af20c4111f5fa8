/*
 * Routes that exist only for `npm run bench`, and only when the server starts with
 * VAULT_BENCH_ROUTES=true. Without the flag this file registers nothing.
 *
 * POST /bench/audit-insert/:id is the benchmark's yardstick. Behind the same middleware as
 * Show, it writes one audit record of the size a Copy writes, through the same AuditLog, and
 * does nothing else: no secret lookup, no policy, no decryption. A failed insert answers an
 * error, as it would for Show. Show's rate divided by this route's rate says what the read
 * path costs beyond its one durable insert.
 */
import env from '#start/env'

if (env.get('VAULT_BENCH_ROUTES') === true) {
  const { default: router } = await import('@adonisjs/core/services/router')
  const { default: app } = await import('@adonisjs/core/services/app')
  const { middleware } = await import('#start/kernel')
  const { default: AuditLog } = await import('#services/audit_log')
  const audit = await app.container.make(AuditLog)

  router
    .post('bench/audit-insert/:id', async (ctx) => {
      const user = ctx.auth.getUserOrFail()
      await audit.record({
        companyId: user.companyId,
        actor: { id: user.id, email: user.email },
        secret: { id: ctx.params.id, name: 'bench bare insert' },
        action: 'value.copied',
        outcome: 'success',
        reason: 'bench_bare_insert',
        version: 1,
        meta: ctx.accessMeta,
      })

      return { recorded: true }
    })
    .where('id', router.matchers.uuid())
    .use(middleware.auth())
    .as('bench.auditInsert')
}
