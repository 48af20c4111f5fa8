import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import { DateTime } from 'luxon'
import AuditEvent from '#models/audit_event'
import IntegrationToken from '#models/integration_token'
import IntegrationTokens from '#services/integration_tokens'
import { createCompany, createSecret } from '#tests/support/factories'

test.group('Integration tokens | use', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a user-role member creates a token and an integration uses the secret', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)

    const created = await client
      .post('/tokens')
      .loginAs(team.user)
      .withCsrfToken()
      .accept('json')
      .json({ name: 'billing job', days: 30, secrets: [secret.id] })
    const token = created.body().token
    const used = await client
      .post(`/api/v1/secrets/${secret.id}/use`)
      .header('authorization', `Bearer ${token}`)

    created.assertStatus(201)
    assert.match(token, /^vlt_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/)
    used.assertStatus(200)
    used.assertBodyContains({ id: secret.id, version: 1, value })
    const record = await AuditEvent.query().where('action', 'value.used').firstOrFail()
    assert.equal(record.actorId, team.user.id)
    assert.equal(record.outcome, 'success')
    assert.include(record.deviceLabel!, 'billing job')
    const stored = await IntegrationToken.findOrFail(created.body().id)
    // The secret part is everything after "vlt_<public id>_"; it may itself contain "_".
    const secretPart = token.slice('vlt_'.length + 12 + 1)
    assert.lengthOf(secretPart, 43)
    assert.notInclude(JSON.stringify(stored.toJSON()), secretPart)
    assert.isNotNull(stored.lastUsedAt)
  })

  test('a viewer cannot create a token for programmatic use', async ({ client }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)

    const response = await client
      .post('/tokens')
      .loginAs(team.viewer)
      .withCsrfToken()
      .accept('json')
      .json({ name: 'sneaky', days: 30, secrets: [secret.id] })

    response.assertStatus(422)
    response.assertBodyContains({ errors: [{ field: 'secrets.0' }] })
  })

  test('a token outside its scope is refused and audited', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret: allowed } = await createSecret(team)
    const { secret: other, value } = await createSecret(team)
    const tokens = await app.container.make(IntegrationTokens)
    const { plaintext } = await tokens.issue(team.user, 'scoped', [allowed.id], 30)

    const response = await client
      .post(`/api/v1/secrets/${other.id}/use`)
      .header('authorization', `Bearer ${plaintext}`)

    response.assertStatus(403)
    assert.notInclude(response.text(), value)
    const record = await AuditEvent.query().where('reason', 'outside_token_scope').firstOrFail()
    assert.equal(record.secretId, other.id)
  })

  test('expired, revoked, forged and missing tokens get a clear 401', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)
    const tokens = await app.container.make(IntegrationTokens)
    const expired = await tokens.issue(team.user, 'old', [secret.id], 1)
    expired.token.expiresAt = DateTime.utc().minus({ minutes: 1 })
    await expired.token.save()
    const revoked = await tokens.issue(team.user, 'gone', [secret.id], 30)
    revoked.token.revokedAt = DateTime.utc()
    await revoked.token.save()
    const valid = await tokens.issue(team.user, 'valid', [secret.id], 30)
    const forged = valid.plaintext.slice(0, -4) + 'AAAA'

    const cases: [string | undefined, string][] = [
      [expired.plaintext, 'The integration token has expired'],
      [revoked.plaintext, 'The integration token was revoked'],
      [forged, 'The integration token is not valid'],
      [undefined, 'The integration token is not valid'],
    ]
    for (const [token, message] of cases) {
      const request = client.post(`/api/v1/secrets/${secret.id}/use`)
      const response = await (token ? request.header('authorization', `Bearer ${token}`) : request)
      response.assertStatus(401)
      response.assertBodyContains({ message })
      assert.notInclude(response.text(), value)
    }
  })

  test("another company's secret answers 404 to a valid token", async ({ client }) => {
    const team = await createCompany()
    const other = await createCompany('Globex')
    const { secret: mine } = await createSecret(team)
    const { secret: theirs } = await createSecret(other)
    const tokens = await app.container.make(IntegrationTokens)
    const { plaintext } = await tokens.issue(team.user, 'job', [mine.id], 30)

    const response = await client
      .post(`/api/v1/secrets/${theirs.id}/use`)
      .header('authorization', `Bearer ${plaintext}`)

    response.assertStatus(404)
  })

  test('the tokens page shows a new token once and lets its owner revoke it', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team, { name: 'Deploy key' })

    const created = await client
      .post('/tokens')
      .loginAs(team.user)
      .withCsrfToken()
      .form({ 'name': 'deployer', 'days': '7', 'secrets[]': [secret.id] })
    const token = /data-testid="new-token">([^<]+)</.exec(created.text())![1]
    const later = await client.get('/tokens').loginAs(team.user)
    const stored = await IntegrationToken.findByOrFail('name', 'deployer')
    await client.delete(`/tokens/${stored.id}`).loginAs(team.user).withCsrfToken()
    const after = await client
      .post(`/api/v1/secrets/${secret.id}/use`)
      .header('authorization', `Bearer ${token}`)

    created.assertHeader('cache-control', 'no-store')
    later.assertTextIncludes('deployer')
    assert.notInclude(later.text(), token)
    after.assertStatus(401)
  })
})
