import { SecretGrantSchema } from '#database/schema'
import { belongsTo } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

export const GRANT_ROLES = ['viewer', 'user'] as const
export type GrantRole = (typeof GRANT_ROLES)[number]

/** A member of a secret: a viewer may show and copy, a user only uses it from an integration. */
export default class SecretGrant extends SecretGrantSchema {
  declare role: GrantRole

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>
}
