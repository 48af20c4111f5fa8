import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import KeyRewrap from '#services/key_rewrap'
import ProgressLine from '#services/progress_line'
import { selectCompanies } from '#services/company_selection'

/**
 * Moves every stored value (current and past versions) onto the active data key, in
 * batches. Safe to interrupt at any moment and to run again: each batch commits whole, and
 * a rerun takes what is left. Reads and edits go on meanwhile.
 */
export default class KeysRewrap extends BaseCommand {
  static commandName = 'vault:keys:rewrap'
  static description = 'Re-encrypt every stored value under the active data key (resumable)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'The company (id or slug)' })
  declare company?: string

  @flags.boolean({ description: 'Every company' })
  declare all: boolean

  @flags.number({ description: 'Values per transaction', default: 500 })
  declare batch: number

  @flags.number({
    description: 'At most this many values per second (0: as fast as it goes)',
    default: 0,
  })
  declare rate: number

  async run() {
    if (!Number.isInteger(this.rate) || this.rate < 0) {
      this.logger.error('--rate must be a whole number of values per second, 0 for no limit')
      this.exitCode = 1
      return
    }
    if (!Number.isInteger(this.batch) || this.batch < 1 || this.batch > 5000) {
      this.logger.error('--batch must be a whole number from 1 to 5000')
      this.exitCode = 1
      return
    }
    const rewrap = await this.app.container.make(KeyRewrap)
    let failures = 0
    for (const company of await selectCompanies(this, this.company, this.all)) {
      const progress = new ProgressLine(`${company.name}: rewrap`)
      const result = await rewrap.run(company.id, {
        batchSize: this.batch,
        maxRate: this.rate,
        actor: null,
        onBatch: ({ done, total }) => progress.update(done, total),
      })
      progress.update(
        result.rewrapped + result.failed.length,
        result.rewrapped + result.failed.length
      )
      this.logger.info(
        `${company.name}: ${result.rewrapped} value(s) now under data key v${result.version}`
      )
      for (const id of result.failed) {
        this.logger.error(
          `${company.name}: secret_versions row ${id} did not decrypt; left as it is`
        )
      }
      failures += result.failed.length
    }
    if (failures > 0) {
      this.exitCode = 1
    }
  }
}
