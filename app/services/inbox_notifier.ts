import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { toDb } from '#services/db_time'
import type { Notice, Notifier } from '#contracts/notifier'

/** The built-in notifier: one row per recipient in the notifications table, read in the app. */
export default class InboxNotifier implements Notifier {
  async notify(notice: Notice) {
    if (notice.recipientIds.length === 0) {
      return
    }
    const createdAt = toDb(DateTime.utc(), 'seconds')
    await db.table('notifications').multiInsert(
      notice.recipientIds.map((userId) => ({
        user_id: userId,
        kind: notice.kind,
        title: notice.title.slice(0, 250),
        body: notice.body.slice(0, 1000),
        secret_id: notice.secretId ?? null,
        created_at: createdAt,
      }))
    )
  }
}
