import { inject } from '@adonisjs/core'
import { localDayRange } from '#services/db_time'
import type { HttpContext } from '@adonisjs/core/http'
import AccessReport, { type AccessRow } from '#services/access_report'
import { WEEKDAYS, readsChart, weekHourGrid } from '#services/access_pictures'
import AuditLog, { actorOf } from '#services/audit_log'
import { tableAsText } from '#services/audit_export'
import { authorizeSecret } from '#services/secret_access'
import { findCompanyPerson, findCompanySecret } from '#services/secret_finder'
import { periodValidator, reportFormatValidator } from '#validators/audit'

/**
 * Access reports: what one person read, per secret (admins), and who read one secret, per
 * person (its owner and admins), over a period.
 */
@inject()
export default class AccessReportsController {
  constructor(
    private reports: AccessReport,
    private audit: AuditLog
  ) {}

  async person(ctx: HttpContext) {
    const viewer = ctx.auth.getUserOrFail()
    const person = await findCompanyPerson(viewer, ctx.params.id)
    const period = await this.#period(ctx, viewer.timeZone)
    const rows = await this.reports.forPerson(viewer.companyId, person.id, period)
    if (ctx.request.qs().format !== undefined) {
      return this.#download(ctx, `person-${person.id}`, rows, 'secret')
    }

    const hourly = await this.reports.readsPerHour(viewer.companyId, { actorId: person.id }, period)

    return ctx.view.render('pages/reports/person', {
      person,
      rows,
      heatmap: weekHourGrid(hourly, person.timeZone),
      weekdays: WEEKDAYS,
      filters: ctx.request.qs(),
    })
  }

  async secret(ctx: HttpContext) {
    const viewer = ctx.auth.getUserOrFail()
    const secret = await findCompanySecret(viewer, ctx.params.id)
    await authorizeSecret(ctx, secret, 'viewAudit')
    const period = await this.#period(ctx, viewer.timeZone)
    const rows = await this.reports.forSecret(viewer.companyId, secret.id, period)
    if (ctx.request.qs().format !== undefined) {
      return this.#download(ctx, `secret-${secret.id}`, rows, 'person', secret)
    }

    const hourly = await this.reports.readsPerHour(
      viewer.companyId,
      { secretId: secret.id },
      period
    )

    return ctx.view.render('pages/reports/secret', {
      secret,
      rows,
      chart: readsChart(hourly, period, viewer.timeZone),
      filters: ctx.request.qs(),
    })
  }

  /** The report as a file, CSV or JSON Lines; the download is audited like any export. */
  async #download(
    ctx: HttpContext,
    name: string,
    rows: AccessRow[],
    subject: 'secret' | 'person',
    secret?: { id: string; name: string }
  ) {
    const user = ctx.auth.getUserOrFail()
    const { format } = await reportFormatValidator.validate(ctx.request.qs())
    await this.audit.record({
      companyId: user.companyId,
      actor: actorOf(user),
      secret: secret ?? null,
      action: 'audit.exported',
      outcome: 'success',
      meta: ctx.accessMeta,
      details: { report: name, format },
    })
    const table = rows.map((row) => ({
      [subject]: row.label,
      id: row.key,
      shown: row.shown,
      copied: row.copied,
      used: row.used,
      versions_read: row.versionsRead,
      first: row.first.toISO(),
      last: row.last.toISO(),
      ...(row.knowsCurrentValue === undefined
        ? {}
        : { knows_current_value: row.knowsCurrentValue }),
    }))
    const columns = reportColumns(subject)

    ctx.response.header(
      'Content-Type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson'
    )
    ctx.response.header('Content-Disposition', `attachment; filename="access-${name}.${format}"`)
    ctx.response.header('Cache-Control', 'no-store')
    return tableAsText(columns, table, format)
  }

  /** Whole days in the viewer's zone; `to` includes its own day. */
  async #period(ctx: HttpContext, zone: string) {
    const { from, to } = await periodValidator.validate(ctx.request.qs())

    return localDayRange(from, to, zone)
  }
}

/** The columns of a report file; a person's report also says which current values they know. */
function reportColumns(subject: 'secret' | 'person') {
  const counts = ['id', 'shown', 'copied', 'used', 'versions_read', 'first', 'last']

  return subject === 'secret' ? [subject, ...counts, 'knows_current_value'] : [subject, ...counts]
}
