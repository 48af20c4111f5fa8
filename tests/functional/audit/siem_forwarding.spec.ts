import { test } from '@japa/runner'
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import AuditLog from '#services/audit_log'
import AuditEvidence from '#services/audit_evidence'
import SiemForwarder from '#services/siem_forwarder'
import AuditSeals from '#services/audit_seals'
import SiemDestination from '#models/siem_destination'
import AuditEvent from '#models/audit_event'
import ace from '@adonisjs/core/services/ace'
import AuditForward from '#commands/audit_forward'
import {
  countRows,
  createCompany,
  createSecret,
  PASSWORD,
  testMeta,
} from '#tests/support/factories'
import {
  localhostCertificate,
  startHttpReceiver,
  startSyslogListener,
} from '#tests/support/siem_receivers'

type Team = Awaited<ReturnType<typeof createCompany>>

/** Logins written a minute ago, so that they are past the settle window. */
async function writeHistory(team: Team, count: number, at = DateTime.utc().minus({ minutes: 1 })) {
  const log = new AuditLog(await app.container.make(AuditEvidence), () => at)
  const ids: number[] = []
  for (let index = 0; index < count; index++) {
    const { id } = await log.record({
      companyId: team.company.id,
      actor: { id: team.viewer.id, email: team.viewer.email },
      action: 'auth.login',
      outcome: index % 3 === 2 ? 'denied' : 'success',
      meta: testMeta,
    })
    ids.push(id)
  }

  return ids
}

function syslogDestination(team: Team, port: number) {
  return SiemDestination.create({
    companyId: team.company.id,
    name: 'Collector',
    kind: 'syslog',
    host: '127.0.0.1',
    port,
    tls: false,
  })
}

function httpsDestination(team: Team, url: string, token: string | null = null) {
  const destination = new SiemDestination().merge({
    companyId: team.company.id,
    name: 'Endpoint',
    kind: 'https',
    url,
  })
  destination.setToken(token)

  return destination.save()
}

/** The company's audit ids after the given one, as the receivers should get them. */
async function idsOf(team: Team) {
  const rows = await db.from('audit_events').where('company_id', team.company.id).orderBy('id')

  return rows.map((row) => Number(row.id))
}

/** A page's text as a person reads it: runs of white space as one space. */
function readable(response: { text(): string }) {
  return response.text().replace(/\s+/g, ' ')
}

/** The ids in the order they first arrived: what a receiver that deduplicates keeps. */
function firstArrivals(ids: number[]) {
  return [...new Set(ids)]
}

test.group('SIEM forwarding | syslog', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('sends every record in id order as octet-counted RFC 5424 messages', async ({
    assert,
    cleanup,
  }) => {
    const team = await createCompany()
    const history = await writeHistory(team, 7)
    const listener = await startSyslogListener()
    cleanup(() => listener.close())
    const destination = await syslogDestination(team, listener.port)

    const [report] = await new SiemForwarder({ batchSize: 3 }).forwardAll()

    const all = await idsOf(team)
    assert.deepEqual(listener.ids(), all)
    assert.includeMembers(all, history)
    assert.equal(report.sent, all.length)
    assert.isNull(report.error)
    const first = listener.messages[0]
    assert.equal(first.version, '1')
    assert.equal(first.appName, 'vault')
    assert.equal(first.msgId, 'audit')
    assert.equal(first.timestamp, first.record.occurred_at)
    const denied = listener.messages.find((message) => message.record.outcome === 'denied')
    assert.equal(denied?.pri, 10 * 8 + 5)
    assert.equal(first.pri, 10 * 8 + 6)
    await destination.refresh()
    assert.equal(destination.deliveredThrough, all.at(-1))
    assert.isNotNull(destination.lastSuccessAt)
  })

  test('records the same fields as the JSON Lines export', async ({ assert, client, cleanup }) => {
    const team = await createCompany()
    await writeHistory(team, 2)
    const listener = await startSyslogListener()
    cleanup(() => listener.close())
    await syslogDestination(team, listener.port)

    await new SiemForwarder().forwardAll()
    const exported = await client.get('/audit/export').qs({ format: 'jsonl' }).loginAs(team.admin)

    const lines = exported
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    const forwarded = new Map(listener.messages.map((message) => [message.record.id, message]))
    assert.isAbove(lines.length, 1)
    for (const line of lines.filter((record) => forwarded.has(record.id))) {
      assert.deepEqual(forwarded.get(line.id)!.record, line)
    }
  })

  test('frames count bytes, so names beyond ASCII arrive intact', async ({ assert, cleanup }) => {
    const team = await createCompany()
    const at = DateTime.utc().minus({ minutes: 1 })
    const log = new AuditLog(await app.container.make(AuditEvidence), () => at)
    const names = ['Café ☕ prod', 'Zürich — 東京 🔑', 'plain']
    for (const name of names) {
      await log.record({
        companyId: team.company.id,
        actor: { id: team.owner.id, email: team.owner.email },
        secret: { id: '00000000-0000-4000-8000-000000000001', name },
        action: 'secret.updated',
        outcome: 'success',
        meta: testMeta,
      })
    }
    const listener = await startSyslogListener()
    cleanup(() => listener.close())
    await syslogDestination(team, listener.port)

    await new SiemForwarder().forwardAll()

    assert.deepEqual(
      listener.messages.map((message) => message.record.secret_name),
      names
    )
  })

  test('retries after the collector was down, from where it stopped', async ({
    assert,
    cleanup,
  }) => {
    const team = await createCompany()
    await writeHistory(team, 4)
    const offline = await startSyslogListener()
    const port = offline.port
    await offline.close()
    const destination = await syslogDestination(team, port)
    const forwarder = new SiemForwarder({ backoffSeconds: 60 })

    const [failed] = await forwarder.forwardAll()
    const whileWaiting = await forwarder.forwardAll()
    await destination.refresh()

    assert.equal(failed.error, 'connection refused')
    assert.equal(failed.sent, 0)
    assert.deepEqual(whileWaiting, [])
    assert.equal(destination.deliveredThrough, 0)
    assert.equal(destination.lastError, 'connection refused')
    assert.equal(destination.consecutiveFailures, 1)
    assert.isTrue(destination.nextAttemptAt! > DateTime.utc().plus({ seconds: 50 }))

    const listener = await startSyslogListener(port)
    cleanup(() => listener.close())
    await destination.merge({ nextAttemptAt: DateTime.utc().minus({ seconds: 1 }) }).save()
    const [recovered] = await forwarder.forwardAll()
    await destination.refresh()

    assert.isNull(recovered.error)
    assert.deepEqual(listener.ids(), await idsOf(team))
    assert.isNull(destination.lastError)
    assert.equal(destination.consecutiveFailures, 0)
    assert.isNull(destination.nextAttemptAt)
  })
})

test.group('SIEM forwarding | syslog over TLS', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a collector whose certificate is not trusted gets nothing', async ({ assert, cleanup }) => {
    const team = await createCompany()
    await writeHistory(team, 2)
    const listener = await startSyslogListener(0, localhostCertificate())
    cleanup(() => listener.close())
    const destination = await syslogDestination(team, listener.port)
    await destination.merge({ host: 'localhost', tls: true }).save()

    const [report] = await new SiemForwarder().forwardAll()
    await destination.refresh()

    assert.match(report.error ?? '', /^TLS certificate refused/)
    assert.deepEqual(listener.ids(), [])
    assert.equal(destination.deliveredThrough, 0)
  })
})

test.group('SIEM forwarding | HTTPS', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('posts JSON Lines in order with the bearer token in its header only', async ({
    assert,
    cleanup,
  }) => {
    const team = await createCompany()
    await writeHistory(team, 5)
    const receiver = await startHttpReceiver()
    cleanup(() => receiver.close())
    const token = 'siem-token-4f1c9a7e2b'
    const destination = await httpsDestination(team, receiver.url, token)

    const [report] = await new SiemForwarder({ batchSize: 2 }).forwardAll()

    const all = await idsOf(team)
    assert.isNull(report.error)
    assert.deepEqual(receiver.ids(), all)
    for (const request of receiver.requests) {
      assert.equal(request.headers.authorization, `Bearer ${token}`)
      assert.equal(request.headers['content-type'], 'application/x-ndjson')
      assert.notInclude(request.body, token)
    }
    const stored = await db.from('siem_destinations').where('id', destination.id).first()
    assert.notInclude(JSON.stringify(stored), token)
    assert.equal(Number(stored.delivered_through), all.at(-1))
  })

  test('a lost acknowledgement re-sends the batch on the next run: no gap, in order', async ({
    assert,
    cleanup,
  }) => {
    const team = await createCompany()
    await writeHistory(team, 10)
    const receiver = await startHttpReceiver()
    cleanup(() => receiver.close())
    const destination = await httpsDestination(team, receiver.url)
    receiver.state.modes.push('ok', 'drop')

    const [interrupted] = await new SiemForwarder({ batchSize: 3 }).forwardAll()
    await destination.refresh()
    const afterFirstRun = destination.deliveredThrough
    await destination.merge({ nextAttemptAt: null }).save()
    const [resumed] = await new SiemForwarder({ batchSize: 3 }).forwardAll()

    const all = await idsOf(team)
    assert.equal(interrupted.sent, 3)
    assert.isNotNull(interrupted.error)
    assert.equal(afterFirstRun, all[2])
    assert.isNull(resumed.error)
    assert.deepEqual(firstArrivals(receiver.ids()), all)
    assert.deepEqual(receiver.ids().slice(3, 6), receiver.ids().slice(6, 9))
    assert.lengthOf(receiver.ids(), all.length + 3)
  })

  test('a receiver answering 500 keeps the cursor and the error', async ({ assert, cleanup }) => {
    const team = await createCompany()
    await writeHistory(team, 3)
    const receiver = await startHttpReceiver()
    cleanup(() => receiver.close())
    receiver.state.otherwise = 'fail'
    const destination = await httpsDestination(team, receiver.url, 'hidden-token-value')

    const [report] = await new SiemForwarder().forwardAll()
    await destination.refresh()

    assert.equal(report.error, 'HTTP 500')
    assert.equal(receiver.state.attempts, 1)
    assert.equal(destination.deliveredThrough, 0)
    assert.equal(destination.lastError, 'HTTP 500')
  })
})

test.group('SIEM forwarding | isolation and limits', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a company whose receiver hangs does not hold back another company', async ({
    assert,
    cleanup,
  }) => {
    const stuck = await createCompany('Stuck')
    const healthy = await createCompany('Healthy')
    await writeHistory(stuck, 3)
    await writeHistory(healthy, 3)
    const silent = await startHttpReceiver()
    const receiver = await startHttpReceiver()
    cleanup(() => silent.close())
    cleanup(() => receiver.close())
    silent.state.otherwise = 'hang'
    await httpsDestination(stuck, silent.url)
    await httpsDestination(healthy, receiver.url)

    const pass = new SiemForwarder({ timeoutMs: 2000 }).forwardAll()
    const expected = await idsOf(healthy)
    while (receiver.ids().length < expected.length || silent.state.attempts === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const stuckStillWaiting = silent.state.hanging
    const reports = await pass

    assert.equal(stuckStillWaiting, 1)
    assert.deepEqual(receiver.ids(), expected)
    const byCompany = new Map(reports.map((report) => [report.companyId, report]))
    assert.isNull(byCompany.get(healthy.company.id)!.error)
    assert.equal(byCompany.get(stuck.company.id)!.error, 'no answer in time')
  })

  test('records inside the settle window wait, and nothing after them is sent', async ({
    assert,
    cleanup,
  }) => {
    const team = await createCompany()
    const settled = await writeHistory(team, 2)
    const young = await writeHistory(team, 1, DateTime.utc())
    const laterButOld = await writeHistory(team, 1)
    const listener = await startSyslogListener()
    cleanup(() => listener.close())
    await syslogDestination(team, listener.port)

    await new SiemForwarder({ settleSeconds: 30 }).forwardAll()

    const all = await idsOf(team)
    const sent = listener.ids()
    assert.deepEqual(sent, all.slice(0, all.indexOf(young[0])))
    assert.includeMembers(sent, settled)
    assert.notInclude(sent, laterButOld[0])
  })

  test('retention keeps the records an enabled destination has not received', async ({
    assert,
    cleanup,
  }) => {
    const team = await createCompany()
    const longAgo = DateTime.utc().minus({ days: 400 })
    const seals = await app.container.make(AuditSeals)
    const delivered = await writeHistory(team, 2, longAgo)
    await seals.seal(team.company.id)
    const undelivered = await writeHistory(team, 2, longAgo)
    await seals.seal(team.company.id)
    const receiver = await startHttpReceiver()
    cleanup(() => receiver.close())
    const destination = await httpsDestination(team, receiver.url)
    await destination.merge({ deliveredThrough: delivered[1] }).save()
    const paused = await httpsDestination(team, receiver.url)
    await paused.merge({ enabled: false }).save()

    const purged = await seals.purge(team.company.id, DateTime.utc().minus({ days: 365 }))
    await new SiemForwarder().forwardAll()

    assert.deepEqual(purged, { seals: 1, records: 2 })
    assert.deepEqual(receiver.ids(), undelivered)
    assert.lengthOf(await db.from('audit_events').whereIn('id', delivered), 0)
  })

  test('a disabled destination receives nothing', async ({ assert, cleanup }) => {
    const team = await createCompany()
    await writeHistory(team, 2)
    const listener = await startSyslogListener()
    cleanup(() => listener.close())
    const destination = await syslogDestination(team, listener.port)
    await destination.merge({ enabled: false }).save()

    const reports = await new SiemForwarder().forwardAll()

    assert.deepEqual(reports, [])
    assert.deepEqual(listener.ids(), [])
  })

  test('no secret value reaches the receiver', async ({ assert, client, cleanup }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)
    await client
      .post(`/secrets/${secret.id}/copy`)
      .loginAs(team.viewer)
      .withCsrfToken()
      .accept('json')
      .json({ password: PASSWORD })
    const listener = await startSyslogListener()
    cleanup(() => listener.close())
    await syslogDestination(team, listener.port)

    await new SiemForwarder({ settleSeconds: 0 }).forwardAll()

    const actions = listener.messages.map((message) => message.record.action)
    assert.includeMembers(actions, ['secret.created', 'value.copied'])
    assert.notInclude(JSON.stringify(listener.messages), value)
  })
})

/**
 * The forwarder command as its own process, on its own SQLite file, so that a test can kill
 * it as a crash would and start another one.
 */
async function forwarderProcess(extraEnv: Record<string, string> = {}) {
  const file = app.makePath(`tmp/siem-child-${randomBytes(4).toString('hex')}.sqlite3`)
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    APP_KEY: randomBytes(32).toString('base64url'),
    DB_CONNECTION: 'sqlite',
    SQLITE_PATH: file,
    LOG_LEVEL: 'info',
    ...extraEnv,
  }
  const migrate = spawnSync(process.execPath, ['ace', 'migration:run', '--force'], {
    cwd: app.appRoot,
    env,
  })
  if (migrate.status !== 0) {
    throw new Error(`migration failed: ${migrate.stderr}`)
  }

  return {
    database: new Database(file),
    start(...args: string[]) {
      const child = spawn(process.execPath, ['ace', 'vault:audit:forward', ...args], {
        cwd: app.appRoot,
        env,
      })
      const output = { text: '' }
      child.stdout.on('data', (chunk) => (output.text += chunk))
      child.stderr.on('data', (chunk) => (output.text += chunk))
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))

      return { child, output, exited }
    },
    remove() {
      this.database.close()
      rmSync(file, { force: true })
    },
  }
}

async function until(condition: () => boolean, what: string) {
  for (let waited = 0; waited < 30_000; waited += 50) {
    if (condition()) {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

test.group('SIEM forwarding | command', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('one pass prints what each destination got', async ({ cleanup }) => {
    const team = await createCompany()
    await writeHistory(team, 3)
    const listener = await startSyslogListener()
    cleanup(() => listener.close())
    const destination = await syslogDestination(team, listener.port)

    const command = await ace.create(AuditForward, ['--once'])
    command.ui.switchMode('raw')
    await command.exec()

    command.assertSucceeded()
    command.assertLogMatches(
      new RegExp(`destination ${destination.id} "Collector": \\d+ record\\(s\\) sent`)
    )
  })

  for (const [flags, named] of [
    [['--once', '--interval=0'], '--interval'],
    [['--once', '--batch-size=100000'], '--batch-size'],
  ]) {
    test(`${flags[1]} is refused with an error naming the flag`, async ({ assert, cleanup }) => {
      const team = await createCompany()
      await writeHistory(team, 1)
      const listener = await startSyslogListener()
      cleanup(() => listener.close())
      await syslogDestination(team, listener.port)

      const command = await ace.create(AuditForward, flags as string[])
      command.ui.switchMode('raw')
      await command.exec()

      assert.equal(command.exitCode, 1)
      command.assertLogMatches(new RegExp(`^\\[ red\\(error\\) \\] ${named} must be`))
      assert.deepEqual(listener.ids(), [])
    })
  }
})

test.group('SIEM forwarding | forwarder process', () => {
  test('a forwarder killed mid-way and started again delivers every record in order', async ({
    assert,
    cleanup,
  }) => {
    const forwarder = await forwarderProcess()
    cleanup(() => forwarder.remove())
    const receiver = await startHttpReceiver()
    cleanup(() => receiver.close())
    const minuteAgo = DateTime.utc().minus({ minutes: 1 }).toFormat('yyyy-LL-dd HH:mm:ss.SSS')
    const insertEvent = forwarder.database.prepare(
      `insert into audit_events (company_id, occurred_at, action, outcome)
       values ('company-1', ?, 'auth.login', 'success')`
    )
    for (let index = 0; index < 12; index++) {
      insertEvent.run(minuteAgo)
    }
    forwarder.database
      .prepare(
        `insert into siem_destinations (company_id, name, kind, url, created_at, updated_at)
         values ('company-1', 'Endpoint', 'https', ?, ?, ?)`
      )
      .run(receiver.url, minuteAgo, minuteAgo)
    const cursor = () =>
      (forwarder.database.prepare('select delivered_through from siem_destinations').get() as any)
        .delivered_through
    receiver.state.modes.push('ok', 'ok', 'hang')

    const first = forwarder.start('--batch-size', '4', '--interval', '1')
    await until(() => receiver.state.hanging === 1, 'the third batch')
    first.child.kill('SIGKILL')
    await first.exited
    const cursorAfterCrash = cursor()
    const second = forwarder.start('--once', '--batch-size', '4')
    const status = await second.exited

    const ids = Array.from({ length: 12 }, (_, index) => index + 1)
    assert.equal(cursorAfterCrash, 8)
    assert.equal(status, 0, second.output.text)
    assert.include(second.output.text, '4 record(s) sent, through record 12')
    assert.deepEqual(firstArrivals(receiver.ids()), ids)
    assert.deepEqual(receiver.ids(), [...ids, 9, 10, 11, 12])
    assert.equal(cursor(), 12)
  }).timeout(60_000)
})

test.group('SIEM forwarding | admin page', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  const syslogForm = {
    name: 'SOC collector',
    kind: 'syslog',
    host: 'siem.example.test',
    port: 6514,
  }

  test('an admin adds a syslog destination; it is audited and listed', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()

    const response = await client
      .post('/audit/siem')
      .loginAs(team.admin)
      .withCsrfToken()
      .form({ ...syslogForm, tls: 'true', enabled: 'true' })
    const page = await client.get('/audit/siem').loginAs(team.admin)

    response.assertStatus(200)
    response.assertTextIncludes('Destination &quot;SOC collector&quot; saved.')
    const destination = await SiemDestination.findByOrFail('company_id', team.company.id)
    assert.include(destination.$attributes, { kind: 'syslog', host: 'siem.example.test' })
    assert.isTrue(destination.tls)
    assert.isTrue(destination.enabled)
    const record = await AuditEvent.findByOrFail('action', 'siem.destination_created')
    assert.equal(record.actorId, team.admin.id)
    assert.equal(record.detailsObject.target, 'tls://siem.example.test:6514')
    assert.include(readable(page), 'tls://siem.example.test:6514')
    assert.include(readable(page), 'record 0')
  })

  test('a token is stored encrypted and never shown, kept when left empty, removable', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const token = 'hec-token-7d2f4a9c1e'
    const form = { name: 'HEC', kind: 'https', url: 'https://siem.example.test/collect' }

    await client
      .post('/audit/siem')
      .loginAs(team.admin)
      .withCsrfToken()
      .form({ ...form, token, enabled: 'true' })
    const destination = await SiemDestination.findByOrFail('company_id', team.company.id)
    const list = await client.get('/audit/siem').loginAs(team.admin)
    const edit = await client.get(`/audit/siem/${destination.id}/edit`).loginAs(team.admin)
    await client
      .put(`/audit/siem/${destination.id}`)
      .loginAs(team.admin)
      .withCsrfToken()
      .form({ ...form, token: '', enabled: 'true' })
    const kept = await SiemDestination.findOrFail(destination.id)

    assert.equal(kept.token(), token)
    const stored = await db.from('siem_destinations').where('id', destination.id).first()
    assert.notInclude(JSON.stringify(stored), token)
    assert.notInclude(list.text(), token)
    assert.notInclude(edit.text(), token)
    edit.assertTextIncludes('A token is stored')
    const records = await AuditEvent.query().where('company_id', team.company.id).orderBy('id')
    assert.deepEqual(
      records.map((record) => record.detailsObject.token),
      ['set', 'kept']
    )
    assert.notInclude(JSON.stringify(records.map((record) => record.$attributes)), token)

    await client
      .put(`/audit/siem/${destination.id}`)
      .loginAs(team.admin)
      .withCsrfToken()
      .form({ ...form, removeToken: 'true', enabled: 'true' })
    await kept.refresh()

    assert.isNull(kept.token())
    const removal = await AuditEvent.query()
      .where('company_id', team.company.id)
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.equal(removal.detailsObject.token, 'removed')
  })

  const badInput: [string, Record<string, unknown>, string][] = [
    ['an empty name', { ...syslogForm, name: '' }, 'name'],
    ['an unknown kind', { ...syslogForm, kind: 'smtp' }, 'kind'],
    ['a syslog destination without a host', { ...syslogForm, host: '' }, 'host'],
    ['a host with a path in it', { ...syslogForm, host: 'siem.test/x' }, 'host'],
    ['a port out of range', { ...syslogForm, port: 70000 }, 'port'],
    ['an HTTPS destination without a URL', { name: 'HEC', kind: 'https' }, 'url'],
    [
      'a plain http URL to another host',
      { name: 'HEC', kind: 'https', url: 'http://siem.example.test/in' },
      'url',
    ],
    [
      'a URL with credentials',
      { name: 'HEC', kind: 'https', url: 'https://u:p@siem.example.test/in' },
      'url',
    ],
    [
      'a URL with a query',
      { name: 'HEC', kind: 'https', url: 'https://siem.example.test/in?key=abc' },
      'url',
    ],
    [
      'a token with a line break',
      { name: 'HEC', kind: 'https', url: 'https://siem.example.test/in', token: 'a\r\nX-Evil: 1' },
      'token',
    ],
  ]

  for (const [label, body, field] of badInput) {
    test(`${label} answers 422 naming ${field} and changes nothing`, async ({ client, assert }) => {
      const team = await createCompany()

      const response = await client
        .post('/audit/siem')
        .loginAs(team.admin)
        .withCsrfToken()
        .accept('json')
        .json(body)

      response.assertStatus(422)
      assert.includeMembers(
        response.body().errors.map((error: { field: string }) => error.field),
        [field]
      )
      assert.equal(await countRows('siem_destinations'), 0)
      assert.equal(await countRows('audit_events'), 0)
    })
  }

  test('a form with errors shows the error by its field and does not echo the token', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const token = 'typed-token-91ab27'

    const form = {
      name: 'HEC',
      kind: 'https',
      url: 'http://siem.example.test/in',
      token,
      enabled: 'true',
    }

    const bounced = await client
      .post('/audit/siem')
      .loginAs(team.admin)
      .withCsrfToken()
      .header('referer', '/audit/siem')
      .form(form)
      .redirects(0)
    const response = await client
      .post('/audit/siem')
      .loginAs(team.admin)
      .withCsrfToken()
      .header('referer', '/audit/siem')
      .form(form)

    assert.equal(bounced.flashMessages().name, 'HEC')
    assert.notProperty(bounced.flashMessages(), 'token')
    response.assertStatus(200)
    response.assertTextIncludes('The url field must use https://')
    assert.notInclude(response.text(), token)
    assert.match(response.text(), /name="enabled"\s+value="true"\s+checked/)
    assert.notMatch(response.text(), /name="tls"\s+value="true"\s+checked/)
  })

  test('a change to a destination is audited; disabling it stops the forwarding', async ({
    client,
    assert,
    cleanup,
  }) => {
    const team = await createCompany()
    await writeHistory(team, 2)
    const listener = await startSyslogListener()
    cleanup(() => listener.close())
    const destination = await syslogDestination(team, listener.port)

    await client
      .put(`/audit/siem/${destination.id}`)
      .loginAs(team.admin)
      .withCsrfToken()
      .form({ name: 'Collector', kind: 'syslog', host: '127.0.0.1', port: listener.port })
    await new SiemForwarder().forwardAll()

    await destination.refresh()
    assert.isFalse(destination.enabled)
    assert.deepEqual(listener.ids(), [])
    const record = await AuditEvent.findByOrFail('action', 'siem.destination_changed')
    assert.equal(record.detailsObject.enabled, false)
  })

  test('the page shows the cursor, what is waiting and the last error', async ({
    client,
    assert,
    cleanup,
  }) => {
    const team = await createCompany()
    await writeHistory(team, 3)
    const receiver = await startHttpReceiver()
    cleanup(() => receiver.close())
    receiver.state.otherwise = 'fail'
    await httpsDestination(team, receiver.url)

    await new SiemForwarder().forwardAll()
    const page = await client.get('/audit/siem').loginAs(team.admin)

    assert.include(readable(page), '3 record(s) waiting')
    assert.include(readable(page), 'HTTP 500')
    assert.include(readable(page), '1 failure(s) in a row')
  })

  test('people who are not admins, and other companies, get 404', async ({ client, assert }) => {
    const team = await createCompany()
    const other = await createCompany('Globex')
    const foreign = await syslogDestination(other, 6514)

    const page = await client.get('/audit/siem').loginAs(team.owner)
    const add = await client
      .post('/audit/siem')
      .loginAs(team.owner)
      .withCsrfToken()
      .form({ ...syslogForm, enabled: 'true' })
    const edit = await client.get(`/audit/siem/${foreign.id}/edit`).loginAs(team.admin)
    const update = await client
      .put(`/audit/siem/${foreign.id}`)
      .loginAs(team.admin)
      .withCsrfToken()
      .form({ ...syslogForm, enabled: 'true' })

    page.assertStatus(404)
    add.assertStatus(404)
    edit.assertStatus(404)
    update.assertStatus(404)
    await foreign.refresh()
    assert.equal(foreign.name, 'Collector')
    assert.equal(await countRows('siem_destinations'), 1)
    assert.equal(await countRows('audit_events'), 0)
  })

  test('over TLS, a collector whose certificate is trusted receives every record', async ({
    assert,
    cleanup,
  }) => {
    const certificate = localhostCertificate()
    const forwarder = await forwarderProcess({ NODE_EXTRA_CA_CERTS: certificate.certPath })
    cleanup(() => forwarder.remove())
    const listener = await startSyslogListener(0, certificate)
    cleanup(() => listener.close())
    const minuteAgo = DateTime.utc().minus({ minutes: 1 }).toFormat('yyyy-LL-dd HH:mm:ss.SSS')
    for (let index = 0; index < 3; index++) {
      forwarder.database
        .prepare(
          `insert into audit_events (company_id, occurred_at, action, outcome)
           values ('company-1', ?, 'auth.logout', 'success')`
        )
        .run(minuteAgo)
    }
    forwarder.database
      .prepare(
        `insert into siem_destinations
           (company_id, name, kind, host, port, tls, created_at, updated_at)
         values ('company-1', 'Collector', 'syslog', 'localhost', ?, 1, ?, ?)`
      )
      .run(listener.port, minuteAgo, minuteAgo)

    const run = forwarder.start('--once')
    const status = await run.exited

    assert.equal(status, 0, run.output.text)
    assert.deepEqual(listener.ids(), [1, 2, 3])
  }).timeout(60_000)
})
