import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Company from '#models/company'
import User from '#models/user'
import type Secret from '#models/secret'
import { type Category } from '#models/secret'
import AuditLog, { type AccessMeta } from '#services/audit_log'
import SecretService from '#services/secret_service'
import RevealService from '#services/reveal_service'
import type AnomalyMonitor from '#services/anomaly_monitor'
import type AuditEvidence from '#services/audit_evidence'
import type SecretCipher from '#services/secret_cipher'
import type { GrantRole } from '#models/secret_grant'

export const DEMO_PASSWORD = 'vault-demo-password'

const PEOPLE = [
  { key: 'admin', name: 'Alice Martin', dept: 'IT', zone: 'Europe/Paris', admin: true },
  { key: 'owner1', name: 'Omar Haddad', dept: 'Engineering', zone: 'Europe/London' },
  { key: 'owner2', name: 'Priya Nair', dept: 'Finance', zone: 'America/New_York' },
  { key: 'member1', name: 'Marco Rossi', dept: 'Engineering', zone: 'Europe/Rome' },
  { key: 'member2', name: 'Lena Vogel', dept: 'Engineering', zone: 'Europe/Berlin' },
  { key: 'member3', name: 'Sam Carter', dept: 'Support', zone: 'America/Chicago' },
  { key: 'hr', name: 'Hannah Berg', dept: 'HR', zone: 'Europe/Stockholm' },
] as const

type PersonKey = (typeof PEOPLE)[number]['key']
type Members = Partial<Record<PersonKey, GrantRole>>

const SECRETS: [string, Category, PersonKey, Members, string][] = [
  [
    'Production database root',
    'password',
    'owner1',
    { member1: 'viewer', member2: 'viewer' },
    'Primary MySQL cluster',
  ],
  [
    'AWS deploy key',
    'api_key',
    'owner1',
    { member1: 'user', member2: 'viewer' },
    'CI deploys to eu-west-1',
  ],
  ['Stripe live secret key', 'api_key', 'owner2', { member3: 'viewer' }, 'Payments'],
  [
    'GitHub deploy token',
    'token',
    'owner1',
    { member1: 'viewer', member2: 'viewer', member3: 'user' },
    'Read-only deploy token',
  ],
  ['Slack bot token', 'token', 'owner1', { member3: 'viewer' }, 'Alerts bot'],
  [
    'Wildcard TLS certificate',
    'certificate',
    'owner1',
    { member2: 'viewer' },
    '*.acme.test, renews in spring',
  ],
  ['Payroll SFTP', 'server_access', 'owner2', { hr: 'viewer' }, 'Monthly payroll upload'],
  [
    'Office Wi-Fi',
    'password',
    'owner2',
    { member1: 'viewer', member2: 'viewer', member3: 'viewer', hr: 'viewer' },
    'Guest network excluded',
  ],
  ['Jenkins admin', 'password', 'owner1', { member2: 'viewer' }, 'Build server'],
  [
    'SendGrid API key',
    'api_key',
    'owner2',
    { member3: 'viewer', member1: 'user' },
    'Transactional email',
  ],
  [
    'VPN CA certificate',
    'certificate',
    'owner1',
    { member1: 'viewer' },
    'Issues client certificates',
  ],
  [
    'Bastion SSH',
    'server_access',
    'owner1',
    { member1: 'viewer', member2: 'viewer' },
    'ssh ops@bastion.acme.test',
  ],
]

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
]

/**
 * Fills an empty database with one demo company: seven people, a dozen secrets and four
 * weeks of access history. The history goes through the real services (encryption, read
 * path, audit trail) with a simulated clock, so it looks exactly like live use.
 */
export default class DemoData {
  #now: DateTime = DateTime.utc()
  #random = seeded(20261203)

  constructor(
    private cipher: SecretCipher,
    private evidence: AuditEvidence,
    private monitor?: AnomalyMonitor
  ) {}

  /** Returns false without touching anything when a demo company already exists. */
  async seed(): Promise<boolean> {
    if (await Company.findBy('slug', 'acme')) {
      return false
    }
    this.#now = DateTime.utc().minus({ days: 28 }).set({ hour: 8, minute: 0 })
    const audit = new AuditLog(this.evidence, () => this.#now)
    const writes = new SecretService(this.cipher, audit)
    const reads = new RevealService(this.cipher, audit)
    if (this.monitor) {
      reads.addObserver(this.monitor)
    }

    const company = await Company.create({ name: 'Acme Corp', slug: 'acme' })
    const people = await this.#createPeople(company)
    const secrets = await this.#createSecrets(writes, people)
    await this.#simulateWeeks(reads, writes, people, secrets)
    await this.monitor?.settled()

    return true
  }

  async #createPeople(company: Company) {
    const people = {} as Record<PersonKey, User>
    for (const person of PEOPLE) {
      people[person.key] = await User.create({
        companyId: company.id,
        email: `${person.name.split(' ')[0].toLowerCase()}@acme.test`,
        fullName: person.name,
        password: DEMO_PASSWORD,
        isAdmin: 'admin' in person,
        timeZone: person.zone,
        department: person.dept,
      })
    }

    return people
  }

  async #createSecrets(writes: SecretService, people: Record<PersonKey, User>) {
    const secrets: { secret: Secret; members: Members }[] = []
    for (const [name, category, owner, members, description] of SECRETS) {
      const secret = await writes.create(
        people[owner],
        {
          name,
          category,
          description,
          value: demoValue(category),
          notes: category === 'server_access' ? 'Key-based login only.' : null,
          members: Object.entries(members).map(([key, role]) => ({
            userId: people[key as PersonKey].id,
            role: role!,
          })),
        },
        this.#meta(people[owner])
      )
      secrets.push({ secret, members })
      this.#now = this.#now.plus({ minutes: 7 })
    }
    const createdAt = this.#now.toSQL({ includeOffset: false })
    await db
      .from('secrets')
      .whereIn(
        'id',
        secrets.map(({ secret }) => secret.id)
      )
      .update({ created_at: createdAt, value_changed_at: createdAt })
    await db
      .from('secret_versions')
      .whereIn(
        'secret_id',
        secrets.map(({ secret }) => secret.id)
      )
      .update({ created_at: createdAt })
    // The first secrets were last changed long ago, so the demo shows overdue rotations.
    await db
      .from('secrets')
      .whereIn('id', [secrets[0].secret.id, secrets[8].secret.id])
      .update({ value_changed_at: this.#now.minus({ days: 120 }).toSQL({ includeOffset: false }) })

    return secrets
  }

  /**
   * Plans each day's events (reads in working hours, two rotations, one denied attempt at
   * night), then replays them in time order so that the audit trail reads naturally.
   */
  async #simulateWeeks(
    reads: RevealService,
    writes: SecretService,
    people: Record<PersonKey, User>,
    secrets: { secret: Secret; members: Members }[]
  ) {
    const start = this.#now.startOf('day')
    for (let day = 0; day < 28; day++) {
      const date = start.plus({ days: day })
      const events = this.#planDay(day, date, reads, writes, people, secrets)
      events.sort((a, b) => a.at.toMillis() - b.at.toMillis())
      for (const event of events) {
        this.#now = event.at
        await event.run()
      }
    }
  }

  #planDay(
    day: number,
    date: DateTime,
    reads: RevealService,
    writes: SecretService,
    people: Record<PersonKey, User>,
    secrets: { secret: Secret; members: Members }[]
  ) {
    const events: { at: DateTime; run: () => Promise<unknown> }[] = []
    if (day === 9 || day === 20) {
      const { secret } = secrets[day === 9 ? 1 : 4]
      const change = { value: demoValue(secret.category) }
      const run = () => writes.update(people.owner1, secret, change, this.#meta(people.owner1))
      events.push({ at: date.plus({ hours: 7 }), run })
    }
    if (day === 16) {
      const request = { actor: people.member3, secret: secrets[0].secret, purpose: 'show' as const }
      const run = () =>
        reads.reveal({ ...request, meta: this.#meta(people.member3) }).catch(() => 0)
      events.push({ at: date.plus({ hours: 22, minutes: 41 }), run })
    }
    if (day === 26) {
      events.push(...this.#nightSweep(reads, people.member3, secrets, date))
    }
    if (date.weekday > 5) {
      return events
    }
    for (const { secret, members } of secrets) {
      for (const [key, role] of Object.entries(members)) {
        if (role === 'viewer' && this.#random() < 0.35) {
          events.push(this.#workHoursRead(reads, people[key as PersonKey], secret, date))
        }
      }
    }

    return events
  }

  /**
   * The demo's incident: a member's session used at night from abroad, on a device never
   * seen, copying everything it can reach and trying what it cannot. The detector flags it.
   */
  #nightSweep(
    reads: RevealService,
    user: User,
    secrets: { secret: Secret; members: Members }[],
    date: DateTime
  ) {
    const start = date.setZone(user.timeZone, { keepLocalTime: true }).set({ hour: 3 }).toUTC()
    const meta: AccessMeta = {
      ip: '95.173.136.70',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36',
      deviceId: 'never-seen-device-00001',
      deviceLabel: 'Chrome 120 on Linux',
    }

    // What the session can read first, then what it cannot: the order a thief would try.
    const shared = secrets.filter(({ members }) => members.member3 === 'viewer')
    const others = secrets.filter(({ members }) => members.member3 !== 'viewer').slice(0, 5)

    return [...shared, ...others].map(({ secret }, index) => ({
      at: start.plus({ minutes: 2 * index }),
      run: () => reads.reveal({ actor: user, secret, purpose: 'copy', meta }).catch(() => 0),
    }))
  }

  #workHoursRead(reads: RevealService, user: User, secret: Secret, date: DateTime) {
    const hour = 9 + Math.floor(this.#random() * 8)
    const minute = Math.floor(this.#random() * 60)
    const at = date.setZone(user.timeZone, { keepLocalTime: true }).set({ hour, minute }).toUTC()
    const purpose = this.#random() < 0.6 ? ('copy' as const) : ('show' as const)
    const run = () => reads.reveal({ actor: user, secret, purpose, meta: this.#meta(user) })

    return { at, run }
  }

  #meta(user: User): AccessMeta {
    return {
      ip: `203.0.113.${10 + (user.id % 40)}`,
      userAgent: AGENTS[user.id % AGENTS.length],
      deviceId: `demo-device-${user.id}`.padEnd(22, '0').slice(0, 22),
      deviceLabel: ['Chrome 131 on Windows', 'Safari 17 on macOS', 'Firefox 133 on Linux'][
        user.id % 3
      ],
    }
  }
}

function demoValue(category: Category) {
  const token = randomBytes(18).toString('base64url')
  const values: Record<Category, string> = {
    password: `${token.slice(0, 6)}-${token.slice(6, 12)}-${token.slice(12, 18)}`,
    api_key: `sk_demo_${token}`,
    token: `ghp_${token}`,
    certificate: `-----BEGIN CERTIFICATE-----\n${randomBytes(96).toString('base64')}\n-----END CERTIFICATE-----`,
    server_access: `ops@bastion.acme.test\n-----BEGIN OPENSSH PRIVATE KEY-----\n${randomBytes(64).toString('base64')}\n-----END OPENSSH PRIVATE KEY-----`,
  }

  return values[category]
}

/** A small deterministic generator, so that every demo has the same shape of history. */
function seeded(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
