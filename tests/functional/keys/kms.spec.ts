import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import { spawnSync } from 'node:child_process'
import AuditEvent from '#models/audit_event'
import { KeyUnavailableError } from '#contracts/key_provider'
import DataKeys, { KeyProviderSwitchError } from '#services/data_keys'
import RevealService from '#services/reveal_service'
import { createCompany, createSecret, testMeta } from '#tests/support/factories'
import { TransitServer } from '#tests/support/transit_server'

const confirmed = () => ({ 'vault.confirmedAt': Date.now() })

test.group('Keys | customer-managed key (Transit KMS)', (group) => {
  let kms: TransitServer
  group.each.setup(async () => {
    kms = await new TransitServer().start()
    const rollback = await testUtils.db().withGlobalTransaction()
    return async () => {
      await rollback()
      await kms.stop()
    }
  })

  const settingsOf = (server: TransitServer) => ({
    address: server.address,
    mount: 'transit',
    keyName: 'payroll',
    token: server.token,
  })

  test('switching wraps the data keys with the KMS key; values keep showing', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)
    const keys = await app.container.make(DataKeys)

    await keys.useTransit(team.company.id, settingsOf(kms), null)
    assert.equal(await keys.reprotect(team.company.id, null), 1)
    keys.forget(team.company.id)

    const [row] = await db.from('data_keys').where('company_id', team.company.id)
    assert.equal(row.wrapped_by, 'transit:payroll:v1')
    assert.match(row.wrapped_key, /^vault:v1:/)
    const stored = await db
      .from('company_key_providers')
      .where('company_id', team.company.id)
      .first()
    assert.notInclude(JSON.stringify(stored), kms.token)
    const shown = await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withSession(confirmed())
      .withCsrfToken()
    shown.assertTextIncludes(value)
    assert.isTrue(kms.requests.some((request) => request.path === '/v1/transit/decrypt/payroll'))
    assert.isTrue(kms.requests.every((request) => !JSON.stringify(request.body).includes(value)))
    const changed = await AuditEvent.query()
      .where('company_id', team.company.id)
      .where('action', 'key.provider_changed')
      .firstOrFail()
    assert.notInclude(changed.details!, kms.token)
  })

  test('an unreachable KMS gives a clear error on Show, never a value; other companies go on', async ({
    client,
    assert,
  }) => {
    const team = await createCompany('Kms')
    const other = await createCompany('Local')
    const { secret, value } = await createSecret(team)
    const theirs = await createSecret(other)
    const keys = await app.container.make(DataKeys)
    await keys.useTransit(team.company.id, settingsOf(kms), null)
    await keys.reprotect(team.company.id, null)
    keys.forget(team.company.id)

    kms.failing = true
    const refused = await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withSession(confirmed())
      .withCsrfToken()
    await kms.stop()
    const down = await client
      .post(`/secrets/${secret.id}/copy`)
      .loginAs(team.viewer)
      .withSession(confirmed())
      .withCsrfToken()
      .accept('json')
    const unaffected = await client
      .post(`/secrets/${theirs.secret.id}/show`)
      .loginAs(other.viewer)
      .withSession(confirmed())
      .withCsrfToken()

    refused.assertStatus(503)
    refused.assertTextIncludes('key service could not be reached or refused')
    assert.notInclude(refused.text(), value)
    assert.notInclude(refused.text(), kms.token)
    down.assertStatus(503)
    assert.notInclude(down.text(), value)
    unaffected.assertStatus(200)
    unaffected.assertTextIncludes(theirs.value)
    const failures = await AuditEvent.query()
      .where('company_id', team.company.id)
      .where('outcome', 'failure')
    assert.deepEqual(
      failures.map((event) => event.reason),
      ['key_service_unavailable', 'key_service_unavailable']
    )
  })

  test('a wrong token or a dead KMS is refused when switching, and nothing changes', async ({
    assert,
  }) => {
    const team = await createCompany()
    await createSecret(team)
    const keys = await app.container.make(DataKeys)

    await assert.rejects(
      () => keys.useTransit(team.company.id, { ...settingsOf(kms), token: 'hvs.wrong' }, null),
      /refused \(HTTP 403: permission denied\)/
    )
    await assert.rejects(
      () =>
        keys.useTransit(
          team.company.id,
          { ...settingsOf(kms), address: 'http://127.0.0.1:9' },
          null
        ),
      KeyUnavailableError
    )

    assert.isNull(
      await db.from('company_key_providers').where('company_id', team.company.id).first()
    )
    const [row] = await db.from('data_keys').where('company_id', team.company.id)
    assert.equal(row.wrapped_by, 'local:v1')
  })

  test('after the KMS key rotates, re-protecting rewraps in the KMS; going back to local works', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)
    const keys = await app.container.make(DataKeys)
    await keys.useTransit(team.company.id, settingsOf(kms), null)
    await keys.reprotect(team.company.id, null)

    kms.rotate()
    assert.equal(await keys.reprotect(team.company.id, null), 1)
    const [rewrapped] = await db.from('data_keys').where('company_id', team.company.id)
    assert.equal(rewrapped.wrapped_by, 'transit:payroll:v2')
    assert.isTrue(kms.requests.some((request) => request.path === '/v1/transit/rewrap/payroll'))

    await keys.useLocal(team.company.id, null)
    await keys.reprotect(team.company.id, null)
    keys.forget(team.company.id)
    await kms.stop()

    const [back] = await db.from('data_keys').where('company_id', team.company.id)
    assert.equal(back.wrapped_by, 'local:v1')
    assert.isNull(
      await db.from('company_key_providers').where('company_id', team.company.id).first()
    )
    const shown = await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withSession(confirmed())
      .withCsrfToken()
    shown.assertTextIncludes(value)
  })
})

test.group('Keys | moving between two KMSes', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('goes by way of the master key, so no key is left wrapped by a forgotten KMS', async ({
    assert,
  }) => {
    const first = await new TransitServer().start()
    const second = await new TransitServer().start()
    const team = await createCompany()
    const { secret, value } = await createSecret(team)
    const keys = await app.container.make(DataKeys)
    const settings = (server: TransitServer) => ({
      address: server.address,
      mount: 'transit',
      keyName: 'payroll',
      token: server.token,
    })
    try {
      await keys.useTransit(team.company.id, settings(first), null)
      await keys.reprotect(team.company.id, null)

      await assert.rejects(
        () => keys.useTransit(team.company.id, settings(second), null),
        KeyProviderSwitchError
      )

      await keys.useLocal(team.company.id, null)
      await keys.reprotect(team.company.id, null)
      await keys.useTransit(team.company.id, settings(second), null)
      await keys.reprotect(team.company.id, null)
      await first.stop()
      keys.forget(team.company.id)
      const reveals = await app.container.make(RevealService)
      const read = await reveals.reveal({
        actor: team.owner,
        secret,
        purpose: 'show',
        meta: testMeta,
      })
      assert.equal(read.value, value)
      assert.isTrue(
        second.requests.some((request) => request.path.startsWith('/v1/transit/decrypt'))
      )
    } finally {
      await first.stop()
      await second.stop()
    }
  })
})

test.group('Keys | provider command input', () => {
  const cases = [
    [['--company=x'], '--transit: give the KMS address, or --local'],
    [
      ['--company=x', '--transit=http://kms.example.com', '--key=k'],
      '--transit: the address must use https',
    ],
    [
      ['--company=x', '--transit=https://kms.example.com', '--key=bad key'],
      '--key: give the transit key name',
    ],
    [['--company=x', '--local', '--transit=https://kms.example.com'], '--local: give either'],
  ] as const
  for (const [flags, message] of cases) {
    test(`refuses ${flags.slice(1).join(' ') || 'no provider'}`, ({ assert }) => {
      const run = spawnSync(process.execPath, ['ace', 'vault:keys:provider', ...flags], {
        cwd: app.appRoot,
        env: { ...process.env, VAULT_KMS_TOKEN: 'hvs.never-shown' },
        encoding: 'utf8',
      })

      assert.equal(run.status, 1)
      assert.include(run.stdout + run.stderr, message)
      assert.notInclude(run.stdout + run.stderr, 'hvs.never-shown')
    })
  }
})

test.group('Keys | operator commands refuse unclear input', () => {
  const cases = [
    [['vault:keys:rotate'], '--company: name one company by id or slug, or pass --all'],
    [['vault:keys:rewrap', '--company=nope'], '--company: no company has the id or slug "nope"'],
    [['vault:keys:rewrap', '--all', '--batch=0'], '--batch must be a whole number from 1 to 5000'],
    [['vault:keys:retire', 'three', '--company=nope'], 'version: give a key version such as v3'],
    [['vault:company:delete', '--company=nope'], '--company: no company has the id or slug "nope"'],
  ] as const
  for (const [args, message] of cases) {
    test(`${args.join(' ')}`, ({ assert }) => {
      const run = spawnSync(process.execPath, ['ace', ...args], {
        cwd: app.appRoot,
        env: process.env,
        encoding: 'utf8',
      })

      assert.equal(run.status, 1)
      assert.include(run.stdout + run.stderr, message)
    })
  }
})
