import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { stripVTControlCharacters } from 'node:util'
import DataKeys from '#services/data_keys'
import SecretCipher from '#services/secret_cipher'
import SecretService from '#services/secret_service'
import RevealService from '#services/reveal_service'
import { createCompany, createSecret, testMeta } from '#tests/support/factories'

const SECRETS = 300
const VERSIONS = 10

/**
 * Fills a company with SECRETS secrets of VERSIONS versions each, encrypted under its
 * current data key, committed (the rewrap runs in another process). Returns the values.
 */
async function fill(team: Awaited<ReturnType<typeof createCompany>>) {
  const keys = await app.container.make(DataKeys)
  const cipher = await app.container.make(SecretCipher)
  const values = new Map<string, string>()
  const now = new Date().toISOString().slice(0, 19).replace('T', ' ')
  for (let s = 0; s < SECRETS; s++) {
    const id = randomUUID()
    await db.transaction(async (trx) => {
      await trx.table('secrets').insert({
        id,
        company_id: team.company.id,
        owner_id: team.owner.id,
        name: `Bulk ${s}`,
        category: 'password',
        current_version: VERSIONS,
        value_changed_at: now,
        created_at: now,
      })
      const { version, key } = await keys.forEncryption(team.company.id, VERSIONS, trx)
      const rows = []
      for (let v = 1; v <= VERSIONS; v++) {
        const value = `bulk-${randomBytes(8).toString('hex')}`
        values.set(`${id}:${v}`, value)
        const sealed = cipher.sealWith(
          value,
          { companyId: team.company.id, secretId: id, version: v },
          version,
          key
        )
        rows.push({
          secret_id: id,
          version: v,
          ciphertext: sealed.ciphertext,
          key_version: version,
          created_at: now,
        })
      }
      await trx.table('secret_versions').multiInsert(rows)
    })
  }

  return values
}

async function countOnKey(companyId: string, keyVersion: number) {
  const [row] = await db
    .from('secret_versions')
    .join('secrets', 'secrets.id', 'secret_versions.secret_id')
    .where('secrets.company_id', companyId)
    .where('secret_versions.key_version', keyVersion)
    .count('* as total')

  return Number(row.total)
}

function rewrapCommand(companyId: string) {
  return ['ace', 'vault:keys:rewrap', `--company=${companyId}`, '--batch=10']
}

test.group('Keys | rewrap survives SIGKILL', () => {
  test('killed mid-run, a rerun finishes: every value decrypts and none is missing', async ({
    assert,
  }) => {
    const team = await createCompany('Resume')
    const first = await createSecret(team)
    const values = await fill(team)
    values.set(`${first.secret.id}:1`, first.value)
    const keys = await app.container.make(DataKeys)
    const total = values.size
    await keys.rotate(team.company.id, null)

    try {
      const child = spawn(process.execPath, rewrapCommand(team.company.id), {
        cwd: app.appRoot,
        env: process.env,
        stdio: 'ignore',
      })
      let moved = 0
      for (let waited = 0; waited < 60_000 && moved < 50; waited += 25) {
        await new Promise((resolve) => setTimeout(resolve, 25))
        moved = await countOnKey(team.company.id, 2)
      }
      // Reads and edits go on while the rewrap runs.
      const reveals = await app.container.make(RevealService)
      const read = await reveals.reveal({
        actor: team.owner,
        secret: first.secret,
        purpose: 'show',
        meta: testMeta,
      })
      const service = await app.container.make(SecretService)
      await service.update(team.owner, first.secret, { value: 'edited-during-rewrap' }, testMeta)
      values.set(`${first.secret.id}:2`, 'edited-during-rewrap')
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))
      const afterKill = await countOnKey(team.company.id, 2)

      assert.equal(read.value, first.value)

      assert.isAbove(afterKill, 0, 'the run had started')
      assert.isBelow(afterKill, total, 'the run was killed before the end')
      assert.equal(afterKill + (await countOnKey(team.company.id, 1)), total + 1)
      const retire = spawnSync(
        process.execPath,
        ['ace', 'vault:keys:retire', 'v1', `--company=${team.company.slug}`],
        { cwd: app.appRoot, env: process.env, encoding: 'utf8' }
      )
      assert.equal(retire.status, 1)
      const stillOnOld = await countOnKey(team.company.id, 1)
      assert.include(retire.stdout + retire.stderr, `still protects ${stillOnOld} stored value(s)`)

      const rerun = spawnSync(process.execPath, rewrapCommand(team.company.id), {
        cwd: app.appRoot,
        env: process.env,
        encoding: 'utf8',
      })

      assert.equal(rerun.status, 0, rerun.stderr)
      assert.match(rerun.stdout, /rewrap \[#{20}\] [\d,]+\/[\d,]+ 100% · [\d,]+\/s · done/)
      assert.include(rerun.stdout, `${stillOnOld} value(s) now under data key v2`)
      assert.equal(await countOnKey(team.company.id, 2), total + 1)
      const cipher = await app.container.make(SecretCipher)
      const stored = await db
        .from('secret_versions')
        .join('secrets', 'secrets.id', 'secret_versions.secret_id')
        .where('secrets.company_id', team.company.id)
        .select('secret_versions.*')
      assert.lengthOf(stored, total + 1)
      for (const row of stored) {
        const binding = {
          companyId: team.company.id,
          secretId: row.secret_id,
          version: row.version,
        }
        const value = await cipher.decrypt(
          { ciphertext: row.ciphertext, keyVersion: row.key_version },
          binding
        )
        assert.equal(value, values.get(`${row.secret_id}:${row.version}`))
      }
      await keys.retire(team.company.id, 1, null)
      const status = spawnSync(
        process.execPath,
        ['ace', 'vault:keys:status', `--company=${team.company.slug}`],
        { cwd: app.appRoot, env: process.env, encoding: 'utf8' }
      )
      assert.equal(status.status, 0, status.stderr)
      const table = stripVTControlCharacters(status.stdout)
      assert.match(table, /v2\s*│\s*active\s*│\s*0\s*│/)
      assert.match(table, new RegExp(`v1\\s*│\\s*retired\\s*│\\s*0\\s*│[\\s\\d,]*│\\s*0\\s*│`))
    } finally {
      await keys.destroyCompany(team.company.id, null)
    }
  }).timeout(120_000)
})
