import type { KeyObject } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type DataKeys from '#services/data_keys'
import { KeyGoneError } from '#services/data_keys'
import type { KeyActor } from '#services/data_keys'
import type SecretCipher from '#services/secret_cipher'
import { DecryptionError } from '#services/secret_cipher'

export interface RewrapProgress {
  done: number
  total: number
  version: number
}

export interface RewrapResult {
  version: number
  rewrapped: number
  /** Rows whose stored value did not decrypt; they are left as they are and named. */
  failed: number[]
}

interface VersionRow {
  id: number
  secret_id: string
  version: number
  ciphertext: string
  key_version: number
}

/**
 * Moves every stored value of a company (current and past versions) onto its active data
 * key, in batches. Each batch is one transaction that reserves its encryptions on the key
 * and rewrites its rows, so an interrupted run loses at most the batch in flight and a
 * rerun picks up what is left: progress is simply "rows not on the active key".
 */
export default class KeyRewrap {
  constructor(
    private keys: DataKeys,
    private cipher: SecretCipher
  ) {}

  /** How many stored values of a company are not on its active key. */
  async remaining(companyId: string) {
    return this.#count(companyId, await this.#activeVersion(companyId))
  }

  async run(
    companyId: string,
    options: {
      batchSize: number
      actor: KeyActor
      /** At most this many values per second, to leave room for the server; 0 for no limit. */
      maxRate?: number
      onBatch?: (progress: RewrapProgress) => void
    }
  ): Promise<RewrapResult> {
    const started = Date.now()
    let version = await this.#activeVersion(companyId)
    const total = await this.#count(companyId, version)
    const failed: number[] = []
    let rewrapped = 0
    let after = 0
    while (true) {
      const rows: VersionRow[] = await this.#pending(companyId, version)
        .where('secret_versions.id', '>', after)
        .orderBy('secret_versions.id')
        .limit(options.batchSize)
        .select(
          idColumnInIdOrder(),
          'secret_versions.secret_id',
          'secret_versions.version',
          'secret_versions.ciphertext',
          'secret_versions.key_version'
        )
      if (rows.length === 0) {
        break
      }
      after = rows[rows.length - 1].id
      const batch = await this.#rewrapBatch(companyId, rows)
      rewrapped += batch.rewrapped
      failed.push(...batch.failed)
      version = batch.version
      options.onBatch?.({ done: rewrapped + failed.length, total, version })
      await pace(started, rewrapped + failed.length, options.maxRate ?? 0)
    }
    await this.keys.recordRewrap(companyId, options.actor, {
      version,
      rewrapped,
      failed: failed.length,
    })

    return { version, rewrapped, failed }
  }

  async #rewrapBatch(companyId: string, rows: VersionRow[]) {
    // The old keys are fetched before the transaction: under SQLite's single connection a
    // lookup outside the open transaction would wait for it forever.
    const oldKeys = new Map<number, KeyObject | null>()
    for (const row of rows) {
      if (!oldKeys.has(row.key_version)) {
        oldKeys.set(row.key_version, await this.#keyOrNull(companyId, row.key_version))
      }
    }

    return db.transaction(async (trx) => {
      const target = await this.keys.forEncryption(companyId, rows.length, trx)
      const failed: number[] = []
      const updates: { id: number; ciphertext: string }[] = []
      for (const row of rows) {
        const binding = { companyId, secretId: row.secret_id, version: row.version }
        const oldKey = oldKeys.get(row.key_version)
        try {
          if (!oldKey) {
            throw new DecryptionError()
          }
          const sealed = { ciphertext: row.ciphertext, keyVersion: row.key_version }
          const value = this.cipher.openWith(sealed, binding, oldKey)
          const resealed = this.cipher.sealWith(value, binding, target.version, target.key)
          updates.push({ id: row.id, ciphertext: resealed.ciphertext })
        } catch (error) {
          if (!(error instanceof DecryptionError)) {
            throw error
          }
          failed.push(row.id)
        }
      }
      if (updates.length > 0) {
        // One statement per batch: a CASE over the ids runs the same on MySQL and SQLite.
        const cases = updates.map(() => 'WHEN ? THEN ?').join(' ')
        const bindings = updates.flatMap((update) => [update.id, update.ciphertext])
        await trx
          .from('secret_versions')
          .whereIn(
            'id',
            updates.map((update) => update.id)
          )
          .update({
            ciphertext: trx.raw(`CASE id ${cases} END`, bindings),
            key_version: target.version,
          })
      }

      return { version: target.version, rewrapped: updates.length, failed }
    })
  }

  /** A key that is gone (retired or destroyed) leaves its rows failed, not the run. */
  async #keyOrNull(companyId: string, version: number) {
    try {
      return await this.keys.forDecryption(companyId, version)
    } catch (error) {
      if (error instanceof KeyGoneError) {
        return null
      }
      throw error
    }
  }

  #pending(companyId: string, activeVersion: number) {
    return db
      .from('secret_versions')
      .join('secrets', 'secrets.id', 'secret_versions.secret_id')
      .where('secrets.company_id', companyId)
      .whereNot('secret_versions.key_version', activeVersion)
  }

  async #count(companyId: string, activeVersion: number) {
    const [row] = await this.#pending(companyId, activeVersion).count('* as total')

    return Number(row.total)
  }

  /** Before a company's first key, every stored value is pending (no version is 0). */
  async #activeVersion(companyId: string) {
    return (await this.keys.activeVersion(companyId)) ?? 0
  }
}

/** Sleeps until `done` values at `maxRate` per second would have taken since `started`. */
async function pace(started: number, done: number, maxRate: number) {
  if (maxRate <= 0) {
    return
  }
  const due = started + (done / maxRate) * 1000
  const wait = due - Date.now()
  if (wait > 0) {
    await new Promise((resolve) => setTimeout(resolve, wait))
  }
}

/**
 * MySQL would start from the company's secrets and sort every pending row again for each
 * batch (a filesort per batch: quadratic over a rewrap). STRAIGHT_JOIN makes it walk
 * secret_versions in id order from the last batch and stop after one batch. SQLite already
 * plans it that way.
 */
function idColumnInIdOrder() {
  return db.connection().dialect.name === 'mysql'
    ? db.raw('STRAIGHT_JOIN secret_versions.id')
    : 'secret_versions.id'
}
