import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { Exception } from '@adonisjs/core/exceptions'
import { DateTime } from 'luxon'
import IntegrationToken from '#models/integration_token'
import type User from '#models/user'

const PREFIX = 'vlt'
const TOKEN_PATTERN = /^vlt_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/

/** A token that cannot be used; the message says why without telling whether it exists. */
export class TokenRefusedError extends Exception {
  static status = 401
  static code = 'E_TOKEN_REFUSED'
}

function hashOf(secretPart: string) {
  return createHash('sha256').update(secretPart).digest('hex')
}

/**
 * Issues and checks integration tokens. A token is `vlt_<public id>_<secret>`: the public id
 * finds the row, the secret part is compared by its SHA-256 hash in constant time. The full
 * token exists only in the response that creates it.
 */
export default class IntegrationTokens {
  /** Creates a token for `owner`, valid for `days`, usable on the listed secrets only. */
  async issue(owner: User, name: string, secretIds: string[], days: number) {
    const publicId = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12)
    const secretPart = randomBytes(32).toString('base64url')
    const token = await IntegrationToken.create({
      publicId,
      companyId: owner.companyId,
      userId: owner.id,
      name,
      secretHash: hashOf(secretPart),
      secretIds: JSON.stringify(secretIds),
      expiresAt: DateTime.utc().plus({ days }),
    })

    return { token, plaintext: `${PREFIX}_${publicId}_${secretPart}` }
  }

  /**
   * The active token behind an Authorization header, or TokenRefusedError: malformed,
   * unknown, wrong secret, revoked and expired tokens are all refused, the last two by name.
   */
  async verify(header: string | undefined) {
    const match = TOKEN_PATTERN.exec(header?.replace(/^Bearer\s+/i, '') ?? '')
    const token = match ? await IntegrationToken.findBy('public_id', match[1]) : null
    if (!match || !token || !sameHash(token.secretHash, hashOf(match[2]))) {
      throw new TokenRefusedError('The integration token is not valid')
    }
    if (token.revokedAt) {
      throw new TokenRefusedError('The integration token was revoked')
    }
    if (token.expired) {
      throw new TokenRefusedError('The integration token has expired')
    }

    return token
  }
}

function sameHash(stored: string, candidate: string) {
  return timingSafeEqual(Buffer.from(stored, 'hex'), Buffer.from(candidate, 'hex'))
}
