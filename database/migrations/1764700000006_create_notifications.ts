import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The built-in destination of notices (a rotated value, for now): each person's inbox. A host
 * suite with its own notification center binds its own Notifier instead.
 */
export default class extends BaseSchema {
  protected tableName = 'notifications'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      table.integer('user_id').unsigned().notNullable().references('users.id').onDelete('CASCADE')
      table.string('kind', 40).notNullable()
      table.string('title', 250).notNullable()
      table.string('body', 1000).notNullable()
      table.string('secret_id', 36).nullable()
      table.timestamp('read_at').nullable()
      table.timestamp('created_at').notNullable()
      table.index(['user_id', 'id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
