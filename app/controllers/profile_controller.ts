import type { HttpContext } from '@adonisjs/core/http'
import { TIME_ZONES, profileValidator } from '#validators/profile'

/** A person's own settings: the time zone every page shows times in. */
export default class ProfileController {
  async edit({ view, auth }: HttpContext) {
    const current = auth.getUserOrFail().timeZone
    const zones = TIME_ZONES.includes(current) ? TIME_ZONES : [current, ...TIME_ZONES]

    return view.render('pages/profile/edit', {
      zones: zones.map((zone) => ({ value: zone, label: zone })),
    })
  }

  async update({ request, auth, response, session }: HttpContext) {
    const user = auth.getUserOrFail()
    const { timeZone } = await request.validateUsing(profileValidator)
    user.timeZone = timeZone
    await user.save()

    session.flash('success', `Times are now shown in ${timeZone}.`)
    return response.redirect().toRoute('profile.edit')
  }
}
