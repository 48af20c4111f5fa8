import { test } from '@japa/runner'
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto'
import SecretCipher, { DecryptionError, type DataKeySource } from '#services/secret_cipher'
import LocalKeyProvider, { MasterKeyError, parseMasterKeys } from '#services/local_key_provider'
import { KeyUnavailableError } from '#contracts/key_provider'

const keyText = (version = 1) => `v${version}:${randomBytes(32).toString('base64')}`
const binding = { companyId: 'company-a', secretId: 'secret-1', version: 1 }

/** Data keys held in memory: the database-backed ring is tested functionally. */
class FixedKeys implements DataKeySource {
  keys = new Map<number, KeyObject>([[1, createSecretKey(randomBytes(32))]])
  active = 1

  async forEncryption() {
    return { version: this.active, key: this.keys.get(this.active)! }
  }

  async forDecryption(_companyId: string, version: number) {
    const key = this.keys.get(version)
    if (!key) {
      throw new Error(`no data key v${version}`)
    }
    return key
  }
}

const newCipher = () => new SecretCipher(new FixedKeys())
const encrypt = (cipher: SecretCipher, value: string, bound = binding) =>
  cipher.encrypt(value, bound, null as never)

test.group('Secret cipher | round trip', () => {
  test('decrypts what it encrypted, including unicode and large values', async ({ assert }) => {
    const cipher = newCipher()
    const value = `pässwörd 🔑 ${'x'.repeat(64 * 1024 - 20)}`

    const sealed = await encrypt(cipher, value)

    assert.equal(await cipher.decrypt(sealed, binding), value)
    assert.notInclude(sealed.ciphertext, 'pässwörd')
    assert.equal(sealed.keyVersion, 1)
  })

  test('draws a fresh nonce for every encryption', async ({ assert }) => {
    const cipher = newCipher()

    const first = await encrypt(cipher, 'same value')
    const second = await encrypt(cipher, 'same value')

    const nonce = (text: string) => Buffer.from(text, 'base64').subarray(0, 12).toString('hex')
    assert.notEqual(nonce(first.ciphertext), nonce(second.ciphertext))
    assert.notEqual(first.ciphertext, second.ciphertext)
  })
})

test.group('Secret cipher | binding', () => {
  const cases = [
    ['another company', { ...binding, companyId: 'company-b' }],
    ['another secret', { ...binding, secretId: 'secret-2' }],
    ['another version', { ...binding, version: 2 }],
  ] as const

  for (const [label, other] of cases) {
    test(`a ciphertext moved to ${label} fails to decrypt`, async ({ assert }) => {
      const cipher = newCipher()
      const sealed = await encrypt(cipher, 'bound value')

      await assert.rejects(() => cipher.decrypt(sealed, other), DecryptionError)
    })
  }

  test('a changed byte fails to decrypt instead of giving a wrong value', async ({ assert }) => {
    const cipher = newCipher()
    const sealed = await encrypt(cipher, 'integrity matters')
    const raw = Buffer.from(sealed.ciphertext, 'base64')
    raw[raw.length - 1] ^= 1

    const tampered = { ...sealed, ciphertext: raw.toString('base64') }

    await assert.rejects(() => cipher.decrypt(tampered, binding), DecryptionError)
  })

  test('a different data key cannot decrypt', async ({ assert }) => {
    const sealed = await encrypt(newCipher(), 'v')

    const other = newCipher()

    await assert.rejects(() => other.decrypt(sealed, binding), DecryptionError)
  })
})

test.group('Local key provider | wrapping data keys', () => {
  const context = { companyId: 'company-a', version: 3 }

  test('unwraps what it wrapped, and the wrapping names the master key version', async ({
    assert,
  }) => {
    const provider = new LocalKeyProvider(keyText(4))
    const dataKey = randomBytes(32)

    const wrapped = await provider.wrap(dataKey, context)

    assert.equal(wrapped.wrappedBy, 'local:v4')
    assert.notInclude(
      Buffer.from(wrapped.wrapped, 'base64').toString('hex'),
      dataKey.toString('hex')
    )
    assert.deepEqual(await provider.unwrap(wrapped, context), dataKey)
  })

  const moved = [
    ['another company', { ...context, companyId: 'company-b' }],
    ['another key version', { ...context, version: 4 }],
  ] as const
  for (const [label, other] of moved) {
    test(`a wrapped key moved to ${label} does not unwrap`, async ({ assert }) => {
      const provider = new LocalKeyProvider(keyText())
      const wrapped = await provider.wrap(randomBytes(32), context)

      await assert.rejects(() => provider.unwrap(wrapped, other), KeyUnavailableError)
    })
  }

  test('after a master key rotation the old wrapping still unwraps and rewraps under the new', async ({
    assert,
  }) => {
    const old = keyText(1)
    const dataKey = randomBytes(32)
    const wrapped = await new LocalKeyProvider(old).wrap(dataKey, context)
    const rotated = new LocalKeyProvider(`${keyText(2)},${old}`)

    assert.isFalse(await rotated.isCurrent(wrapped))
    const rewrapped = await rotated.rewrap(wrapped, context)

    assert.equal(rewrapped.wrappedBy, 'local:v2')
    assert.isTrue(await rotated.isCurrent(rewrapped))
    assert.deepEqual(await rotated.unwrap(rewrapped, context), dataKey)
  })

  test('a master key version that is not configured is an error, never a guess', async ({
    assert,
  }) => {
    const wrapped = await new LocalKeyProvider(keyText(1)).wrap(randomBytes(32), context)

    await assert.rejects(
      () => new LocalKeyProvider(keyText(2)).unwrap(wrapped, context),
      /master key v1 is not configured/
    )
  })

  test('refuses master keys that are not 32 bytes of base64', ({ assert }) => {
    assert.throws(() => parseMasterKeys('short'), /master key 1 is not 32 bytes/)
    assert.throws(() => parseMasterKeys(randomBytes(16).toString('base64')), MasterKeyError)
  })
})
