import { IntegrationTokenSchema } from '#database/schema'
import { DateTime } from 'luxon'

/** A token an integration presents to use secrets; scoped to a list of secrets, with an expiry. */
export default class IntegrationToken extends IntegrationTokenSchema {
  get scope(): string[] {
    return JSON.parse(this.secretIds)
  }

  get expired() {
    return this.expiresAt <= DateTime.utc()
  }

  get active() {
    return !this.revokedAt && !this.expired
  }
}
