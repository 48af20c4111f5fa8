import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import DataKeys from '#services/data_keys'
import { selectCompanies } from '#services/company_selection'

/**
 * Makes a new active data key for a company (or all). New values are encrypted under it at
 * once; stored values move onto it with vault:keys:rewrap.
 */
export default class KeysRotate extends BaseCommand {
  static commandName = 'vault:keys:rotate'
  static description = 'Create a new active data key; the previous one keeps decrypting'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'The company (id or slug)' })
  declare company?: string

  @flags.boolean({ description: 'Every company' })
  declare all: boolean

  async run() {
    const keys = await this.app.container.make(DataKeys)
    for (const company of await selectCompanies(this, this.company, this.all)) {
      const version = await keys.rotate(company.id, null, 'operator')
      this.logger.success(`${company.name}: data key v${version} is now active`)
    }
  }
}
