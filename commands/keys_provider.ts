import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { KeyUnavailableError } from '#contracts/key_provider'
import DataKeys, { KeyProviderSwitchError } from '#services/data_keys'
import { addressProblem } from '#services/transit_key_provider'
import { selectCompanies } from '#services/company_selection'

/**
 * Chooses where a company's data keys are protected: the master key (--local) or the
 * company's own key in a KMS speaking the Vault / OpenBao Transit API. The KMS token is
 * read from VAULT_KMS_TOKEN (or asked for on a terminal), never from a flag, so it stays
 * out of shell history and process lists. The data keys are re-protected at once.
 */
export default class KeysProvider extends BaseCommand {
  static commandName = 'vault:keys:provider'
  static description = "Protect a company's data keys with its own KMS key, or the master key"
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'The company (id or slug)', required: true })
  declare company: string

  @flags.string({ description: 'Transit KMS address, such as https://kms.example.com:8200' })
  declare transit?: string

  @flags.string({ description: 'Transit mount path', default: 'transit' })
  declare mount: string

  @flags.string({ description: 'Transit key name' })
  declare key?: string

  @flags.string({ description: 'KMS namespace, if any' })
  declare namespace?: string

  @flags.boolean({ description: 'Go back to the master key' })
  declare local: boolean

  async run() {
    const problem = this.#problem()
    if (problem) {
      this.logger.error(problem)
      this.exitCode = 1
      return
    }
    const keys = await this.app.container.make(DataKeys)
    const [company] = await selectCompanies(this, this.company, false)
    if (!company) {
      return
    }
    try {
      if (this.local) {
        await keys.useLocal(company.id, null)
      } else {
        const token = process.env.VAULT_KMS_TOKEN || (await this.#askToken())
        if (!token) {
          this.logger.error('token: set VAULT_KMS_TOKEN to the KMS token')
          this.exitCode = 1
          return
        }
        await keys.useTransit(
          company.id,
          {
            address: this.transit!,
            mount: this.mount,
            keyName: this.key!,
            namespace: this.namespace,
            token,
          },
          null
        )
      }
    } catch (error) {
      if (error instanceof KeyUnavailableError || error instanceof KeyProviderSwitchError) {
        this.logger.error(`${company.name}: ${error.message}; nothing was changed`)
        this.exitCode = 1
        return
      }
      throw error
    }
    const provider = await keys.providerFor(company.id)
    const changed = await keys.reprotect(company.id, null)
    this.logger.success(
      `${company.name}: ${changed} data key(s) now protected by the ${provider.label}`
    )
  }

  #problem() {
    if (this.local) {
      return this.transit || this.key ? '--local: give either --local or --transit, not both' : null
    }
    if (!this.transit) {
      return '--transit: give the KMS address, or --local'
    }
    const addressIssue = addressProblem(this.transit)
    if (addressIssue) {
      return `--transit: the address ${addressIssue}`
    }
    if (!this.key || !/^[\w.-]{1,100}$/.test(this.key)) {
      return '--key: give the transit key name (letters, digits, ".", "_" or "-")'
    }
    if (!/^[\w/.-]{1,100}$/.test(this.mount)) {
      return '--mount: give the transit mount path, such as "transit"'
    }

    return null
  }

  async #askToken() {
    if (!process.stdin.isTTY) {
      return ''
    }
    return this.prompt.secure('KMS token')
  }
}
