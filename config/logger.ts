import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, targets } from '@adonisjs/core/logger'

/**
 * Every field that can carry a secret value, a password or a token is redacted, at any
 * depth we log. Code never logs values on purpose; this list is the net under that rule.
 */
export const redactedPaths = [
  'value',
  'password',
  'token',
  'secret',
  'plaintext',
  'ciphertext',
  'masterKey',
  '*.value',
  '*.password',
  '*.token',
  '*.secret',
  '*.plaintext',
  '*.ciphertext',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
]

const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: 'vault',
      level: env.get('LOG_LEVEL', 'info'),
      redact: { paths: redactedPaths, censor: '[redacted]' },
      transport: {
        targets: targets()
          .pushIf(!app.inProduction, targets.pretty())
          .pushIf(app.inProduction, targets.file({ destination: 1 }))
          .toArray(),
      },
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
