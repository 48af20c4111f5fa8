import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import AnomalyAlert, { ALERT_STATUSES } from '#models/anomaly_alert'
import type User from '#models/user'
import AuditLog, { actorOf } from '#services/audit_log'
import FilterChoices from '#services/filter_choices'
import { baselineKeys } from '#anomaly/baselines'
import { hourPicture } from '#anomaly/hour_profile'
import { WEEKDAYS } from '#services/access_pictures'
import { alertFilterValidator, alertStatusValidator } from '#validators/anomaly'
import type { PersonBaseline } from '#anomaly/baselines'

const PAGE_SIZE = 50

/** The Alerts page for company admins: review, acknowledge and resolve what the detector raised. */
@inject()
export default class AlertsController {
  constructor(
    private audit: AuditLog,
    private choices: FilterChoices
  ) {}

  async index({ request, view, auth }: HttpContext) {
    const user = auth.getUserOrFail()
    const filters = await alertFilterValidator.validate(request.qs())
    const person = await this.choices.person(user.companyId, filters.person)
    const query = AnomalyAlert.query().where('company_id', user.companyId).preload('user')
    if (filters.status) {
      query.where('status', filters.status)
    }
    if (person) {
      query.where('user_id', person.id)
    }
    if (filters.before) {
      query.where('id', '<', filters.before)
    }
    const rows = await query.orderBy('id', 'desc').limit(PAGE_SIZE + 1)
    const alerts = rows.slice(0, PAGE_SIZE)
    const nextBefore = rows.length > PAGE_SIZE ? alerts[alerts.length - 1].id : null

    return view.render('pages/alerts/index', {
      alerts,
      nextBefore,
      statuses: ALERT_STATUSES,
      filters: { ...request.qs(), person: person?.id },
      chosen: { person: person?.email ?? '' },
      suggestions: { people: await this.choices.peopleSuggestions(user.companyId) },
    })
  }

  /** One alert: its reasons, the access, the person's recent audit and their usual hours. */
  async show({ params, view, auth }: HttpContext) {
    const user = auth.getUserOrFail()
    const alert = await companyAlert(user, params.id)
    await alert.load('user')
    const recent = await this.audit.page(user.companyId, { actorId: alert.userId }, 20)

    return view.render('pages/alerts/show', {
      alert,
      recent: recent.events,
      heatmap: await personHeatmap(user.companyId, alert.userId),
      weekdays: WEEKDAYS,
      statuses: ALERT_STATUSES,
    })
  }

  async update(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const alert = await companyAlert(user, ctx.params.id)
    const { status } = await alertStatusValidator.validate(ctx.request.all())

    await db.transaction(async (trx) => {
      alert.useTransaction(trx).merge({ status, handledBy: user.id, handledAt: DateTime.utc() })
      await alert.save()
      await this.audit.record(
        {
          companyId: user.companyId,
          actor: actorOf(user),
          secret: { id: alert.secretId, name: alert.secretName },
          action: 'alert.status_changed',
          outcome: 'success',
          meta: ctx.accessMeta,
          details: { alertId: alert.id, status },
        },
        trx
      )
    })

    ctx.session.flash('success', `Alert ${alert.id} is now ${status}.`)
    return ctx.response.redirect().toRoute('alerts.show', { id: alert.id })
  }
}

/** An alert of the viewer's company by id; anything else answers 404. */
function companyAlert(user: User, id: string) {
  return AnomalyAlert.query()
    .where('company_id', user.companyId)
    .where('id', Number(id) || 0)
    .firstOrFail()
}

/**
 * The person's usual hours as the detector learned them, as 7 rows of 24 levels (0 to 5) for
 * the heatmap, with the stretch of the day that holds most of their accesses.
 */
async function personHeatmap(companyId: string, userId: number) {
  const row = await db
    .from('anomaly_baselines')
    .where('key', baselineKeys.person(companyId, String(userId)))
    .select('state')
    .first()
  if (!row) {
    return null
  }
  const baseline = JSON.parse(row.state) as PersonBaseline
  const picture = hourPicture(baseline.hours)
  const peak = Math.max(...picture.heatmap.flat(), Number.EPSILON)
  const hour = (value: number) => {
    const whole = Math.floor(value) % 24
    return `${String(whole).padStart(2, '0')}:${String(Math.round((value % 1) * 60) % 60).padStart(2, '0')}`
  }

  return {
    rows: picture.heatmap.map((day) => day.map((share) => Math.ceil((share / peak) * 5))),
    usual: `${hour(picture.usual[0])} to ${hour(picture.usual[1])}`,
    accesses: baseline.accesses,
  }
}
