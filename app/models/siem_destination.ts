import encryption from '@adonisjs/core/services/encryption'
import db from '@adonisjs/lucid/services/db'
import { column } from '@adonisjs/lucid/orm'
import { SiemDestinationSchema } from '#database/schema'

export const SIEM_KINDS = ['syslog', 'https'] as const
export type SiemKind = (typeof SIEM_KINDS)[number]

/** Binds a stored token to its use, so no other encrypted cookie or value decrypts as one. */
const TOKEN_PURPOSE = 'siem-destination-token'

/**
 * Where a company's audit trail is forwarded, with the forwarder's progress: the id of the
 * last record the receiver acknowledged, the last success and the last failure. The bearer
 * token is kept encrypted and is never serialized.
 */
export default class SiemDestination extends SiemDestinationSchema {
  // Both databases hand booleans back as 1/0, and MySQL may hand a BIGINT back as text.
  @column({ consume: (value) => Boolean(value) })
  declare enabled: boolean

  @column({ consume: (value) => Boolean(value) })
  declare tls: boolean

  @column({ consume: (value) => Number(value) })
  declare deliveredThrough: number

  @column({ serializeAs: null })
  declare tokenEncrypted: string | null

  /**
   * The last record that every enabled destination of a company acknowledged, or null when
   * the company forwards nowhere. Retention purges nothing after it, so that no record is
   * deleted before the SIEM has it; a disabled destination holds nothing back.
   */
  static async forwardedThrough(companyId: string): Promise<number | null> {
    const row = await db
      .from('siem_destinations')
      .where('company_id', companyId)
      .where('enabled', true)
      .min('delivered_through as through')
      .first()

    return row?.through === null || row?.through === undefined ? null : Number(row.through)
  }

  get hasToken() {
    return this.tokenEncrypted !== null
  }

  /** Where records go, as the admin page and the audit trail name it: never the token. */
  get target() {
    if (this.kind === 'https') {
      return this.url ?? ''
    }

    return `${this.tls ? 'tls' : 'tcp'}://${this.host}:${this.port}`
  }

  /** Stores the bearer token encrypted with the app's key; null removes it. */
  setToken(token: string | null) {
    this.tokenEncrypted =
      token === null ? null : encryption.encrypt(token, { purpose: TOKEN_PURPOSE })
  }

  /** The bearer token in clear, for the request only. Null when none is set. */
  token(): string | null {
    if (this.tokenEncrypted === null) {
      return null
    }
    const token = encryption.decrypt<string>(this.tokenEncrypted, TOKEN_PURPOSE)
    if (token === null) {
      throw new SiemTokenError()
    }

    return token
  }
}

/** The stored token does not decrypt: the APP_KEY changed without keeping the old one. */
export class SiemTokenError extends Error {
  code = 'E_SIEM_TOKEN'

  constructor() {
    super('the stored token could not be decrypted: is APP_KEY the one it was saved with?')
  }
}
