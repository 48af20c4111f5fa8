import { AnomalyAlertSchema } from '#database/schema'
import { belongsTo } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const
export type AlertStatus = (typeof ALERT_STATUSES)[number]

/** An access the detector judged unusual, with the sentences that explain why. */
export default class AnomalyAlert extends AnomalyAlertSchema {
  declare status: AlertStatus

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  get reasonList(): { signal: string; detail: string }[] {
    return JSON.parse(this.reasons)
  }
}
