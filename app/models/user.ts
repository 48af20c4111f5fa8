import { UserSchema } from '#database/schema'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { column } from '@adonisjs/lucid/orm'
import { DateTime } from 'luxon'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['email'],
  passwordColumnName: 'password',
})

/** A person of a company: a member, an owner, an admin or HR, by their grants and flags. */
export default class User extends compose(UserSchema, AuthFinder) {
  // Both databases hand booleans back as 1/0.
  @column({ consume: (value) => Boolean(value) })
  declare isAdmin: boolean

  /** True once the person's access has ended (they left the company). */
  get accessEnded() {
    return this.accessEndsAt !== null && this.accessEndsAt <= DateTime.utc()
  }

  get initials() {
    const [first = '', last = ''] = this.fullName.split(' ')

    return `${first.charAt(0)}${last.charAt(0)}`.toUpperCase()
  }
}
