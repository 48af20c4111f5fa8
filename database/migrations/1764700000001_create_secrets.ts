import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('secrets', (table) => {
      table.string('id', 36).primary()
      table.string('company_id', 36).notNullable().references('companies.id').onDelete('CASCADE')
      table.integer('owner_id').unsigned().notNullable().references('users.id')
      table.string('name', 200).notNullable()
      table.string('category', 32).notNullable()
      table.text('description').nullable()
      table.text('notes').nullable()
      table.integer('current_version').unsigned().notNullable()
      table.integer('rotation_days').unsigned().nullable()
      table.timestamp('value_changed_at').notNullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['company_id', 'name'])
      table.index(['company_id', 'owner_id'])
    })

    // Ciphertexts of a 64 KiB value exceed a MySQL TEXT column once encoded.
    this.schema.createTable('secret_versions', (table) => {
      table.increments('id').notNullable()
      table.string('secret_id', 36).notNullable().references('secrets.id').onDelete('CASCADE')
      table.integer('version').unsigned().notNullable()
      table.text('ciphertext', 'mediumtext').notNullable()
      table.integer('key_version').unsigned().notNullable()
      table.integer('created_by').unsigned().nullable()
      table.timestamp('created_at').notNullable()
      table.unique(['secret_id', 'version'])
    })

    this.schema.createTable('secret_grants', (table) => {
      table.increments('id').notNullable()
      table.string('secret_id', 36).notNullable().references('secrets.id').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable().references('users.id').onDelete('CASCADE')
      table.string('role', 16).notNullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.unique(['secret_id', 'user_id'])
      table.index(['user_id'])
    })
  }

  async down() {
    this.schema.dropTable('secret_grants')
    this.schema.dropTable('secret_versions')
    this.schema.dropTable('secrets')
  }
}
