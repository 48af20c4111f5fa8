import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { setTimeout as sleep } from 'node:timers/promises'
import SiemForwarder, { type ForwardReport } from '#services/siem_forwarder'

/**
 * Forwards every company's audit trail to its SIEM destinations. Runs until stopped (SIGINT or
 * SIGTERM end it after the pass under way), or one pass with --once, which exits 1 when a
 * destination failed. Run a single forwarder: a second one is harmless, since the cursor only
 * moves forward, but may send some records twice.
 */
export default class AuditForward extends BaseCommand {
  static commandName = 'vault:audit:forward'
  static description = 'Forward audit records to the SIEM destinations (syslog, HTTPS)'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Run one pass and exit' })
  declare once: boolean

  @flags.number({ description: 'Seconds between passes', default: 5 })
  declare interval: number

  @flags.number({ description: 'Records per delivery', default: 500 })
  declare batchSize: number

  async run() {
    const problem = this.#badFlag()
    if (problem) {
      this.logger.error(problem)
      this.exitCode = 1
      return
    }
    const forwarder = new SiemForwarder({ batchSize: this.batchSize })
    if (this.once) {
      const reports = await forwarder.forwardAll()
      reports.forEach((report) => this.#print(report, true))
      this.exitCode = reports.some((report) => report.error) ? 1 : 0
      return
    }
    await this.#loop(forwarder)
  }

  async #loop(forwarder: SiemForwarder) {
    const stop = new AbortController()
    const onSignal = () => stop.abort()
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    this.logger.info(`forwarding audit records every ${this.interval} s; stop with Ctrl+C`)
    while (!stop.signal.aborted) {
      try {
        const reports = await forwarder.forwardAll()
        reports.forEach((report) => this.#print(report, false))
      } catch (error) {
        this.logger.error(`pass failed: ${(error as Error).message}`)
      }
      await sleep(this.interval * 1000, null, { signal: stop.signal }).catch(() => {})
    }
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }

  #badFlag() {
    if (!Number.isInteger(this.interval) || this.interval < 1 || this.interval > 3600) {
      return '--interval must be a whole number of seconds from 1 to 3600'
    }
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1 || this.batchSize > 5000) {
      return '--batch-size must be a whole number from 1 to 5000'
    }

    return null
  }

  #print(report: ForwardReport, always: boolean) {
    const name = `destination ${report.destinationId} "${report.name}"`
    if (report.error) {
      const progress = `${report.sent} record(s) sent, through record ${report.deliveredThrough}`
      this.logger.error(`${name}: ${report.error} (${progress}); will retry`)
    } else if (report.sent > 0 || always) {
      this.logger.info(
        `${name}: ${report.sent} record(s) sent, through record ${report.deliveredThrough}`
      )
    }
  }
}
