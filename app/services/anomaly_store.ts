import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { toDb } from '#services/db_time'
import type { Baseline } from '#anomaly/baselines'
import type { BaselineStore } from '#anomaly/baseline_store'

/**
 * Baselines in the database for one access at a time: the keys an access touches are read
 * in one query, the detector works on them in memory, and `flush` writes the changed ones
 * back in one upsert. Keeps the live scoring at two round trips instead of eight.
 */
export default class DatabaseBaselineStore implements BaselineStore {
  #states = new Map<string, Baseline>()
  #dirty = new Set<string>()

  private constructor(private companyId: string) {}

  /** Loads the given keys of one company; keys with no row yet simply read as absent. */
  static async load(companyId: string, keys: string[]) {
    const store = new DatabaseBaselineStore(companyId)
    const rows = await db
      .from('anomaly_baselines')
      .where('company_id', companyId)
      .whereIn('key', keys)
      .select('key', 'state')
    for (const row of rows) {
      store.#states.set(row.key, JSON.parse(row.state))
    }

    return store
  }

  get(key: string) {
    return this.#states.get(key)
  }

  put(key: string, state: Baseline) {
    this.#states.set(key, state)
    this.#dirty.add(key)
  }

  /** Writes every baseline that changed since `load`. */
  async flush() {
    if (this.#dirty.size === 0) {
      return
    }
    const updatedAt = toDb(DateTime.utc(), 'seconds')
    const rows = [...this.#dirty].map((key) => ({
      key,
      company_id: this.companyId,
      state: JSON.stringify(this.#states.get(key)),
      updated_at: updatedAt,
    }))
    await db
      .knexQuery()
      .table('anomaly_baselines')
      .insert(rows)
      .onConflict('key')
      .merge(['state', 'updated_at'])
    this.#dirty.clear()
  }
}
