import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import env from '#start/env'
import { createSecretKey, hkdfSync } from 'node:crypto'
import { adoptLegacyKeys } from '#services/legacy_keys'
import { parseMasterKeys } from '#services/local_key_provider'
import DataKeys from '#services/data_keys'
import KeyRewrap from '#services/key_rewrap'
import SecretCipher from '#services/secret_cipher'
import { createCompany, createSecret } from '#tests/support/factories'

const confirmed = () => ({ 'vault.confirmedAt': Date.now() })

/**
 * Puts a secret back the way the vault stored it before data keys: encrypted under the key
 * derived from master key v1, with no data key row for its company.
 */
async function makeLegacy(companyId: string, secretId: string, value: string) {
  const master = parseMasterKeys(env.get('VAULT_MASTER_KEY')!.release()).get(1)!
  const derived = createSecretKey(
    Buffer.from(hkdfSync('sha256', master, 'vault-company-key', `company:${companyId}`, 32))
  )
  const cipher = new SecretCipher({
    forEncryption: async () => ({ version: 1, key: derived }),
    forDecryption: async () => derived,
  })
  const sealed = cipher.sealWith(value, { companyId, secretId, version: 1 }, 1, derived)
  await db
    .from('secret_versions')
    .where({ secret_id: secretId, version: 1 })
    .update({ ciphertext: sealed.ciphertext, key_version: 1 })
  await db.from('data_keys').where('company_id', companyId).delete()
}

test.group('Keys | values stored before data keys', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('are carried over by the migration step and can then move to a random key', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)
    await makeLegacy(team.company.id, secret.id, value)
    const keys = await app.container.make(DataKeys)
    keys.forget(team.company.id)

    const adopted = await adoptLegacyKeys(db.connection(), env.get('VAULT_MASTER_KEY')!.release())

    assert.equal(adopted, 1)
    const shown = await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withSession(confirmed())
      .withCsrfToken()
    shown.assertTextIncludes(value)
    await keys.rotate(team.company.id, null)
    const rewrap = await app.container.make(KeyRewrap)
    await rewrap.run(team.company.id, { batchSize: 10, actor: null })
    await keys.retire(team.company.id, 1, null)
    keys.forget(team.company.id)
    const [row] = await db.from('secret_versions').where('secret_id', secret.id)
    assert.equal(row.key_version, 2)
    const cipher = await app.container.make(SecretCipher)
    const binding = { companyId: team.company.id, secretId: secret.id, version: 1 }
    assert.equal(
      await cipher.decrypt({ ciphertext: row.ciphertext, keyVersion: 2 }, binding),
      value
    )
  })

  test('without the master key the migration stops with a clear message', async ({ assert }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)
    await makeLegacy(team.company.id, secret.id, value)

    await assert.rejects(
      () => adoptLegacyKeys(db.connection(), null),
      /stored values were encrypted before data keys existed: set VAULT_MASTER_KEY/
    )
  })
})
