import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('companies', (table) => {
      table.string('id', 36).primary()
      table.string('name', 200).notNullable()
      table.string('slug', 80).notNullable().unique()
      table.float('anomaly_threshold').notNullable().defaultTo(3)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('users', (table) => {
      table.increments('id').notNullable()
      table.string('company_id', 36).notNullable().references('companies.id').onDelete('CASCADE')
      table.string('email', 254).notNullable().unique()
      table.string('full_name', 200).notNullable()
      table.string('password').notNullable()
      table.boolean('is_admin').notNullable().defaultTo(false)
      table.string('time_zone', 64).notNullable().defaultTo('UTC')
      table.string('department', 100).nullable()
      table.string('hr_status', 16).notNullable().defaultTo('active')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['company_id', 'full_name'])
    })
  }

  async down() {
    this.schema.dropTable('users')
    this.schema.dropTable('companies')
  }
}
