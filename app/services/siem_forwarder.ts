import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import AuditEvent from '#models/audit_event'
import SiemDestination from '#models/siem_destination'
import { exportFields } from '#services/audit_export'
import { SETTLE_SECONDS } from '#services/audit_seals'
import { toDb } from '#services/db_time'
import { describeFailure, sendHttps, sendSyslog, syslogFrame } from '#services/siem_transports'

/** What one destination got in one pass. */
export interface ForwardReport {
  destinationId: number
  companyId: string
  name: string
  sent: number
  deliveredThrough: number
  error: string | null
}

export interface ForwarderOptions {
  /** Records per delivery: one TCP connection or one HTTP request. */
  batchSize?: number
  /** How long a receiver may take to acknowledge one batch. */
  timeoutMs?: number
  /** Records younger than this wait: a slower transaction may still commit a lower id. */
  settleSeconds?: number
  /** The first retry waits this long; each failure doubles it, up to `maxBackoffSeconds`. */
  backoffSeconds?: number
  maxBackoffSeconds?: number
}

const DEFAULTS: Required<ForwarderOptions> = {
  batchSize: 500,
  timeoutMs: 10_000,
  settleSeconds: SETTLE_SECONDS,
  backoffSeconds: 5,
  maxBackoffSeconds: 300,
}

/**
 * Forwards each company's audit trail to its SIEM destinations, in id order, at least once.
 * A destination's cursor moves only after its receiver acknowledged a batch, so a crash or a
 * failure re-sends that batch (receivers deduplicate by `id`) and never skips a record.
 * Destinations are served side by side: a slow or failing one delays no other, and accesses
 * never wait on any (the forwarder runs in its own process and only reads the trail).
 */
export default class SiemForwarder {
  #options: Required<ForwarderOptions>

  constructor(options: ForwarderOptions = {}) {
    this.#options = { ...DEFAULTS, ...options }
  }

  /** One pass over every enabled destination whose retry time has come. */
  async forwardAll(): Promise<ForwardReport[]> {
    const now = toDb(DateTime.utc())
    const destinations = await SiemDestination.query()
      .where('enabled', true)
      .where((query) => query.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now))
      .orderBy('id')

    return Promise.all(destinations.map((destination) => this.forward(destination)))
  }

  /**
   * Sends a destination's settled records until it is caught up or a batch fails. A failed
   * delivery does not throw: it is recorded on the destination and scheduled for a retry.
   */
  async forward(destination: SiemDestination): Promise<ForwardReport> {
    const report: ForwardReport = {
      destinationId: destination.id,
      companyId: destination.companyId,
      name: destination.name,
      sent: 0,
      deliveredThrough: destination.deliveredThrough,
      error: null,
    }
    try {
      await this.#drain(destination, report)
    } catch (error) {
      report.error = describeFailure(error)
      await this.#recordFailure(destination, report)
    }

    return report
  }

  async #drain(destination: SiemDestination, report: ForwardReport) {
    while (true) {
      const batch = await this.#nextBatch(destination.companyId, report.deliveredThrough)
      if (batch.length === 0) {
        return
      }
      await this.#send(destination, batch)
      const through = batch[batch.length - 1].id
      if (!(await this.#advance(destination, report.deliveredThrough, through))) {
        return
      }
      report.sent += batch.length
      report.deliveredThrough = through
    }
  }

  /**
   * The next records after the cursor, in id order, cut at the first one still inside the
   * settle window: a record is never passed over because a neighbour was read first.
   */
  async #nextBatch(companyId: string, after: number) {
    const settled = DateTime.utc().minus({ seconds: this.#options.settleSeconds })
    const rows = await AuditEvent.query()
      .where('company_id', companyId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(this.#options.batchSize)
    const young = rows.findIndex((row) => row.occurredAt >= settled)

    return young === -1 ? rows : rows.slice(0, young)
  }

  async #send(destination: SiemDestination, batch: AuditEvent[]) {
    const fields = batch.map((event) => exportFields(event))
    if (destination.kind === 'https') {
      const lines = fields.map((record) => `${JSON.stringify(record)}\n`)
      await sendHttps(destination.url!, destination.token(), lines, this.#options.timeoutMs)
      return
    }
    const target = { host: destination.host!, port: destination.port!, tls: destination.tls }
    await sendSyslog(target, fields.map(syslogFrame), this.#options.timeoutMs)
  }

  /**
   * Moves the cursor from what this forwarder read to the last acknowledged id. The update
   * is conditional: if another forwarder moved it meanwhile, this one stops for the pass.
   */
  async #advance(destination: SiemDestination, from: number, through: number) {
    const updated = await db
      .from('siem_destinations')
      .where('id', destination.id)
      .where('delivered_through', from)
      .update({
        delivered_through: through,
        last_success_at: toDb(DateTime.utc()),
        last_error: null,
        consecutive_failures: 0,
        next_attempt_at: null,
      })

    return Number(updated) === 1
  }

  /** Schedules the retry: the wait doubles with each failure in a row, up to the cap. */
  async #recordFailure(destination: SiemDestination, report: ForwardReport) {
    // A batch delivered earlier in this pass already reset the count.
    const failures = report.sent > 0 ? 1 : destination.consecutiveFailures + 1
    const { backoffSeconds, maxBackoffSeconds } = this.#options
    const wait = Math.min(backoffSeconds * 2 ** (failures - 1), maxBackoffSeconds)
    await db
      .from('siem_destinations')
      .where('id', destination.id)
      .update({
        last_error: report.error!.slice(0, 500),
        consecutive_failures: failures,
        next_attempt_at: toDb(DateTime.utc().plus({ seconds: wait })),
      })
  }
}
