import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Tamper evidence for the audit trail. Each record carries a keyed MAC of its own content,
 * computed when it is written (no lock, no chain between records). Seals close consecutive
 * ranges of a company's records: which ids they hold and a keyed digest over their MACs,
 * chained to the company's previous seal. The key is derived for evidence only and is never
 * stored in the database.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('audit_events', (table) => {
      table.string('mac', 64).nullable()
    })

    this.schema.createTable('audit_seals', (table) => {
      table.increments('id').notNullable()
      table.string('company_id', 36).notNullable()
      table.bigInteger('from_id').unsigned().notNullable()
      table.bigInteger('to_id').unsigned().notNullable()
      table.integer('record_count').unsigned().notNullable()
      table.text('id_runs', 'mediumtext').notNullable()
      table.string('digest', 64).notNullable()
      table.string('previous_digest', 64).nullable()
      table.timestamp('sealed_at').notNullable()
      table.index(['company_id', 'id'])
    })

    this.schema.createTable('audit_verifications', (table) => {
      table.string('company_id', 36).primary()
      table.integer('verified_through_seal').unsigned().notNullable().defaultTo(0)
      table.timestamp('last_success_at').nullable()
      table.timestamp('last_run_at').notNullable()
      table.integer('problems').unsigned().notNullable().defaultTo(0)
    })
  }

  async down() {
    this.schema.dropTable('audit_verifications')
    this.schema.dropTable('audit_seals')
    this.schema.alterTable('audit_events', (table) => {
      table.dropColumn('mac')
    })
  }
}
