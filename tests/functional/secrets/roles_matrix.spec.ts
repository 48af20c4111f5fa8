import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import type { ApiClient } from '@japa/api-client'
import Secret from '#models/secret'
import AuditEvent from '#models/audit_event'
import { createCompany, createSecret } from '#tests/support/factories'
import type User from '#models/user'

type Team = Awaited<ReturnType<typeof createCompany>>
type Role = 'admin' | 'owner' | 'viewer' | 'user' | 'outsider'

const confirmed = { 'vault.confirmedAt': Date.now() + 60 * 60 * 1000 }

/** Every action a person can attempt on a secret, through the real routes. */
const ACTIONS: Record<string, (client: ApiClient, actor: User, secret: Secret, team: Team) => any> =
  {
    'view the page': (client, actor, secret) => client.get(`/secrets/${secret.id}`).loginAs(actor),
    'show the value': (client, actor, secret) =>
      client
        .post(`/secrets/${secret.id}/show`)
        .loginAs(actor)
        .withSession(confirmed)
        .withCsrfToken(),
    'copy the value': (client, actor, secret) =>
      client
        .post(`/secrets/${secret.id}/copy`)
        .loginAs(actor)
        .withSession(confirmed)
        .withCsrfToken()
        .accept('json'),
    'list versions': (client, actor, secret) =>
      client.get(`/secrets/${secret.id}/versions`).loginAs(actor),
    'read a past version': (client, actor, secret) =>
      client
        .post(`/secrets/${secret.id}/versions/1/show`)
        .loginAs(actor)
        .withSession(confirmed)
        .withCsrfToken(),
    'read the audit tab': (client, actor, secret) =>
      client.get(`/secrets/${secret.id}/audit`).loginAs(actor),
    'edit': (client, actor, secret) =>
      client
        .put(`/secrets/${secret.id}`)
        .loginAs(actor)
        .withCsrfToken()
        .accept('json')
        .json({ name: 'Edited', category: 'token' }),
    'manage members': (client, actor, secret, team) =>
      client
        .put(`/secrets/${secret.id}/members`)
        .loginAs(actor)
        .withCsrfToken()
        .accept('json')
        .json({ members: [{ userId: team.outsider.id, role: 'viewer' }] }),
    'delete': (client, actor, secret) =>
      client.delete(`/secrets/${secret.id}`).loginAs(actor).withCsrfToken().accept('json'),
  }

/** Which roles may do what: anything not listed is refused. */
const ALLOWED: Record<string, Role[]> = {
  'view the page': ['admin', 'owner', 'viewer', 'user'],
  'show the value': ['admin', 'owner', 'viewer'],
  'copy the value': ['admin', 'owner', 'viewer'],
  'list versions': ['admin', 'owner'],
  'read a past version': ['admin', 'owner'],
  'read the audit tab': ['admin', 'owner'],
  'edit': ['admin', 'owner'],
  'manage members': ['admin', 'owner'],
  'delete': ['admin', 'owner'],
}

test.group('Secret roles | every role against every action', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  for (const [action, attempt] of Object.entries(ACTIONS)) {
    for (const role of ['admin', 'owner', 'viewer', 'user', 'outsider'] as Role[]) {
      const allowed = ALLOWED[action].includes(role)
      const expected = allowed ? 200 : role === 'outsider' ? 404 : 403

      test(`${role} ${allowed ? 'may' : 'may not'} ${action}`, async ({ client, assert }) => {
        const team = await createCompany()
        const { secret, value } = await createSecret(team)

        const response = await attempt(client, team[role], secret, team)

        response.assertStatus(expected)
        if (!allowed) {
          assert.notInclude(response.text(), value)
          const after = await Secret.find(secret.id)
          assert.equal(after?.name, secret.name, 'a refused action changes nothing')
          const refusal = await AuditEvent.query()
            .where('actor_id', team[role].id)
            .where('outcome', 'denied')
            .firstOrFail()
          assert.equal(refusal.secretId, secret.id)
          assert.isNotNull(refusal.reason)
        }
      })
    }
  }
})

test.group('Secret roles | refused forms', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a refused edit form goes back with a message and never flashes the value', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)

    const response = await client
      .put(`/secrets/${secret.id}`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .header('referer', `/secrets/${secret.id}`)
      .form({ name: 'Edited', category: 'password', value: 'typed-by-a-viewer' })
      .redirects(0)

    response.assertStatus(302)
    response.assertFlashMessage('error', 'You are not allowed to do this on this secret')
    assert.notInclude(JSON.stringify(response.flashMessages()), 'typed-by-a-viewer')
  })
})
