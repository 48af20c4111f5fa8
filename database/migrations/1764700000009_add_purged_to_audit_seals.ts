import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Seals keep the hash of their records' MACs, so a seal can be authenticated on its own once
 * retention has purged its records; a purge is marked with its own keyed MAC.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('audit_seals', (table) => {
      table.string('macs_hash', 64).nullable()
      table.timestamp('purged_at').nullable()
      table.string('purge_mac', 64).nullable()
    })
  }

  async down() {
    this.schema.alterTable('audit_seals', (table) => {
      table.dropColumn('macs_hash')
      table.dropColumn('purged_at')
      table.dropColumn('purge_mac')
    })
  }
}
