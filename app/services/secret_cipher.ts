import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Where the cipher gets its keys: the company's active data key for encryption, its use
 * reserved in the caller's transaction, and any version for decryption (`DataKeys`).
 */
export interface DataKeySource {
  forEncryption(
    companyId: string,
    uses: number,
    client: TransactionClientContract
  ): Promise<{ version: number; key: KeyObject }>
  forDecryption(
    companyId: string,
    version: number,
    client?: QueryClientContract
  ): Promise<KeyObject>
}

/** What a ciphertext is bound to; decrypting it anywhere else fails. */
export interface CipherBinding {
  companyId: string
  secretId: string
  version: number
}

export interface SealedValue {
  ciphertext: string
  keyVersion: number
}

export class DecryptionError extends Error {
  constructor() {
    super('the stored value could not be decrypted')
  }
}

const NONCE_BYTES = 12
const TAG_BYTES = 16
const FORMAT = 'vault-aes256gcm-1'

/**
 * AES-256-GCM for secret values. Every encryption draws a fresh 96-bit nonce, and the
 * additional authenticated data binds the ciphertext to its company, secret, version and
 * key version, so a ciphertext copied onto another row fails to decrypt. The stored text
 * is base64 of nonce, tag and ciphertext.
 */
export default class SecretCipher {
  constructor(private keys: DataKeySource) {}

  /**
   * Encrypts a value under the company's active data key, counting the use inside the
   * caller's transaction (the one that stores the ciphertext).
   */
  async encrypt(
    plaintext: string,
    binding: CipherBinding,
    trx: TransactionClientContract
  ): Promise<SealedValue> {
    const { version, key } = await this.keys.forEncryption(binding.companyId, 1, trx)

    return this.sealWith(plaintext, binding, version, key)
  }

  /** Encrypts under a key the caller already reserved (a rewrap batch reserves once). */
  sealWith(plaintext: string, binding: CipherBinding, keyVersion: number, key: KeyObject) {
    const nonce = randomBytes(NONCE_BYTES)
    const cipher = createCipheriv('aes-256-gcm', key, nonce)
    cipher.setAAD(associatedData(binding, keyVersion))
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    const sealed = Buffer.concat([nonce, cipher.getAuthTag(), body])

    return { ciphertext: sealed.toString('base64'), keyVersion } satisfies SealedValue
  }

  /**
   * Decrypts with exactly the key version the row names. A wrong binding, a changed byte
   * or a wrong key all end in DecryptionError, never in a wrong value.
   */
  async decrypt(sealed: SealedValue, binding: CipherBinding): Promise<string> {
    const key = await this.keys.forDecryption(binding.companyId, sealed.keyVersion)

    return this.openWith(sealed, binding, key)
  }

  /** Decrypts with a key the caller already holds (a rewrap batch fetches them first). */
  openWith(sealed: SealedValue, binding: CipherBinding, key: KeyObject): string {
    const raw = Buffer.from(sealed.ciphertext, 'base64')
    if (raw.length < NONCE_BYTES + TAG_BYTES) {
      throw new DecryptionError()
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES))
      decipher.setAAD(associatedData(binding, sealed.keyVersion))
      decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES))
      const body = raw.subarray(NONCE_BYTES + TAG_BYTES)

      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
    } catch {
      throw new DecryptionError()
    }
  }
}

function associatedData(binding: CipherBinding, keyVersion: number) {
  const parts = [FORMAT, binding.companyId, binding.secretId, binding.version, keyVersion]

  return Buffer.from(parts.join('\u001f'), 'utf8')
}
