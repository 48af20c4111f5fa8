import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Secret from '#models/secret'
import SecretVersion from '#models/secret_version'
import AuditEvent from '#models/audit_event'
import { countRows, createCompany, createSecret, secretValue } from '#tests/support/factories'

test.group('Secrets | create', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an owner stores a secret with members; the value is encrypted', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const value = secretValue()

    const response = await client
      .post('/secrets')
      .loginAs(team.owner)
      .withCsrfToken()
      .accept('json')
      .json({
        name: 'Production database',
        category: 'password',
        value,
        notes: 'Rotate after each incident.',
        members: [{ userId: team.viewer.id, role: 'viewer' }],
      })

    response.assertStatus(201)
    const secret = await Secret.findOrFail(response.body().id)
    assert.equal(secret.ownerId, team.owner.id)
    assert.equal(secret.currentVersion, 1)
    const version = await SecretVersion.findByOrFail('secret_id', secret.id)
    assert.notInclude(version.ciphertext, value)
    const actions = await AuditEvent.query().where('secret_id', secret.id).orderBy('id')
    assert.deepEqual(
      actions.map((event) => event.action),
      ['secret.created', 'member.added']
    )
  })

  test('the form path redirects to the new secret', async ({ client }) => {
    const team = await createCompany()

    const response = await client
      .post('/secrets')
      .loginAs(team.owner)
      .withCsrfToken()
      .form({ name: 'Wi-Fi', category: 'password', value: secretValue() })
      .redirects(0)

    response.assertStatus(302)
    const secret = await Secret.firstOrFail()
    response.assertHeader('location', `/secrets/${secret.id}`)
    response.assertFlashMessage('success', '"Wi-Fi" is stored.')
  })
})

test.group('Secrets | bad input', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  const cases: [string, (ids: Record<string, number>) => Record<string, unknown>, string][] = [
    ['an empty name', () => ({ name: '' }), 'name'],
    ['a name over 200 characters', () => ({ name: 'n'.repeat(201) }), 'name'],
    ['an unknown category', () => ({ category: 'recipe' }), 'category'],
    ['a value over 64 KiB', () => ({ value: 'v'.repeat(64 * 1024 + 1) }), 'value'],
    ['notes over 10 KiB', () => ({ notes: 'é'.repeat(5 * 1024 + 1) }), 'notes'],
    [
      'an unknown member',
      () => ({ members: [{ userId: 999999, role: 'viewer' }] }),
      'members.0.userId',
    ],
    [
      'a member from another company',
      (ids) => ({ members: [{ userId: ids.foreigner, role: 'viewer' }] }),
      'members.0.userId',
    ],
    [
      'an unknown role',
      (ids) => ({ members: [{ userId: ids.viewer, role: 'boss' }] }),
      'members.0.role',
    ],
  ]

  for (const [label, change, field] of cases) {
    test(`${label} answers 422 naming ${field} and stores nothing`, async ({ client, assert }) => {
      const team = await createCompany()
      const other = await createCompany('Globex')
      const ids = { viewer: team.viewer.id, foreigner: other.viewer.id }
      const body = { name: 'API key', category: 'api_key', value: secretValue(), ...change(ids) }

      const response = await client
        .post('/secrets')
        .loginAs(team.owner)
        .withCsrfToken()
        .accept('json')
        .json(body)

      response.assertStatus(422)
      assert.includeMembers(
        response.body().errors.map((error: { field: string }) => error.field),
        [field]
      )
      assert.equal(await countRows('secrets'), 0)
      assert.equal(await countRows('audit_events'), 0)
    })
  }

  test('a form with errors shows each error next to its field', async ({ client }) => {
    const team = await createCompany()

    const response = await client
      .post('/secrets')
      .loginAs(team.owner)
      .withCsrfToken()
      .header('referer', '/secrets/new')
      .form({ name: '', category: 'recipe', value: secretValue() })

    response.assertStatus(200)
    response.assertTextIncludes('The name field must be defined')
    response.assertTextIncludes('The selected category is invalid')
  })
})

test.group('Secrets | list', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('members see only what is shared with them; admins see everything', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    await createSecret(team, { name: 'Shared one' })
    await createSecret(team, { name: 'Private one', members: [] })

    const viewer = await client.get('/secrets').loginAs(team.viewer)
    const admin = await client.get('/secrets').loginAs(team.admin)

    viewer.assertTextIncludes('Shared one')
    assert.notInclude(viewer.text(), 'Private one')
    admin.assertTextIncludes('Shared one')
    admin.assertTextIncludes('Private one')
  })

  test('a search for % or _ finds them as typed', async ({ client, assert }) => {
    const team = await createCompany()
    await createSecret(team, { name: 'Promo 50% code' })
    await createSecret(team, { name: 'Promo 500 code' })
    await createSecret(team, { name: 'deploy_key' })
    await createSecret(team, { name: 'deploy-key' })

    const percent = await client.get('/secrets').qs({ q: '50%' }).loginAs(team.owner)
    const underscore = await client.get('/secrets').qs({ q: 'DEPLOY_' }).loginAs(team.owner)

    percent.assertTextIncludes('Promo 50% code')
    assert.notInclude(percent.text(), 'Promo 500 code')
    underscore.assertTextIncludes('deploy_key')
    assert.notInclude(underscore.text(), 'deploy-key')
  })

  test('searches by name and filters by category and owner', async ({ client, assert }) => {
    const team = await createCompany()
    await createSecret(team, { name: 'Stripe key', category: 'api_key' })
    await createSecret(team, { name: 'Stripe webhook token', category: 'token' })
    await createSecret(team, { name: 'Office Wi-Fi', category: 'password' })

    const search = await client.get('/secrets').qs({ q: 'stripe' }).loginAs(team.owner)
    const category = await client
      .get('/secrets')
      .qs({ q: 'stripe', category: 'token' })
      .loginAs(team.owner)
    const owner = await client.get('/secrets').qs({ owner: team.admin.id }).loginAs(team.owner)
    const typedOwner = await client.get('/secrets').qs({ owner: 'olga' }).loginAs(team.owner)
    const unknownOwner = await client
      .get('/secrets')
      .qs({ owner: 'nobody at all' })
      .accept('json')
      .loginAs(team.owner)

    search.assertTextIncludes('Stripe key')
    search.assertTextIncludes('Stripe webhook token')
    assert.notInclude(search.text(), 'Office Wi-Fi')
    category.assertTextIncludes('Stripe webhook token')
    assert.notInclude(category.text(), 'Stripe key</a>')
    owner.assertTextIncludes('No secret matches')
    typedOwner.assertTextIncludes('Office Wi-Fi')
    assert.include(typedOwner.text(), `value="${team.owner.email}"`)
    unknownOwner.assertStatus(422)
    assert.equal(unknownOwner.body().errors[0].field, 'owner')
  })

  test('no page shows a value before Show', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret, value } = await createSecret(team)

    const pages = await Promise.all([
      client.get('/secrets').loginAs(team.owner),
      client.get(`/secrets/${secret.id}`).loginAs(team.owner),
      client.get(`/secrets/${secret.id}/edit`).loginAs(team.owner),
      client.get(`/secrets/${secret.id}/versions`).loginAs(team.owner),
      client.get(`/secrets/${secret.id}/audit`).loginAs(team.owner),
    ])

    for (const page of pages) {
      page.assertStatus(200)
      assert.notInclude(page.text(), value)
    }
  })
})

test.group('Secrets | edit and delete', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a new value becomes a new version and the old one is kept', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)

    const response = await client
      .put(`/secrets/${secret.id}`)
      .loginAs(team.owner)
      .withCsrfToken()
      .accept('json')
      .json({ name: secret.name, category: 'password', value: secretValue() })

    response.assertStatus(200)
    response.assertBodyContains({ version: 2, valueChanged: true })
    const versions = await SecretVersion.query().where('secret_id', secret.id).orderBy('version')
    assert.deepEqual(
      versions.map((version) => version.version),
      [1, 2]
    )
  })

  test('a failed edit leaves the previous version intact', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team, { name: 'Keep me' })

    const response = await client
      .put(`/secrets/${secret.id}`)
      .loginAs(team.owner)
      .withCsrfToken()
      .accept('json')
      .json({ name: 'Renamed', category: 'password', value: 'v'.repeat(70 * 1024) })

    response.assertStatus(422)
    await secret.refresh()
    assert.equal(secret.name, 'Keep me')
    assert.equal(secret.currentVersion, 1)
    assert.lengthOf(await SecretVersion.query().where('secret_id', secret.id), 1)
  })

  test('an empty value field keeps the current version', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)

    await client
      .put(`/secrets/${secret.id}`)
      .loginAs(team.owner)
      .withCsrfToken()
      .form({ name: 'New name', category: 'token', value: '' })

    await secret.refresh()
    assert.equal(secret.name, 'New name')
    assert.equal(secret.category, 'token')
    assert.equal(secret.currentVersion, 1)
  })

  test('deleting removes the secret and its versions, and the audit keeps it', async ({
    client,
    assert,
  }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)

    const response = await client
      .delete(`/secrets/${secret.id}`)
      .loginAs(team.owner)
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    assert.isNull(await Secret.find(secret.id))
    assert.lengthOf(await SecretVersion.query().where('secret_id', secret.id), 0)
    const deleted = await AuditEvent.query()
      .where('secret_id', secret.id)
      .where('action', 'secret.deleted')
      .firstOrFail()
    assert.equal(deleted.secretName, secret.name)
  })
})
