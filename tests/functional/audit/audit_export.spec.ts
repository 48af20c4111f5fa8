import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import { DateTime } from 'luxon'
import AuditEvent from '#models/audit_event'
import AuditLog from '#services/audit_log'
import AuditEvidence from '#services/audit_evidence'
import { createCompany, createSecret, PASSWORD, testMeta } from '#tests/support/factories'

test.group('Audit | export', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('exports the current filter as CSV, and the export is audited', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team, { name: 'Billing, "prod"' })
    await client
      .post(`/secrets/${secret.id}/copy`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .accept('json')
      .json({ password: PASSWORD })

    const response = await client
      .get('/audit/export')
      .qs({ format: 'csv', action: 'value.copied' })
      .loginAs(team.admin)

    response.assertStatus(200)
    response.assertHeader('content-type', 'text/csv; charset=utf-8')
    assert.match(
      response.header('content-disposition') ?? '',
      /attachment; filename="audit-\d+T\d+\.csv"/
    )
    const lines = response.text().trim().split('\r\n')
    assert.equal(lines[0].split(',')[0], 'id')
    assert.lengthOf(lines, 2)
    assert.include(lines[1], 'value.copied')
    assert.include(lines[1], '"Billing, ""prod"""')
    assert.notInclude(response.text(), value)
    const exported = await AuditEvent.findByOrFail('action', 'audit.exported')
    assert.equal(exported.actorId, team.admin.id)
    assert.equal(exported.detailsObject.format, 'csv')
  })

  test('exports JSON Lines, one record a line, newest first', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)

    const response = await client
      .get(`/secrets/${secret.id}/audit/export`)
      .qs({ format: 'jsonl' })
      .loginAs(team.owner)

    response.assertStatus(200)
    const records = response
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    assert.deepEqual(
      records.map((record) => record.action),
      ['member.added', 'member.added', 'secret.created']
    )
    assert.isTrue(records.every((record) => record.secret_id === secret.id))
  })

  test('a cell a spreadsheet would run as a formula is defused', async ({ client, assert }) => {
    const team = await createCompany()
    await createSecret(team, { name: '=HYPERLINK("http://evil.test")' })

    const response = await client.get('/audit/export').qs({ format: 'csv' }).loginAs(team.admin)

    assert.include(response.text(), `"'=HYPERLINK(""http://evil.test"")"`)
    assert.notInclude(response.text(), ',=HYPERLINK')
  })

  test('an empty range is a file with its header, not an error', async ({ client }) => {
    const team = await createCompany()

    const response = await client
      .get('/audit/export')
      .qs({ format: 'csv', from: '2099-01-01', to: '2099-01-31' })
      .loginAs(team.admin)

    response.assertStatus(200)
    response.assertTextIncludes('id,occurred_at,actor_id')
  })

  test('a malformed filter or format answers an error naming it', async ({ client, assert }) => {
    const team = await createCompany()

    const response = await client
      .get('/audit/export')
      .qs({ format: 'xlsx', to: 'yesterday' })
      .accept('json')
      .loginAs(team.admin)

    response.assertStatus(422)
    const fields = response.body().errors.map((error: { field: string }) => error.field)
    assert.includeMembers(fields, ['format', 'to'])
  })

  test('people who may not read an audit cannot export it', async ({ client }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)

    const company = await client.get('/audit/export').qs({ format: 'csv' }).loginAs(team.owner)
    const tab = await client
      .get(`/secrets/${secret.id}/audit/export`)
      .qs({ format: 'csv' })
      .loginAs(team.viewer)

    company.assertStatus(404)
    tab.assertStatus(403)
  })

  test('an export from a date holds every record from that day on, even one written late', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    team.admin.timeZone = 'UTC'
    await team.admin.save()
    const evidence = await app.container.make(AuditEvidence)
    // Written in this order: ids grow, but the last two carry earlier times (a late write).
    const times = ['2026-03-01', '2026-03-10', '2026-03-12', '2026-03-06', '2026-03-02']
    for (const [index, day] of times.entries()) {
      const log = new AuditLog(evidence, () => DateTime.fromISO(`${day}T12:00:00Z`))
      await log.record({
        companyId: team.company.id,
        actor: { id: team.viewer.id, email: team.viewer.email },
        action: 'auth.login',
        outcome: 'success',
        reason: `written ${index + 1}`,
        meta: testMeta,
      })
    }

    const response = await client
      .get('/audit/export')
      .qs({ format: 'jsonl', from: '2026-03-05', to: '2026-03-31' })
      .loginAs(team.admin)

    response.assertStatus(200)
    const records = response
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    assert.deepEqual(
      records.map((record) => [record.reason, record.occurred_at]),
      [
        ['written 4', '2026-03-06T12:00:00.000Z'],
        ['written 3', '2026-03-12T12:00:00.000Z'],
        ['written 2', '2026-03-10T12:00:00.000Z'],
      ]
    )
  })

  test('an export of several batches holds each record once, newest first', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const log = await app.container.make(AuditLog)
    // 2,500 records: three keyset batches of 1,000 and dozens of streamed chunks.
    for (let index = 0; index < 2500; index++) {
      await log.record({
        companyId: team.company.id,
        actor: { id: team.viewer.id, email: team.viewer.email },
        action: 'auth.login',
        outcome: 'success',
        reason: `login ${index}`,
        meta: testMeta,
      })
    }

    const csv = await client.get('/audit/export').qs({ format: 'csv' }).loginAs(team.admin)
    const jsonl = await client.get('/audit/export').qs({ format: 'jsonl' }).loginAs(team.admin)

    const rows = csv.text().split('\r\n')
    assert.equal(
      rows.shift(),
      'id,occurred_at,actor_id,actor_email,action,outcome,reason,' +
        'secret_id,secret_name,version,ip,user_agent,device_id,device_label,details'
    )
    assert.equal(rows.pop(), '')
    const records = jsonl
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    const logins = records.filter((record) => record.action === 'auth.login')
    assert.deepEqual(
      logins.map((record) => record.reason),
      Array.from({ length: 2500 }, (_, index) => `login ${2499 - index}`)
    )
    // The JSON Lines export also holds the record of the CSV export before it.
    const [csvExport, ...before] = records
    assert.equal(csvExport.action, 'audit.exported')
    assert.deepEqual(
      rows.map((row) => Number(row.split(',')[0])),
      before.map((record) => record.id)
    )
    assert.lengthOf(new Set(records.map((record) => record.id)), records.length)
  })
})
