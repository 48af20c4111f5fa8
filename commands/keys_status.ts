import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { DateTime } from 'luxon'
import vaultConfig from '#config/vault'
import DataKeys from '#services/data_keys'
import { selectCompanies } from '#services/company_selection'

/** Prints every company's data keys: version, state, age, uses and the values each protects. */
export default class KeysStatus extends BaseCommand {
  static commandName = 'vault:keys:status'
  static description = 'Show the data keys of every company (or one), with ages and row counts'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Only this company (id or slug)' })
  declare company?: string

  async run() {
    const keys = await this.app.container.make(DataKeys)
    let flagged = 0
    for (const company of await selectCompanies(this, this.company, !this.company)) {
      const rows = await keys.status(company.id)
      const provider = await keys.providerFor(company.id)
      this.logger.info(`${company.name} (${company.slug}), keys protected by the ${provider.label}`)
      if (rows.length === 0) {
        this.logger.info('  no data key yet: the first value stored creates one')
        continue
      }
      const table = this.ui.table()
      table.head(['version', 'state', 'age (days)', 'encryptions', 'values', 'wrapped by', ''])
      for (const row of rows) {
        const age = Math.floor(DateTime.utc().diff(row.createdAt, 'days').days)
        const old = row.state === 'active' && age > vaultConfig.keys.maxAgeDays
        const notes = [
          old ? `older than ${vaultConfig.keys.maxAgeDays} days: rotate` : '',
          row.wrappedByCurrent || row.state === 'retired'
            ? ''
            : 'wrapped by an older key: reprotect',
        ].filter(Boolean)
        flagged += notes.length > 0 ? 1 : 0
        table.row([
          `v${row.version}`,
          row.state,
          String(age),
          row.encryptions.toLocaleString('en-US'),
          row.rows.toLocaleString('en-US'),
          row.wrappedBy,
          notes.join('; '),
        ])
      }
      table.render()
    }
    if (flagged > 0) {
      this.logger.warning(`${flagged} key(s) need attention (see the last column)`)
    }
  }
}
