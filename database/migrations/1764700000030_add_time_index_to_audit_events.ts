import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Records by time within a company. An export or page filtered from a date reads the
 * company's id index backwards; this index tells it the first record of that date, so it
 * stops there instead of reading the rest of the trail to find nothing older.
 */
export default class extends BaseSchema {
  protected tableName = 'audit_events'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.index(['company_id', 'occurred_at'])
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropIndex(['company_id', 'occurred_at'])
    })
  }
}
