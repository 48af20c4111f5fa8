import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto'
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import {
  KeyUnavailableError,
  type KeyContext,
  type KeyProvider,
  type WrappedKey,
} from '#contracts/key_provider'

export class MasterKeyError extends Error {}

const KEY_PATTERN = /^(?:v(\d{1,6}):)?([A-Za-z0-9+/]{43}=)$/
const WRAPPED_BY = /^local:v(\d{1,6})$/
const NONCE_BYTES = 12
const TAG_BYTES = 16

/**
 * Parses the master key text: one or more keys separated by commas, each 32 bytes in
 * base64 with an optional `vN:` version prefix. The first key wraps new data keys; the
 * others still unwrap what was wrapped under them until `vault:keys:reprotect` has run.
 */
export function parseMasterKeys(text: string): Map<number, Buffer> {
  const keys = new Map<number, Buffer>()
  for (const [index, part] of text.trim().split(',').entries()) {
    const match = KEY_PATTERN.exec(part.trim())
    if (!match) {
      throw new MasterKeyError(
        `master key ${index + 1} is not 32 bytes of base64 (optionally "v<N>:" first)`
      )
    }
    keys.set(match[1] ? Number(match[1]) : 1, Buffer.from(match[2], 'base64'))
  }

  return keys
}

/**
 * Reads a master key file and refuses one that other accounts could read, the way ssh
 * refuses a private key with loose permissions.
 */
export function readMasterKeyFile(path: string): string {
  if (!existsSync(path)) {
    throw new MasterKeyError(`master key file ${path} does not exist`)
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new MasterKeyError(`master key file ${path} must be readable by its owner only`)
  }

  return readFileSync(path, 'utf8')
}

/** Writes a fresh random master key file readable only by its owner (used by the demo). */
export function createMasterKeyFile(path: string, random: Buffer) {
  writeFileSync(path, `v1:${random.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  chmodSync(path, 0o600)
}

/**
 * The built-in key provider: data keys are wrapped with AES-256-GCM under a key derived
 * from the master key for each company, and the wrapping is bound to the company and the
 * data key's version, so a wrapped key copied onto another row does not unwrap.
 */
export default class LocalKeyProvider implements KeyProvider {
  readonly label = 'master key'
  #masterKeys: Map<number, Buffer>
  #current: number
  #wrappingKeys = new Map<string, KeyObject>()

  constructor(masterKeyText: string) {
    this.#masterKeys = parseMasterKeys(masterKeyText)
    this.#current = this.#masterKeys.keys().next().value!
  }

  /** The master key version that wraps new data keys. */
  get currentVersion() {
    return this.#current
  }

  async wrap(dataKey: Buffer, context: KeyContext): Promise<WrappedKey> {
    const nonce = randomBytes(NONCE_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#wrappingKey(context, this.#current), nonce)
    cipher.setAAD(bindingOf(context))
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()])
    const wrapped = Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64')

    return { wrapped, wrappedBy: `local:v${this.#current}` }
  }

  async unwrap(key: WrappedKey, context: KeyContext) {
    const masterVersion = versionOf(key)
    const raw = Buffer.from(key.wrapped, 'base64')
    try {
      const wrappingKey = this.#wrappingKey(context, masterVersion)
      const decipher = createDecipheriv('aes-256-gcm', wrappingKey, raw.subarray(0, NONCE_BYTES))
      decipher.setAAD(bindingOf(context))
      decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES))

      return Buffer.concat([
        decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)),
        decipher.final(),
      ])
    } catch (error) {
      if (error instanceof KeyUnavailableError) {
        throw error
      }
      throw new KeyUnavailableError(
        `data key v${context.version} does not unwrap under master key v${masterVersion}`
      )
    }
  }

  async isCurrent(key: WrappedKey) {
    return key.wrappedBy === `local:v${this.#current}`
  }

  async rewrap(key: WrappedKey, context: KeyContext) {
    return this.wrap(await this.unwrap(key, context), context)
  }

  #wrappingKey(context: KeyContext, masterVersion: number) {
    const cacheKey = `${context.companyId}:${masterVersion}`
    let key = this.#wrappingKeys.get(cacheKey)
    if (!key) {
      const master = this.#masterKeys.get(masterVersion)
      if (!master) {
        throw new KeyUnavailableError(`master key v${masterVersion} is not configured`)
      }
      const bytes = hkdfSync('sha256', master, 'vault-data-key-wrap', context.companyId, 32)
      key = createSecretKey(Buffer.from(bytes))
      this.#wrappingKeys.set(cacheKey, key)
    }

    return key
  }
}

function versionOf(key: WrappedKey) {
  const match = WRAPPED_BY.exec(key.wrappedBy)
  if (!match) {
    throw new KeyUnavailableError(`a key wrapped by "${key.wrappedBy}" is not the master key's`)
  }

  return Number(match[1])
}

/** What a wrapped data key is bound to: its company and its version. */
export function bindingOf(context: KeyContext) {
  return Buffer.from(`vault-data-key-1\u001f${context.companyId}\u001f${context.version}`, 'utf8')
}
