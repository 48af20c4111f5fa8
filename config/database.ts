import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'

const migrations = { naturalSort: true, paths: ['database/migrations'] }

/**
 * SQLite is the embedded default so that the vault runs with no server; MySQL (or a
 * MySQL-compatible cluster) is the production database. Both run the same migrations.
 */
const dbConfig = defineConfig({
  connection: env.get('DB_CONNECTION', 'sqlite'),
  prettyPrintDebugQueries: false,
  connections: {
    sqlite: {
      client: 'better-sqlite3',
      connection: {
        filename: app.makePath(env.get('SQLITE_PATH', 'tmp/vault.sqlite3')),
      },
      useNullAsDefault: true,
      migrations,
    },
    mysql: {
      client: 'mysql2',
      connection: {
        host: env.get('MYSQL_HOST', '127.0.0.1'),
        port: env.get('MYSQL_PORT', 3306),
        user: env.get('MYSQL_USER', 'root'),
        password: env.get('MYSQL_PASSWORD')?.release() ?? '',
        database: env.get('MYSQL_DB_NAME', 'vault'),
        timezone: 'Z',
        dateStrings: false,
      },
      pool: {
        min: 2,
        max: 20,
        // Every time is UTC: the session zone must not depend on the server's own setting.
        afterCreate: (connection: any, done: (error: Error | null, connection: any) => void) => {
          connection.query("SET time_zone = '+00:00'", (error: Error | null) =>
            done(error, connection)
          )
        },
      },
      migrations,
    },
  },
})

export default dbConfig
