import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import SecretCipher, { DecryptionError } from '#services/secret_cipher'
import LocalKeyProvider, { MasterKeyError, parseMasterKeys } from '#services/local_key_provider'

const keyText = (version = 1) => `v${version}:${randomBytes(32).toString('base64')}`
const binding = { companyId: 'company-a', secretId: 'secret-1', version: 1 }

test.group('Secret cipher | round trip', () => {
  test('decrypts what it encrypted, including unicode and large values', async ({ assert }) => {
    const cipher = new SecretCipher(new LocalKeyProvider(keyText()))
    const value = `pässwörd 🔑 ${'x'.repeat(64 * 1024 - 20)}`

    const sealed = await cipher.encrypt(value, binding)

    assert.equal(await cipher.decrypt(sealed, binding), value)
    assert.notInclude(sealed.ciphertext, 'pässwörd')
    assert.equal(sealed.keyVersion, 1)
  })

  test('draws a fresh nonce for every encryption', async ({ assert }) => {
    const cipher = new SecretCipher(new LocalKeyProvider(keyText()))

    const first = await cipher.encrypt('same value', binding)
    const second = await cipher.encrypt('same value', binding)

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
      const cipher = new SecretCipher(new LocalKeyProvider(keyText()))
      const sealed = await cipher.encrypt('bound value', binding)

      await assert.rejects(() => cipher.decrypt(sealed, other), DecryptionError)
    })
  }

  test('a changed byte fails to decrypt instead of giving a wrong value', async ({ assert }) => {
    const cipher = new SecretCipher(new LocalKeyProvider(keyText()))
    const sealed = await cipher.encrypt('integrity matters', binding)
    const raw = Buffer.from(sealed.ciphertext, 'base64')
    raw[raw.length - 1] ^= 1

    const tampered = { ...sealed, ciphertext: raw.toString('base64') }

    await assert.rejects(() => cipher.decrypt(tampered, binding), DecryptionError)
  })

  test('a different master key cannot decrypt', async ({ assert }) => {
    const sealed = await new SecretCipher(new LocalKeyProvider(keyText())).encrypt('v', binding)

    const other = new SecretCipher(new LocalKeyProvider(keyText()))

    await assert.rejects(() => other.decrypt(sealed, binding), DecryptionError)
  })
})

test.group('Local key provider | master keys', () => {
  test('the first listed key encrypts and older versions still decrypt', async ({ assert }) => {
    const old = keyText(1)
    const sealed = await new SecretCipher(new LocalKeyProvider(old)).encrypt('v', binding)

    const rotated = new SecretCipher(new LocalKeyProvider(`${keyText(2)},${old}`))

    const resealed = await rotated.encrypt('w', binding)

    assert.equal(await rotated.decrypt(sealed, binding), 'v')
    assert.equal(resealed.keyVersion, 2)
  })

  test('refuses keys that are not 32 bytes of base64', ({ assert }) => {
    assert.throws(() => parseMasterKeys('short'), /master key 1 is not 32 bytes/)
    assert.throws(() => parseMasterKeys(randomBytes(16).toString('base64')), MasterKeyError)
  })

  test('an unknown key version is an error, never a guess', async ({ assert }) => {
    const cipher = new SecretCipher(new LocalKeyProvider(keyText(1)))

    await assert.rejects(
      () => cipher.decrypt({ ciphertext: 'AAAA', keyVersion: 7 }, binding),
      /no master key of version 7/
    )
  })
})
