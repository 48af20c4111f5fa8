import {
  KeyUnavailableError,
  type KeyContext,
  type KeyProvider,
  type WrappedKey,
} from '#contracts/key_provider'
import { bindingOf } from '#services/local_key_provider'

export interface TransitSettings {
  /** The KMS origin, such as https://kms.example.com:8200. */
  address: string
  /** Where the transit engine is mounted, `transit` by default. */
  mount: string
  keyName: string
  /** A Vault Enterprise or OpenBao namespace, when the key lives in one. */
  namespace?: string | null
  token: string
}

const CIPHERTEXT_VERSION = /^vault:v(\d+):/

/**
 * A customer-managed key in a KMS that speaks the HashiCorp Vault / OpenBao Transit API.
 * The data key leaves this process only to be wrapped; the KMS key never leaves the KMS.
 * Uses four endpoints: encrypt, decrypt, rewrap and reading the key (its latest version).
 * The wrapping carries the company and data key version as associated data, which needs
 * an AEAD transit key (aes256-gcm96, the default type).
 */
export default class TransitKeyProvider implements KeyProvider {
  readonly label: string

  constructor(
    private settings: TransitSettings,
    private timeoutMs = 5000
  ) {
    this.label = `transit key "${settings.keyName}" at ${new URL(settings.address).host}`
  }

  async wrap(dataKey: Buffer, context: KeyContext): Promise<WrappedKey> {
    const data = await this.#call('POST', `encrypt/${this.#key}`, {
      plaintext: dataKey.toString('base64'),
      associated_data: bindingOf(context).toString('base64'),
    })

    return this.#wrapped(data.ciphertext)
  }

  async unwrap(key: WrappedKey, context: KeyContext) {
    const data = await this.#call('POST', `decrypt/${this.#key}`, {
      ciphertext: key.wrapped,
      associated_data: bindingOf(context).toString('base64'),
    })
    const bytes = Buffer.from(String(data.plaintext ?? ''), 'base64')
    if (bytes.length !== 32) {
      throw new KeyUnavailableError(`${this.label} answered a data key of the wrong size`)
    }

    return bytes
  }

  async isCurrent(key: WrappedKey) {
    if (!key.wrappedBy.startsWith(`transit:${this.settings.keyName}:`)) {
      return false
    }
    const data = await this.#call('GET', `keys/${this.#key}`)

    return key.wrappedBy === `transit:${this.settings.keyName}:v${data.latest_version}`
  }

  async rewrap(key: WrappedKey, context: KeyContext) {
    const data = await this.#call('POST', `rewrap/${this.#key}`, {
      ciphertext: key.wrapped,
      associated_data: bindingOf(context).toString('base64'),
    })

    return this.#wrapped(data.ciphertext)
  }

  get #key() {
    return encodeURIComponent(this.settings.keyName)
  }

  #wrapped(ciphertext: unknown): WrappedKey {
    const match = CIPHERTEXT_VERSION.exec(String(ciphertext ?? ''))
    if (!match) {
      throw new KeyUnavailableError(`${this.label} answered something that is not a ciphertext`)
    }

    return {
      wrapped: String(ciphertext),
      wrappedBy: `transit:${this.settings.keyName}:v${match[1]}`,
    }
  }

  /**
   * One request with a deadline. Errors name the KMS and its status, and the first error
   * line the KMS gave, never the token or what was sent.
   */
  async #call(method: 'GET' | 'POST', path: string, body?: object): Promise<Record<string, any>> {
    const mount = this.settings.mount.replace(/^\/+|\/+$/g, '')
    const url = new URL(`/v1/${mount}/${path}`, this.settings.address)
    const headers: Record<string, string> = { 'X-Vault-Token': this.settings.token }
    if (this.settings.namespace) {
      headers['X-Vault-Namespace'] = this.settings.namespace
    }
    if (body) {
      headers['Content-Type'] = 'application/json'
    }
    let response: Response
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      })
    } catch {
      throw new KeyUnavailableError(`${this.label} did not answer`)
    }
    const answer = (await response.json().catch(() => null)) as Record<string, any> | null
    if (!response.ok || !answer?.data) {
      const reason = Array.isArray(answer?.errors) ? String(answer.errors[0]).slice(0, 200) : ''
      throw new KeyUnavailableError(
        `${this.label} refused (HTTP ${response.status}${reason ? `: ${reason}` : ''})`
      )
    }

    return answer.data
  }
}

/**
 * Checks a KMS address: https, or http on the loopback interface only (a KMS agent or
 * proxy on the same host). Returns the reason it is refused, or null.
 */
export function addressProblem(address: string): string | null {
  let url: URL
  try {
    url = new URL(address)
  } catch {
    return 'is not a URL'
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return 'must use https (http is accepted only on this host)'
  }
  if (url.username || url.password || url.search || url.hash) {
    return 'must not carry credentials, a query or a fragment'
  }

  return null
}
