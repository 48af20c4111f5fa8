import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { rmSync } from 'node:fs'
import app from '@adonisjs/core/services/app'

/** A free port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })
}

/**
 * The real server in a child process, on its own SQLite file with the demo data, so that
 * a test can read exactly what the process writes to its standard output and error.
 */
export async function startChildServer(extraEnv: Record<string, string> = {}) {
  const database = `tmp/child-${randomBytes(4).toString('hex')}.sqlite3`
  const port = await freePort()
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    APP_KEY: randomBytes(32).toString('base64url'),
    VAULT_MASTER_KEY: `v1:${randomBytes(32).toString('base64')}`,
    DB_CONNECTION: 'sqlite',
    SQLITE_PATH: database,
    SESSION_DRIVER: 'cookie',
    LOG_LEVEL: 'info',
    ...extraEnv,
  }
  for (const step of [['migration:run', '--force'], ['vault:demo:seed']]) {
    const run = spawnSync(process.execPath, ['ace', ...step], { cwd: app.appRoot, env })
    if (run.status !== 0) {
      throw new Error(`ace ${step[0]} failed: ${run.stderr}`)
    }
  }

  const child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
    cwd: app.appRoot,
    env,
  })
  const output = { text: '' }
  child.stdout.on('data', (chunk) => (output.text += chunk))
  child.stderr.on('data', (chunk) => (output.text += chunk))
  await waitForListening(output, child)

  return {
    url: `http://127.0.0.1:${port}`,
    databasePath: app.makePath(database),
    output,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
      rmSync(app.makePath(database), { force: true })
    },
  }
}

async function waitForListening(output: { text: string }, child: ChildProcess) {
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (output.text.includes('started HTTP server')) {
      return
    }
    if (child.exitCode !== null) {
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`the server did not start:\n${output.text}`)
}

/** A browser-like HTTP session: keeps cookies, reads the CSRF token from each page. */
export class HttpSession {
  #cookies = new Map<string, string>()
  csrfToken = ''

  constructor(private baseUrl: string) {}

  async request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers)
    headers.set('cookie', [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      headers,
      redirect: 'manual',
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, ...value] = pair.split('=')
      this.#cookies.set(name.trim(), value.join('='))
    }
    const text = await response.text()
    const token = /name="csrf-token" content="([^"]+)"/.exec(text)
    if (token) {
      this.csrfToken = token[1]
    }

    return { status: response.status, text, headers: response.headers }
  }

  async login(email: string, password: string) {
    await this.request('/login')
    const form = new URLSearchParams({ email, password, _csrf: this.csrfToken })

    return this.request('/login', { method: 'POST', body: form })
  }

  postJson(path: string, body: unknown) {
    return this.request(path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        'accept': 'application/json',
        'x-csrf-token': this.csrfToken,
      },
    })
  }
}
