import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import vaultConfig from '#config/vault'
import User from '#models/user'
import Secret from '#models/secret'
import AuditLog, { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditFilters } from '#services/audit_log'
import { authorizeSecret } from '#services/secret_access'
import { findCompanySecret } from '#services/secret_finder'
import { auditFilterValidator } from '#validators/audit'

/** The company audit page (admins) and the audit tab of one secret (its owner and admins). */
@inject()
export default class AuditController {
  constructor(private audit: AuditLog) {}

  async index(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const filters = await auditFilterValidator.validate(ctx.request.qs())
    const page = await this.audit.page(
      user.companyId,
      toAuditFilters(filters, user.timeZone),
      vaultConfig.auditPageSize
    )

    return ctx.view.render('pages/audit/index', {
      page,
      filters: ctx.request.qs(),
      ...(await this.#choices(user)),
    })
  }

  async secret(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const secret = await findCompanySecret(user, ctx.params.id)
    await authorizeSecret(ctx, secret, 'viewAudit')
    const filters = await auditFilterValidator.validate(ctx.request.qs())
    const page = await this.audit.page(
      user.companyId,
      { ...toAuditFilters(filters, user.timeZone), secretId: secret.id },
      vaultConfig.auditPageSize
    )

    return ctx.view.render('pages/secrets/audit', {
      secret,
      page,
      filters: ctx.request.qs(),
      ...(await this.#choices(user)),
    })
  }

  async #choices(user: User) {
    const [people, secrets] = await Promise.all([
      User.query().where('company_id', user.companyId).orderBy('full_name'),
      Secret.query().where('company_id', user.companyId).orderBy('name').select('id', 'name'),
    ])

    return { people, secrets, actions: AUDIT_ACTIONS, outcomes: AUDIT_OUTCOMES }
  }
}

type ValidFilters = Awaited<ReturnType<typeof auditFilterValidator.validate>>

/** Date filters are whole days in the viewer's zone: `to` includes its own day. */
function toAuditFilters(filters: ValidFilters, zone: string): AuditFilters {
  const day = (date: Date) =>
    DateTime.fromISO(DateTime.fromJSDate(date, { zone: 'utc' }).toISODate()!, { zone })

  return {
    actorId: filters.person,
    secretId: filters.secret,
    action: filters.action,
    outcome: filters.outcome,
    from: filters.from ? day(filters.from) : undefined,
    to: filters.to ? day(filters.to).plus({ days: 1 }) : undefined,
    before: filters.before,
  }
}
