import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DateTime } from 'luxon'
import {
  KeyUnavailableError,
  type KeyContext,
  type KeyProvider,
  type WrappedKey,
} from '#contracts/key_provider'
import type AuditLog from '#services/audit_log'
import type { AuditAction } from '#services/audit_log'
import type LocalKeyProvider from '#services/local_key_provider'
import TransitKeyProvider, { type TransitSettings } from '#services/transit_key_provider'
import { fromDb, toDb } from '#services/db_time'

export type DataKeyState = 'active' | 'decrypt_only' | 'retired'

export interface DataKeyRow {
  id: number
  company_id: string
  version: number
  state: DataKeyState
  wrapped_key: string
  wrapped_by: string
  encryptions: number | string
  retired_reason: string | null
  created_at: Date | string
  state_changed_at: Date | string
}

export interface DataKeySettings {
  /** Encryptions after which a key stops encrypting (AES-GCM with random nonces). */
  maxEncryptions: number
  /** How long an unwrapped key stays in memory; a KMS's refusal takes effect after it. */
  cacheSeconds: number
  /** How long a call to a KMS may take. */
  kmsTimeoutMs: number
}

/** Who asked for a key operation: a person on the Keys page, or an operator's command. */
export type KeyActor = { id: number; email: string } | null

const NO_META = { ip: null, userAgent: null, deviceId: null, deviceLabel: 'vault command' }

/** A key version that no longer decrypts: retired, or destroyed with its company. */
export class KeyGoneError extends Error {}

/** A company moving from one KMS to another must pass by the master key first. */
export class KeyProviderSwitchError extends Error {
  constructor() {
    super(
      'this company has keys wrapped by another KMS: switch to the master key (--local) and ' +
        'run vault:keys:reprotect first'
    )
  }
}

/** A key version still used by stored values, so it cannot be retired. */
export class KeyInUseError extends Error {
  constructor(
    readonly version: number,
    readonly rows: number
  ) {
    super(`data key v${version} still protects ${rows} stored value(s); run vault:keys:rewrap`)
  }
}

/**
 * The data keys of every company. A value is encrypted under its company's active data key;
 * the data key is stored wrapped by the company's key provider and unwrapped on first use,
 * then kept in memory for `cacheSeconds`. Every encryption is counted against the key (the
 * count is reserved in the caller's transaction) and a key that reaches the limit is
 * replaced, so no key comes near the nonce-collision bound of AES-GCM.
 */
export default class DataKeys {
  #unwrapped = new Map<string, { key: KeyObject; until: number }>()
  #active = new Map<string, number>()

  constructor(
    private local: LocalKeyProvider,
    private audit: AuditLog,
    private settings: DataKeySettings
  ) {}

  /**
   * The key to encrypt `uses` values with, its use reserved inside `client` (the caller's
   * transaction), so the count commits with the values. The reservation also holds the
   * key's row until the caller commits, so a rotation waits for writes in flight.
   */
  async forEncryption(companyId: string, uses: number, client: TransactionClientContract) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const version = this.#active.get(companyId) ?? (await this.activeVersion(companyId, client))
      if (version === undefined) {
        await this.#create(companyId, client, 'first key', null)
        continue
      }
      if (await this.#reserve(companyId, version, uses, client)) {
        this.#active.set(companyId, version)
        return { version, key: await this.forDecryption(companyId, version, client) }
      }
      this.#active.delete(companyId)
      const active = await this.#activeRow(companyId, client)
      if (active && Number(active.encryptions) + uses > this.settings.maxEncryptions) {
        await this.#create(companyId, client, 'use limit', null)
      }
    }
    throw new KeyUnavailableError('no data key could be reserved for encryption')
  }

  /** The key of one version, for decryption. Retired and destroyed keys refuse. */
  async forDecryption(companyId: string, version: number, client?: QueryClientContract) {
    const cacheKey = `${companyId}:${version}`
    const cached = this.#unwrapped.get(cacheKey)
    if (cached && cached.until > Date.now()) {
      return cached.key
    }
    const row = await (client ?? db)
      .from('data_keys')
      .where({ company_id: companyId, version })
      .first()
    if (!row) {
      throw new KeyGoneError(`data key v${version} of this company does not exist`)
    }
    if (row.state === 'retired') {
      throw new KeyGoneError(`data key v${version} is retired`)
    }
    const provider = await this.#providerOf(companyId, row.wrapped_by, client)
    const bytes = await provider.unwrap(wrappedOf(row), { companyId, version })
    const key = createSecretKey(bytes)
    bytes.fill(0)
    // Only what a committed read saw is kept: a key made in a transaction that rolls back
    // must not outlive it.
    if (!client || !client.isTransaction) {
      this.#unwrapped.set(cacheKey, { key, until: Date.now() + this.settings.cacheSeconds * 1000 })
    }

    return key
  }

  /** Makes a new active key; the previous one keeps decrypting until a rewrap. */
  async rotate(companyId: string, actor: KeyActor, reason = 'requested') {
    const version = await db.transaction((trx) => this.#create(companyId, trx, reason, actor))
    this.#active.delete(companyId)

    return version
  }

  /**
   * Retires a key that protects nothing any more. Refuses the active key and a key still
   * used by a stored value, saying how many.
   */
  async retire(companyId: string, version: number, actor: KeyActor) {
    await db.transaction(async (trx) => {
      const row = await trx
        .from('data_keys')
        .where({ company_id: companyId, version })
        .forUpdate()
        .first()
      if (!row) {
        throw new KeyGoneError(`data key v${version} of this company does not exist`)
      }
      if (row.state === 'active') {
        throw new KeyInUseError(version, await this.rowsUsing(companyId, version, trx))
      }
      const rows = await this.rowsUsing(companyId, version, trx)
      if (rows > 0) {
        throw new KeyInUseError(version, rows)
      }
      if (row.state === 'retired') {
        return
      }
      await trx
        .from('data_keys')
        .where('id', row.id)
        .update({ state: 'retired', retired_reason: 'retired', state_changed_at: now() })
      await this.#record(trx, companyId, actor, 'key.retired', { version })
    })
    this.forget(companyId)
  }

  /** How many stored values (current and past versions) a key version protects. */
  async rowsUsing(
    companyId: string,
    version: number,
    client: QueryClientContract = db.connection()
  ) {
    const [row] = await client
      .from('secret_versions')
      .join('secrets', 'secrets.id', 'secret_versions.secret_id')
      .where('secrets.company_id', companyId)
      .where('secret_versions.key_version', version)
      .count('* as total')

    return Number(row.total)
  }

  /** Writes the audit record of a finished rewrap run. */
  async recordRewrap(
    companyId: string,
    actor: KeyActor,
    details: { version: number; rewrapped: number; failed: number }
  ) {
    await db.transaction((trx) => this.#record(trx, companyId, actor, 'key.rewrapped', details))
  }

  /** Every key of a company with its age and the number of values it protects. */
  async status(companyId: string) {
    const keys = await db
      .from('data_keys')
      .where('company_id', companyId)
      .orderBy('version', 'desc')
    const counts = await db
      .from('secret_versions')
      .join('secrets', 'secrets.id', 'secret_versions.secret_id')
      .where('secrets.company_id', companyId)
      .groupBy('secret_versions.key_version')
      .select('secret_versions.key_version as version')
      .count('* as total')
    const rowsOf = new Map(counts.map((row) => [Number(row.version), Number(row.total)]))
    const provider = await this.providerFor(companyId)

    return Promise.all(
      keys.map(async (row: DataKeyRow) => ({
        version: row.version,
        state: row.state,
        createdAt: fromDb(row.created_at),
        stateChangedAt: fromDb(row.state_changed_at),
        encryptions: Number(row.encryptions),
        rows: rowsOf.get(row.version) ?? 0,
        wrappedBy: row.wrapped_by,
        wrappedByCurrent: await provider.isCurrent(wrappedOf(row)).catch(() => false),
      }))
    )
  }

  /**
   * Re-protects every key of a company under its provider's current key (after a master
   * key rotation, a KMS key rotation or a provider switch). One key at a time, each update
   * conditional on the old wrapping: an interrupted run leaves every key readable, and a
   * rerun finishes. Returns how many keys it re-protected.
   */
  async reprotect(companyId: string, actor: KeyActor, onKey?: (version: number) => void) {
    const target = await this.providerFor(companyId)
    const rows: DataKeyRow[] = await db
      .from('data_keys')
      .where('company_id', companyId)
      .whereNot('state', 'retired')
      .orderBy('version')
    let changed = 0
    for (const row of rows) {
      const current = wrappedOf(row)
      if (await target.isCurrent(current)) {
        continue
      }
      const context = { companyId, version: row.version }
      const next = await this.#protect(companyId, current, context, target)
      await db.transaction(async (trx) => {
        const updated = await trx
          .from('data_keys')
          .where({ id: row.id, wrapped_key: row.wrapped_key })
          .update({ wrapped_key: next.wrapped, wrapped_by: next.wrappedBy })
        if (Number(updated) > 0) {
          changed++
          await this.#record(trx, companyId, actor, 'key.reprotected', {
            version: row.version,
            from: row.wrapped_by,
            to: next.wrappedBy,
          })
        }
      })
      onKey?.(row.version)
    }
    await this.#dropUnusedProvider(companyId)

    return changed
  }

  /**
   * Destroys a company's data keys and then the company, in one transaction: afterwards its
   * ciphertexts, wherever a copy lies, have no key. Audit records stay (they hold no values).
   */
  async destroyCompany(companyId: string, actor: KeyActor) {
    await db.transaction(async (trx) => {
      const keys = await trx.from('data_keys').where('company_id', companyId).count('* as total')
      await trx.from('data_keys').where('company_id', companyId).delete()
      await trx.from('company_key_providers').where('company_id', companyId).delete()
      await deleteCompanyRows(trx, companyId)
      await this.#record(trx, companyId, actor, 'company.deleted', {
        keysDestroyed: Number(keys[0].total),
      })
    })
    this.forget(companyId)
  }

  /**
   * Switches a company to a customer-managed key in a Transit KMS. The KMS is tried first
   * (a probe key wrapped and unwrapped); if it does not work nothing changes. The existing
   * data keys are then re-protected by `reprotect`. A company moves between two KMSes by
   * way of the master key, so that no key is ever left wrapped by a KMS we forgot.
   */
  async useTransit(companyId: string, settings: TransitSettings, actor: KeyActor) {
    const provider = new TransitKeyProvider(settings, this.settings.kmsTimeoutMs)
    await probe(provider, companyId)

    await db.transaction(async (trx) => {
      await this.#saveTransit(trx, companyId, settings)
      await this.#record(trx, companyId, actor, 'key.provider_changed', { to: provider.label })
    })
    this.forget(companyId)
  }

  /**
   * Stores a company's KMS settings, its token sealed with APP_KEY. Refuses a second KMS
   * while keys are still wrapped by the first: its settings would be lost with them.
   */
  async #saveTransit(trx: TransactionClientContract, companyId: string, settings: TransitSettings) {
    const existing = await trx
      .from('company_key_providers')
      .where('company_id', companyId)
      .forUpdate()
      .first()
    const sameKms =
      existing?.address === settings.address && existing?.key_name === settings.keyName
    if (existing && !sameKms && (await this.#keysWrappedByKms(companyId, trx)) > 0) {
      throw new KeyProviderSwitchError()
    }
    const row = {
      kind: 'transit',
      in_use: true,
      address: settings.address,
      mount: settings.mount,
      key_name: settings.keyName,
      namespace: settings.namespace ?? null,
      token_sealed: encryption.encrypt(settings.token),
      updated_at: now(),
    }
    if (existing) {
      await trx.from('company_key_providers').where('company_id', companyId).update(row)
    } else {
      await trx.table('company_key_providers').insert({ company_id: companyId, ...row })
    }
  }

  async #keysWrappedByKms(companyId: string, client: QueryClientContract = db.connection()) {
    const [row] = await client
      .from('data_keys')
      .where('company_id', companyId)
      .where('wrapped_by', 'like', 'transit:%')
      .count('* as total')

    return Number(row.total)
  }

  /** Switches a company back to the master key; `reprotect` then moves its keys over. */
  async useLocal(companyId: string, actor: KeyActor) {
    await db.transaction(async (trx) => {
      await trx
        .from('company_key_providers')
        .where('company_id', companyId)
        .update({ in_use: false, updated_at: now() })
      await this.#record(trx, companyId, actor, 'key.provider_changed', { to: this.local.label })
    })
    this.forget(companyId)
  }

  /** The provider that wraps this company's new keys. */
  async providerFor(
    companyId: string,
    client: QueryClientContract = db.connection()
  ): Promise<KeyProvider> {
    const row = await client.from('company_key_providers').where('company_id', companyId).first()

    return row?.in_use ? this.#transitFrom(row) : this.local
  }

  /**
   * Forgets what this process holds in memory for a company: after its keys changed here,
   * or when an operator changed them from another process.
   */
  forget(companyId: string) {
    this.#active.delete(companyId)
    for (const cacheKey of this.#unwrapped.keys()) {
      if (cacheKey.startsWith(`${companyId}:`)) {
        this.#unwrapped.delete(cacheKey)
      }
    }
  }

  async #activeRow(companyId: string, client: QueryClientContract) {
    return (await client
      .from('data_keys')
      .where({ company_id: companyId, state: 'active' })
      .orderBy('version', 'desc')
      .first()) as DataKeyRow | null
  }

  /** The version of the company's active key, read from the database; none before its first. */
  async activeVersion(companyId: string, client: QueryClientContract = db.connection()) {
    const row = await this.#activeRow(companyId, client)

    return row ? Number(row.version) : undefined
  }

  async #reserve(companyId: string, version: number, uses: number, client: QueryClientContract) {
    const updated = await client
      .from('data_keys')
      .where({ company_id: companyId, version, state: 'active' })
      .where('encryptions', '<=', this.settings.maxEncryptions - uses)
      .increment('encryptions', uses)

    return affected(updated) > 0
  }

  /**
   * Inserts the next version as the active key and demotes the previous one. A concurrent
   * rotation of the same company collides on (company, version) and this one fails whole.
   */
  async #create(
    companyId: string,
    trx: TransactionClientContract,
    reason: string,
    actor: KeyActor
  ) {
    const latest = await trx
      .from('data_keys')
      .where('company_id', companyId)
      .max('version as version')
      .first()
    const previous =
      latest?.version === null || latest?.version === undefined ? null : Number(latest.version)
    const version = (previous ?? 0) + 1
    const material = randomBytes(32)
    const provider = await this.providerFor(companyId, trx)
    const wrapped = await provider.wrap(material, { companyId, version })
    material.fill(0)
    await trx.table('data_keys').insert({
      company_id: companyId,
      version,
      state: 'active',
      wrapped_key: wrapped.wrapped,
      wrapped_by: wrapped.wrappedBy,
      encryptions: 0,
      created_at: now(),
      state_changed_at: now(),
    })
    await trx
      .from('data_keys')
      .where({ company_id: companyId, state: 'active' })
      .whereNot('version', version)
      .update({ state: 'decrypt_only', state_changed_at: now() })
    const action = previous === null ? 'key.created' : 'key.rotated'
    await this.#record(trx, companyId, actor, action, { version, previous, reason })

    return version
  }

  async #protect(
    companyId: string,
    current: WrappedKey,
    context: KeyContext,
    target: KeyProvider
  ): Promise<WrappedKey> {
    const source = await this.#providerOf(companyId, current.wrappedBy)
    // The same provider rewraps by itself: a KMS does it without the data key leaving it.
    if (source.label === target.label) {
      return target.rewrap(current, context)
    }
    const bytes = await source.unwrap(current, context)
    try {
      return await target.wrap(bytes, context)
    } finally {
      bytes.fill(0)
    }
  }

  /** The provider that can unwrap a key, from what wrapped it. */
  async #providerOf(
    companyId: string,
    wrappedBy: string,
    client: QueryClientContract = db.connection()
  ) {
    if (wrappedBy.startsWith('local:')) {
      return this.local
    }
    const row = await client.from('company_key_providers').where('company_id', companyId).first()
    if (!row) {
      throw new KeyUnavailableError(`no key service is configured for a key ${wrappedBy}`)
    }

    return this.#transitFrom(row)
  }

  #transitFrom(row: Record<string, any>) {
    const token = encryption.decrypt<string>(row.token_sealed)
    if (!token) {
      throw new KeyUnavailableError('the stored KMS token does not decrypt with this APP_KEY')
    }
    const settings = {
      address: row.address,
      mount: row.mount,
      keyName: row.key_name,
      namespace: row.namespace,
      token,
    }

    return new TransitKeyProvider(settings, this.settings.kmsTimeoutMs)
  }

  /** A KMS left behind by a switch is forgotten once no key is wrapped by it. */
  async #dropUnusedProvider(companyId: string) {
    const row = await db.from('company_key_providers').where('company_id', companyId).first()
    if (!row || row.in_use) {
      return
    }
    if ((await this.#keysWrappedByKms(companyId)) === 0) {
      await db.from('company_key_providers').where('company_id', companyId).delete()
    }
  }

  #record(
    trx: TransactionClientContract,
    companyId: string,
    actor: KeyActor,
    action: AuditAction,
    details: Record<string, string | number | null>
  ) {
    return this.audit.record(
      { companyId, actor, action, outcome: 'success', meta: NO_META, details },
      trx
    )
  }
}

function wrappedOf(row: Pick<DataKeyRow, 'wrapped_key' | 'wrapped_by'>): WrappedKey {
  return { wrapped: row.wrapped_key, wrappedBy: row.wrapped_by }
}

/**
 * Everything of a company but its audit trail (its SIEM destinations and their tokens go
 * too, so nothing is forwarded for it afterwards), children first: SQLite enforces no foreign
 * key cascade here, and MySQL would refuse users still owning secrets.
 */
async function deleteCompanyRows(trx: TransactionClientContract, companyId: string) {
  const secrets = trx.from('secrets').where('company_id', companyId).select('id')
  const people = trx.from('users').where('company_id', companyId).select('id')
  await trx.from('secret_grants').whereIn('secret_id', secrets).delete()
  await trx.from('secret_versions').whereIn('secret_id', secrets).delete()
  await trx.from('secrets').where('company_id', companyId).delete()
  await trx.from('integration_tokens').where('company_id', companyId).delete()
  await trx.from('siem_destinations').where('company_id', companyId).delete()
  for (const table of ['notifications', 'suite_activity', 'travel_plans']) {
    await trx.from(table).whereIn('user_id', people).delete()
  }
  await trx.from('anomaly_alerts').where('company_id', companyId).delete()
  await trx.from('anomaly_baselines').where('company_id', companyId).delete()
  await trx.from('users').where('company_id', companyId).delete()
  await trx.from('companies').where('id', companyId).delete()
}

/** Wraps and unwraps a random key with a KMS before it is trusted with real ones. */
async function probe(provider: KeyProvider, companyId: string) {
  const key = randomBytes(32)
  const context = { companyId, version: 0 }
  const back = await provider.unwrap(await provider.wrap(key, context), context)
  if (!back.equals(key)) {
    throw new KeyUnavailableError(`${provider.label} did not give back the probe key`)
  }
}

/** Update counts come back as a number or as a one-element array, by driver. */
function affected(result: unknown) {
  return Number(Array.isArray(result) ? result[0] : result)
}

function now() {
  return toDb(DateTime.utc(), 'seconds')
}
