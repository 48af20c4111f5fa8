import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import vaultConfig from '#config/vault'
import AuditSeals from '#services/audit_seals'
import AuditLog from '#services/audit_log'

/**
 * Applies the audit retention period (VAULT_AUDIT_RETENTION_DAYS): removes records older than
 * it, whole sealed ranges at a time, and records the purge in the trail. With no retention
 * configured the trail is kept forever and the command says so.
 */
export default class AuditPurge extends BaseCommand {
  static commandName = 'vault:audit:purge'
  static description = 'Remove audit records older than the retention period'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Retention in days (default: VAULT_AUDIT_RETENTION_DAYS)' })
  declare days?: number

  async run() {
    const days = this.days ?? vaultConfig.auditRetentionDays
    if (days === undefined) {
      this.logger.info('no retention period is set: the audit trail is kept forever')
      return
    }
    if (!Number.isInteger(days) || days < 1) {
      this.logger.error(
        `the retention period must be a whole number of days, 1 or more; got ${days}`
      )
      this.exitCode = 1
      return
    }
    await this.#purgeAll(DateTime.utc().minus({ days }), days)
  }

  async #purgeAll(before: DateTime, days: number) {
    const seals = await this.app.container.make(AuditSeals)
    const audit = await this.app.container.make(AuditLog)
    for (const company of await db.from('companies').select('id', 'name')) {
      const result = await seals.purge(company.id, before)
      await audit.record({
        companyId: company.id,
        action: 'audit.purged',
        outcome: 'success',
        meta: { ip: null, userAgent: null, deviceId: null, deviceLabel: 'Vault' },
        details: { retentionDays: days, seals: result.seals, records: result.records },
      })
      this.logger.info(
        `${company.name}: ${result.records} record(s) in ${result.seals} seal(s) purged`
      )
    }
  }
}
