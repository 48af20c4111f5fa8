import db from '@adonisjs/lucid/services/db'
import type AuditEvidence from '#services/audit_evidence'
import type { SealedFields } from '#services/audit_evidence'
import type { AuditAction, AuditOutcome } from '#services/audit_log'
import { seeded, skewedIndex, type Cast, type CastPerson } from '#services/benchmark_company'

const COLUMNS = [
  'company_id',
  'occurred_at',
  'actor_id',
  'actor_email',
  'secret_id',
  'secret_name',
  'action',
  'outcome',
  'reason',
  'version',
  'ip',
  'user_agent',
  'device_id',
  'device_label',
  'details',
  'mac',
] as const
/** The columns a record's MAC covers, in insert order (all but the MAC itself, last). */
const FIELDS = COLUMNS.slice(0, -1) as Exclude<(typeof COLUMNS)[number], 'mac'>[]

/** 2,000 rows of 16 columns stay under SQLite's limit of 32,766 bound values per statement. */
const ROWS_PER_INSERT = 2000
const HOUR_MS = 3_600_000

/** What happens in a year of a company's trail, and how often, by weight. */
const ACTION_MIX: [AuditAction, AuditOutcome, number][] = [
  ['value.shown', 'success', 30],
  ['value.copied', 'success', 28],
  ['value.used', 'success', 18],
  ['auth.login', 'success', 9],
  ['auth.logout', 'success', 5],
  ['version.read', 'success', 2],
  ['secret.updated', 'success', 2],
  ['secret.access_denied', 'denied', 1.5],
  ['auth.login_failed', 'failure', 1],
  ['member.added', 'success', 1],
  ['auth.confirm_failed', 'failure', 0.5],
  ['member.removed', 'success', 0.5],
  ['alert.status_changed', 'success', 0.2],
  ['audit.exported', 'success', 0.1],
]
const WITHOUT_SECRET = new Set<AuditAction>([
  'auth.login',
  'auth.logout',
  'auth.login_failed',
  'auth.confirm_failed',
  'audit.exported',
])

export interface TrailPlan {
  records: number
  /** The records spread over this many days, ending now. */
  days: number
}

/**
 * Writes a realistic audit trail for a benchmark company straight into audit_events: reads
 * dominate, people and secrets are skewed (a few are very busy), most activity falls in
 * working hours on weekdays, and ids grow with time as they do in a live trail. Each record
 * carries the MAC that AuditLog.record would have given it. Rows go in multi-row inserts,
 * two statements in flight, so that the database and the generator work at the same time.
 */
export default class BenchmarkTrail {
  #random = seeded(42)
  #mix = cumulative(ACTION_MIX.map(([, , weight]) => weight))
  #versions: number[]

  constructor(
    private evidence: AuditEvidence,
    private cast: Cast
  ) {
    this.#versions = cast.secrets.map((secret) => secret.version)
  }

  /** Writes the plan's records, calling `progress` with the count written after each insert. */
  async write(plan: TrailPlan, progress: (written: number) => void) {
    const inFlight = new Set<Promise<void>>()
    let written = 0
    for (const rows of this.#batches(plan)) {
      if (inFlight.size >= 2) {
        await Promise.race(inFlight)
      }
      const insert = insertRows(rows).then(() => {
        inFlight.delete(insert)
        written += rows.length
        progress(written)
      })
      inFlight.add(insert)
    }
    await Promise.all(inFlight)
  }

  /** The records in time order, ROWS_PER_INSERT at a time. */
  *#batches(plan: TrailPlan) {
    let batch: unknown[][] = []
    for (const at of spreadOverWorkingHours(plan, this.#random)) {
      batch.push(this.#record(at))
      if (batch.length === ROWS_PER_INSERT) {
        yield batch
        batch = []
      }
    }
    if (batch.length > 0) {
      yield batch
    }
  }

  #record(at: number): unknown[] {
    const person = this.cast.people[skewedIndex(this.#random(), this.cast.people.length)]
    const [action, outcome] = ACTION_MIX[pick(this.#mix, this.#random())]
    const row = this.#fields(person, action, outcome, at)

    return [...FIELDS.map((column) => row[column]), this.evidence.macOf(row)]
  }

  #fields(person: CastPerson, action: AuditAction, outcome: AuditOutcome, at: number) {
    const secretIndex = WITHOUT_SECRET.has(action) ? null : this.#secretOf(person)
    const secret = secretIndex === null ? null : this.cast.secrets[secretIndex]
    if (secretIndex !== null && action === 'secret.updated') {
      this.#versions[secretIndex]++
    }
    const integration = action === 'value.used'
    const iso = new Date(at).toISOString()
    const row: SealedFields = {
      company_id: this.cast.companyId,
      occurred_at: `${iso.slice(0, 10)} ${iso.slice(11, 23)}`,
      actor_id: person.id,
      actor_email: person.email,
      secret_id: secret?.id ?? null,
      secret_name: secret?.name ?? null,
      action,
      outcome,
      reason: outcome === 'success' ? null : 'not a member',
      version: secretIndex === null ? null : this.#versions[secretIndex],
      ip: person.ip,
      user_agent: integration ? 'vault-integration/1.0' : person.userAgent,
      device_id: integration ? null : person.deviceId,
      device_label: integration ? 'integration token' : person.deviceLabel,
      details: action === 'member.added' ? JSON.stringify({ role: 'viewer' }) : null,
    }

    return row
  }

  #secretOf(person: CastPerson) {
    if (person.secrets.length === 0) {
      return 0
    }

    return person.secrets[skewedIndex(this.#random(), person.secrets.length)]
  }
}

/**
 * Times for `plan.records` records over the last `plan.days` days, ascending. Each hour gets
 * a share by how busy such an hour is (weekday office hours busiest, nights and weekends
 * quiet); within an hour the records are evenly spaced with some jitter.
 */
function* spreadOverWorkingHours(plan: TrailPlan, random: () => number) {
  const end = Math.floor(Date.now() / HOUR_MS) * HOUR_MS
  const start = end - plan.days * 24 * HOUR_MS
  let total = 0
  for (let hour = start; hour < end; hour += HOUR_MS) {
    total += busyness(hour)
  }
  let owed = 0
  let emitted = 0
  for (let hour = start; hour < end && emitted < plan.records; hour += HOUR_MS) {
    owed += (plan.records * busyness(hour)) / total
    const count = Math.min(Math.round(owed), plan.records - emitted)
    owed -= count
    const spacing = HOUR_MS / Math.max(count, 1)
    for (let index = 0; index < count; index++) {
      yield Math.floor(hour + (index + random()) * spacing)
    }
    emitted += count
  }
  for (; emitted < plan.records; emitted++) {
    yield end - 1
  }
}

/** How busy an hour (UTC) is, relative to a weekday morning. */
function busyness(hourStart: number) {
  const date = new Date(hourStart)
  const hour = date.getUTCHours()
  const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6
  if (weekend) {
    return hour >= 8 && hour < 19 ? 0.05 : 0.01
  }
  if (hour >= 7 && hour < 18) {
    return 1
  }

  return hour === 6 || (hour >= 18 && hour < 22) ? 0.25 : 0.03
}

function cumulative(weights: number[]) {
  const sum = weights.reduce((total, weight) => total + weight, 0)
  let running = 0

  return weights.map((weight) => (running += weight / sum))
}

function pick(cumulativeShares: number[], uniform: number) {
  const index = cumulativeShares.findIndex((share) => uniform < share)

  return index === -1 ? cumulativeShares.length - 1 : index
}

async function insertRows(rows: unknown[][]) {
  const tuple = `(${COLUMNS.map(() => '?').join(', ')})`
  const sql = `INSERT INTO audit_events (${COLUMNS.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`
  await db.rawQuery(sql, rows.flat())
}
