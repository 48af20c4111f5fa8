import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import db from '@adonisjs/lucid/services/db'
import AuditSeals from '#services/audit_seals'

/**
 * Checks the audit trail of every company (or one) against its MACs and seals and names each
 * record changed, inserted or deleted. Exits with status 1 when anything is wrong. Seals that
 * checked clean before are skipped unless --all is given.
 */
export default class AuditVerify extends BaseCommand {
  static commandName = 'vault:audit:verify'
  static description = 'Detect audit records changed, inserted or deleted behind the application'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({
    description: 'Check every seal again, not only those since the last clean check',
  })
  declare all: boolean

  @flags.string({ description: 'Only this company (its id)' })
  declare company?: string

  async run() {
    const seals = await this.app.container.make(AuditSeals)
    const query = db.from('companies').select('id', 'name')
    const companies = this.company ? await query.where('id', this.company) : await query
    let problems = 0
    for (const company of companies) {
      const report = await seals.verify(company.id, {
        all: this.all,
        progress: (done, total) => {
          if (done === total || done % 50 === 0) {
            this.logger.info(`${company.name}: ${done}/${total} seal(s) checked`)
          }
        },
      })
      for (const finding of report.findings) {
        this.logger.error(
          `${company.name}: record ${finding.id ?? '-'} (${finding.at ?? '-'}): ${finding.problem}`
        )
      }
      this.logger.info(
        `${company.name}: ${report.recordsChecked} record(s) and ${report.sealsChecked} seal(s) ` +
          `checked, ${report.unsealed} not sealed yet, ${report.findings.length} problem(s)`
      )
      problems += report.findings.length
    }
    this.exitCode = problems > 0 ? 1 : 0
  }
}
