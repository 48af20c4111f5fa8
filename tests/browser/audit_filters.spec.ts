import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import { createCompany, createSecret, PASSWORD, recordLogin } from '#tests/support/factories'

test.group('Browser | audit filters', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an admin types part of a name to filter the trail, and a wrong one is explained', async ({
    visit,
    assert,
  }) => {
    const team = await createCompany()
    await createSecret(team, { name: 'Payroll API' })
    await recordLogin(team.viewer)

    const page = await visit('/login')
    await page.getByLabel('Email').fill(team.admin.email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL('**/secrets')
    await page.goto(page.url().replace('/secrets', '/audit'))

    await page.getByLabel('Person').fill('vic')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.waitForURL(/[?&]person=vic/)
    await page.getByRole('cell', { name: 'Auth login' }).waitFor()
    const table = page.locator('table.audit')
    assert.equal(await page.getByLabel('Person').inputValue(), team.viewer.email)
    assert.include(await table.textContent(), team.viewer.email)
    assert.notInclude(await table.textContent(), team.owner.email)

    await page.getByLabel('Person').fill('nobody-by-that-name')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.getByText('No person of your company matches "nobody-by-that-name"').waitFor()
    assert.equal(await page.getByLabel('Person').inputValue(), 'nobody-by-that-name')
    await page.screenshot({ path: app.tmpPath('audit-filter-error.png'), fullPage: true })
  })
})
