import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import User from '#models/user'
import AccessReport from '#services/access_report'
import { authorizeSecret } from '#services/secret_access'
import { findCompanySecret } from '#services/secret_finder'
import { periodValidator } from '#validators/audit'

/**
 * Access reports: what one person read, per secret (admins), and who read one secret, per
 * person (its owner and admins), over a period.
 */
@inject()
export default class AccessReportsController {
  constructor(private reports: AccessReport) {}

  async person(ctx: HttpContext) {
    const viewer = ctx.auth.getUserOrFail()
    const person = await User.query()
      .where('company_id', viewer.companyId)
      .where('id', Number(ctx.params.id) || 0)
      .firstOrFail()
    const period = await this.#period(ctx, viewer.timeZone)
    const rows = await this.reports.forPerson(viewer.companyId, person.id, period)

    return ctx.view.render('pages/reports/person', { person, rows, filters: ctx.request.qs() })
  }

  async secret(ctx: HttpContext) {
    const viewer = ctx.auth.getUserOrFail()
    const secret = await findCompanySecret(viewer, ctx.params.id)
    await authorizeSecret(ctx, secret, 'viewAudit')
    const period = await this.#period(ctx, viewer.timeZone)
    const rows = await this.reports.forSecret(viewer.companyId, secret.id, period)

    return ctx.view.render('pages/reports/secret', { secret, rows, filters: ctx.request.qs() })
  }

  /** Whole days in the viewer's zone; `to` includes its own day. */
  async #period(ctx: HttpContext, zone: string) {
    const { from, to } = await periodValidator.validate(ctx.request.qs())
    const day = (date: Date) =>
      DateTime.fromISO(DateTime.fromJSDate(date, { zone: 'utc' }).toISODate()!, { zone })

    return { from: from ? day(from) : undefined, to: to ? day(to).plus({ days: 1 }) : undefined }
  }
}
