import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import type { KeyProvider } from '#contracts/key_provider'

export class MasterKeyError extends Error {}

const KEY_PATTERN = /^(?:v(\d{1,6}):)?([A-Za-z0-9+/]{43}=)$/

/**
 * Parses the master key text: one or more keys separated by commas, each 32 bytes in
 * base64 with an optional `vN:` version prefix. The first key encrypts; the others still
 * decrypt what was written under them.
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
 * The built-in key provider. Each company gets its own key, derived from the master key
 * with HKDF and the company id, so one company's ciphertexts are useless under another's
 * key. KeyObjects are created once per company and version: AES-GCM under Node is several
 * times faster with a KeyObject than with a raw buffer.
 */
export default class LocalKeyProvider implements KeyProvider {
  #masterKeys: Map<number, Buffer>
  #activeVersion: number
  #cache = new Map<string, KeyObject>()

  constructor(masterKeyText: string) {
    this.#masterKeys = parseMasterKeys(masterKeyText)
    this.#activeVersion = this.#masterKeys.keys().next().value!
  }

  async activeVersion(_companyId: string) {
    return this.#activeVersion
  }

  async keyFor(companyId: string, version: number) {
    const cacheKey = `${companyId}:${version}`
    let key = this.#cache.get(cacheKey)
    if (!key) {
      key = this.#derive(companyId, version)
      this.#cache.set(cacheKey, key)
    }

    return key
  }

  #derive(companyId: string, version: number) {
    const master = this.#masterKeys.get(version)
    if (!master) {
      throw new MasterKeyError(`no master key of version ${version} is configured`)
    }
    const bytes = hkdfSync('sha256', master, 'vault-company-key', `company:${companyId}`, 32)

    return createSecretKey(Buffer.from(bytes))
  }
}
