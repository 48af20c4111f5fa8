import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import { DateTime } from 'luxon'
import AuditEvent from '#models/audit_event'
import AuditLog, { type AuditAction, type AuditOutcome } from '#services/audit_log'
import AuditEvidence from '#services/audit_evidence'
import {
  createCompany,
  createSecret,
  PASSWORD,
  secretValue,
  testMeta,
} from '#tests/support/factories'

type Team = Awaited<ReturnType<typeof createCompany>>

/** Writes one record at a given time, as the read path would have. */
async function recordAt(
  team: Team,
  iso: string,
  secret: { id: string; name: string },
  action: AuditAction = 'value.copied',
  outcome: AuditOutcome = 'success'
) {
  const log = new AuditLog(await app.container.make(AuditEvidence), () => DateTime.fromISO(iso))
  await log.record({
    companyId: team.company.id,
    actor: { id: team.viewer.id, email: team.viewer.email },
    secret,
    action,
    outcome,
    meta: testMeta,
  })
}

/** The rows of the table under the chart: [day, reads]. */
function chartRows(html: string) {
  return [...html.matchAll(/<tr class="chart-row">\s*<td>([^<]+)<\/td>\s*<td>(\d+)<\/td>/g)].map(
    (match) => [match[1], Number(match[2])]
  )
}

/** The count a heatmap cell carries for screen readers, e.g. "Tue 10:00". */
function heatmapCell(html: string, cell: string) {
  const pattern = new RegExp(`<span class="sr-only"> ?${cell}: (\\d+) ?</span>`)
  const match = pattern.exec(flattened(html))

  return match ? Number(match[1]) : null
}

/** The page's text with runs of white space made single spaces, as a browser shows it. */
function flattened(html: string) {
  return html.replace(/\s+/g, ' ')
}

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

  test('a secret’s readers page charts successful reads per day of the period', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team, { name: 'Charted secret' })
    await recordAt(team, '2026-11-03T11:00:00Z', secret)
    await recordAt(team, '2026-11-03T15:00:00Z', secret, 'value.shown')
    await recordAt(team, '2026-11-05T09:00:00Z', secret, 'value.used')
    await recordAt(team, '2026-11-05T10:00:00Z', secret, 'value.shown', 'denied')
    await recordAt(team, '2026-11-05T10:30:00Z', secret, 'member.added')
    await recordAt(team, '2026-10-20T12:00:00Z', secret)

    const november = await client
      .get(`/secrets/${secret.id}/readers`)
      .qs({ from: '2026-11-01', to: '2026-11-30' })
      .loginAs(team.owner)
    const future = await client
      .get(`/secrets/${secret.id}/readers`)
      .qs({ from: '2099-01-01', to: '2099-01-31' })
      .loginAs(team.owner)

    november.assertStatus(200)
    assert.deepEqual(chartRows(november.text()), [
      ['2026-11-03', 2],
      ['2026-11-05', 1],
    ])
    november.assertTextIncludes('<title>2026-11-03: 2 reads</title>')
    november.assertTextIncludes('<title>2026-11-05: 1 read</title>')
    assert.include(flattened(november.text()), '3 reads from 2026-11-01 to 2026-11-30')
    november.assertTextIncludes('aria-labelledby="reads-chart-title reads-chart-desc"')
    future.assertTextIncludes('Nobody read this secret in this period')
    assert.notInclude(future.text(), '<svg')
  })

  test('a person’s report shows their reads by weekday and hour of their own zone', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)
    // The viewer lives in Paris (UTC+1 in November): 09:30 UTC is 10:30 there.
    await recordAt(team, '2026-11-03T09:30:00Z', secret)
    await recordAt(team, '2026-11-10T09:05:00Z', secret, 'value.shown')
    await recordAt(team, '2026-11-04T22:15:00Z', secret, 'value.used')
    await recordAt(team, '2026-11-04T22:20:00Z', secret, 'value.shown', 'denied')

    const report = await client
      .get(`/audit/people/${team.viewer.id}`)
      .qs({ from: '2026-11-01', to: '2026-11-30' })
      .loginAs(team.admin)
    const empty = await client
      .get(`/audit/people/${team.viewer.id}`)
      .qs({ from: '2099-01-01' })
      .loginAs(team.admin)

    report.assertStatus(200)
    assert.equal(heatmapCell(report.text(), 'Tue 10:00'), 2)
    assert.equal(heatmapCell(report.text(), 'Wed 23:00'), 1)
    assert.equal(heatmapCell(report.text(), 'Tue 09:00'), 0)
    assert.include(flattened(report.text()), 'Busiest: Tue 10:00, 2 reads')
    report.assertTextIncludes('class="heat-5"')
    empty.assertTextIncludes('No secret read in this period')
    assert.notInclude(empty.text(), 'class="heatmap"')
  })
})
