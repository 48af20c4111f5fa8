import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import AuditEvent from '#models/audit_event'
import { createCompany, createSecret, PASSWORD } from '#tests/support/factories'

const confirmed = () => ({ 'vault.confirmedAt': Date.now() })

/** Pages differ only by their per-request CSRF tokens, which say nothing about a secret. */
const withoutTokens = (html: string) =>
  html.replace(/(name="csrf-token" content=|name='_csrf' value=)["'][^"']*["']/g, '$1""')

test.group('Reveal | Show', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('Show asks for the password first and reveals nothing', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)

    const response = await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withCsrfToken()

    response.assertStatus(200)
    response.assertTextIncludes('Confirm it')
    assert.notInclude(response.text(), value)
    assert.lengthOf(await AuditEvent.query().where('action', 'value.shown'), 0)
  })

  test('the right password shows the value and records who, where and how', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)

    const response = await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .header(
        'user-agent',
        'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'
      )
      .form({ password: PASSWORD })

    response.assertStatus(200)
    response.assertTextIncludes(value)
    response.assertHeader('cache-control', 'no-store')
    const shown = await AuditEvent.query().where('action', 'value.shown').firstOrFail()
    assert.equal(shown.actorId, team.viewer.id)
    assert.equal(shown.secretId, secret.id)
    assert.equal(shown.outcome, 'success')
    assert.equal(shown.version, 1)
    assert.equal(shown.deviceLabel, 'Firefox 133 on Linux')
    assert.match(shown.deviceId!, /^[A-Za-z0-9_-]{22}$/)
    assert.isNotNull(shown.ip)
  })

  test('a wrong password shows nothing and is recorded', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)

    const response = await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .form({ password: 'guess' })

    response.assertStatus(422)
    response.assertTextIncludes('That password is not right.')
    assert.notInclude(response.text(), value)
    const failed = await AuditEvent.query().where('action', 'auth.confirm_failed').firstOrFail()
    assert.equal(failed.actorId, team.viewer.id)
  })

  test('within the confirmation window Show needs no password', async ({ client }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)

    const response = await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withSession(confirmed())
      .withCsrfToken()

    response.assertTextIncludes(value)
  })

  test('an old confirmation has expired', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)

    const response = await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withSession({ 'vault.confirmedAt': Date.now() - 6 * 60 * 1000 })
      .withCsrfToken()

    response.assertTextIncludes('Confirm it')
    assert.notInclude(response.text(), value)
  })
})

test.group('Reveal | Copy', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('Copy answers 428 until the password is confirmed, then the value', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)

    const ask = await client
      .post(`/secrets/${secret.id}/copy`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .accept('json')
      .json({})
    const copy = await client
      .post(`/secrets/${secret.id}/copy`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .accept('json')
      .json({ password: PASSWORD })

    ask.assertStatus(428)
    assert.notInclude(ask.text(), value)
    copy.assertStatus(200)
    copy.assertBodyContains({ value, version: 1, clearAfterSeconds: 30 })
    const copied = await AuditEvent.query().where('action', 'value.copied').firstOrFail()
    assert.equal(copied.actorId, team.viewer.id)
  })
})

test.group('Reveal | past versions', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the owner reads an earlier version, audited with its number', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)
    await client
      .put(`/secrets/${secret.id}`)
      .loginAs(team.owner)
      .withCsrfToken()
      .accept('json')
      .json({ name: secret.name, category: 'password', value: 'the second value' })

    const response = await client
      .post(`/secrets/${secret.id}/versions/1/show`)
      .loginAs(team.owner)
      .withSession(confirmed())
      .withCsrfToken()

    response.assertStatus(200)
    response.assertTextIncludes(value)
    const read = await AuditEvent.query().where('action', 'version.read').firstOrFail()
    assert.equal(read.version, 1)
  })

  test('a viewer cannot read past versions, and the attempt is recorded', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)

    const response = await client
      .post(`/secrets/${secret.id}/versions/1/show`)
      .loginAs(team.viewer)
      .withSession(confirmed())
      .withCsrfToken()

    response.assertStatus(403)
    assert.notInclude(response.text(), value)
    const denied = await AuditEvent.query().where('action', 'version.read').firstOrFail()
    assert.equal(denied.outcome, 'denied')
    assert.equal(denied.reason, 'viewer_may_not_readVersions')
  })
})

test.group('Reveal | denied attempts', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a user-role member never sees the value; the attempt is audited', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)

    const response = await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.user)
      .withSession(confirmed())
      .withCsrfToken()

    response.assertStatus(403)
    assert.notInclude(response.text(), value)
    const denied = await AuditEvent.query().where('actor_id', team.user.id).firstOrFail()
    assert.equal(denied.action, 'value.shown')
    assert.equal(denied.outcome, 'denied')
    assert.equal(denied.reason, 'user_may_not_reveal')
  })

  test('a non-member gets 404 without a password prompt; audited', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)

    const response = await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.outsider)
      .withCsrfToken()

    response.assertStatus(404)
    assert.notInclude(response.text(), value)
    assert.notInclude(response.text(), secret.name)
    const denied = await AuditEvent.query().where('actor_id', team.outsider.id).firstOrFail()
    assert.equal(denied.outcome, 'denied')
    assert.equal(denied.reason, 'not_a_member')
  })

  test("another company's secret id answers 404 and reveals nothing", async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const other = await createCompany('Globex')
    const { secret, value } = await createSecret(other)

    const responses = await Promise.all([
      client.get(`/secrets/${secret.id}`).loginAs(team.admin),
      client.get(`/secrets/${secret.id}/audit`).loginAs(team.admin),
      client
        .post(`/secrets/${secret.id}/show`)
        .loginAs(team.admin)
        .withSession(confirmed())
        .withCsrfToken(),
      client
        .put(`/secrets/${secret.id}`)
        .loginAs(team.admin)
        .withCsrfToken()
        .json({ name: 'taken over', category: 'password' }),
    ])
    const unknown = await client
      .get('/secrets/00000000-0000-4000-8000-000000000000')
      .loginAs(team.admin)

    for (const response of responses) {
      response.assertStatus(404)
      assert.notInclude(response.text(), secret.name)
      assert.notInclude(response.text(), value)
      assert.equal(withoutTokens(response.text()), withoutTokens(unknown.text()))
    }
  })
})
