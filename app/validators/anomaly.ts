import vine from '@vinejs/vine'
import { ALERT_STATUSES } from '#models/anomaly_alert'
import { SIGNAL_NAMES } from '#anomaly/signal_names'
import { THRESHOLD_RANGE } from '#anomaly/detector'
import { personFilter } from '#validators/rules'

export const alertFilterValidator = vine.create({
  status: vine.enum(ALERT_STATUSES).optional(),
  person: personFilter(),
  before: vine.number().withoutDecimals().positive().optional(),
})

export const alertStatusValidator = vine.create({
  status: vine.enum(ALERT_STATUSES),
})

/** The threshold is a z-like score; outside 1 to 10 it either alerts on everything or never. */
export const anomalySettingsValidator = vine.create({
  threshold: vine.number().range([THRESHOLD_RANGE.min, THRESHOLD_RANGE.max]),
  signals: vine.array(vine.enum(SIGNAL_NAMES)).distinct().optional(),
})
