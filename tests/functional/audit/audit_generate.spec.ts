import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import AuditEvidence from '#services/audit_evidence'

/** A database of its own for the generator, so that it never writes next to the test data. */
const DATABASE = `tmp/generator-test-${process.pid}.sqlite3`

/** Runs an ace command as a person would, in its own process, on the generator's database. */
function ace(args: string[]) {
  const run = spawnSync(process.execPath, ['ace', ...args], {
    cwd: app.appRoot,
    env: { ...process.env, DB_CONNECTION: 'sqlite', SQLITE_PATH: DATABASE, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  })

  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

function rows(sql: string) {
  const database = new Database(app.makePath(DATABASE), { readonly: true })
  try {
    return database.prepare(sql).all() as Record<string, any>[]
  } finally {
    database.close()
  }
}

test.group('Audit generator | command', (group) => {
  group.setup(() => {
    ace(['migration:run', '--force'])
    return () => rmSync(app.makePath(DATABASE), { force: true })
  })

  test('fills an empty database with a benchmark company and signed records', async ({
    assert,
  }) => {
    const run = ace([
      'vault:audit:generate',
      '--company=benchmark-test',
      '--records=5000',
      '--people=20',
      '--secrets=30',
      '--days=30',
      '--admin-password=generated-admin-password',
    ])

    assert.equal(run.status, 0, run.output)
    assert.match(run.output, /5,000 audit records written/)
    // The company's first data key is recorded too (key.created), after the trail.
    const [counts] = rows(
      `SELECT COUNT(*) AS records, COUNT(DISTINCT actor_id) AS people, COUNT(mac) AS signed
         FROM audit_events WHERE action <> 'key.created'`
    )
    assert.deepEqual(counts, { records: 5000, people: 20, signed: 5000 })
    const evidence = await app.container.make(AuditEvidence)
    const sample = rows('SELECT * FROM audit_events ORDER BY id DESC LIMIT 20')
    assert.isTrue(sample.every((record) => evidence.matches(record as any, record.mac)))
    const [last] = rows('SELECT action FROM audit_events ORDER BY id DESC LIMIT 1')
    assert.equal(last.action, 'key.created')
    const [values] = rows('SELECT COUNT(*) AS versions FROM secret_versions')
    assert.equal(values.versions, 30)
  })

  test('refuses a database that holds a company other than benchmark ones', ({ assert }) => {
    const created = ace([
      'vault:company:create',
      '--name=Real Customer',
      '--admin-email=admin@real.example',
      '--admin-name=Real Admin',
    ])
    const before = rows('SELECT COUNT(*) AS records FROM audit_events')[0].records

    const run = ace(['vault:audit:generate', '--company=benchmark-more', '--records=100'])

    assert.equal(created.status, 0, created.output)
    assert.equal(run.status, 1)
    assert.match(run.output, /holds 1 company\(ies\) that are not benchmark companies/)
    assert.equal(rows('SELECT COUNT(*) AS records FROM audit_events')[0].records, before)
    assert.lengthOf(rows("SELECT id FROM companies WHERE slug = 'benchmark-more'"), 0)
  })
})
