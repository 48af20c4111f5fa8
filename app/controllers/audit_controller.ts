import { inject } from '@adonisjs/core'
import { fromDb, localDayRange } from '#services/db_time'
import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import vaultConfig from '#config/vault'
import type User from '#models/user'
import AuditLog, {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  actorOf,
  type AuditFilters,
} from '#services/audit_log'
import { authorizeSecret } from '#services/secret_access'
import { findCompanySecret } from '#services/secret_finder'
import { auditExportValidator, auditFilterValidator } from '#validators/audit'
import { exportRecords } from '#services/audit_export'

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

    const check = await db.from('audit_verifications').where('company_id', user.companyId).first()

    return ctx.view.render('pages/audit/index', {
      page,
      check: check ? verificationSummary(check) : null,
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

  /**
   * The current filter of the company audit page, or of one secret's tab, as a streamed
   * download. The export itself is audited, with its filter, before the first byte leaves.
   */
  async export(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const input = await auditExportValidator.validate(ctx.request.qs())
    const filters = toAuditFilters(input, user.timeZone)
    if (ctx.params.id) {
      const secret = await findCompanySecret(user, ctx.params.id)
      await authorizeSecret(ctx, secret, 'viewAudit')
      filters.secretId = secret.id
    } else if (!user.isAdmin) {
      return ctx.response.notFound('Not found')
    }
    // The export covers what was recorded before it, not its own record.
    const { id } = await this.#recordExport(ctx, input.format, filters)
    filters.before = id

    const stamp = DateTime.utc().toFormat("yyyyLLdd'T'HHmmss")
    ctx.response.header('Content-Type', EXPORT_TYPES[input.format])
    ctx.response.header(
      'Content-Disposition',
      `attachment; filename="audit-${stamp}.${input.format}"`
    )
    ctx.response.header('Cache-Control', 'no-store')
    return ctx.response.stream(exportRecords(user.companyId, filters, input.format))
  }

  async #recordExport(ctx: HttpContext, format: string, filters: AuditFilters) {
    const user = ctx.auth.getUserOrFail()
    return this.audit.record({
      companyId: user.companyId,
      actor: actorOf(user),
      secret: filters.secretId ? { id: filters.secretId, name: null } : null,
      action: 'audit.exported',
      outcome: 'success',
      meta: ctx.accessMeta,
      details: {
        format,
        person: filters.actorId ?? null,
        action: filters.action ?? null,
        outcome: filters.outcome ?? null,
        from: filters.from?.toISO() ?? null,
        to: filters.to?.toISO() ?? null,
      },
    })
  }

  /**
   * The filter's choices. Plain rows rather than models: a company of thousands of people
   * and secrets would otherwise spend most of the page's time building model instances.
   */
  async #choices(user: User) {
    const [people, secrets] = await Promise.all([
      db
        .from('users')
        .where('company_id', user.companyId)
        .orderBy('full_name')
        .select('id', 'full_name as fullName'),
      db.from('secrets').where('company_id', user.companyId).orderBy('name').select('id', 'name'),
    ])

    return { people, secrets, actions: AUDIT_ACTIONS, outcomes: AUDIT_OUTCOMES }
  }
}

/** The last tamper-evidence check, as the audit page states it. */
function verificationSummary(check: {
  last_success_at: Date | string | null
  last_run_at: Date | string
  problems: number
}) {
  return {
    lastSuccess: check.last_success_at === null ? null : fromDb(check.last_success_at),
    lastRun: fromDb(check.last_run_at),
    problems: Number(check.problems),
  }
}

type ValidFilters = Omit<Awaited<ReturnType<typeof auditFilterValidator.validate>>, 'before'> & {
  before?: number
}

const EXPORT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson' }

/** Date filters are whole days in the viewer's zone: `to` includes its own day. */
function toAuditFilters(filters: ValidFilters, zone: string): AuditFilters {
  return {
    actorId: filters.person,
    secretId: filters.secret,
    action: filters.action,
    outcome: filters.outcome,
    ...localDayRange(filters.from, filters.to, zone),
    before: filters.before,
  }
}
