import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import db from '@adonisjs/lucid/services/db'
import AuditSeals from '#services/audit_seals'

/**
 * Seals every company's new audit records (run it from cron, every minute or so). Records are
 * MACed as they are written; a seal also proves which records a range holds.
 */
export default class AuditSeal extends BaseCommand {
  static commandName = 'vault:audit:seal'
  static description = 'Seal new audit records of every company'
  static options: CommandOptions = { startApp: true }

  async run() {
    const seals = await this.app.container.make(AuditSeals)
    const companies = await db.from('companies').select('id', 'name')
    for (const company of companies) {
      const sealed = await seals.seal(company.id)
      this.logger.info(`${company.name}: ${sealed} record(s) sealed`)
    }
  }
}
