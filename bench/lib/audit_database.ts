import mysql from 'mysql2/promise'
import type { MysqlTarget } from './database.js'

/** The benchmark company's trail as the generator left it: its company and its id span. */
export interface TrailState {
  companyId: string
  /** Records of the company between its first and last id, both included. */
  span: number
}

/** One row of EXPLAIN, the columns worth printing. */
export interface PlanRow {
  table: string
  type: string
  key: string | null
  rows: number
  /** Rows the statement actually read (ANALYZE's r_rows). */
  read: number
  extra: string
}

/**
 * The audit-scale benchmark's own reads of its MariaDB database, outside the application:
 * whether the generated trail is there, which people and secrets to ask for, query plans and
 * the server's row-read counters. None of these run while a page is being timed.
 */
export default class AuditBenchDatabase {
  #connection: mysql.Connection | null = null
  #selected = false

  constructor(private target: MysqlTarget) {}

  /** Drops and creates the database, for a fresh generation. */
  async recreate() {
    const connection = await this.#connect(false)
    const name = mysql.escapeId(this.target.database)
    await connection.query(`DROP DATABASE IF EXISTS ${name}`)
    await connection.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`)
    this.#selected = false
  }

  /**
   * The company with this slug and how many records its id span holds, or null when the
   * database, the company or its records are missing. Uses min and max of an index, no count.
   */
  async trail(slug: string): Promise<TrailState | null> {
    try {
      const [companies] = await this.#query('SELECT id FROM companies WHERE slug = ?', [slug])
      if (companies.length === 0) {
        return null
      }
      const companyId = String(companies[0].id)
      const [[span]] = await this.#query(
        'SELECT MIN(id) AS first, MAX(id) AS last FROM audit_events WHERE company_id = ?',
        [companyId]
      )

      return { companyId, span: span.first === null ? 0 : span.last - span.first + 1 }
    } catch {
      return null
    }
  }

  /** A random sample of the company's people, secrets (ids) and its admin's email. */
  async targets(companyId: string, count: number) {
    const [people] = await this.#query(
      'SELECT id FROM users WHERE company_id = ? ORDER BY RAND() LIMIT ?',
      [companyId, count]
    )
    const [secrets] = await this.#query(
      'SELECT id FROM secrets WHERE company_id = ? ORDER BY RAND() LIMIT ?',
      [companyId, count]
    )
    const [[admin]] = await this.#query(
      'SELECT email FROM users WHERE company_id = ? AND is_admin = 1 ORDER BY id LIMIT 1',
      [companyId]
    )

    return {
      people: people.map((row) => String(row.id)),
      secrets: secrets.map((row) => String(row.id)),
      adminEmail: String(admin.email),
    }
  }

  /**
   * MariaDB's ANALYZE of one statement: it runs the statement and reports the plan with the
   * rows each step actually read.
   */
  async analyze(sql: string, values: unknown[]): Promise<PlanRow[]> {
    const [rows] = await this.#query(`ANALYZE ${sql}`, values)

    return rows.map((row) => ({
      table: String(row.table),
      type: String(row.type),
      key: row.key === null ? null : String(row.key),
      rows: Number(row.rows),
      read: Number(row.r_rows),
      extra: String(row.Extra ?? ''),
    }))
  }

  /**
   * The latest day (UTC, YYYY-MM-DD) from which on the company holds at least `count`
   * records, and how many records lie from that day to now.
   */
  async newestDays(companyId: string, count: number) {
    const [[row]] = await this.#query(
      `SELECT occurred_at AS at FROM audit_events WHERE company_id = ?
        ORDER BY id DESC LIMIT 1 OFFSET ?`,
      [companyId, count - 1]
    )
    const from = new Date(row.at).toISOString().slice(0, 10)

    return { from, records: await this.countSince(companyId, from) }
  }

  /** The company's records from the start of a day (UTC) on: what an export from it holds. */
  async countSince(companyId: string, day: string) {
    const [[row]] = await this.#query(
      'SELECT COUNT(*) AS total FROM audit_events WHERE company_id = ? AND occurred_at >= ?',
      [companyId, `${day} 00:00:00`]
    )

    return Number(row.total)
  }

  async serverVersion() {
    const [[row]] = await this.#query('SELECT VERSION() AS version', [])

    return String(row.version)
  }

  async close() {
    await this.#connection?.end()
    this.#connection = null
  }

  async #query(sql: string, values: unknown[]) {
    const connection = await this.#connect(true)

    return connection.query<mysql.RowDataPacket[]>(sql, values)
  }

  /** Connects without a database (it may not exist yet) and selects it on first use. */
  async #connect(useDatabase: boolean) {
    if (!this.#connection) {
      const { host, port, user, password } = this.target
      this.#connection = await mysql.createConnection({ host, port, user, password, timezone: 'Z' })
    }
    if (useDatabase && !this.#selected) {
      await this.#connection.query(`USE ${mysql.escapeId(this.target.database)}`)
      this.#selected = true
    }

    return this.#connection
  }
}
