import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import { countRows, createCompany, createSecret } from '#tests/support/factories'

/** Every Edge template, to check that none carries inline script or style. */
function templates(folder = app.viewsPath()): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name)
    return statSync(path).isDirectory() ? templates(path) : [path]
  })
}

test.group('Pages | security headers', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('pages send a strict Content-Security-Policy and refuse framing', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)

    const response = await client.get(`/secrets/${secret.id}`).loginAs(team.owner)

    const policy = response.header('content-security-policy')
    assert.include(policy, "default-src 'self'")
    assert.include(policy, "script-src 'self'")
    assert.include(policy, "frame-ancestors 'none'")
    assert.notInclude(policy, 'unsafe-inline')
    response.assertHeader('x-frame-options', 'DENY')
    response.assertHeader('x-content-type-options', 'nosniff')
  })

  test('no template has an inline script, inline handler or inline style', ({ assert }) => {
    for (const path of templates()) {
      const source = readFileSync(path, 'utf8')
      assert.notMatch(source, /<script(?![^>]*\bsrc=)[^>]*>/, path)
      assert.notMatch(source, /\son[a-z]+=["']/, path)
      assert.notMatch(source, /<style|\sstyle=["']/, path)
    }
  })

  test('forms without a CSRF token are refused and change nothing', async ({ client, assert }) => {
    const team = await createCompany()

    const form = await client
      .post('/secrets')
      .loginAs(team.owner)
      .form({ name: 'No token', category: 'password', value: 'typed-without-a-token' })
      .redirects(0)
    const json = await client
      .post('/secrets')
      .loginAs(team.owner)
      .accept('json')
      .json({ name: 'No token', category: 'password', value: 'x' })

    form.assertStatus(302)
    form.assertFlashMessage(
      'error',
      'The page had expired, so nothing was saved. Please try again.'
    )
    assert.notInclude(JSON.stringify(form.flashMessages()), 'typed-without-a-token')
    assert.notMatch(form.header('location') ?? '', /secrets\/[0-9a-f-]{36}/)
    json.assertStatus(403)
    assert.equal(await countRows('secrets'), 0)
  })
})

test.group('Pages | errors', () => {
  test('an unknown address answers 404 with the not-found page', async ({ client }) => {
    const response = await client.get('/no/such/page')

    response.assertStatus(404)
    response.assertTextIncludes('Not found')
  })

  test('an unknown address answers 404 to a form post too', async ({ client }) => {
    const response = await client.post('/bench/audit-insert/00000000').form({ a: '1' })

    response.assertStatus(404)
  })
})
