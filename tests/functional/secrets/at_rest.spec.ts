import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { createCompany, createSecret, PASSWORD } from '#tests/support/factories'

/** Every text of every row of every table, as the database hands it out. */
async function everyStoredText() {
  const tables = [
    'companies',
    'users',
    'secrets',
    'secret_versions',
    'secret_grants',
    'audit_events',
  ]
  const rows = await Promise.all(tables.map((table) => db.from(table).select('*')))

  return JSON.stringify(rows)
}

test.group('Secrets | at rest', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the database never holds a value in plain text', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)
    const second = `second-${value}`
    await client
      .put(`/secrets/${secret.id}`)
      .loginAs(team.owner)
      .withCsrfToken()
      .accept('json')
      .json({ name: secret.name, category: 'password', value: second })
    await client
      .post(`/secrets/${secret.id}/copy`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .accept('json')
      .json({ password: PASSWORD })

    const stored = await everyStoredText()

    assert.notInclude(stored, value)
    assert.notInclude(stored, second)
    assert.notInclude(stored, Buffer.from(value).toString('base64'))
    assert.notInclude(stored, Buffer.from(value).toString('hex'))
    assert.notInclude(stored, PASSWORD)
  })

  test('a ciphertext copied onto another row fails to decrypt', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret: source, value } = await createSecret(team, { name: 'Source' })
    const { secret: target } = await createSecret(team, { name: 'Target' })
    const stolen = await db.from('secret_versions').where('secret_id', source.id).first()
    await db
      .from('secret_versions')
      .where('secret_id', target.id)
      .update({ ciphertext: stolen.ciphertext, key_version: stolen.key_version })

    const response = await client
      .post(`/secrets/${target.id}/copy`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .accept('json')
      .json({ password: PASSWORD })

    response.assertStatus(500)
    assert.notInclude(response.text(), value)
    const failure = await db
      .from('audit_events')
      .where('secret_id', target.id)
      .where('outcome', 'failure')
      .first()
    assert.equal(failure.reason, 'decryption_failed')
  })
})
