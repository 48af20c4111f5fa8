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
import FilterChoices from '#services/filter_choices'

/** The company audit page (admins) and the audit tab of one secret (its owner and admins). */
@inject()
export default class AuditController {
  constructor(
    private audit: AuditLog,
    private choices: FilterChoices
  ) {}

  async index(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const input = await auditFilterValidator.validate(ctx.request.qs())
    const chosen = await this.#chosen(user, input)
    const page = await this.audit.page(
      user.companyId,
      toAuditFilters(input, chosen, user.timeZone),
      vaultConfig.auditPageSize
    )

    const check = await db.from('audit_verifications').where('company_id', user.companyId).first()

    return ctx.view.render('pages/audit/index', {
      page,
      check: check ? verificationSummary(check) : null,
      ...(await this.#form(ctx, chosen, { secrets: true })),
    })
  }

  async secret(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const secret = await findCompanySecret(user, ctx.params.id)
    await authorizeSecret(ctx, secret, 'viewAudit')
    const input = await auditFilterValidator.validate(ctx.request.qs())
    const chosen = { person: await this.choices.person(user.companyId, input.person), secret }
    const page = await this.audit.page(
      user.companyId,
      toAuditFilters(input, chosen, user.timeZone),
      vaultConfig.auditPageSize
    )

    return ctx.view.render('pages/secrets/audit', {
      secret,
      page,
      ...(await this.#form(ctx, chosen, { secrets: false })),
    })
  }

  /**
   * The current filter of the company audit page, or of one secret's tab, as a streamed
   * download. The export itself is audited, with its filter, before the first byte leaves.
   */
  async export(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const input = await auditExportValidator.validate(ctx.request.qs())
    // Who may export comes first: the filter's lookups answer only those who may read it.
    const secret = ctx.params.id ? await findCompanySecret(user, ctx.params.id) : null
    if (secret) {
      await authorizeSecret(ctx, secret, 'viewAudit')
    } else if (!user.isAdmin) {
      return ctx.response.notFound('Not found')
    }
    const chosen = await this.#chosen(user, secret ? { person: input.person } : input)
    const filters = toAuditFilters(input, secret ? { ...chosen, secret } : chosen, user.timeZone)
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

  /** The person and secret the filter names, each resolved within the company. */
  async #chosen(user: User, input: { person?: string; secret?: string }): Promise<Chosen> {
    const [person, secret] = await Promise.all([
      this.choices.person(user.companyId, input.person),
      this.choices.secret(user.companyId, input.secret),
    ])

    return { person, secret }
  }

  /**
   * What the filter form shows: the request's filters with the person and secret as ids (for
   * the pager and export links), the chosen ones as text, and suggestions while the company is
   * small. A large company's people and secrets are never listed in the page.
   */
  async #form(ctx: HttpContext, chosen: Chosen, show: { secrets: boolean }) {
    const companyId = ctx.auth.getUserOrFail().companyId
    const [people, secrets] = await Promise.all([
      this.choices.peopleSuggestions(companyId),
      show.secrets ? this.choices.secretSuggestions(companyId) : [],
    ])

    return {
      filters: {
        ...ctx.request.qs(),
        person: chosen.person?.id,
        secret: show.secrets ? chosen.secret?.id : undefined,
      },
      chosen: { person: chosen.person?.email ?? '', secret: chosen.secret?.name ?? '' },
      suggestions: { people, secrets },
      actions: AUDIT_ACTIONS,
      outcomes: AUDIT_OUTCOMES,
    }
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

interface Chosen {
  person: { id: number; email: string } | null
  secret: { id: string; name: string } | null
}

const EXPORT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson' }

/** Date filters are whole days in the viewer's zone: `to` includes its own day. */
function toAuditFilters(filters: ValidFilters, chosen: Chosen, zone: string): AuditFilters {
  return {
    actorId: chosen.person?.id,
    secretId: chosen.secret?.id,
    action: filters.action,
    outcome: filters.outcome,
    ...localDayRange(filters.from, filters.to, zone),
    before: filters.before,
  }
}
