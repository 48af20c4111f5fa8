import { Agent, request } from 'node:http'

export interface HttpAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

export interface HttpCall {
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: string
}

/**
 * One browser, as far as the server can tell: its own keep-alive connection, its own cookie
 * jar updated from every answer, and the CSRF token of its session. Calls are made one at a
 * time, the way the closed-loop load uses a session.
 */
export default class HttpSession {
  csrfToken = ''
  #cookies = new Map<string, string>()
  #agent = new Agent({ keepAlive: true, maxSockets: 1 })

  constructor(
    private origin: { host: string; port: number },
    private userAgent: string
  ) {}

  /** Sends one request with the jar's cookies and stores the cookies of the answer. */
  async send(call: HttpCall): Promise<HttpAnswer> {
    const chunks: Buffer[] = []
    const answer = await this.stream(call, (chunk) => chunks.push(chunk))

    return { ...answer, body: Buffer.concat(chunks).toString('utf8') }
  }

  /**
   * Sends one request and hands the answer's body to `onChunk` as it arrives, keeping none
   * of it: for downloads larger than the client should hold.
   */
  stream(call: HttpCall, onChunk: (chunk: Buffer) => void): Promise<Omit<HttpAnswer, 'body'>> {
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      'cookie': this.#cookieHeader(),
      ...call.headers,
    }
    if (call.body !== undefined) {
      headers['content-length'] = String(Buffer.byteLength(call.body))
    }

    return new Promise((resolve, reject) => {
      const outgoing = request(
        { ...this.origin, agent: this.#agent, method: call.method, path: call.path, headers },
        (incoming) => {
          incoming.on('data', onChunk)
          incoming.on('error', reject)
          incoming.on('end', () => {
            this.#storeCookies(incoming.headers['set-cookie'])
            resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers })
          })
        }
      )
      outgoing.on('error', reject)
      outgoing.end(call.body)
    })
  }

  /** A form post, the way a browser submits one, with the session's CSRF token. */
  postForm(path: string, fields: Record<string, string> = {}) {
    const body = new URLSearchParams({ _csrf: this.csrfToken, ...fields }).toString()

    return this.send({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept': 'text/html' },
      body,
    })
  }

  /** A JSON post, the way the pages' script calls Copy. */
  postJson(path: string, payload: object = {}) {
    return this.send({
      method: 'POST',
      path,
      headers: {
        'content-type': 'application/json',
        'accept': 'application/json',
        'x-csrf-token': this.csrfToken,
      },
      body: JSON.stringify(payload),
    })
  }

  /** Closes the kept-alive connection. */
  close() {
    this.#agent.destroy()
  }

  #cookieHeader() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  #storeCookies(setCookie: string[] | undefined) {
    for (const line of setCookie ?? []) {
      const [pair, ...attributes] = line.split(';')
      const split = pair.indexOf('=')
      const name = pair.slice(0, split).trim()
      if (attributes.some(isExpiry)) {
        this.#cookies.delete(name)
      } else {
        this.#cookies.set(name, pair.slice(split + 1).trim())
      }
    }
  }
}

/** A cleared cookie comes back with a zero or negative Max-Age or an Expires in the past. */
function isExpiry(attribute: string) {
  const [key, value = ''] = attribute.trim().split('=')
  if (key.toLowerCase() === 'max-age') {
    return Number(value) <= 0
  }

  return key.toLowerCase() === 'expires' && Date.parse(value) < Date.now()
}
