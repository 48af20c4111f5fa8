import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { fromDb, toDb } from '#services/db_time'
import type AuditEvidence from '#services/audit_evidence'
import type { SealedFields } from '#services/audit_evidence'
import SiemDestination from '#models/siem_destination'

/** Records younger than this are left for the next seal: a slow transaction may still commit. */
export const SETTLE_SECONDS = 5
const BATCH = 5000

export interface Finding {
  id: number | null
  at: string | null
  problem: string
}

export interface VerifyReport {
  sealsChecked: number
  recordsChecked: number
  unsealed: number
  findings: Finding[]
}

type Row = SealedFields & { id: number | string; mac: string | null }
type Seal = {
  id: number
  from_id: number
  to_id: number
  record_count: number
  id_runs: string
  digest: string
  previous_digest: string | null
  macs_hash: string | null
  purged_at: Date | string | null
  purge_mac: string | null
}

/** "1-500,502,504-900": the ids a seal covers, compact when ids are consecutive. */
export function toRuns(ids: number[]) {
  const runs: string[] = []
  for (let index = 0; index < ids.length; index++) {
    const start = ids[index]
    while (index + 1 < ids.length && ids[index + 1] === ids[index] + 1) {
      index++
    }
    runs.push(start === ids[index] ? `${start}` : `${start}-${ids[index]}`)
  }

  return runs.join(',')
}

function fromRuns(text: string) {
  return text.split(',').flatMap((run) => {
    const [start, end = start] = run.split('-').map(Number)
    return Array.from({ length: end - start + 1 }, (_, offset) => start + offset)
  })
}

function macsHash(rows: { id: number; mac: string | null }[]) {
  const hash = createHash('sha256')
  for (const row of rows) {
    hash.update(`${row.id}:${row.mac ?? ''}\n`)
  }

  return hash.digest('hex')
}

function sqlNow(seconds = 0) {
  return toDb(DateTime.utc().minus({ seconds }))
}

/**
 * Tamper evidence over the audit trail, in the manner of signed digest files. Every record is
 * MACed as it is written (no lock, so writes stay parallel); `seal` then closes each company's
 * new records in ranges, storing the ids and a keyed digest chained to the previous seal.
 * `verify` names every record changed, inserted into or deleted from a sealed range, and any
 * seal altered or removed. Verification is incremental: seals checked cleanly before are not
 * read again unless asked.
 */
export default class AuditSeals {
  constructor(private evidence: AuditEvidence) {}

  /** Seals every settled, unsealed record of a company; returns how many were sealed. */
  async seal(companyId: string) {
    let sealed = 0
    while (true) {
      const last: Seal | null = await db
        .from('audit_seals')
        .where('company_id', companyId)
        .orderBy('id', 'desc')
        .first()
      const rows = await db
        .from('audit_events')
        .where('company_id', companyId)
        .where('id', '>', last?.to_id ?? 0)
        .where('occurred_at', '<', sqlNow(SETTLE_SECONDS))
        .orderBy('id')
        .limit(BATCH)
        .select('id', 'mac')
      if (rows.length === 0) {
        return sealed
      }
      await this.#writeSeal(
        companyId,
        last,
        rows.map((row) => ({ id: Number(row.id), mac: row.mac }))
      )
      sealed += rows.length
    }
  }

  async #writeSeal(
    companyId: string,
    last: Seal | null,
    rows: { id: number; mac: string | null }[]
  ) {
    const runs = toRuns(rows.map((row) => row.id))
    const seal = {
      company_id: companyId,
      from_id: rows[0].id,
      to_id: rows[rows.length - 1].id,
      record_count: rows.length,
      id_runs: runs,
      previous_digest: last?.digest ?? null,
      macs_hash: macsHash(rows),
    }
    await db.table('audit_seals').insert({
      ...seal,
      digest: this.#sealDigest(seal, seal.macs_hash),
      sealed_at: sqlNow(),
    })
  }

  #sealDigest(
    seal: Pick<Seal, 'from_id' | 'to_id' | 'record_count' | 'id_runs' | 'previous_digest'> & {
      company_id: string
    },
    hash: string | null
  ) {
    return this.evidence.digestOf([
      seal.previous_digest,
      seal.company_id,
      Number(seal.from_id),
      Number(seal.to_id),
      Number(seal.record_count),
      seal.id_runs,
      hash,
    ])
  }

  /**
   * Retention: deletes a company's records older than `before`, whole seals at a time, oldest
   * first, so that what remains still verifies. Each purged seal keeps its place in the chain
   * with a keyed purge mark. Records not yet sealed, or not yet acknowledged by one of the
   * company's enabled SIEM destinations, are never purged.
   */
  async purge(companyId: string, before: DateTime) {
    const seals: Seal[] = await db
      .from('audit_seals')
      .where('company_id', companyId)
      .whereNull('purged_at')
      .orderBy('id')
    const forwarded = await SiemDestination.forwardedThrough(companyId)
    let records = 0
    const purged: number[] = []
    for (const seal of seals) {
      if (forwarded !== null && Number(seal.to_id) > forwarded) {
        break
      }
      const newest = await db
        .from('audit_events')
        .where('company_id', companyId)
        .whereBetween('id', [seal.from_id, seal.to_id])
        .max('occurred_at as at')
        .first()
      if (newest?.at && fromDb(newest.at) >= before) {
        break
      }
      records += await this.#purgeSeal(companyId, seal)
      purged.push(seal.id)
    }

    return { seals: purged.length, records }
  }

  async #purgeSeal(companyId: string, seal: Seal) {
    return db.transaction(async (trx) => {
      const deleted = await trx
        .from('audit_events')
        .where('company_id', companyId)
        .whereBetween('id', [seal.from_id, seal.to_id])
        .delete()
      // Whole seconds: a TIMESTAMP column without fractions would round anything finer.
      const purgedAt = toDb(DateTime.utc().startOf('second'))
      await trx
        .from('audit_seals')
        .where('id', seal.id)
        .update({
          purged_at: purgedAt,
          purge_mac: this.#purgeMac({ ...seal, purged_at: purgedAt }),
        })

      return Number(deleted)
    })
  }

  #purgeMac(seal: Pick<Seal, 'id' | 'digest' | 'purged_at'>) {
    return this.evidence.digestOf(['purged', seal.id, seal.digest, toDb(fromDb(seal.purged_at!))])
  }

  /**
   * Checks a company's seals (from the last clean check, or all) and its unsealed records.
   * `progress` is told after each seal.
   */
  async verify(
    companyId: string,
    options: { all?: boolean; progress?: (done: number, total: number) => void } = {}
  ): Promise<VerifyReport> {
    const state = await db.from('audit_verifications').where('company_id', companyId).first()
    const from = options.all ? 0 : Number(state?.verified_through_seal ?? 0)
    const previous: Seal | null = from
      ? await db.from('audit_seals').where('id', from).first()
      : null
    const seals: Seal[] = await db
      .from('audit_seals')
      .where('company_id', companyId)
      .where('id', '>', from)
      .orderBy('id')
    const report: VerifyReport = { sealsChecked: 0, recordsChecked: 0, unsealed: 0, findings: [] }
    let digest = previous?.digest ?? null
    let lastTo = previous ? Number(previous.to_id) : 0
    for (const seal of seals) {
      this.#checkSeal(companyId, seal, digest, lastTo, report)
      if (!seal.purged_at) {
        await this.#checkRecords(companyId, seal, report)
      }
      digest = seal.digest
      lastTo = Number(seal.to_id)
      report.sealsChecked++
      options.progress?.(report.sealsChecked, seals.length)
    }
    await this.#checkUnsealed(companyId, lastTo, report)
    await this.#remember(companyId, seals.at(-1)?.id ?? from, report)

    return report
  }

  #checkSeal(
    companyId: string,
    seal: Seal,
    digest: string | null,
    lastTo: number,
    report: VerifyReport
  ) {
    if (seal.previous_digest !== digest) {
      report.findings.push({
        id: null,
        at: null,
        problem: `seal ${seal.id} does not follow the seal before it: a seal was removed or altered`,
      })
    }
    if (Number(seal.from_id) <= lastTo) {
      report.findings.push({
        id: null,
        at: null,
        problem: `seal ${seal.id} overlaps the seal before it`,
      })
    }
    if (this.#sealDigest({ ...seal, company_id: companyId }, seal.macs_hash) !== seal.digest) {
      report.findings.push({ id: null, at: null, problem: `seal ${seal.id} was altered` })
    }
    if (seal.purged_at && seal.purge_mac !== this.#purgeMac(seal)) {
      report.findings.push({
        id: null,
        at: null,
        problem: `seal ${seal.id} is marked purged without a valid purge mark: its records were deleted`,
      })
    }
    const ids = fromRuns(seal.id_runs)
    if (ids.length !== Number(seal.record_count)) {
      report.findings.push({
        id: null,
        at: null,
        problem: `seal ${seal.id} was altered: its record count does not match its ids`,
      })
    }
  }

  async #checkRecords(companyId: string, seal: Seal, report: VerifyReport) {
    const rows: Row[] = await db
      .from('audit_events')
      .where('company_id', companyId)
      .whereBetween('id', [seal.from_id, seal.to_id])
      .orderBy('id')
    const expected = new Set(fromRuns(seal.id_runs))
    const present = new Set(rows.map((row) => Number(row.id)))
    for (const row of rows) {
      this.#checkRow(
        row,
        report,
        expected.has(Number(row.id)) ? null : 'inserted into a sealed range'
      )
    }
    for (const id of expected) {
      if (!present.has(id)) {
        report.findings.push({
          id,
          at: null,
          problem: `record deleted (sealed in seal ${seal.id})`,
        })
      }
    }
    const kept = rows.filter((row) => expected.has(Number(row.id)))
    const hash = macsHash(kept.map((row) => ({ id: Number(row.id), mac: row.mac })))
    const intact = kept.length === expected.size
    if (intact && hash !== seal.macs_hash) {
      report.findings.push({
        id: null,
        at: null,
        problem: `seal ${seal.id} does not match its records: records or the seal were altered`,
      })
    }
    report.recordsChecked += rows.length
  }

  #checkRow(row: Row, report: VerifyReport, problem: string | null) {
    const at =
      row.occurred_at instanceof Date ? row.occurred_at.toISOString() : String(row.occurred_at)
    if (problem) {
      report.findings.push({ id: Number(row.id), at, problem })
    } else if (!this.evidence.matches(row, row.mac)) {
      report.findings.push({
        id: Number(row.id),
        at,
        problem: 'record changed since it was written',
      })
    }
  }

  /** Records after the last seal: not yet sealed, but their MACs are checked all the same. */
  async #checkUnsealed(companyId: string, after: number, report: VerifyReport) {
    let cursor = after
    while (true) {
      const rows: Row[] = await db
        .from('audit_events')
        .where('company_id', companyId)
        .where('id', '>', cursor)
        .orderBy('id')
        .limit(BATCH)
      for (const row of rows) {
        this.#checkRow(row, report, null)
      }
      report.unsealed += rows.length
      report.recordsChecked += rows.length
      if (rows.length < BATCH) {
        return
      }
      cursor = Number(rows[rows.length - 1].id)
    }
  }

  async #remember(companyId: string, throughSeal: number, report: VerifyReport) {
    const clean = report.findings.length === 0
    const existing = await db.from('audit_verifications').where('company_id', companyId).first()
    const values = {
      last_run_at: sqlNow(),
      problems: report.findings.length,
      ...(clean ? { verified_through_seal: throughSeal, last_success_at: sqlNow() } : {}),
    }
    if (existing) {
      await db.from('audit_verifications').where('company_id', companyId).update(values)
    } else {
      await db.table('audit_verifications').insert({ company_id: companyId, ...values })
    }
  }
}
