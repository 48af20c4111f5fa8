import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A person leaving the company: from `access_ends_at` on they hold no grant and cannot sign
 * in, whether or not the job that deletes their grants has run yet.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('users', (table) => {
      table.timestamp('access_ends_at').nullable()
      table.timestamp('access_revoked_at').nullable()
    })
  }

  async down() {
    this.schema.alterTable('users', (table) => {
      table.dropColumn('access_ends_at')
      table.dropColumn('access_revoked_at')
    })
  }
}
