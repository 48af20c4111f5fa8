import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '#tests/support/child_server'

/** Starts the real server with the given key settings and returns what it printed. */
async function startWith(keys: Record<string, string>) {
  const run = spawnSync(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
    cwd: app.appRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      APP_KEY: randomBytes(32).toString('base64url'),
      VAULT_MASTER_KEY: '',
      VAULT_MASTER_KEY_FILE: '',
      ...keys,
    },
    encoding: 'utf8',
    timeout: 20_000,
  })

  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

test.group('Server | master key at startup', () => {
  test('refuses to start without a master key', async ({ assert }) => {
    const run = await startWith({})

    assert.notEqual(run.status, 0)
    assert.include(run.output, 'set VAULT_MASTER_KEY or VAULT_MASTER_KEY_FILE')
  }).timeout(30_000)

  test('refuses a malformed master key', async ({ assert }) => {
    const run = await startWith({ VAULT_MASTER_KEY: 'not-a-key' })

    assert.notEqual(run.status, 0)
    assert.include(run.output, 'master key 1 is not 32 bytes of base64')
  }).timeout(30_000)

  test('refuses a key file that other accounts can read', async ({ assert }) => {
    const file = join(mkdtempSync(join(tmpdir(), 'vault-key-')), 'master.key')
    writeFileSync(file, `v1:${randomBytes(32).toString('base64')}\n`)
    chmodSync(file, 0o644)

    const run = await startWith({ VAULT_MASTER_KEY_FILE: file })

    assert.notEqual(run.status, 0)
    assert.include(run.output, 'must be readable by its owner only')
  }).timeout(30_000)
})
