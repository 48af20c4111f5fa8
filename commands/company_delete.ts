import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import DataKeys from '#services/data_keys'
import { selectCompanies } from '#services/company_selection'

/**
 * Deletes a company and destroys its data keys first (crypto-shredding): its values cannot
 * be decrypted afterwards, even from a copy of the database made later. Its audit records
 * stay, holding no value. Asks for the slug to be typed again unless --force.
 */
export default class CompanyDelete extends BaseCommand {
  static commandName = 'vault:company:delete'
  static description = 'Delete a company and destroy its keys, so its secrets cannot be decrypted'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'The company (id or slug)', required: true })
  declare company: string

  @flags.boolean({ description: 'Do not ask for confirmation' })
  declare force: boolean

  async run() {
    const [company] = await selectCompanies(this, this.company, false)
    if (!company) {
      return
    }
    if (!this.force) {
      const typed = process.stdin.isTTY
        ? await this.prompt.ask(`Type the slug "${company.slug}" to delete ${company.name}`)
        : ''
      if (typed !== company.slug) {
        this.logger.error(
          'confirmation: the slug was not typed; nothing was deleted (or pass --force)'
        )
        this.exitCode = 1
        return
      }
    }
    const keys = await this.app.container.make(DataKeys)
    await keys.destroyCompany(company.id, null)
    this.logger.success(`${company.name} is deleted and its data keys are destroyed`)
  }
}
