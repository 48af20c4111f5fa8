import { hkdfSync } from 'node:crypto'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { DateTime } from 'luxon'
import LocalKeyProvider, { parseMasterKeys } from '#services/local_key_provider'
import { toDb } from '#services/db_time'

/**
 * Before data keys, a company's values were encrypted under a key derived from master key
 * version N (HKDF, label `vault-company-key`), and `key_version` named N. This stores each
 * such derived key as data key version N, wrapped like any other, so those values keep
 * decrypting and can be rewrapped onto a fresh random key. The highest version becomes the
 * active key. Runs once, from the data keys migration; a company that already has data
 * keys is left alone.
 */
export async function adoptLegacyKeys(client: QueryClientContract, masterKeyText: string | null) {
  const withKeys = await client.from('data_keys').distinct('company_id')
  const skip = new Set(withKeys.map((row) => row.company_id))
  const counted = await client
    .from('secret_versions')
    .join('secrets', 'secrets.id', 'secret_versions.secret_id')
    .groupBy('secrets.company_id', 'secret_versions.key_version')
    .select('secrets.company_id as companyId', 'secret_versions.key_version as version')
    .count('* as total')
  const used = counted.filter((row) => !skip.has(row.companyId))
  if (used.length === 0) {
    return 0
  }
  if (!masterKeyText) {
    throw new Error(
      'stored values were encrypted before data keys existed: set VAULT_MASTER_KEY (or ' +
        'VAULT_MASTER_KEY_FILE) for this migration so their keys can be carried over'
    )
  }
  const masters = parseMasterKeys(masterKeyText)
  const provider = new LocalKeyProvider(masterKeyText)
  const now = toDb(DateTime.utc(), 'seconds')
  const latest = new Map<string, number>()
  for (const row of used) {
    latest.set(row.companyId, Math.max(latest.get(row.companyId) ?? 0, Number(row.version)))
  }
  let adopted = 0
  for (const row of used) {
    const version = Number(row.version)
    const master = masters.get(version)
    if (!master) {
      throw new Error(`stored values use master key v${version}, which is not configured`)
    }
    const derived = Buffer.from(
      hkdfSync('sha256', master, 'vault-company-key', `company:${row.companyId}`, 32)
    )
    const wrapped = await provider.wrap(derived, { companyId: row.companyId, version })
    derived.fill(0)
    await client.table('data_keys').insert({
      company_id: row.companyId,
      version,
      state: version === latest.get(row.companyId) ? 'active' : 'decrypt_only',
      wrapped_key: wrapped.wrapped,
      wrapped_by: wrapped.wrappedBy,
      encryptions: Number(row.total),
      created_at: now,
      state_changed_at: now,
    })
    adopted++
  }

  return adopted
}
