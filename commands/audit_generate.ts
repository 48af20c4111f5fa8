import { randomBytes } from 'node:crypto'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import db from '@adonisjs/lucid/services/db'
import AuditEvidence from '#services/audit_evidence'
import SecretCipher from '#services/secret_cipher'
import BenchmarkCompany, { BENCHMARK_SLUG_PREFIX } from '#services/benchmark_company'
import BenchmarkTrail from '#services/benchmark_trail'

/**
 * Fills the configured database with a benchmark company and millions of realistic audit
 * records, to measure the audit pages at scale. It only ever creates a new company whose
 * slug starts with "benchmark-", and refuses a database that holds any other company, so a
 * real trail is never mixed with generated records.
 */
export default class AuditGenerate extends BaseCommand {
  static commandName = 'vault:audit:generate'
  static description = 'Create a benchmark company with a large generated audit trail'
  static options: CommandOptions = { startApp: true }

  @flags.string({
    description: `Slug of the company to create; must start with "${BENCHMARK_SLUG_PREFIX}"`,
    required: true,
  })
  declare company: string

  @flags.number({ description: 'How many audit records to write', default: 1_000_000 })
  declare records: number

  @flags.number({ description: 'People in the company', default: 1000 })
  declare people: number

  @flags.number({ description: 'Secrets in the company', default: 3000 })
  declare secrets: number

  @flags.number({ description: 'Days of history, ending now', default: 365 })
  declare days: number

  @flags.string({ description: "The admin's password; generated and printed when absent" })
  declare adminPassword?: string

  async run() {
    const refusal = await this.#refusal()
    if (refusal) {
      this.logger.error(refusal)
      this.exitCode = 1
      return
    }

    const password = this.adminPassword ?? randomBytes(15).toString('base64url')
    const started = performance.now()
    const company = new BenchmarkCompany(await this.app.container.make(SecretCipher))
    const cast = await company.create(this.company, password, {
      people: this.people,
      secrets: this.secrets,
      secretsPerPerson: 12,
    })
    this.logger.info(
      `${this.people} people and ${this.secrets} secrets created; admin ${cast.adminEmail}`
    )
    if (!this.adminPassword) {
      this.logger.info(`generated admin password (shown once): ${password}`)
    }

    const trail = new BenchmarkTrail(await this.app.container.make(AuditEvidence), cast)
    await trail.write({ records: this.records, days: this.days }, this.#progress(started))
    await company.storeValues(cast)
    const seconds = (performance.now() - started) / 1000
    this.logger.success(
      `${this.records.toLocaleString('en')} audit records written in ${seconds.toFixed(1)} s ` +
        `(${Math.round(this.records / seconds).toLocaleString('en')} records/s)`
    )
  }

  /** Why the database must not receive generated records, or null when it may. */
  async #refusal() {
    if (!this.company.startsWith(BENCHMARK_SLUG_PREFIX)) {
      return `--company must start with "${BENCHMARK_SLUG_PREFIX}" (it names the company to create)`
    }
    if (!Number.isInteger(this.records) || this.records < 1) {
      return '--records must be a positive whole number'
    }
    const others = await BenchmarkCompany.otherCompanies()
    if (others > 0) {
      return (
        `this database holds ${others} company(ies) that are not benchmark companies; ` +
        'generate into a database of its own'
      )
    }
    if (await db.from('companies').where('slug', this.company).first()) {
      return `company "${this.company}" exists already; choose another slug or an empty database`
    }

    return null
  }

  /** A progress line every two seconds: count, share, rate and the time left. */
  #progress(started: number) {
    let shownAt = 0

    return (written: number) => {
      const now = performance.now()
      if (now - shownAt < 2000 && written < this.records) {
        return
      }
      shownAt = now
      const rate = written / ((now - started) / 1000)
      const left = (this.records - written) / rate
      this.logger.info(
        `${written.toLocaleString('en')} / ${this.records.toLocaleString('en')} ` +
          `(${((written / this.records) * 100).toFixed(1)} %), ` +
          `${Math.round(rate).toLocaleString('en')} records/s, ETA ${formatSeconds(left)}`
      )
    }
  }
}

function formatSeconds(seconds: number) {
  const whole = Math.max(0, Math.round(seconds))

  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`
}
