import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import SecretVersion from '#models/secret_version'
import { countRows, createCompany, createSecret } from '#tests/support/factories'

/**
 * A real database failure on the audit table: a trigger that rejects every insert. DDL
 * commits on MySQL, so these tests manage their own clean-up instead of a transaction.
 */
async function breakAuditTable() {
  if (db.connection().dialect.name === 'mysql') {
    await db.rawQuery(
      `CREATE TRIGGER audit_down BEFORE INSERT ON audit_events FOR EACH ROW
       SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit storage unavailable'`
    )
  } else {
    await db.rawQuery(
      `CREATE TRIGGER audit_down BEFORE INSERT ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit storage unavailable'); END`
    )
  }
}

test.group('Reveal | fail closed', (group) => {
  group.each.setup(() => testUtils.db().truncate())
  group.each.teardown(async () => {
    await db.rawQuery('DROP TRIGGER IF EXISTS audit_down')
  })

  test('no value leaves when its audit record cannot be written', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)
    await breakAuditTable()

    const show = await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withSession({ 'vault.confirmedAt': Date.now() })
      .withCsrfToken()
    const copy = await client
      .post(`/secrets/${secret.id}/copy`)
      .loginAs(team.viewer)
      .withSession({ 'vault.confirmedAt': Date.now() })
      .withCsrfToken()
      .accept('json')

    show.assertStatus(503)
    show.assertTextIncludes('could not be recorded in the audit trail')
    assert.notInclude(show.text(), value)
    copy.assertStatus(503)
    assert.notInclude(copy.text(), value)
    assert.notProperty(copy.body(), 'value')
  })

  test('an edit whose audit record fails leaves the previous version intact', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team, { name: 'Before' })
    const records = await countRows('audit_events')
    await breakAuditTable()

    const response = await client
      .put(`/secrets/${secret.id}`)
      .loginAs(team.owner)
      .withCsrfToken()
      .accept('json')
      .json({ name: 'After', category: 'password', value: 'a new value' })

    response.assertStatus(503)
    await secret.refresh()
    assert.equal(secret.name, 'Before')
    assert.equal(secret.currentVersion, 1)
    assert.lengthOf(await SecretVersion.query().where('secret_id', secret.id), 1)
    assert.equal(await countRows('audit_events'), records)
  })
})
