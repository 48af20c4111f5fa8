import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Notification from '#models/notification'
import { createCompany, createSecret, secretValue } from '#tests/support/factories'

test.group('Notifications | a value changes', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('members are told that the value changed, without the value', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team, { name: 'Mail relay' })
    const value = secretValue()

    await client
      .put(`/secrets/${secret.id}`)
      .loginAs(team.owner)
      .withCsrfToken()
      .accept('json')
      .json({ name: secret.name, category: 'password', value })
    const inbox = await client.get('/notifications').loginAs(team.viewer)

    const notices = await Notification.query().where('secret_id', secret.id)
    assert.sameMembers(
      notices.map((notice) => notice.userId),
      [team.viewer.id, team.user.id]
    )
    assert.notInclude(JSON.stringify(notices.map((notice) => notice.toJSON())), value)
    inbox.assertTextIncludes('&quot;Mail relay&quot; has a new value')
    assert.notInclude(inbox.text(), value)
  })

  test('changing only the name tells nobody', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)

    await client
      .put(`/secrets/${secret.id}`)
      .loginAs(team.owner)
      .withCsrfToken()
      .accept('json')
      .json({ name: 'Renamed', category: 'password' })

    assert.lengthOf(await Notification.all(), 0)
  })

  test('an admin rotating the value notifies the owner too', async ({ client, assert }) => {
    const team = await createCompany()
    const { secret } = await createSecret(team)

    await client
      .put(`/secrets/${secret.id}`)
      .loginAs(team.admin)
      .withCsrfToken()
      .accept('json')
      .json({ name: secret.name, category: 'password', value: secretValue() })
    await client.post('/notifications/read').loginAs(team.owner).withCsrfToken()

    const owner = await Notification.findByOrFail('user_id', team.owner.id)
    assert.isNotNull(owner.readAt)
    assert.include(owner.body, 'Ada Admin changed the value')
  })
})
