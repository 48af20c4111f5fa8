import { createHmac, hkdfSync, type KeyObject, createSecretKey } from 'node:crypto'
import { fromDb } from '#services/db_time'
import { parseMasterKeys } from '#services/local_key_provider'

/** The fields of an audit record that its MAC covers, as stored. */
export interface SealedFields {
  company_id: string | null
  occurred_at: Date | string
  actor_id: number | null
  actor_email: string | null
  secret_id: string | null
  secret_name: string | null
  action: string
  outcome: string
  reason: string | null
  version: number | null
  ip: string | null
  user_agent: string | null
  device_id: string | null
  device_label: string | null
  details: string | null
}

/** Both databases hand times back differently; the MAC covers one canonical form. */
function canonicalTime(value: Date | string) {
  return fromDb(value).toISO()
}

function canonical(row: SealedFields) {
  return JSON.stringify([
    row.company_id,
    canonicalTime(row.occurred_at),
    row.actor_id === null ? null : Number(row.actor_id),
    row.actor_email,
    row.secret_id,
    row.secret_name,
    row.action,
    row.outcome,
    row.reason,
    row.version === null ? null : Number(row.version),
    row.ip,
    row.user_agent,
    row.device_id,
    row.device_label,
    row.details,
  ])
}

/**
 * Keys and MACs for the audit trail's tamper evidence. The keys are derived from the master
 * key with their own HKDF label, so they are separate from every key that encrypts a secret
 * and are never stored. A MAC names its key version (`1.` + 32 hex digits).
 */
export default class AuditEvidence {
  #keys = new Map<number, KeyObject>()
  #active: number

  constructor(masterKeyText: string) {
    for (const [version, master] of parseMasterKeys(masterKeyText)) {
      const bytes = hkdfSync('sha256', master, 'vault-audit-evidence', 'audit', 32)
      this.#keys.set(version, createSecretKey(Buffer.from(bytes)))
    }
    this.#active = this.#keys.keys().next().value!
  }

  /** The MAC of one record's content, under the active evidence key. */
  macOf(row: SealedFields) {
    return `${this.#active}.${this.#hmac(this.#active, canonical(row)).slice(0, 32)}`
  }

  /** Whether a stored MAC matches the record's current content. */
  matches(row: SealedFields, mac: string | null) {
    const [version, value] = (mac ?? '').split('.')
    if (!this.#keys.has(Number(version)) || !value) {
      return false
    }

    return this.#hmac(Number(version), canonical(row)).slice(0, 32) === value
  }

  /** A keyed digest of a seal's parts, under the active key. */
  digestOf(parts: (string | number | null)[]) {
    return this.#hmac(this.#active, JSON.stringify(parts))
  }

  #hmac(version: number, text: string) {
    return createHmac('sha256', this.#keys.get(version)!).update(text).digest('hex')
  }
}
