import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import AnomalyMonitor from '#services/anomaly_monitor'
import RevealService from '#services/reveal_service'
import AnomalyAlert from '#models/anomaly_alert'
import AuditEvent from '#models/audit_event'
import { createCompany, createSecret, PASSWORD, testMeta } from '#tests/support/factories'

type Team = Awaited<ReturnType<typeof createCompany>>

/**
 * Six weeks of the viewer's reads, always about twelve hours away from the time of day the
 * test runs, so that a read now is far outside their usual hours whatever the clock says.
 */
async function learnHistory(monitor: AnomalyMonitor, team: Team, secretId: string) {
  const now = DateTime.utc()
  for (let day = 42; day >= 2; day--) {
    for (const minutes of [0, 25, 50]) {
      const at = now.minus({ days: day }).plus({ hours: 12, minutes })
      monitor.observe({
        auditId: day * 10 + minutes,
        companyId: team.company.id,
        userId: team.viewer.id,
        secretId,
        secretName: 'History',
        action: 'value.shown',
        outcome: 'success',
        at: at.toJSDate(),
        meta: { ...testMeta, deviceId: 'usual-laptop-0000000001' },
      })
    }
  }
  await monitor.settled()
}

test.group('Anomaly | live alerts', (group) => {
  let monitor: AnomalyMonitor
  let reveals: RevealService

  group.each.setup(async () => {
    monitor = await app.container.make(AnomalyMonitor)
    reveals = await app.container.make(RevealService)
    reveals.addObserver(monitor)
    const rollback = await testUtils.db().withGlobalTransaction()

    return async () => {
      await monitor.settled()
      reveals.removeObserver(monitor)
      await rollback()
    }
  })

  test('a Show far outside the usual hours raises an explained alert', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team, { name: 'Payroll database' })
    await learnHistory(monitor, team, secret.id)

    await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .form({ password: PASSWORD })
    await monitor.settled()

    const alert = await AnomalyAlert.query().where('user_id', team.viewer.id).firstOrFail()
    assert.isAtLeast(alert.score, 3)
    const offHours = alert.reasonList.find((reason) => reason.signal === 'off_hours')
    assert.match(offHours!.detail, /local time; usual hours \d\d:\d\d-\d\d:\d\d/)
    const access = await AuditEvent.findOrFail(alert.auditEventId)
    assert.equal(access.action, 'value.shown')
    assert.equal(alert.secretName, 'Payroll database')
  })

  test('admins review an alert with its reasons and the person’s usual hours', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team, { name: 'Payroll database' })
    await learnHistory(monitor, team, secret.id)
    await client
      .post(`/secrets/${secret.id}/copy`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .accept('json')
      .json({ password: PASSWORD })
    await monitor.settled()
    const alert = await AnomalyAlert.query().where('user_id', team.viewer.id).firstOrFail()

    const list = await client.get('/alerts').loginAs(team.admin)
    const viewers = await client.get('/alerts').qs({ person: 'vic' }).loginAs(team.admin)
    const owners = await client.get('/alerts').qs({ person: 'olga' }).loginAs(team.admin)
    const page = await client.get(`/alerts/${alert.id}`).loginAs(team.admin)
    const hidden = await client.get('/alerts').loginAs(team.owner)
    const resolve = await client
      .put(`/alerts/${alert.id}`)
      .loginAs(team.admin)
      .withCsrfToken()
      .form({ status: 'resolved' })
      .redirects(0)

    list.assertTextIncludes('Payroll database')
    list.assertTextIncludes('usual hours')
    viewers.assertTextIncludes('Payroll database')
    assert.include(viewers.text(), `value="${team.viewer.email}"`)
    owners.assertTextIncludes('No alert matches')
    page.assertTextIncludes('Usual hours of Vic Viewer')
    page.assertTextIncludes('class="heat-5"')
    hidden.assertStatus(404)
    resolve.assertStatus(302)
    await alert.refresh()
    assert.equal(alert.status, 'resolved')
    assert.equal(alert.handledBy, team.admin.id)
    const record = await AuditEvent.findByOrFail('action', 'alert.status_changed')
    assert.equal(record.actorId, team.admin.id)
  })

  test('no alert for reads within the usual pattern', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)
    const now = DateTime.utc()
    for (let day = 42; day >= 1; day--) {
      for (const minutes of [-40, -20, 0]) {
        monitor.observe({
          auditId: day * 100 + minutes + 50,
          companyId: team.company.id,
          userId: team.viewer.id,
          secretId: secret.id,
          secretName: secret.name,
          action: 'value.shown',
          outcome: 'success',
          at: now.minus({ days: day }).plus({ minutes }).toJSDate(),
          meta: testMeta,
        })
      }
    }
    await monitor.settled()

    await client
      .post(`/secrets/${secret.id}/show`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .form({ password: PASSWORD })
    await monitor.settled()

    assert.lengthOf(await AnomalyAlert.query().where('user_id', team.viewer.id), 0)
  })
})

test.group('Anomaly | settings', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a threshold outside the sane range is refused with the range', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()

    const response = await client
      .put('/settings/detector')
      .loginAs(team.admin)
      .withCsrfToken()
      .accept('json')
      .json({ threshold: 25, signals: ['off_hours'] })

    response.assertStatus(422)
    const error = response.body().errors[0]
    assert.equal(error.field, 'threshold')
    assert.include(error.message, 'between 1 and 10')
    await team.company.refresh()
    assert.equal(team.company.anomalyThreshold, 3)
  })

  test('an admin sets the threshold and switches signals off; audited', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()

    await client
      .put('/settings/detector')
      .loginAs(team.admin)
      .withCsrfToken()
      .form({ 'threshold': '4.5', 'signals[]': ['off_hours', 'burst'] })
    const page = await client.get('/settings/detector').loginAs(team.admin)

    await team.company.refresh()
    assert.equal(team.company.anomalyThreshold, 4.5)
    assert.include(JSON.parse(team.company.anomalyDisabledSignals!), 'new_country')
    assert.notInclude(JSON.parse(team.company.anomalyDisabledSignals!), 'burst')
    page.assertTextIncludes('value="4.5"')
    const record = await AuditEvent.findByOrFail('action', 'settings.anomaly_changed')
    assert.equal(record.actorId, team.admin.id)
  })
})

test.group('Anomaly | scoring backlog', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('skips accesses beyond the backlog limit instead of queueing without bound', async ({
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)
    const monitor = new AnomalyMonitor(await app.container.make('vault.context'))
    const limit = AnomalyMonitor.MAX_WAITING
    AnomalyMonitor.MAX_WAITING = 3

    try {
      for (let index = 0; index < 10; index++) {
        monitor.observe({
          auditId: index + 1,
          companyId: team.company.id,
          userId: team.viewer.id,
          secretId: secret.id,
          secretName: secret.name,
          action: 'value.shown',
          outcome: 'success',
          at: new Date(),
          meta: testMeta,
        })
      }
      await monitor.settled()
    } finally {
      AnomalyMonitor.MAX_WAITING = limit
    }

    const row = await db
      .from('anomaly_baselines')
      .where('key', `person:${team.company.id}:${team.viewer.id}`)
      .firstOrFail()
    assert.equal(JSON.parse(row.state).accesses, 3)
  })
})
