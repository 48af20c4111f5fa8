import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import SecretCipher from '#services/secret_cipher'
import DemoData, { DEMO_PASSWORD } from '#services/demo_data'
import AnomalyMonitor from '#services/anomaly_monitor'
import AuditEvidence from '#services/audit_evidence'

/** Fills an empty database with the demo company; does nothing when it is already there. */
export default class DemoSeed extends BaseCommand {
  static commandName = 'vault:demo:seed'
  static description = 'Create the demo company, people, secrets and four weeks of history'
  static options: CommandOptions = { startApp: true }

  async run() {
    const demo = new DemoData(
      await this.app.container.make(SecretCipher),
      await this.app.container.make(AuditEvidence),
      await this.app.container.make(AnomalyMonitor)
    )
    const created = await demo.seed()
    this.logger.info(created ? 'demo data created' : 'demo data already present')
    this.logger.info(`demo logins (password "${DEMO_PASSWORD}"):`)
    const rows = [
      ['alice@acme.test', 'company admin'],
      ['omar@acme.test', 'secret owner'],
      ['priya@acme.test', 'secret owner'],
      ['marco@acme.test', 'member'],
      ['lena@acme.test', 'member'],
      ['sam@acme.test', 'member'],
      ['hannah@acme.test', 'HR'],
    ]
    const table = this.ui.table().head(['email', 'role'])
    rows.forEach((row) => table.row(row))
    table.render()
  }
}
