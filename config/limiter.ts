import env from '#start/env'
import { defineConfig, stores } from '@adonisjs/limiter'

/**
 * Failed-login throttling. The embedded default keeps counters in the process; several
 * processes on MySQL share them through the database store.
 */
const limiterConfig = defineConfig({
  default: env.get('LIMITER_STORE', 'memory'),
  stores: {
    database: stores.database({ tableName: 'rate_limits' }),
    memory: stores.memory({}),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
