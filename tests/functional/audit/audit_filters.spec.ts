import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { createCompany, createSecret, recordLogin } from '#tests/support/factories'

/** The table of records on an audit page, without the filter form and its suggestions. */
function recordsOf(html: string) {
  const start = html.indexOf('<table class="table audit">')

  return start === -1 ? '' : html.slice(start, html.indexOf('</table>', start))
}

/** Adds people to a company straight into the table: a password hash each would be slow. */
async function addPeople(companyId: string, count: number) {
  const rows = Array.from({ length: count }, (_, index) => ({
    company_id: companyId,
    email: `extra.${index}.${companyId.slice(0, 8)}@example.test`,
    full_name: `Extra Person ${index}`,
    password: 'not-a-usable-hash',
    is_admin: false,
    time_zone: 'UTC',
    created_at: new Date(),
    updated_at: new Date(),
  }))
  await db.table('users').multiInsert(rows)
}

test.group('Audit | person and secret filters', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a person typed as part of a name or as an email filters the page', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    await createSecret(team, { name: 'Payroll API' })
    await recordLogin(team.viewer)

    const byName = await client.get('/audit').qs({ person: 'olga' }).loginAs(team.admin)
    const byEmail = await client
      .get('/audit')
      .qs({ person: team.viewer.email.toUpperCase() })
      .loginAs(team.admin)

    byName.assertStatus(200)
    assert.include(recordsOf(byName.text()), team.owner.email)
    assert.notInclude(recordsOf(byName.text()), team.viewer.email)
    assert.include(byName.text(), `value="${team.owner.email}"`)
    assert.include(byName.text(), `person=${team.owner.id}&amp;format=csv`)
    assert.include(recordsOf(byEmail.text()), team.viewer.email)
    assert.notInclude(recordsOf(byEmail.text()), team.owner.email)
    assert.include(byEmail.text(), `value="${team.viewer.email}"`)
  })

  test('a secret typed as part of its name filters the page and its export', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team, { name: 'Payroll API' })
    await createSecret(team, { name: 'Office wifi' })

    const page = await client.get('/audit').qs({ secret: 'payroll' }).loginAs(team.admin)
    const exported = await client
      .get('/audit/export')
      .qs({ secret: 'PAYROLL api', format: 'jsonl' })
      .loginAs(team.admin)

    page.assertStatus(200)
    assert.include(page.text(), '<td>Payroll API</td>')
    assert.notInclude(page.text(), '<td>Office wifi</td>')
    const records = exported
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    assert.isAbove(records.length, 0)
    assert.isTrue(records.every((record) => record.secret_id === secret.id))
  })

  test('a text that matches no one, or several, is an error naming the field', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    await createSecret(team, { name: 'Payroll API' })
    await createSecret(team, { name: 'Payroll database' })
    const errorsOf = (response: { body(): { errors: { field: string; message: string }[] } }) =>
      response.body().errors

    const nobody = await client
      .get('/audit')
      .qs({ person: 'zebediah' })
      .accept('json')
      .loginAs(team.admin)
    const several = await client
      .get('/audit')
      .qs({ person: 'example.test' })
      .accept('json')
      .loginAs(team.admin)
    const secrets = await client
      .get('/audit/export')
      .qs({ secret: 'payroll', format: 'csv' })
      .accept('json')
      .loginAs(team.admin)

    nobody.assertStatus(422)
    assert.deepEqual(errorsOf(nobody)[0].field, 'person')
    assert.include(errorsOf(nobody)[0].message, 'No person of your company matches "zebediah"')
    several.assertStatus(422)
    assert.include(errorsOf(several)[0].message, 'matches more than one person (Ada Admin <')
    secrets.assertStatus(422)
    assert.equal(errorsOf(secrets)[0].field, 'secret')
    assert.include(errorsOf(secrets)[0].message, 'Payroll API, Payroll database')
    const exports = await db.from('audit_events').where('action', 'audit.exported')
    assert.lengthOf(exports, 0)
  })

  test('the error shows beside the field, with what was typed', async ({ client, assert }) => {
    const team = await createCompany()

    const refused = await client
      .get('/audit')
      .qs({ person: 'zebediah', action: 'auth.login' })
      .header('referer', '/audit')
      .redirects(0)
      .loginAs(team.admin)
    const flashed = refused.flashMessages()
    const page = await client.get('/audit').withFlashMessages(flashed).loginAs(team.admin)

    refused.assertStatus(302)
    assert.equal(refused.header('location'), '/audit')
    assert.include(page.text(), 'No person of your company matches &quot;zebediah&quot;')
    assert.include(page.text(), 'value="zebediah"')
    assert.include(page.text(), 'aria-invalid="true" aria-describedby="f-person-error"')
  })

  test('people of another company are never matched', async ({ client, assert }) => {
    const team = await createCompany()
    const other = await createCompany('Globex')

    const response = await client
      .get('/audit')
      .qs({ person: other.owner.email })
      .accept('json')
      .loginAs(team.admin)

    response.assertStatus(422)
    assert.equal(response.body().errors[0].field, 'person')
  })

  test('a small company gets suggestions; a large one is never listed in the page', async ({
    client,
    assert,
  }) => {
    const small = await createCompany()
    const large = await createCompany('Initech')
    await addPeople(large.company.id, 100)

    const smallPage = await client.get('/audit').loginAs(small.admin)
    const largePage = await client.get('/audit').loginAs(large.admin)

    assert.include(smallPage.text(), '<datalist id="f-person-choices">')
    assert.include(smallPage.text(), `<option value="${small.viewer.email}">Vic Viewer</option>`)
    assert.notInclude(largePage.text(), 'f-person-choices')
    assert.notInclude(largePage.text(), 'Extra Person')
    assert.notInclude(largePage.text(), large.viewer.email)
  })

  test('a form sent with blank fields filters by the filled ones only', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    await createSecret(team, { name: 'Payroll API' })
    const blank = { person: '', secret: '', action: '', outcome: '', from: '', to: '' }

    const audit = await client
      .get('/audit')
      .qs({ ...blank, action: 'secret.created' })
      .loginAs(team.admin)
    const alerts = await client.get('/alerts').qs({ status: '', person: '' }).loginAs(team.admin)
    const secrets = await client
      .get('/secrets')
      .qs({ q: '', category: '', owner: '' })
      .loginAs(team.owner)

    audit.assertStatus(200)
    assert.include(recordsOf(audit.text()), 'Secret created')
    assert.notInclude(recordsOf(audit.text()), 'Member added')
    alerts.assertStatus(200)
    secrets.assertStatus(200)
    secrets.assertTextIncludes('Payroll API')
  })

  test('someone who may not read an audit learns nothing from its filter', async ({ client }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)

    const company = await client
      .get('/audit/export')
      .qs({ format: 'csv', person: 'nobody-here' })
      .loginAs(team.viewer)
    const tab = await client
      .get(`/secrets/${secret.id}/audit/export`)
      .qs({ format: 'csv', person: 'nobody-here' })
      .loginAs(team.viewer)

    company.assertStatus(404)
    tab.assertStatus(403)
  })
})
