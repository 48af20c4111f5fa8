import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import DataKeys from '#services/data_keys'
import { selectCompanies } from '#services/company_selection'

/**
 * After the master key rotates (a new key first in VAULT_MASTER_KEY, the old one kept after
 * it) or a company's KMS key rotates, wraps every data key under the current key. Values
 * are not touched. Safe to interrupt and rerun; once it reports nothing left, the old
 * master key can leave the list.
 */
export default class KeysReprotect extends BaseCommand {
  static commandName = 'vault:keys:reprotect'
  static description = 'Wrap every data key under the current master key or KMS key'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'The company (id or slug)' })
  declare company?: string

  @flags.boolean({ description: 'Every company' })
  declare all: boolean

  async run() {
    const keys = await this.app.container.make(DataKeys)
    for (const company of await selectCompanies(this, this.company, this.all)) {
      const provider = await keys.providerFor(company.id)
      const changed = await keys.reprotect(company.id, null, (version) =>
        this.logger.info(`${company.name}: data key v${version} checked`)
      )
      this.logger.success(
        `${company.name}: ${changed} data key(s) re-protected by the ${provider.label}`
      )
    }
  }
}
