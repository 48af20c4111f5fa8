import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import AuditEvent from '#models/audit_event'
import DataKeys from '#services/data_keys'
import { toDb } from '#services/db_time'
import { createCompany, createSecret } from '#tests/support/factories'

test.group('Keys page', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('admins see versions, states, ages and the values each key protects', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    await createSecret(team)
    await createSecret(team)
    const keys = await app.container.make(DataKeys)
    await keys.rotate(team.company.id, null)
    await createSecret(team)
    const old = toDb(DateTime.utc().minus({ days: 120 }), 'seconds')
    await db
      .from('data_keys')
      .where({ company_id: team.company.id, version: 2 })
      .update({ created_at: old })

    const response = await client.get('/keys').loginAs(team.admin)

    response.assertStatus(200)
    const text = response.text().replace(/\s+/g, ' ')
    assert.match(
      text,
      /v2<\/td> <td> <span class="badge key-active">active<\/span> <span class="badge warn">older than 90 days/
    )
    assert.match(text, /v1<\/td> <td> <span class="badge key-decrypt_only">decrypt-only<\/span>/)
    assert.include(text, '(120 days)')
    assert.include(text, 'master key v1')
    assert.include(text, 'The active key v2 is 120 days old')
    assert.include(text, '2 stored value(s) are still under older keys')
    assert.include(text, `vault:keys:rewrap --company=${team.company.slug}`)
    assert.notInclude(text, 'Retire</button>')
  })

  test('rotating from the page is audited with the admin; retiring refuses a key in use', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    await createSecret(team)

    const rotated = await client
      .post('/keys/rotate')
      .loginAs(team.admin)
      .withCsrfToken()
      .redirects(0)
    const refused = await client
      .post('/keys/1/retire')
      .loginAs(team.admin)
      .withCsrfToken()
      .redirects(0)

    rotated.assertStatus(302)
    refused.assertStatus(302)
    refused.assertFlashMessage(
      'error',
      'Data key v1 still protects 1 stored value(s); run vault:keys:rewrap.'
    )
    const event = await AuditEvent.query()
      .where('company_id', team.company.id)
      .where('action', 'key.rotated')
      .firstOrFail()
    assert.equal(event.actorId, team.admin.id)
    const states = await db
      .from('data_keys')
      .where('company_id', team.company.id)
      .orderBy('version')
    assert.deepEqual(
      states.map((row) => row.state),
      ['decrypt_only', 'active']
    )
  })

  test('people who are not admins cannot see or rotate keys', async ({ client, assert }) => {
    const team = await createCompany()
    await createSecret(team)

    const page = await client.get('/keys').loginAs(team.owner)
    const rotate = await client
      .post('/keys/rotate')
      .loginAs(team.owner)
      .withCsrfToken()
      .redirects(0)

    page.assertStatus(404)
    rotate.assertStatus(404)
    const rows = await db.from('data_keys').where('company_id', team.company.id)
    assert.lengthOf(rows, 1)
  })
})
