import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import Offboarding from '#services/offboarding'

/**
 * Revokes the grants of everyone whose access end date has passed. Run it from cron (every
 * few minutes): until it runs those people already hold no role and cannot sign in, so it
 * only tidies grants, tokens and ownership.
 */
export default class AccessRevokeDue extends BaseCommand {
  static commandName = 'vault:access:revoke-due'
  static description = 'Revoke the access of people whose end date has passed'
  static options: CommandOptions = { startApp: true }

  async run() {
    const offboarding = await this.app.container.make(Offboarding)
    const revoked = await offboarding.revokeDue()
    this.logger.info(`access revoked for ${revoked} person(s)`)
  }
}
