import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import DataKeys, { KeyGoneError, KeyInUseError } from '#services/data_keys'
import { selectCompanies } from '#services/company_selection'

/** Retires a data key that no stored value uses any more; refuses one still in use. */
export default class KeysRetire extends BaseCommand {
  static commandName = 'vault:keys:retire'
  static description = 'Retire a data key version that protects no stored value'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'The key version, such as v3 or 3' })
  declare version: string

  @flags.string({ description: 'The company (id or slug)', required: true })
  declare company: string

  async run() {
    const match = /^v?(\d{1,9})$/.exec(this.version)
    if (!match) {
      this.logger.error('version: give a key version such as v3')
      this.exitCode = 1
      return
    }
    const keys = await this.app.container.make(DataKeys)
    const [company] = await selectCompanies(this, this.company, false)
    if (!company) {
      return
    }
    try {
      await keys.retire(company.id, Number(match[1]), null)
      this.logger.success(`${company.name}: data key v${match[1]} is retired`)
    } catch (error) {
      if (error instanceof KeyInUseError || error instanceof KeyGoneError) {
        this.logger.error(`${company.name}: ${error.message}`)
        this.exitCode = 1
        return
      }
      throw error
    }
  }
}
