import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import AuditEvent from '#models/audit_event'
import { createCompany, createSecret, PASSWORD, secretValue } from '#tests/support/factories'

test.group('Audit | access reports', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a person’s report counts reads per secret and flags current values they know', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret: kept } = await createSecret(team, { name: 'Kept value' })
    const { secret: rotated } = await createSecret(team, { name: 'Rotated value' })
    for (const secret of [kept, kept, rotated]) {
      await client
        .post(`/secrets/${secret.id}/copy`)
        .loginAs(team.viewer)
        .withCsrfToken()
        .accept('json')
        .json({ password: PASSWORD })
    }
    await client
      .put(`/secrets/${rotated.id}`)
      .loginAs(team.owner)
      .withCsrfToken()
      .accept('json')
      .json({ name: rotated.name, category: 'password', value: secretValue() })

    const response = await client.get(`/audit/people/${team.viewer.id}`).loginAs(team.admin)

    response.assertStatus(200)
    const rows = [
      ...response.text().matchAll(/<tr>\s*<td>([^<]+)<\/td>\s*<td>(\d+)<\/td>\s*<td>(\d+)<\/td>/g),
    ]
    const copies = Object.fromEntries(rows.map((row) => [row[1], Number(row[3])]))
    assert.deepEqual(copies, { 'Kept value': 2, 'Rotated value': 1 })
    const keptRow = response.text().split('Kept value')[1].split('</tr>')[0]
    const rotatedRow = response.text().split('Rotated value')[1].split('</tr>')[0]
    assert.include(keptRow, 'badge warn')
    assert.notInclude(rotatedRow, 'badge warn')
  })

  test('a secret’s readers over a period; a period in the future is empty', async ({ client }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)
    await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .form({ password: PASSWORD })

    const readers = await client.get(`/secrets/${secret.id}/readers`).loginAs(team.owner)
    const future = await client
      .get(`/secrets/${secret.id}/readers`)
      .qs({ from: '2099-01-01' })
      .loginAs(team.owner)
    const viewer = await client.get(`/secrets/${secret.id}/readers`).loginAs(team.viewer)
    const notAdmin = await client.get(`/audit/people/${team.viewer.id}`).loginAs(team.owner)

    readers.assertTextIncludes(team.viewer.email)
    future.assertTextIncludes('Nobody read this secret in this period')
    viewer.assertStatus(403)
    notAdmin.assertStatus(404)
  })

  test('a malformed period is refused naming the field', async ({ client, assert }) => {
    const team = await createCompany()

    const response = await client
      .get(`/audit/people/${team.viewer.id}`)
      .qs({ from: '2026-05-01', to: '2026-04-01' })
      .accept('json')
      .loginAs(team.admin)

    response.assertStatus(422)
    assert.equal(response.body().errors[0].field, 'to')
  })
})

test.group('Audit | access report files', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a person’s report downloads as CSV and the download is audited', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team, { name: 'Deploy key' })
    await client
      .post(`/secrets/${secret.id}/copy`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .accept('json')
      .json({ password: PASSWORD })

    const response = await client
      .get(`/audit/people/${team.viewer.id}`)
      .qs({ format: 'csv' })
      .loginAs(team.admin)

    response.assertStatus(200)
    response.assertHeader('content-type', 'text/csv; charset=utf-8')
    const [header, row] = response.text().trim().split('\r\n')
    assert.equal(header, 'secret,id,shown,copied,used,versions_read,first,last,knows_current_value')
    assert.match(row, new RegExp(`^Deploy key,${secret.id},0,1,0,0,`))
    assert.notInclude(response.text(), value)
    const record = await AuditEvent.findByOrFail('action', 'audit.exported')
    assert.equal(record.detailsObject.report, `person-${team.viewer.id}`)
  })

  test('a secret’s readers download as JSON Lines; an unknown format is refused', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)
    await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .form({ password: PASSWORD })

    const lines = await client
      .get(`/secrets/${secret.id}/readers`)
      .qs({ format: 'jsonl' })
      .loginAs(team.owner)
    const refused = await client
      .get(`/secrets/${secret.id}/readers`)
      .qs({ format: 'pdf' })
      .accept('json')
      .loginAs(team.owner)

    const rows = lines
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].person, team.viewer.email)
    assert.equal(rows[0].shown, 1)
    refused.assertStatus(422)
    refused.assertBodyContains({ errors: [{ field: 'format' }] })
  })
})
