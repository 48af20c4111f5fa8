import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import Company from '#models/company'
import AuditLog, { actorOf } from '#services/audit_log'
import { companySettings } from '#services/anomaly_monitor'
import { SIGNAL_NAMES } from '#anomaly/signal_names'
import { THRESHOLD_RANGE } from '#anomaly/detector'
import { anomalySettingsValidator } from '#validators/anomaly'

const SIGNAL_LABELS: Record<(typeof SIGNAL_NAMES)[number], string> = {
  off_hours: 'Off hours: reads outside the person’s usual hours',
  new_country: 'New country: an address in a country never seen for the person',
  new_device: 'New device: a browser or device never seen for the person',
  burst: 'Burst: many distinct secrets read in a short time',
  first_touch: 'First touch: a secret the person never read, rarely read by peers',
  secret_pattern: 'Secret pattern: a sudden rise in a secret’s readers or reads',
  repeated_denials: 'Repeated denials: several refused attempts',
  suite_idle: 'Suite idle: no activity elsewhere in the suite weighs reads up',
  hr_status: 'HR status: notice, leave or termination weighs reads up',
}

/** The company's detector settings: the alert threshold and which signals count. */
@inject()
export default class AnomalySettingsController {
  constructor(private audit: AuditLog) {}

  async edit({ view, auth }: HttpContext) {
    const settings = await companySettings(auth.getUserOrFail().companyId)

    return view.render('pages/alerts/settings', {
      threshold: settings.threshold,
      enabled: settings.signals,
      signals: SIGNAL_NAMES.map((name) => ({ name, label: SIGNAL_LABELS[name] })),
      range: THRESHOLD_RANGE,
    })
  }

  async update(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const { threshold, signals = [] } = await anomalySettingsValidator.validate(ctx.request.all())
    const disabled = SIGNAL_NAMES.filter((name) => !signals.includes(name))
    const company = await Company.findOrFail(user.companyId)
    company.merge({ anomalyThreshold: threshold, anomalyDisabledSignals: JSON.stringify(disabled) })
    await company.save()
    await this.audit.record({
      companyId: user.companyId,
      actor: actorOf(user),
      action: 'settings.anomaly_changed',
      outcome: 'success',
      meta: ctx.accessMeta,
      details: { threshold, disabled: disabled.join(',') },
    })

    ctx.session.flash('success', 'Detector settings saved.')
    return ctx.response.redirect().toRoute('anomaly_settings.edit')
  }
}
