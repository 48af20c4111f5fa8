import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { toDb } from '#services/db_time'
import Notification from '#models/notification'

/** The built-in inbox: a person's latest notices, newest first. */
export default class NotificationsController {
  async index({ view, auth }: HttpContext) {
    const notifications = await Notification.query()
      .where('user_id', auth.getUserOrFail().id)
      .orderBy('id', 'desc')
      .limit(100)

    return view.render('pages/notifications/index', { notifications })
  }

  async markRead({ auth, response }: HttpContext) {
    await Notification.query()
      .where('user_id', auth.getUserOrFail().id)
      .whereNull('read_at')
      .update({ read_at: toDb(DateTime.utc(), 'seconds') })

    return response.redirect().toRoute('notifications.index')
  }
}
