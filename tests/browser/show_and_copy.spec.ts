import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createCompany, PASSWORD } from '#tests/support/factories'

test.group('Browser | a secret from creation to the audit', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('log in, create a secret, Show it, Copy it, and find both in the audit', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const team = await createCompany()
    await browserContext.grantPermissions(['clipboard-read', 'clipboard-write'])
    const value = 'correct-horse-battery-staple-42'

    const login = await visit('/login')
    await login.getByLabel('Email').fill(team.owner.email)
    await login.getByLabel('Password').fill(PASSWORD)
    await login.getByRole('button', { name: 'Log in' }).click()
    await login.waitForURL('**/secrets')

    await login.getByRole('link', { name: 'New secret' }).click()
    await login.getByLabel('Name').fill('Billing database')
    await login.getByLabel('Category').selectOption('password')
    await login.getByLabel('Value', { exact: true }).fill(value)
    await login.getByLabel(team.viewer.fullName).selectOption('viewer')
    await login.getByRole('button', { name: 'Store secret' }).click()
    await login.getByText('"Billing database" is stored.').waitFor()
    assert.notInclude(await login.content(), value)

    await login.getByRole('button', { name: 'Show' }).click()
    await login.getByLabel('Password').fill(PASSWORD)
    await login.getByRole('button', { name: 'Confirm and show' }).click()
    assert.equal(await login.getByTestId('revealed-value').textContent(), value)

    await login.getByRole('button', { name: 'Copy' }).click()
    await login.getByText('Copied. The clipboard is cleared in 30 seconds.').waitFor()
    assert.equal(await login.evaluate('navigator.clipboard.readText()'), value)

    await login.getByRole('link', { name: 'Audit' }).last().click()
    await login.getByRole('cell', { name: 'Value shown' }).waitFor()
    await login.getByRole('cell', { name: 'Value copied' }).waitFor()
    assert.notInclude(await login.content(), value)
  })

  test('Copy asks for the password in a dialog when the window has passed', async ({
    visit,
    browserContext,
    assert,
  }) => {
    const team = await createCompany()
    await browserContext.grantPermissions(['clipboard-read', 'clipboard-write'])
    const { createSecret } = await import('#tests/support/factories')
    const { secret, value } = await createSecret(team)

    const page = await visit('/login')
    await page.getByLabel('Email').fill(team.viewer.email)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL('**/secrets')
    await page.goto(page.url().replace('/secrets', `/secrets/${secret.id}`))

    await page.getByRole('button', { name: 'Copy' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Password').fill('not my password')
    await dialog.getByRole('button', { name: 'Copy' }).click()
    await dialog.getByText('That password is not right.').waitFor()
    await dialog.getByLabel('Password').fill(PASSWORD)
    await dialog.getByRole('button', { name: 'Copy' }).click()
    await page.getByText('Copied.').waitFor()

    assert.equal(await page.evaluate('navigator.clipboard.readText()'), value)
    assert.isFalse(await dialog.isVisible())
  })
})
