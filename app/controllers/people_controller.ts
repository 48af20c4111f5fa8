import { inject } from '@adonisjs/core'
import { startOfLocalDay } from '#services/db_time'
import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import Offboarding from '#services/offboarding'
import { findCompanyPerson } from '#services/secret_finder'
import { endAccessValidator } from '#validators/people'

/** Admins' list of the company's people, where a departing person's access is ended. */
@inject()
export default class PeopleController {
  constructor(private offboarding: Offboarding) {}

  async index({ view, auth }: HttpContext) {
    const people = await User.query()
      .where('company_id', auth.getUserOrFail().companyId)
      .orderBy('full_name')

    return view.render('pages/people/index', { people })
  }

  /** Ends access now, or at the start of the chosen day in the admin's time zone. */
  async endAccess(ctx: HttpContext) {
    const admin = ctx.auth.getUserOrFail()
    const person = await findCompanyPerson(admin, ctx.params.id)
    const { on } = await endAccessValidator.validate(ctx.request.all())
    const day = on ? startOfLocalDay(on, admin.timeZone) : null
    await this.offboarding.endAccess(admin, person, day?.toUTC() ?? null, ctx.accessMeta)

    const when = person.accessEnded ? 'now' : `on ${day!.toISODate()}`
    ctx.session.flash('success', `${person.fullName}'s access ends ${when}.`)
    return ctx.response.redirect().toRoute('people.index')
  }
}
