import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The audit trail outlives what it describes, so it holds no foreign keys: a deleted
 * secret or person keeps its history, with the name it had at the time.
 */
export default class extends BaseSchema {
  protected tableName = 'audit_events'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id').notNullable()
      table.string('company_id', 36).nullable()
      table.timestamp('occurred_at', { precision: 3 }).notNullable()
      table.integer('actor_id').unsigned().nullable()
      table.string('actor_email', 254).nullable()
      table.string('secret_id', 36).nullable()
      table.string('secret_name', 200).nullable()
      table.string('action', 40).notNullable()
      table.string('outcome', 16).notNullable()
      table.string('reason', 200).nullable()
      table.integer('version').unsigned().nullable()
      table.string('ip', 45).nullable()
      table.string('user_agent', 512).nullable()
      table.string('device_id', 64).nullable()
      table.string('device_label', 120).nullable()
      table.text('details').nullable()
      table.index(['company_id', 'id'])
      table.index(['company_id', 'actor_id', 'id'])
      table.index(['company_id', 'secret_id', 'id'])
      table.index(['company_id', 'action', 'id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
