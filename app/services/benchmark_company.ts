import { randomBytes, randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'
import { DateTime } from 'luxon'
import { CATEGORIES } from '#models/secret'
import { toDb } from '#services/db_time'
import type SecretCipher from '#services/secret_cipher'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/** Every company the audit generator creates has a slug with this prefix, and only those. */
export const BENCHMARK_SLUG_PREFIX = 'benchmark-'

const DEPARTMENTS = ['Engineering', 'Support', 'Finance', 'Sales', 'IT', 'HR', 'Marketing']
const SYSTEMS = ['Postgres', 'AWS', 'Stripe', 'GitHub', 'Jenkins', 'SFTP', 'Grafana', 'Vault']
const ZONES = ['Europe/Paris', 'Europe/London', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo']
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
]
const DEVICES = ['Chrome on Windows', 'Safari on macOS', 'Firefox on Linux']
const ROWS_PER_INSERT = 500

/** A person of the benchmark company, with the device and address their records carry. */
export interface CastPerson {
  id: number
  email: string
  ip: string
  userAgent: string
  deviceId: string
  deviceLabel: string
  /** Indexes into the cast's secrets: the ones this person is a member of. */
  secrets: number[]
}

export interface CastSecret {
  id: string
  name: string
  version: number
  ownerId: number
}

/** The people and secrets of a benchmark company, as the record generator needs them. */
export interface Cast {
  companyId: string
  adminEmail: string
  people: CastPerson[]
  secrets: CastSecret[]
}

export interface CastSize {
  people: number
  secrets: number
  /** How many secrets each person is a member of. */
  secretsPerPerson: number
}

/**
 * A company made for benchmarks: one admin who can sign in, many people (one password hash
 * shared by all, computed once), many secrets with one encrypted version each, and grants.
 * Everything is written with multi-row inserts so that thousands of rows take seconds.
 */
export default class BenchmarkCompany {
  #random: () => number

  constructor(
    private cipher: SecretCipher,
    seed = 20261203
  ) {
    this.#random = seeded(seed)
  }

  /**
   * How many companies of the database are not benchmark companies. The generator refuses
   * to write next to any of them: 10 million fake records would swamp a real trail.
   */
  static async otherCompanies() {
    const row = await db
      .from('companies')
      .whereNot('slug', 'like', `${BENCHMARK_SLUG_PREFIX}%`)
      .count('* as total')
      .first()

    return Number(row?.total ?? 0)
  }

  /** Creates the company, its admin (who signs in with `adminPassword`), people and secrets. */
  async create(slug: string, adminPassword: string, size: CastSize): Promise<Cast> {
    const now = toDb(DateTime.utc(), 'seconds')
    const companyId = randomUUID()
    await db.table('companies').insert({
      id: companyId,
      name: `Benchmark ${slug.slice(BENCHMARK_SLUG_PREFIX.length)}`,
      slug,
      created_at: now,
    })
    const people = await this.#createPeople(companyId, slug, adminPassword, size.people, now)
    const secrets = await this.#createSecrets(companyId, people, size.secrets, now)
    await this.#grant(people, secrets, size.secretsPerPerson, now)

    return { companyId, adminEmail: people[0].email, people, secrets }
  }

  async #createPeople(
    companyId: string,
    slug: string,
    adminPassword: string,
    count: number,
    now: string
  ) {
    const shared = await hash.make(randomBytes(24).toString('base64url'))
    const rows = Array.from({ length: count }, (_, index) => ({
      company_id: companyId,
      email: `person-${String(index).padStart(6, '0')}@${slug}.example`,
      full_name: `Person ${String(index).padStart(6, '0')}`,
      password: shared,
      is_admin: index === 0,
      time_zone: ZONES[index % ZONES.length],
      department: DEPARTMENTS[index % DEPARTMENTS.length],
      created_at: now,
    }))
    rows[0].email = `admin@${slug}.example`
    rows[0].full_name = 'Benchmark Admin'
    // The admin reads the trail in UTC, so that a day they pick is a UTC day.
    rows[0].time_zone = 'UTC'
    rows[0].password = await hash.make(adminPassword)
    await insertInChunks('users', rows)
    const stored = await db
      .from('users')
      .where('company_id', companyId)
      .orderBy('id')
      .select('id', 'email')

    return stored.map((person, index) => this.#castPerson(person, index))
  }

  #castPerson(person: { id: number; email: string }, index: number): CastPerson {
    const device = index % AGENTS.length

    return {
      id: Number(person.id),
      email: person.email,
      ip: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
      userAgent: AGENTS[device],
      deviceId: randomBytes(16).toString('hex'),
      deviceLabel: DEVICES[device],
      secrets: [],
    }
  }

  /** The secrets' rows; their values come with `storeValues`, once the trail is written. */
  async #createSecrets(companyId: string, people: CastPerson[], count: number, now: string) {
    const secrets: CastSecret[] = []
    const rows = []
    for (let index = 0; index < count; index++) {
      const id = randomUUID()
      const category = CATEGORIES[index % CATEGORIES.length]
      const name = `${SYSTEMS[index % SYSTEMS.length]} ${category} ${index}`
      const owner = people[1 + Math.floor(this.#random() * (people.length - 1))] ?? people[0]
      secrets.push({ id, name, version: 1, ownerId: owner.id })
      rows.push({
        id,
        company_id: companyId,
        owner_id: owner.id,
        name,
        category,
        current_version: 1,
        value_changed_at: now,
        created_at: now,
      })
    }
    await insertInChunks('secrets', rows)

    return secrets
  }

  /**
   * Encrypts and stores each secret's first value, in one transaction with the data key's
   * use count. Called after the trail is written: the first encryption records the company's
   * data key (`key.created`) at the current time, and in a live trail that record would not
   * come before a year of history (a date-bounded export relies on ids growing with time).
   */
  async storeValues(cast: Cast) {
    const now = toDb(DateTime.utc(), 'seconds')
    await db.transaction(async (trx) => {
      const versions = []
      for (const secret of cast.secrets) {
        const binding = { companyId: cast.companyId, secretId: secret.id, version: 1 }
        const value = randomBytes(18).toString('base64url')
        const sealed = await this.cipher.encrypt(value, binding, trx)
        versions.push({
          secret_id: secret.id,
          version: 1,
          ciphertext: sealed.ciphertext,
          key_version: sealed.keyVersion,
          created_by: secret.ownerId,
          created_at: now,
        })
      }
      await insertInChunks('secret_versions', versions, trx)
    })
  }

  /** Each person is a member of a few secrets, drawn with a skew: some secrets are everyone's. */
  async #grant(people: CastPerson[], secrets: CastSecret[], perPerson: number, now: string) {
    const rows = []
    for (const person of people) {
      const chosen = new Set<number>()
      while (chosen.size < Math.min(perPerson, secrets.length)) {
        chosen.add(skewedIndex(this.#random(), secrets.length))
      }
      person.secrets = [...chosen]
      for (const index of person.secrets) {
        const role = this.#random() < 0.8 ? 'viewer' : 'user'
        rows.push({ secret_id: secrets[index].id, user_id: person.id, role, created_at: now })
      }
    }
    await insertInChunks('secret_grants', rows)
  }
}

/** An index in [0, size) where low indexes come up far more often (a Zipf-like skew). */
export function skewedIndex(uniform: number, size: number) {
  return Math.min(size - 1, Math.floor(size * uniform ** 2.2))
}

/** A small, fast, seeded random source, so that two runs generate the same trail. */
export function seeded(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function insertInChunks(
  table: string,
  rows: object[],
  client: QueryClientContract = db.connection()
) {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await client.table(table).multiInsert(rows.slice(start, start + ROWS_PER_INSERT))
  }
}
