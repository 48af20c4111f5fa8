import { SecretSchema } from '#database/schema'
import { beforeCreate, belongsTo, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import User from '#models/user'
import SecretGrant from '#models/secret_grant'
import SecretVersion from '#models/secret_version'
import vaultConfig from '#config/vault'

export const CATEGORIES = ['password', 'api_key', 'token', 'certificate', 'server_access'] as const
export type Category = (typeof CATEGORIES)[number]

export const CATEGORY_LABELS: Record<Category, string> = {
  password: 'Password',
  api_key: 'API key',
  token: 'Token',
  certificate: 'Certificate',
  server_access: 'Server access',
}

/**
 * A secret's metadata. The value itself lives only in encrypted SecretVersion rows and is
 * read through RevealService.
 */
export default class Secret extends SecretSchema {
  static selfAssignPrimaryKey = true

  declare category: Category

  @belongsTo(() => User, { foreignKey: 'ownerId' })
  declare owner: BelongsTo<typeof User>

  @hasMany(() => SecretGrant)
  declare grants: HasMany<typeof SecretGrant>

  @hasMany(() => SecretVersion)
  declare versions: HasMany<typeof SecretVersion>

  @beforeCreate()
  static assignId(secret: Secret) {
    secret.id ??= randomUUID()
  }

  get categoryLabel() {
    return CATEGORY_LABELS[this.category] ?? this.category
  }

  /** When the value should next change: the secret's own period, else the company default. */
  get rotationDueAt(): DateTime {
    return this.valueChangedAt.plus({ days: this.rotationDays ?? vaultConfig.rotationDays })
  }

  get rotationOverdue() {
    return this.rotationDueAt < DateTime.utc()
  }
}
