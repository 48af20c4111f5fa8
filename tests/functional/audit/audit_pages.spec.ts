import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import { DateTime } from 'luxon'
import AuditLog from '#services/audit_log'
import AuditEvidence from '#services/audit_evidence'
import { createCompany, createSecret, testMeta } from '#tests/support/factories'

test.group('Audit | company page', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('only admins open the company audit page', async ({ client }) => {
    const team = await createCompany()

    const admin = await client.get('/audit').loginAs(team.admin)
    const owner = await client.get('/audit').loginAs(team.owner)

    admin.assertStatus(200)
    admin.assertTextIncludes('Audit trail')
    owner.assertStatus(404)
  })

  test('shows times in the viewer’s own time zone', async ({ client }) => {
    const team = await createCompany()
    const at = DateTime.fromISO('2026-06-01T22:30:00Z')
    const log = new AuditLog(await app.container.make(AuditEvidence), () => at)
    await log.record({
      companyId: team.company.id,
      actor: { id: team.viewer.id, email: team.viewer.email },
      action: 'auth.login',
      outcome: 'success',
      meta: testMeta,
    })
    team.admin.timeZone = 'Asia/Tokyo'
    await team.admin.save()

    const response = await client.get('/audit').loginAs(team.admin)

    response.assertTextIncludes('2026-06-02 07:30 GMT+9')
  })

  test('filters by person, secret, action, outcome and dates', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team, { name: 'Filtered secret' })
    const other = await createSecret(team, { name: 'Other secret' })

    const bySecret = await client.get('/audit').qs({ secret: secret.id }).loginAs(team.admin)
    const byAction = await client
      .get('/audit')
      .qs({ action: 'member.added', person: team.owner.id })
      .loginAs(team.admin)
    const denied = await client.get('/audit').qs({ outcome: 'denied' }).loginAs(team.admin)
    const future = await client
      .get('/audit')
      .qs({ from: '2099-01-01', to: '2099-01-02' })
      .loginAs(team.admin)

    bySecret.assertTextIncludes('Filtered secret')
    assert.notInclude(bySecret.text(), `<td>${other.secret.name}</td>`)
    byAction.assertTextIncludes('Member added')
    assert.notInclude(byAction.text(), '<td>Secret created')
    denied.assertTextIncludes('No record matches')
    future.assertTextIncludes('No record matches')
  })

  test('a malformed filter answers a clear error naming it', async ({ client, assert }) => {
    const team = await createCompany()

    const response = await client
      .get('/audit')
      .qs({ action: 'value.stolen', from: '2026-13-45' })
      .accept('json')
      .loginAs(team.admin)

    response.assertStatus(422)
    const fields = response.body().errors.map((error: { field: string }) => error.field)
    assert.includeMembers(fields, ['action', 'from'])
  })

  test('pages through records newest first with a keyset cursor', async ({ client, assert }) => {
    const team = await createCompany()
    const log = await app.container.make(AuditLog)
    for (let index = 0; index < 55; index++) {
      await log.record({
        companyId: team.company.id,
        actor: { id: team.viewer.id, email: `reader-${index}@example.test` },
        action: 'auth.login',
        outcome: 'success',
        meta: testMeta,
      })
    }

    const first = await client.get('/audit').loginAs(team.admin)
    const page = await log.page(team.company.id, {}, 50)
    const second = await client.get('/audit').qs({ before: page.nextBefore }).loginAs(team.admin)

    first.assertTextIncludes('reader-54@example.test')
    first.assertTextIncludes('Older records')
    assert.notInclude(first.text(), 'reader-4@example.test<')
    second.assertTextIncludes('reader-4@example.test')
    second.assertTextIncludes('reader-0@example.test')
    assert.notInclude(second.text(), 'reader-54@example.test')
  })
})

test.group('Audit | secret tab', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the owner sees the history of their secret only', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team, { name: 'Mine' })
    await createSecret(team, { name: 'Not this one' })

    const response = await client.get(`/secrets/${secret.id}/audit`).loginAs(team.owner)

    response.assertStatus(200)
    response.assertTextIncludes('Secret created')
    assert.notInclude(response.text(), '<td>Not this one</td>')
  })
})
