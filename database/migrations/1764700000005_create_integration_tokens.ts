import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Tokens with which an integration uses secrets server-side. Only a hash of the token's
 * secret part is kept; the token itself is shown once, when it is created.
 */
export default class extends BaseSchema {
  protected tableName = 'integration_tokens'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      table.string('public_id', 24).notNullable().unique()
      table.string('company_id', 36).notNullable().references('companies.id').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable().references('users.id').onDelete('CASCADE')
      table.string('name', 100).notNullable()
      table.string('secret_hash', 64).notNullable()
      table.text('secret_ids').notNullable()
      table.timestamp('expires_at').notNullable()
      table.timestamp('last_used_at').nullable()
      table.timestamp('revoked_at').nullable()
      table.timestamp('created_at').notNullable()
      table.index(['user_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
