import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local stand-in for a KMS speaking the Vault / OpenBao Transit API: the endpoints the
 * vault uses (encrypt, decrypt, rewrap, read key) with real AES-256-GCM, the token check and
 * associated data, and a switch to make it fail. It records what it was asked.
 */
export class TransitServer {
  readonly token = `hvs.${randomBytes(12).toString('hex')}`
  readonly requests: { method: string; path: string; body: any; token: string | null }[] = []
  keys = new Map<string, Buffer[]>([['payroll', [randomBytes(32)]]])
  failing = false
  #server: Server = createServer((request, response) => this.#handle(request, response))

  async start() {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    return this
  }

  get address() {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
  }

  /** Adds a version to a key, as `POST /v1/transit/keys/:name/rotate` would. */
  rotate(name = 'payroll') {
    this.keys.get(name)!.push(randomBytes(32))
  }

  async stop() {
    if (!this.#server.listening) {
      return
    }
    this.#server.closeAllConnections()
    await new Promise((resolve) => this.#server.close(resolve))
  }

  async #handle(request: IncomingMessage, response: ServerResponse) {
    let text = ''
    for await (const chunk of request) {
      text += chunk
    }
    const body = text ? JSON.parse(text) : {}
    const token = (request.headers['x-vault-token'] as string | undefined) ?? null
    this.requests.push({ method: request.method!, path: request.url!, body, token })
    const answer = (status: number, payload: object) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(payload))
    }
    if (this.failing) {
      return answer(503, { errors: ['Vault is sealed'] })
    }
    if (token !== this.token) {
      return answer(403, { errors: ['permission denied'] })
    }
    const match = /^\/v1\/transit\/(encrypt|decrypt|rewrap|keys)\/([\w.-]+)$/.exec(request.url!)
    const versions = match ? this.keys.get(match[2]) : undefined
    if (!match || !versions) {
      return answer(404, { errors: ['no handler for route'] })
    }
    const aad = Buffer.from(body.associated_data ?? '', 'base64')
    try {
      switch (match[1]) {
        case 'keys':
          return answer(200, { data: { name: match[2], latest_version: versions.length } })
        case 'encrypt':
          return answer(200, {
            data: { ciphertext: seal(versions, Buffer.from(body.plaintext, 'base64'), aad) },
          })
        case 'decrypt':
          return answer(200, { data: { plaintext: open(versions, body.ciphertext, aad) } })
        default:
          return answer(200, {
            data: {
              ciphertext: seal(
                versions,
                Buffer.from(open(versions, body.ciphertext, aad), 'base64'),
                aad
              ),
            },
          })
      }
    } catch {
      return answer(400, { errors: ['cipher: message authentication failed'] })
    }
  }
}

function seal(versions: Buffer[], plaintext: Buffer, aad: Buffer) {
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', versions[versions.length - 1], nonce)
  cipher.setAAD(aad)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])

  return `vault:v${versions.length}:${Buffer.concat([nonce, body]).toString('base64')}`
}

function open(versions: Buffer[], ciphertext: string, aad: Buffer) {
  const [, version, data] = /^vault:v(\d+):(.+)$/.exec(ciphertext)!
  const raw = Buffer.from(data, 'base64')
  const decipher = createDecipheriv(
    'aes-256-gcm',
    versions[Number(version) - 1],
    raw.subarray(0, 12)
  )
  decipher.setAAD(aad)
  decipher.setAuthTag(raw.subarray(raw.length - 16))
  const plain = Buffer.concat([
    decipher.update(raw.subarray(12, raw.length - 16)),
    decipher.final(),
  ])

  return plain.toString('base64')
}
