import { BaseSchema } from '@adonisjs/lucid/schema'
import env from '#start/env'
import vaultConfig from '#config/vault'
import { readMasterKeyFile } from '#services/local_key_provider'
import { adoptLegacyKeys } from '#services/legacy_keys'

/**
 * Data keys encrypt secret values; each is stored wrapped by the company's key provider (the
 * master key, or a customer's KMS) and is never written in the clear. A company has exactly
 * one active key; older ones stay to decrypt until a rewrap moves their rows off them.
 *
 * No foreign key to companies: deleting a company destroys its keys explicitly, first, so
 * that its ciphertexts are unreadable even in a copy of the database taken afterwards.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('data_keys', (table) => {
      table.increments('id').notNullable()
      table.string('company_id', 36).notNullable()
      table.integer('version').unsigned().notNullable()
      table.string('state', 16).notNullable()
      table.text('wrapped_key').notNullable()
      table.string('wrapped_by', 120).notNullable()
      table.bigInteger('encryptions').unsigned().notNullable().defaultTo(0)
      table.string('retired_reason', 40).nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('state_changed_at').notNullable()
      table.unique(['company_id', 'version'])
      table.index(['company_id', 'state'])
    })

    // A company without a row in use here wraps its keys with the master key. A row leaving
    // use stays until no key is wrapped by it, so a switch can be interrupted safely.
    this.schema.createTable('company_key_providers', (table) => {
      table.string('company_id', 36).primary()
      table.string('kind', 16).notNullable()
      table.boolean('in_use').notNullable()
      table.string('address', 300).notNullable()
      table.string('mount', 100).notNullable()
      table.string('key_name', 100).notNullable()
      table.string('namespace', 100).nullable()
      table.text('token_sealed').notNullable()
      table.timestamp('updated_at').notNullable()
    })

    // Values stored before data keys existed keep decrypting (see legacy_keys.ts).
    this.defer(async (client) => {
      await adoptLegacyKeys(client, masterKeyText())
    })
  }

  async down() {
    this.schema.dropTable('company_key_providers')
    this.schema.dropTable('data_keys')
  }
}

function masterKeyText() {
  const fromEnv = env.get('VAULT_MASTER_KEY')?.release()
  if (fromEnv) {
    return fromEnv
  }

  return vaultConfig.masterKeyFile ? readMasterKeyFile(vaultConfig.masterKeyFile) : null
}
