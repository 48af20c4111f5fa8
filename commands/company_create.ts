import { randomBytes } from 'node:crypto'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { IANAZone } from 'luxon'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import Company from '#models/company'
import User from '#models/user'

/** Built on first use: the unique rules exist once the database provider has booted. */
const companyInput = () =>
  vine.create({
    name: vine.string().trim().minLength(1).maxLength(200),
    slug: vine
      .string()
      .trim()
      .regex(/^[a-z0-9-]{2,80}$/)
      .unique({ table: 'companies', column: 'slug' }),
    adminEmail: vine
      .string()
      .trim()
      .email()
      .maxLength(254)
      .unique({ table: 'users', column: 'email' }),
    adminName: vine.string().trim().minLength(1).maxLength(200),
  })

/**
 * Creates a company and its first admin on a fresh production install. Without a TTY the
 * admin's password is generated and printed once; it should be changed at first login.
 */
export default class CompanyCreate extends BaseCommand {
  static commandName = 'vault:company:create'
  static description = 'Create a company and its first admin'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Company name', required: true })
  declare name: string

  @flags.string({ description: 'Short unique identifier (a-z, 0-9, -); from the name if absent' })
  declare slug?: string

  @flags.string({ description: "The admin's email", required: true })
  declare adminEmail: string

  @flags.string({ description: "The admin's full name", required: true })
  declare adminName: string

  @flags.string({ description: "The admin's IANA time zone", default: 'UTC' })
  declare timeZone: string

  async run() {
    const slug =
      this.slug ??
      this.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 80)
    const [error, data] = await companyInput().tryValidate({ ...this.#raw(), slug })
    if (error) {
      error.messages.forEach((message: { message: string }) => this.logger.error(message.message))
      this.exitCode = 1
      return
    }
    if (!IANAZone.isValidZone(this.timeZone)) {
      this.logger.error(`unknown time zone "${this.timeZone}"`)
      this.exitCode = 1
      return
    }
    const password = await this.#password()
    await this.#create(data, password)
  }

  #raw() {
    return { name: this.name, adminEmail: this.adminEmail, adminName: this.adminName }
  }

  async #password() {
    if (process.stdin.isTTY) {
      return this.prompt.secure('Password for the admin (12 characters or more)', {
        validate: (value) => value.length >= 12 || 'Use 12 characters or more',
      })
    }
    const generated = randomBytes(15).toString('base64url')
    this.logger.info(`generated admin password (shown once): ${generated}`)

    return generated
  }

  async #create(
    data: { name: string; slug: string; adminEmail: string; adminName: string },
    password: string
  ) {
    await db.transaction(async (trx) => {
      const company = await Company.create({ name: data.name, slug: data.slug }, { client: trx })
      await User.create(
        {
          companyId: company.id,
          email: data.adminEmail,
          fullName: data.adminName,
          password,
          isAdmin: true,
          timeZone: this.timeZone,
        },
        { client: trx }
      )
      this.logger.success(`company "${company.name}" created with admin ${data.adminEmail}`)
    })
  }
}
