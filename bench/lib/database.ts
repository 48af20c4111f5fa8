import mysql from 'mysql2/promise'

export interface MysqlTarget {
  host: string
  port: number
  user: string
  password: string
  database: string
}

/** A person of the demo company and a secret they may Show as a viewer. */
export interface ViewerGrant {
  email: string
  secretId: string
  secretName: string
}

/** Global server counters read around each phase, to count statements per request. */
export type StatusCounters = Record<'Questions' | 'Com_select' | 'Com_insert', number>

/**
 * The benchmark's own MariaDB database and the few reads it needs outside the application:
 * who may Show what, and the server's statement counters. The counters are global, so any
 * other client of the same MariaDB shows up in them too.
 */
export default class BenchDatabase {
  #connection: mysql.Connection | null = null

  constructor(private target: MysqlTarget) {}

  /** Drops and creates the benchmark database, so every run starts from the same state. */
  async recreate() {
    const connection = await this.#connect()
    const name = mysql.escapeId(this.target.database)
    await connection.query(`DROP DATABASE IF EXISTS ${name}`)
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${name} CHARACTER SET utf8mb4`)
  }

  /** Every viewer grant of the seeded demo company, in a stable order. */
  async viewerGrants(): Promise<ViewerGrant[]> {
    const connection = await this.#connect()
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      `SELECT u.email, s.id AS secretId, s.name AS secretName
         FROM ${mysql.escapeId(this.target.database)}.secret_grants g
         JOIN ${mysql.escapeId(this.target.database)}.users u ON u.id = g.user_id
         JOIN ${mysql.escapeId(this.target.database)}.secrets s ON s.id = g.secret_id
        WHERE g.role = 'viewer'
        ORDER BY u.email, s.name`
    )

    return rows.map((row) => ({
      email: String(row.email),
      secretId: String(row.secretId),
      secretName: String(row.secretName),
    }))
  }

  /** The server's version string, for the report. */
  async serverVersion() {
    const connection = await this.#connect()
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT VERSION() AS version')

    return String(rows[0].version)
  }

  /** Statement counters since the MariaDB server started. */
  async status(): Promise<StatusCounters> {
    const connection = await this.#connect()
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      `SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_select', 'Com_insert')`
    )
    const counters = { Questions: 0, Com_select: 0, Com_insert: 0 }
    for (const row of rows) {
      counters[row.Variable_name as keyof StatusCounters] = Number(row.Value)
    }

    return counters
  }

  async close() {
    await this.#connection?.end()
    this.#connection = null
  }

  async #connect() {
    if (!this.#connection) {
      const { host, port, user, password } = this.target
      this.#connection = await mysql.createConnection({ host, port, user, password })
    }

    return this.#connection
  }
}
