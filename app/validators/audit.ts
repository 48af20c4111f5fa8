import vine from '@vinejs/vine'
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '#services/audit_log'
import { EXPORT_FORMATS } from '#services/audit_export'
import { personFilter, secretFilter } from '#validators/rules'

/** Filters of the audit pages; dates are days in the viewer's time zone. */
export const auditFilterValidator = vine.create({
  person: personFilter(),
  secret: secretFilter(),
  action: vine.enum(AUDIT_ACTIONS).optional(),
  outcome: vine.enum(AUDIT_OUTCOMES).optional(),
  from: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  to: vine
    .date({ formats: ['YYYY-MM-DD'] })
    .afterOrSameAs('from')
    .optional(),
  before: vine.number().withoutDecimals().positive().optional(),
})

export const auditExportValidator = vine.create({
  format: vine.enum(EXPORT_FORMATS),
  person: personFilter(),
  secret: secretFilter(),
  action: vine.enum(AUDIT_ACTIONS).optional(),
  outcome: vine.enum(AUDIT_OUTCOMES).optional(),
  from: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  to: vine
    .date({ formats: ['YYYY-MM-DD'] })
    .afterOrSameAs('from')
    .optional(),
})

export const periodValidator = vine.create({
  from: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  to: vine
    .date({ formats: ['YYYY-MM-DD'] })
    .afterOrSameAs('from')
    .optional(),
})

export const reportFormatValidator = vine.create({
  format: vine.enum(EXPORT_FORMATS),
})
