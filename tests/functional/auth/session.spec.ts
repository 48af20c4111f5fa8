import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import AuditEvent from '#models/audit_event'
import { createCompany, PASSWORD } from '#tests/support/factories'

test.group('Session | login and logout', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a person logs in with a form and lands on their secrets', async ({ client, assert }) => {
    const team = await createCompany()

    const response = await client
      .post('/login')
      .form({ email: team.viewer.email, password: PASSWORD })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/secrets')
    const login = await AuditEvent.query().where('actor_id', team.viewer.id).firstOrFail()
    assert.equal(login.action, 'auth.login')
    assert.equal(login.outcome, 'success')
    assert.equal(login.companyId, team.company.id)
  })

  test('a wrong password is refused and recorded as a failed login', async ({ client, assert }) => {
    const team = await createCompany()

    const response = await client
      .post('/login')
      .form({ email: team.viewer.email, password: 'not the password' })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/login')
    response.assertFlashMessage('errorsBag', { email: 'The email or password is not right.' })
    const failure = await AuditEvent.query().where('actor_id', team.viewer.id).firstOrFail()
    assert.equal(failure.action, 'auth.login_failed')
    assert.equal(failure.outcome, 'denied')
    assert.equal(failure.reason, 'wrong_credentials')
    assert.notInclude(JSON.stringify(failure.toJSON()), 'not the password')
  })

  test('repeated failures are throttled, even with the right password', async ({ client }) => {
    const team = await createCompany()
    for (let attempt = 0; attempt < 5; attempt++) {
      await client
        .post('/login')
        .form({ email: team.owner.email, password: `wrong-${attempt}` })
        .withCsrfToken()
        .redirects(0)
    }

    const response = await client
      .post('/login')
      .form({ email: team.owner.email, password: PASSWORD })
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/login')
    response.assertFlashMessage('errorsBag', {
      email: 'Too many failed attempts. Try again in 15 minutes.',
    })
  })

  test('logging out ends the session and is recorded', async ({ client, assert }) => {
    const team = await createCompany()

    const response = await client.post('/logout').loginAs(team.viewer).withCsrfToken().redirects(0)

    response.assertHeader('location', '/login')
    const after = await client.get('/secrets').redirects(0)
    after.assertHeader('location', '/login')
    const logout = await AuditEvent.query().where('action', 'auth.logout').firstOrFail()
    assert.equal(logout.actorId, team.viewer.id)
  })

  test('pages need a login', async ({ client }) => {
    const response = await client.get('/secrets').redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })
})

test.group('Profile | time zone', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a person picks their time zone; an unknown zone is refused by name', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()

    const saved = await client
      .put('/profile')
      .loginAs(team.viewer)
      .withCsrfToken()
      .form({ timeZone: 'Asia/Kolkata' })
      .redirects(0)
    const refused = await client
      .put('/profile')
      .loginAs(team.viewer)
      .withCsrfToken()
      .accept('json')
      .json({ timeZone: 'Mars/Olympus_Mons' })

    saved.assertStatus(302)
    refused.assertStatus(422)
    refused.assertBodyContains({ errors: [{ field: 'timeZone' }] })
    await team.viewer.refresh()
    assert.equal(team.viewer.timeZone, 'Asia/Kolkata')
  })
})
