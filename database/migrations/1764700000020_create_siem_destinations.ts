import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Where a company's audit trail is forwarded: a syslog collector or an HTTPS endpoint. The
 * cursor (`delivered_through`) is the id of the last audit record the receiver acknowledged;
 * the forwarder only moves it forward after an acknowledgement, so a crash re-sends and never
 * skips. A bearer token, when set, is stored encrypted with the app's encryption.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('siem_destinations', (table) => {
      table.increments('id').notNullable()
      table.string('company_id', 36).notNullable()
      table.string('name', 100).notNullable()
      table.string('kind', 10).notNullable()
      table.string('host', 253).nullable()
      table.integer('port').unsigned().nullable()
      table.boolean('tls').notNullable().defaultTo(false)
      table.string('url', 2048).nullable()
      table.text('token_encrypted').nullable()
      table.boolean('enabled').notNullable().defaultTo(true)
      table.bigInteger('delivered_through').unsigned().notNullable().defaultTo(0)
      table.timestamp('last_success_at').nullable()
      table.string('last_error', 500).nullable()
      table.integer('consecutive_failures').unsigned().notNullable().defaultTo(0)
      table.timestamp('next_attempt_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()
      table.index(['company_id', 'id'])
    })
  }

  async down() {
    this.schema.dropTable('siem_destinations')
  }
}
