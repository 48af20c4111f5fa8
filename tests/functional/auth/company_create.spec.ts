import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import ace from '@adonisjs/core/services/ace'
import hash from '@adonisjs/core/services/hash'
import CompanyCreate from '#commands/company_create'
import Company from '#models/company'
import User from '#models/user'

test.group('Command | vault:company:create', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('creates a company and its first admin with a generated password', async ({ assert }) => {
    const command = await ace.create(CompanyCreate, [
      '--name=Initech',
      '--admin-email=peter@initech.test',
      '--admin-name=Peter Gibbons',
      '--time-zone=America/Chicago',
    ])
    command.ui.switchMode('raw')

    await command.exec()

    command.assertSucceeded()
    const company = await Company.findByOrFail('slug', 'initech')
    const admin = await User.findByOrFail('email', 'peter@initech.test')
    assert.equal(admin.companyId, company.id)
    assert.isTrue(admin.isAdmin)
    assert.equal(admin.timeZone, 'America/Chicago')
    const printed = command.logger
      .getLogs()
      .map((log) => log.message)
      .join('\n')
    const password = /shown once\): (\S+)/.exec(printed)![1]
    assert.isTrue(await hash.verify(admin.password, password))
  })

  test('refuses a taken email and an unknown time zone, creating nothing', async ({ assert }) => {
    const first = await ace.create(CompanyCreate, [
      '--name=Initech',
      '--admin-email=bill@initech.test',
      '--admin-name=Bill',
    ])
    first.ui.switchMode('raw')
    await first.exec()

    const taken = await ace.create(CompanyCreate, [
      '--name=Initrode',
      '--admin-email=bill@initech.test',
      '--admin-name=Bill',
    ])
    taken.ui.switchMode('raw')
    await taken.exec()
    taken.assertFailed()
    taken.assertLogMatches(/adminEmail has already been taken/)

    const zone = await ace.create(CompanyCreate, [
      '--name=Initrode',
      '--admin-email=milton@initrode.test',
      '--admin-name=Milton',
      '--time-zone=Mars/Base',
    ])
    zone.ui.switchMode('raw')
    await zone.exec()

    zone.assertFailed()
    zone.assertLogMatches(/unknown time zone "Mars\/Base"/)
    assert.isNull(await Company.findBy('slug', 'initrode'))
  })
})
