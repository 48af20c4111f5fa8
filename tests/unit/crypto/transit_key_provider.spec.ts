import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import { KeyUnavailableError } from '#contracts/key_provider'
import TransitKeyProvider, { addressProblem } from '#services/transit_key_provider'
import { TransitServer } from '#tests/support/transit_server'

test.group('Transit key provider', (group) => {
  let kms: TransitServer
  group.each.setup(async () => {
    kms = await new TransitServer().start()
    return () => kms.stop()
  })
  const context = { companyId: 'company-a', version: 2 }
  const provider = (token = kms.token) =>
    new TransitKeyProvider(
      { address: kms.address, mount: 'transit', keyName: 'payroll', token },
      2000
    )

  test('wraps in the KMS and unwraps the same bytes; the token goes in its header', async ({
    assert,
  }) => {
    const dataKey = randomBytes(32)

    const wrapped = await provider().wrap(dataKey, context)

    assert.equal(wrapped.wrappedBy, 'transit:payroll:v1')
    assert.deepEqual(await provider().unwrap(wrapped, context), dataKey)
    assert.isTrue(kms.requests.every((request) => request.token === kms.token))
    assert.isTrue(
      kms.requests.every((request) => !JSON.stringify(request.body).includes(kms.token))
    )
  })

  test('a wrapped key moved to another company or version does not unwrap', async ({ assert }) => {
    const wrapped = await provider().wrap(randomBytes(32), context)

    await assert.rejects(
      () => provider().unwrap(wrapped, { ...context, companyId: 'company-b' }),
      /refused \(HTTP 400/
    )
    await assert.rejects(
      () => provider().unwrap(wrapped, { ...context, version: 3 }),
      KeyUnavailableError
    )
  })

  test('knows when the KMS key has a newer version', async ({ assert }) => {
    const wrapped = await provider().wrap(randomBytes(32), context)
    assert.isTrue(await provider().isCurrent(wrapped))

    kms.rotate()

    assert.isFalse(await provider().isCurrent(wrapped))
    const rewrapped = await provider().rewrap(wrapped, context)
    assert.equal(rewrapped.wrappedBy, 'transit:payroll:v2')
  })

  test('a refusing or silent KMS is a KeyUnavailableError that never shows the token', async ({
    assert,
  }) => {
    const transit = provider()
    const wrapped = await transit.wrap(randomBytes(32), context)
    kms.failing = true
    const sealed = await transit.unwrap(wrapped, context).catch((error) => error)
    await kms.stop()
    const down = await transit.unwrap(wrapped, context).catch((error) => error)

    assert.instanceOf(sealed, KeyUnavailableError)
    assert.include(sealed.message, 'refused (HTTP 503: Vault is sealed)')
    assert.instanceOf(down, KeyUnavailableError)
    assert.include(down.message, 'did not answer')
    assert.notInclude(`${sealed.message} ${down.message}`, kms.token)
  })

  test('addresses must be https, or http on this host only, without credentials', ({ assert }) => {
    assert.isNull(addressProblem('https://kms.example.com:8200'))
    assert.isNull(addressProblem('http://127.0.0.1:8200'))
    assert.match(addressProblem('http://kms.example.com')!, /must use https/)
    assert.match(addressProblem('https://user:pw@kms.example.com')!, /credentials/)
    assert.match(addressProblem('kms')!, /not a URL/)
  })
})
