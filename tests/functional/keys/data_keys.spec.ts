import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import { createSecretKey, randomBytes } from 'node:crypto'
import Secret from '#models/secret'
import AuditEvent from '#models/audit_event'
import AuditLog from '#services/audit_log'
import DataKeys, { KeyGoneError, KeyInUseError } from '#services/data_keys'
import KeyRewrap from '#services/key_rewrap'
import LocalKeyProvider from '#services/local_key_provider'
import SecretCipher from '#services/secret_cipher'
import SecretService from '#services/secret_service'
import RevealService from '#services/reveal_service'
import { createCompany, createSecret, secretValue, testMeta } from '#tests/support/factories'

const confirmed = () => ({ 'vault.confirmedAt': Date.now() })
const settings = { maxEncryptions: 1000, cacheSeconds: 300, kmsTimeoutMs: 2000 }

async function keyRows(companyId: string) {
  return db.from('data_keys').where('company_id', companyId).orderBy('version')
}

function stateList(rows: { version: number; state: string }[]) {
  return rows.map((row) => `${row.version}:${row.state}`)
}

async function storedVersions(companyId: string) {
  return db
    .from('secret_versions')
    .join('secrets', 'secrets.id', 'secret_versions.secret_id')
    .where('secrets.company_id', companyId)
    .select('secret_versions.*')
}

test.group('Data keys | hierarchy', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the first value creates a wrapped data key; values name the key version', async ({
    assert,
  }) => {
    const team = await createCompany()
    await createSecret(team)

    const [key] = await keyRows(team.company.id)

    assert.equal(key.version, 1)
    assert.equal(key.state, 'active')
    assert.equal(key.wrapped_by, 'local:v1')
    assert.equal(Number(key.encryptions), 1)
    const [stored] = await storedVersions(team.company.id)
    assert.equal(stored.key_version, 1)
    const created = await AuditEvent.query()
      .where('company_id', team.company.id)
      .where('action', 'key.created')
    assert.lengthOf(created, 1)
  })

  test('each company has its own data key', async ({ assert }) => {
    const first = await createCompany('First')
    const second = await createCompany('Second')
    await createSecret(first)
    await createSecret(second)

    const [a] = await keyRows(first.company.id)
    const [b] = await keyRows(second.company.id)

    assert.notEqual(a.wrapped_key, b.wrapped_key)
  })
})

test.group('Data keys | rotation and rewrap', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('after a rotation old values still show, new ones use the new key', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)
    const keys = await app.container.make(DataKeys)

    const version = await keys.rotate(team.company.id, {
      id: team.admin.id,
      email: team.admin.email,
    })
    const service = await app.container.make(SecretService)
    const newer = await createSecret(team)
    await service.update(team.owner, secret, { value: 'changed-value-123' }, testMeta)

    assert.equal(version, 2)
    const states = stateList(await keyRows(team.company.id))
    assert.deepEqual(states, ['1:decrypt_only', '2:active'])
    const versions = await storedVersions(team.company.id)
    const byKey = versions.map(
      (row) => `${row.secret_id === secret.id ? 'old' : 'new'}${row.version}:k${row.key_version}`
    )
    assert.sameMembers(byKey, ['old1:k1', 'old2:k2', 'new1:k2'])
    const shown = await client
      .post(`/secrets/${newer.secret.id}/show`)
      .loginAs(team.viewer)
      .withSession(confirmed())
      .withCsrfToken()
    shown.assertTextIncludes(newer.value)
    const past = await client
      .post(`/secrets/${secret.id}/versions/1/show`)
      .loginAs(team.owner)
      .withSession(confirmed())
      .withCsrfToken()
    past.assertTextIncludes(value)
    const rotated = await AuditEvent.query()
      .where('company_id', team.company.id)
      .where('action', 'key.rotated')
      .firstOrFail()
    assert.equal(rotated.actorId, team.admin.id)
    assert.include(rotated.details!, '"version":2')
  })

  test('rewrap moves every value and past version onto the active key; then the old key retires', async ({
    assert,
  }) => {
    const team = await createCompany()
    const service = await app.container.make(SecretService)
    const reveals = await app.container.make(RevealService)
    const values = new Map<string, string>()
    for (let i = 0; i < 4; i++) {
      const { secret, value } = await createSecret(team)
      values.set(`${secret.id}:1`, value)
      const next = secretValue()
      await service.update(team.owner, secret, { value: next }, testMeta)
      values.set(`${secret.id}:2`, next)
    }
    const keys = await app.container.make(DataKeys)
    await keys.rotate(team.company.id, null)
    await assert.rejects(
      () => keys.retire(team.company.id, 1, null),
      /still protects 8 stored value/
    )
    const rewrap = await app.container.make(KeyRewrap)
    const seen: number[] = []

    const result = await rewrap.run(team.company.id, {
      batchSize: 3,
      actor: null,
      onBatch: ({ done }) => seen.push(done),
    })

    assert.equal(result.rewrapped, 8)
    assert.deepEqual(result.failed, [])
    assert.deepEqual(seen, [3, 6, 8])
    const versions = await storedVersions(team.company.id)
    assert.lengthOf(versions, 8)
    assert.isTrue(versions.every((row) => row.key_version === 2))
    for (const [id, expected] of values) {
      const [secretId, version] = id.split(':')
      const secret = await Secret.findOrFail(secretId)
      const read = await reveals.reveal({
        actor: team.owner,
        secret,
        purpose: 'version',
        version: Number(version),
        meta: testMeta,
      })
      assert.equal(read.value, expected)
    }
    assert.equal(await rewrap.remaining(team.company.id), 0)
    const rerun = await rewrap.run(team.company.id, { batchSize: 3, actor: null })
    assert.equal(rerun.rewrapped, 0)

    await keys.retire(team.company.id, 1, null)

    const states = stateList(await keyRows(team.company.id))
    assert.deepEqual(states, ['1:retired', '2:active'])
    await assert.rejects(() => keys.retire(team.company.id, 2, null), KeyInUseError)
    await assert.rejects(() => keys.forDecryption(team.company.id, 1), KeyGoneError)
    const audited = await AuditEvent.query()
      .where('company_id', team.company.id)
      .whereIn('action', ['key.rewrapped', 'key.retired'])
      .orderBy('id')
    assert.deepEqual(
      audited.map((event) => event.action),
      ['key.rewrapped', 'key.rewrapped', 'key.retired']
    )
  })

  test('a key retires from encrypting once it reaches its use limit', async ({ assert }) => {
    const team = await createCompany()
    const local = await app.container.make('vault.keys')
    const keys = new DataKeys(local, await app.container.make(AuditLog), {
      ...settings,
      maxEncryptions: 3,
    })

    const used: number[] = []
    for (let i = 0; i < 7; i++) {
      await db.transaction(async (trx) => {
        const { version } = await keys.forEncryption(team.company.id, 1, trx)
        used.push(version)
      })
    }

    assert.deepEqual(used, [1, 1, 1, 2, 2, 2, 3])
    const rows = await keyRows(team.company.id)
    assert.deepEqual(
      rows.map((row) => [row.state, Number(row.encryptions)]),
      [
        ['decrypt_only', 3],
        ['decrypt_only', 3],
        ['active', 1],
      ]
    )
    const reasons = await AuditEvent.query()
      .where('company_id', team.company.id)
      .where('action', 'key.rotated')
    assert.isTrue(reasons.every((event) => event.details!.includes('use limit')))
  })
})

test.group('Data keys | master key rotation', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('re-protecting moves data keys to the new master key; values stay readable', async ({
    assert,
  }) => {
    const team = await createCompany()
    const oldMaster = `v1:${randomBytes(32).toString('base64')}`
    const newMaster = `v2:${randomBytes(32).toString('base64')}`
    const audit = await app.container.make(AuditLog)
    const before = new DataKeys(new LocalKeyProvider(oldMaster), audit, settings)
    const cipher = new SecretCipher(before)
    const binding = { companyId: team.company.id, secretId: 'some-secret', version: 1 }
    const sealed = await db.transaction((trx) => cipher.encrypt('kept-value', binding, trx))
    await before.rotate(team.company.id, null)

    const during = new DataKeys(new LocalKeyProvider(`${newMaster},${oldMaster}`), audit, settings)
    const status = await during.status(team.company.id)
    assert.isTrue(status.every((key) => !key.wrappedByCurrent))
    // An interrupted run: one key done, the other not. Everything still decrypts.
    const [first] = await keyRows(team.company.id)
    const local = new LocalKeyProvider(`${newMaster},${oldMaster}`)
    const context = { companyId: team.company.id, version: first.version }
    const moved = await local.rewrap(
      { wrapped: first.wrapped_key, wrappedBy: first.wrapped_by },
      context
    )
    await db
      .from('data_keys')
      .where('id', first.id)
      .update({ wrapped_key: moved.wrapped, wrapped_by: moved.wrappedBy })
    assert.equal(await new SecretCipher(during).decrypt(sealed, binding), 'kept-value')

    assert.equal(await during.reprotect(team.company.id, null), 1)
    assert.equal(await during.reprotect(team.company.id, null), 0)

    const rows = await keyRows(team.company.id)
    assert.deepEqual(
      rows.map((row) => row.wrapped_by),
      ['local:v2', 'local:v2']
    )
    const after = new DataKeys(new LocalKeyProvider(newMaster), audit, settings)
    assert.equal(await new SecretCipher(after).decrypt(sealed, binding), 'kept-value')
    const audited = await AuditEvent.query()
      .where('company_id', team.company.id)
      .where('action', 'key.reprotected')
    assert.lengthOf(audited, 1)
  })
})

test.group('Data keys | crypto-shredding', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('deleting a company destroys its keys: its ciphertexts no longer decrypt', async ({
    assert,
  }) => {
    const team = await createCompany('Leaving')
    const other = await createCompany('Staying')
    const { secret } = await createSecret(team)
    await createSecret(other)
    const [stolen] = await storedVersions(team.company.id)
    const keys = await app.container.make(DataKeys)
    const cipher = await app.container.make(SecretCipher)
    const binding = { companyId: team.company.id, secretId: secret.id, version: 1 }
    const sealed = { ciphertext: stolen.ciphertext, keyVersion: stolen.key_version }
    assert.isString(await cipher.decrypt(sealed, binding))
    const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ')
    await db.table('siem_destinations').insert({
      company_id: team.company.id,
      name: 'Their SIEM',
      kind: 'https',
      url: 'https://siem.example.com/ingest',
      token_encrypted: 'sealed-token',
      created_at: stamp,
      updated_at: stamp,
    })

    await keys.destroyCompany(team.company.id, null)

    assert.lengthOf(await keyRows(team.company.id), 0)
    assert.lengthOf(await storedVersions(team.company.id), 0)
    assert.isNull(await db.from('companies').where('id', team.company.id).first())
    assert.isNull(await db.from('siem_destinations').where('company_id', team.company.id).first())
    await assert.rejects(() => cipher.decrypt(sealed, binding), KeyGoneError)
    // Every key left in the database, unwrapped with the master key, fails on the copy.
    const local = await app.container.make('vault.keys')
    for (const row of await db.from('data_keys')) {
      const context = { companyId: row.company_id, version: row.version }
      const bytes = await local.unwrap(
        { wrapped: row.wrapped_key, wrappedBy: row.wrapped_by },
        context
      )
      const key = createSecretKey(bytes)
      assert.throws(() => cipher.openWith(sealed, binding, key))
    }
    const deleted = await AuditEvent.query()
      .where('company_id', team.company.id)
      .where('action', 'company.deleted')
      .firstOrFail()
    assert.include(deleted.details!, '"keysDestroyed":1')
    assert.lengthOf(await keyRows(other.company.id), 1)
  })
})
