import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import { toDb } from '#services/db_time'
import { Detector, DEFAULT_THRESHOLD } from '#anomaly/detector'
import { baselineKeys } from '#anomaly/baselines'
import { SIGNAL_NAMES, type SignalName } from '#anomaly/signal_names'
import DatabaseBaselineStore from '#services/anomaly_store'
import type { AccessAction, AccessEvent } from '#anomaly/events'
import type { ContextSource } from '#anomaly/context_source'
import type { AccessObserver, ObservedAccess } from '#contracts/access_observer'
import type { AuditAction } from '#services/audit_log'

const ACTIONS: Partial<Record<AuditAction, AccessAction>> = {
  'value.shown': 'reveal',
  'value.copied': 'copy',
  'value.used': 'use',
  'version.read': 'reveal',
}

/** What an alert says to whoever receives it: never a value, only ids and sentences. */
export interface AlertNotice {
  alertId: number
  companyId: string
  userId: number
  secretId: string
  score: number
  reasons: { signal: string; detail: string }[]
}

/** Where anomaly alerts go besides the Alerts page: the suite's notification center. */
export interface AlertSink {
  deliver(notice: AlertNotice): void | Promise<void>
}

/**
 * Scores every access after its audit record is written, with the company's threshold and
 * signal switches, and stores an alert when the score reaches the threshold. Accesses of one
 * company are scored one after another in this process, so their shared baselines are not
 * overwritten by a concurrent update; across processes an update can still be lost now and
 * then, which only blurs counts slightly.
 */
export default class AnomalyMonitor implements AccessObserver {
  #queues = new Map<string, Promise<unknown>>()
  #waiting = new Map<string, number>()
  #sinks: AlertSink[] = []

  /**
   * Accesses of one company waiting to be scored in this process. Past it, new accesses are
   * not scored (and a warning says so) rather than letting memory grow without bound when
   * reads arrive faster than scoring keeps up; their audit records are written all the same.
   */
  static MAX_WAITING = 2000

  constructor(private context: ContextSource) {}

  /** Adds a destination for alerts (the suite's notification center). */
  addSink(sink: AlertSink) {
    this.#sinks.push(sink)
  }

  observe(access: ObservedAccess) {
    const event = toEvent(access)
    const company = access.companyId
    if (!event) {
      return
    }
    const waiting = this.#waiting.get(company) ?? 0
    if (waiting >= AnomalyMonitor.MAX_WAITING) {
      logger.warn({ auditId: access.auditId, companyId: company }, 'scoring behind; access skipped')
      return
    }
    this.#waiting.set(company, waiting + 1)
    const previous = this.#queues.get(company) ?? Promise.resolve()
    const settled = previous
      .then(() => this.#assess(access, event))
      .catch((err) => logger.error({ err, auditId: access.auditId }, 'scoring failed'))
      .finally(() => this.#done(company, settled))
    this.#queues.set(company, settled)
  }

  #done(company: string, settled: Promise<unknown>) {
    const waiting = (this.#waiting.get(company) ?? 1) - 1
    if (waiting > 0) {
      this.#waiting.set(company, waiting)
    } else {
      this.#waiting.delete(company)
    }
    if (this.#queues.get(company) === settled) {
      this.#queues.delete(company)
    }
  }

  /** Resolves once every access observed so far has been scored (tests, shutdown). */
  async settled() {
    while (this.#queues.size > 0) {
      await Promise.all(this.#queues.values())
    }
  }

  async #assess(access: ObservedAccess, event: AccessEvent) {
    const settings = await companySettings(access.companyId)
    const person = await this.context.contextFor(event.company, event.user, event.at)
    const keys = [
      baselineKeys.person(event.company, event.user),
      baselineKeys.secret(event.company, event.secret),
      baselineKeys.company(event.company),
      ...(person.department ? [baselineKeys.department(event.company, person.department)] : []),
    ]
    const store = await DatabaseBaselineStore.load(access.companyId, keys)
    const detector = new Detector({ store, context: this.context, ...settings })
    const assessment = await detector.assess(event)
    await store.flush()
    if (assessment.alert) {
      await this.#raise(access, assessment.score, assessment.reasons)
    }
  }

  async #raise(
    access: ObservedAccess,
    score: number,
    reasons: { signal: string; detail: string }[]
  ) {
    const explained = reasons.map(({ signal, detail }) => ({ signal, detail }))
    const now = toDb(DateTime.utc(), 'seconds')
    const [alertId] = await db.table('anomaly_alerts').insert({
      company_id: access.companyId,
      audit_event_id: access.auditId,
      user_id: access.userId,
      secret_id: access.secretId,
      secret_name: access.secretName,
      action: access.action,
      score: Math.round(score * 100) / 100,
      reasons: JSON.stringify(explained),
      status: 'open',
      occurred_at: toDb(DateTime.fromJSDate(access.at), 'seconds'),
      created_at: now,
    })
    const notice = { ...access, alertId: Number(alertId), score, reasons: explained }
    for (const sink of this.#sinks) {
      await sink.deliver(notice)
    }
  }
}

/** The company's threshold and enabled signals, as set on the Settings page. */
export async function companySettings(companyId: string) {
  const company = await db
    .from('companies')
    .where('id', companyId)
    .select('anomaly_threshold', 'anomaly_disabled_signals')
    .first()
  const disabled: string[] = company?.anomaly_disabled_signals
    ? JSON.parse(company.anomaly_disabled_signals)
    : []

  return {
    threshold: Number(company?.anomaly_threshold ?? DEFAULT_THRESHOLD),
    signals: SIGNAL_NAMES.filter((name) => !disabled.includes(name)) as SignalName[],
  }
}

function toEvent(access: ObservedAccess): AccessEvent | null {
  const action = access.outcome === 'denied' ? 'denied' : ACTIONS[access.action]
  if (!action || access.outcome === 'failure') {
    return null
  }

  return {
    type: 'access',
    at: access.at.getTime(),
    id: String(access.auditId),
    company: access.companyId,
    user: String(access.userId),
    secret: access.secretId,
    action,
    ip: access.meta.ip ?? '0.0.0.0',
    userAgent: access.meta.userAgent ?? '',
    device: access.meta.deviceId ?? undefined,
  }
}
