import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import ace from '@adonisjs/core/services/ace'
import { DateTime } from 'luxon'
import AccessRevokeDue from '#commands/access_revoke_due'
import AuditEvent from '#models/audit_event'
import Secret from '#models/secret'
import SecretGrant from '#models/secret_grant'
import IntegrationTokens from '#services/integration_tokens'
import { createCompany, createSecret, PASSWORD } from '#tests/support/factories'

test.group('Offboarding | a person leaves', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('ending access now removes every grant in one step, audited', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret: first } = await createSecret(team)
    const { secret: second } = await createSecret(team)
    const tokens = await app.container.make(IntegrationTokens)
    const { token } = await tokens.issue(team.user, 'job', [first.id], 30)

    const response = await client
      .post(`/people/${team.viewer.id}/end-access`)
      .loginAs(team.admin)
      .withCsrfToken()
      .form({})
      .redirects(0)
    await client
      .post(`/people/${team.user.id}/end-access`)
      .loginAs(team.admin)
      .withCsrfToken()
      .form({})

    response.assertStatus(302)
    response.assertFlashMessage('success', "Vic Viewer's access ends now.")
    assert.lengthOf(await SecretGrant.query().where('user_id', team.viewer.id), 0)
    const removed = await AuditEvent.query()
      .where('action', 'member.removed')
      .where('actor_id', team.admin.id)
    assert.sameMembers(
      removed.map((event) => event.secretId),
      [first.id, second.id, first.id, second.id]
    )
    await token.refresh()
    assert.isNotNull(token.revokedAt)
    assert.isNotNull(await AuditEvent.findBy('action', 'person.access_revoked'))
  })

  test('the person can no longer sign in, and an open session is closed', async ({ client }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)
    team.viewer.accessEndsAt = DateTime.utc().minus({ minutes: 1 })
    await team.viewer.save()

    const login = await client
      .post('/login')
      .form({ email: team.viewer.email, password: PASSWORD })
      .withCsrfToken()
      .redirects(0)
    const open = await client.get(`/secrets/${secret.id}`).loginAs(team.viewer).redirects(0)

    login.assertFlashMessage('errorsBag', { email: 'Your access to Vault has ended.' })
    open.assertStatus(302)
    open.assertHeader('location', '/login')
  })

  test('a date in the future holds until then; the job revokes once it passes', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)

    await client
      .post(`/people/${team.viewer.id}/end-access`)
      .loginAs(team.admin)
      .withCsrfToken()
      .form({ on: DateTime.utc().plus({ days: 10 }).toISODate() })
    const before = await client.get(`/secrets/${secret.id}`).loginAs(team.viewer)
    await team.viewer.refresh()
    team.viewer.accessEndsAt = DateTime.utc().minus({ seconds: 1 })
    await team.viewer.save()
    const command = await ace.create(AccessRevokeDue, [])
    command.ui.switchMode('raw')
    await command.exec()

    before.assertStatus(200)
    command.assertLog('[ blue(info) ] access revoked for 1 person(s)')
    assert.lengthOf(await SecretGrant.query().where('user_id', team.viewer.id), 0)
    const scheduled = await AuditEvent.findByOrFail('action', 'person.access_revoked')
    assert.equal(scheduled.reason, 'scheduled')
    assert.isNull(scheduled.actorId)
  })

  test('secrets the person owned pass to the admin who ended their access', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)

    await client
      .post(`/people/${team.owner.id}/end-access`)
      .loginAs(team.admin)
      .withCsrfToken()
      .form({})

    const after = await Secret.findOrFail(secret.id)
    assert.equal(after.ownerId, team.admin.id)
    const handOver = await AuditEvent.findByOrFail('action', 'secret.owner_changed')
    assert.equal(handOver.secretId, secret.id)
  })

  test('only admins see People, and an ended person has no role before any job runs', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)
    const tokens = await app.container.make(IntegrationTokens)
    const { plaintext } = await tokens.issue(team.user, 'job', [secret.id], 30)
    team.user.accessEndsAt = DateTime.utc().minus({ seconds: 1 })
    await team.user.save()

    const people = await client.get('/people').loginAs(team.owner)
    const use = await client
      .post(`/api/v1/secrets/${secret.id}/use`)
      .header('authorization', `Bearer ${plaintext}`)

    people.assertStatus(404)
    use.assertStatus(404)
    assert.notInclude(use.text(), value)
    assert.lengthOf(await SecretGrant.query().where('user_id', team.user.id), 1)
  })
})
