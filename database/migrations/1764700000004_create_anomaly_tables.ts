import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The live detector's state: baselines (plain JSON, one row per person, secret, department
 * and company), the alerts it raised, and the suite context it reads by default (the last
 * activity of each person in other modules, and trips from the calendar).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('anomaly_baselines', (table) => {
      table.string('key', 255).primary()
      table.string('company_id', 36).notNullable().index()
      table.text('state', 'mediumtext').notNullable()
      table.timestamp('updated_at').notNullable()
    })

    this.schema.createTable('anomaly_alerts', (table) => {
      table.increments('id').notNullable()
      table.string('company_id', 36).notNullable()
      table.bigInteger('audit_event_id').unsigned().notNullable()
      table.integer('user_id').unsigned().notNullable()
      table.string('secret_id', 36).notNullable()
      table.string('secret_name', 200).nullable()
      table.string('action', 40).notNullable()
      table.float('score').notNullable()
      table.text('reasons').notNullable()
      table.string('status', 16).notNullable().defaultTo('open')
      table.integer('handled_by').unsigned().nullable()
      table.timestamp('handled_at').nullable()
      table.timestamp('occurred_at').notNullable()
      table.timestamp('created_at').notNullable()
      table.index(['company_id', 'status', 'id'])
      table.index(['company_id', 'user_id', 'id'])
    })

    this.schema.createTable('suite_activity', (table) => {
      table.integer('user_id').unsigned().primary().references('users.id').onDelete('CASCADE')
      table.string('module', 40).notNullable()
      table.timestamp('last_activity_at').notNullable()
    })

    this.schema.createTable('travel_plans', (table) => {
      table.increments('id').notNullable()
      table.integer('user_id').unsigned().notNullable().references('users.id').onDelete('CASCADE')
      table.string('country', 2).notNullable()
      table.date('starts_on').notNullable()
      table.date('ends_on').notNullable()
      table.index(['user_id', 'ends_on'])
    })

    this.schema.alterTable('companies', (table) => {
      table.text('anomaly_disabled_signals').nullable()
    })
  }

  async down() {
    this.schema.alterTable('companies', (table) => {
      table.dropColumn('anomaly_disabled_signals')
    })
    this.schema.dropTable('travel_plans')
    this.schema.dropTable('suite_activity')
    this.schema.dropTable('anomaly_alerts')
    this.schema.dropTable('anomaly_baselines')
  }
}
