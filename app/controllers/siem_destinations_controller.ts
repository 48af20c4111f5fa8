import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import SiemDestinations from '#services/siem_destinations'
import { siemDestinationValidator } from '#validators/siem'

/** Admins' SIEM forwarding page: where the audit trail goes and how far it got. */
@inject()
export default class SiemDestinationsController {
  constructor(private destinations: SiemDestinations) {}

  async index({ view, auth }: HttpContext) {
    const rows = await this.destinations.list(auth.getUserOrFail().companyId)

    return view.render('pages/audit/siem', { rows, destination: null })
  }

  async store(ctx: HttpContext) {
    const admin = ctx.auth.getUserOrFail()
    const input = await siemDestinationValidator.validate(ctx.request.all())
    const destination = await this.destinations.create(admin, input, ctx.accessMeta)

    ctx.session.flash('success', `Destination "${destination.name}" saved.`)
    return ctx.response.redirect().toRoute('siem_destinations.index')
  }

  async edit({ view, auth, params }: HttpContext) {
    const destination = await this.destinations.find(auth.getUserOrFail(), params.id)

    return view.render('pages/audit/siem_edit', { destination })
  }

  async update(ctx: HttpContext) {
    const admin = ctx.auth.getUserOrFail()
    const destination = await this.destinations.find(admin, ctx.params.id)
    const input = await siemDestinationValidator.validate(ctx.request.all())
    await this.destinations.update(admin, destination, input, ctx.accessMeta)

    ctx.session.flash('success', `Destination "${destination.name}" saved.`)
    return ctx.response.redirect().toRoute('siem_destinations.index')
  }
}
