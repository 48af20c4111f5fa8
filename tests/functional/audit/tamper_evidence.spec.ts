import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import ace from '@adonisjs/core/services/ace'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import AuditVerify from '#commands/audit_verify'
import AuditPurge from '#commands/audit_purge'
import AuditLog from '#services/audit_log'
import AuditEvidence from '#services/audit_evidence'
import AuditSeals from '#services/audit_seals'
import { createCompany, testMeta } from '#tests/support/factories'

type Team = Awaited<ReturnType<typeof createCompany>>

/** Logins written a minute ago (or longer), so that they are settled and can be sealed. */
async function writeHistory(team: Team, count = 10, ago: { minutes?: number; days?: number } = {}) {
  const at = DateTime.utc().minus({ minutes: 1, ...ago })
  const log = new AuditLog(await app.container.make(AuditEvidence), () => at)
  const ids: number[] = []
  for (let index = 0; index < count; index++) {
    const { id } = await log.record({
      companyId: team.company.id,
      actor: { id: team.viewer.id, email: `reader-${index}@example.test` },
      action: 'auth.login',
      outcome: 'success',
      meta: testMeta,
    })
    ids.push(id)
  }

  return ids
}

test.group('Audit | tamper evidence', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an untouched trail verifies, and the next check skips what was checked', async ({
    assert,
  }) => {
    const team = await createCompany()
    await writeHistory(team)
    const seals = await app.container.make(AuditSeals)

    const sealed = await seals.seal(team.company.id)
    const first = await seals.verify(team.company.id)
    const second = await seals.verify(team.company.id)

    assert.equal(sealed, 10)
    assert.deepEqual(first.findings, [])
    assert.equal(first.sealsChecked, 1)
    assert.equal(second.sealsChecked, 0)
    const state = await db.from('audit_verifications').where('company_id', team.company.id).first()
    assert.isNotNull(state.last_success_at)
  })

  test('a changed record is named', async ({ assert }) => {
    const team = await createCompany()
    const ids = await writeHistory(team)
    const seals = await app.container.make(AuditSeals)
    await seals.seal(team.company.id)

    await db.from('audit_events').where('id', ids[3]).update({ actor_email: 'someone@else.test' })
    const report = await seals.verify(team.company.id)

    assert.deepInclude(
      report.findings.map((finding) => [finding.id, finding.problem]),
      [ids[3], 'record changed since it was written']
    )
  })

  test('a deleted record is named with its seal', async ({ assert }) => {
    const team = await createCompany()
    const ids = await writeHistory(team)
    const seals = await app.container.make(AuditSeals)
    await seals.seal(team.company.id)

    await db.from('audit_events').where('id', ids[5]).delete()
    const report = await seals.verify(team.company.id)

    assert.lengthOf(report.findings, 1)
    assert.equal(report.findings[0].id, ids[5])
    assert.match(report.findings[0].problem, /^record deleted \(sealed in seal \d+\)$/)
  })

  test('a record inserted into a sealed range is named', async ({ assert }) => {
    const team = await createCompany()
    const ids = await writeHistory(team)
    const gap = await db.from('audit_events').where('id', ids[4]).first()
    await db.from('audit_events').where('id', ids[4]).delete()
    const seals = await app.container.make(AuditSeals)
    await seals.seal(team.company.id)

    await db.table('audit_events').insert(gap)
    const report = await seals.verify(team.company.id)

    assert.deepEqual(
      report.findings.map((finding) => [finding.id, finding.problem]),
      [[ids[4], 'inserted into a sealed range']]
    )
  })

  test('a removed seal breaks the chain and is reported', async ({ assert }) => {
    const team = await createCompany()
    await writeHistory(team, 3)
    const seals = await app.container.make(AuditSeals)
    await seals.seal(team.company.id)
    await writeHistory(team, 3)
    await seals.seal(team.company.id)
    await writeHistory(team, 3)
    await seals.seal(team.company.id)
    const middle = await db
      .from('audit_seals')
      .where('company_id', team.company.id)
      .orderBy('id')
      .offset(1)
      .first()

    await db.from('audit_seals').where('id', middle.id).delete()
    const report = await seals.verify(team.company.id, { all: true })

    assert.isTrue(report.findings.some((finding) => /does not follow/.test(finding.problem)))
  })

  test('records not sealed yet are still checked against their MAC', async ({ assert }) => {
    const team = await createCompany()
    const ids = await writeHistory(team, 2)
    const seals = await app.container.make(AuditSeals)

    await db.from('audit_events').where('id', ids[1]).update({ outcome: 'denied' })
    const report = await seals.verify(team.company.id)

    assert.equal(report.unsealed, 2)
    assert.deepEqual(
      report.findings.map((finding) => finding.id),
      [ids[1]]
    )
  })

  test('admins see the result of the last check on the audit page', async ({ client, assert }) => {
    const team = await createCompany()
    const ids = await writeHistory(team)
    const seals = await app.container.make(AuditSeals)
    await seals.seal(team.company.id)

    const before = await client.get('/audit').loginAs(team.admin)
    await seals.verify(team.company.id)
    const clean = await client.get('/audit').loginAs(team.admin)
    await db.from('audit_events').where('id', ids[0]).delete()
    await seals.verify(team.company.id, { all: true })
    const broken = await client.get('/audit').loginAs(team.admin)

    assert.match(before.text(), /has not been checked\s+for tampering yet/)
    assert.match(clean.text(), /No tampering found\.\s+Last successful check:/)
    assert.match(broken.text(), /found\s+1\s+problem\(s\)/)
  })

  test('the verify command names the record and exits non-zero', async ({ assert }) => {
    const team = await createCompany()
    const ids = await writeHistory(team)
    const seals = await app.container.make(AuditSeals)
    await seals.seal(team.company.id)
    await db.from('audit_events').where('id', ids[7]).update({ ip: '10.9.9.9' })

    const command = await ace.create(AuditVerify, [`--company=${team.company.id}`])
    command.ui.switchMode('raw')
    await command.exec()

    assert.equal(command.exitCode, 1)
    command.assertLogMatches(new RegExp(`record ${ids[7]} .*record changed since it was written`))
  })
})

test.group('Audit | retention', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('purging old records keeps the remaining trail verifiable', async ({ assert }) => {
    const team = await createCompany()
    const old = await writeHistory(team, 4, { days: 400 })
    const seals = await app.container.make(AuditSeals)
    await seals.seal(team.company.id)
    const recent = await writeHistory(team, 3)
    await seals.seal(team.company.id)

    const result = await seals.purge(team.company.id, DateTime.utc().minus({ days: 365 }))
    const report = await seals.verify(team.company.id, { all: true })

    assert.deepEqual(result, { seals: 1, records: 4 })
    assert.deepEqual(report.findings, [])
    assert.lengthOf(await db.from('audit_events').whereIn('id', recent), 3)
    assert.lengthOf(await db.from('audit_events').whereIn('id', old), 0)
  })

  test('records deleted under a forged purge mark are reported', async ({ assert }) => {
    const team = await createCompany()
    const ids = await writeHistory(team, 3)
    const seals = await app.container.make(AuditSeals)
    await seals.seal(team.company.id)

    await db.from('audit_events').whereIn('id', ids).delete()
    await db
      .from('audit_seals')
      .where('company_id', team.company.id)
      .update({ purged_at: DateTime.utc().toFormat('yyyy-LL-dd HH:mm:ss.SSS'), purge_mac: 'x' })
    const report = await seals.verify(team.company.id, { all: true })

    assert.isTrue(
      report.findings.some((finding) => /without a valid purge mark/.test(finding.problem))
    )
  })

  test('with no retention set the purge command keeps everything', async () => {
    const command = await ace.create(AuditPurge, [])
    command.ui.switchMode('raw')

    await command.exec()

    command.assertSucceeded()
    command.assertLogMatches(/kept forever/)
  })
})
