import HttpSession from './http_session.js'
import type { ViewerGrant } from './database.js'

export const DEMO_PASSWORD = 'vault-demo-password'

const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'

/** A signed-in browser with its password confirmed, and the secret it reads. */
export interface BenchSession {
  http: HttpSession
  grant: ViewerGrant
  /** The value Copy returned at confirmation, to check every later Show against. */
  expectedValue: string
}

/**
 * Signs in one browser per slot, spreading the slots over every viewer grant of the demo
 * company, and confirms each one's password once with a Copy. Sign-ins run a few at a time:
 * each costs a password hash, and only failures count against the login throttle.
 */
export async function openSessions(
  origin: { host: string; port: number },
  grants: ViewerGrant[],
  count: number
): Promise<BenchSession[]> {
  const sessions: BenchSession[] = []
  for (let first = 0; first < count; first += 4) {
    const slots = Array.from({ length: Math.min(4, count - first) }, (_, index) => first + index)
    const opened = await Promise.all(
      slots.map((slot) => openSession(origin, grants[slot % grants.length]))
    )
    sessions.push(...opened)
  }

  return sessions
}

async function openSession(origin: { host: string; port: number }, grant: ViewerGrant) {
  const http = new HttpSession(origin, USER_AGENT)
  const loginPage = await expectStatus(
    http.send({ method: 'GET', path: '/login' }),
    200,
    'GET /login'
  )
  http.csrfToken = hiddenCsrfField(loginPage.body)

  const login = await http.postForm('/login', { email: grant.email, password: DEMO_PASSWORD })
  if (login.status !== 302 || !String(login.headers.location).endsWith('/secrets')) {
    throw new Error(`login of ${grant.email} answered ${login.status} ${login.headers.location}`)
  }
  const list = await expectStatus(
    http.send({ method: 'GET', path: '/secrets' }),
    200,
    'GET /secrets'
  )
  http.csrfToken = metaCsrfToken(list.body)

  const path = `/secrets/${grant.secretId}/copy`
  await expectStatus(http.postJson(path), 428, `first ${path}`)
  const confirmed = await expectStatus(http.postJson(path, { password: DEMO_PASSWORD }), 200, path)
  const expectedValue = JSON.parse(confirmed.body).value
  if (typeof expectedValue !== 'string' || expectedValue === '') {
    throw new Error(`the confirming Copy of ${grant.email} returned no value`)
  }

  return { http, grant, expectedValue }
}

async function expectStatus<T extends { status: number; body: string }>(
  answer: Promise<T>,
  status: number,
  label: string
) {
  const received = await answer
  if (received.status !== status) {
    throw new Error(
      `${label} answered ${received.status}, expected ${status}: ${received.body.slice(0, 300)}`
    )
  }

  return received
}

function hiddenCsrfField(html: string) {
  const match = /name=["']_csrf["']\s+value=["']([^"']+)["']/.exec(html)
  if (!match) {
    throw new Error('the login page has no _csrf field')
  }

  return match[1]
}

function metaCsrfToken(html: string) {
  const match = /<meta name=["']csrf-token["'] content=["']([^"']+)["']/.exec(html)
  if (!match) {
    throw new Error('the page has no csrf-token meta tag')
  }

  return match[1]
}

/**
 * A browser signed in as one person, with the CSRF token of its session, for benchmarks
 * that only read pages.
 */
export async function signIn(
  origin: { host: string; port: number },
  email: string,
  password: string
) {
  const http = new HttpSession(origin, USER_AGENT)
  const loginPage = await expectStatus(
    http.send({ method: 'GET', path: '/login' }),
    200,
    'GET /login'
  )
  http.csrfToken = hiddenCsrfField(loginPage.body)
  const login = await http.postForm('/login', { email, password })
  if (login.status !== 302) {
    throw new Error(`login of ${email} answered ${login.status} ${login.headers.location}`)
  }

  return http
}
