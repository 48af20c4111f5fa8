/*
 * Environment variables, validated once at boot. Most are optional so that ace commands
 * (codegen, migrations) run on a fresh clone; the server itself refuses to start without an
 * APP_KEY or a valid master key (providers/vault_provider.ts).
 */
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum.optional(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  HOST: Env.schema.string.optional({ format: 'host' }),
  APP_KEY: Env.schema.secret.optional(),
  APP_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  LOG_LEVEL: Env.schema.enum.optional([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),

  SESSION_DRIVER: Env.schema.enum.optional(['cookie', 'memory'] as const),
  LIMITER_STORE: Env.schema.enum.optional(['memory', 'database'] as const),

  DB_CONNECTION: Env.schema.enum.optional(['sqlite', 'mysql'] as const),
  SQLITE_PATH: Env.schema.string.optional(),
  MYSQL_HOST: Env.schema.string.optional({ format: 'host' }),
  MYSQL_PORT: Env.schema.number.optional(),
  MYSQL_USER: Env.schema.string.optional(),
  MYSQL_PASSWORD: Env.schema.secret.optional(),
  MYSQL_DB_NAME: Env.schema.string.optional(),

  VAULT_MASTER_KEY: Env.schema.secret.optional(),
  VAULT_MASTER_KEY_FILE: Env.schema.string.optional(),
  VAULT_CONFIRM_WINDOW_SECONDS: Env.schema.number.optional(),
  VAULT_ANOMALY_LIVE: Env.schema.boolean.optional(),
  VAULT_AUDIT_RETENTION_DAYS: Env.schema.number.optional(),
  VAULT_DATA_KEY_MAX_ENCRYPTIONS: Env.schema.number.optional(),
  VAULT_DATA_KEY_MAX_AGE_DAYS: Env.schema.number.optional(),
  VAULT_DATA_KEY_CACHE_SECONDS: Env.schema.number.optional(),
  VAULT_BENCH_ROUTES: Env.schema.boolean.optional(),
})
