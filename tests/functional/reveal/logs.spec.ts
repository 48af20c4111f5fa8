import { test } from '@japa/runner'
import Database from 'better-sqlite3'
import { DEMO_PASSWORD } from '#services/demo_data'
import { HttpSession, startChildServer } from '#tests/support/child_server'

test.group('Reveal | logs', () => {
  test('the logs of a real server during Show and Copy hold no value or password', async ({
    assert,
  }) => {
    const server = await startChildServer({ LOG_LEVEL: 'trace' })
    try {
      const sqlite = new Database(server.databasePath, { readonly: true })
      const { id } = sqlite
        .prepare(
          `select s.id from secrets s join secret_grants g on g.secret_id = s.id
           join users u on u.id = g.user_id where u.email = ? and g.role = 'viewer' limit 1`
        )
        .get('marco@acme.test') as { id: string }
      sqlite.close()
      const session = new HttpSession(server.url)
      await session.login('marco@acme.test', DEMO_PASSWORD)
      await session.request(`/secrets/${id}`)

      const copy = await session.postJson(`/secrets/${id}/copy`, { password: DEMO_PASSWORD })
      const value = JSON.parse(copy.text).value as string
      const shown = await session.request(`/secrets/${id}/show`, {
        method: 'POST',
        body: new URLSearchParams({ _csrf: session.csrfToken }),
      })
      await session.postJson(`/secrets/${id}/copy`, { password: 'a-wrong-password-typed' })

      assert.equal(copy.status, 200)
      assert.isAbove(value.length, 8)
      assert.include(shown.text, value.split('\n')[0])
      await new Promise((resolve) => setTimeout(resolve, 300))
      assert.include(server.output.text, `"secretId":"${id}"`, 'the accesses were logged')
      for (const line of value.split('\n')) {
        assert.notInclude(server.output.text, line)
      }
      assert.notInclude(server.output.text, DEMO_PASSWORD)
      assert.notInclude(server.output.text, 'a-wrong-password-typed')
    } finally {
      await server.stop()
    }
  }).timeout(90_000)
})
