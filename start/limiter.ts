import limiter from '@adonisjs/limiter/services/main'
import vaultConfig from '#config/vault'

/**
 * Failed logins and failed password confirmations. Only failures consume points, so a
 * person who types their password right is never slowed down.
 */
export const loginThrottle = limiter.use({
  requests: vaultConfig.loginAttempts.perWindow,
  duration: vaultConfig.loginAttempts.window,
  blockDuration: vaultConfig.loginAttempts.blockFor,
})

export type ThrottledOutcome<T> =
  | { status: 'ok'; result: T }
  | { status: 'failed' }
  | { status: 'throttled'; retryAfterSeconds: number }

/**
 * Runs a credential check under the throttle: a thrown error counts as a failure, a key
 * that failed too often is refused without running the check at all.
 */
export async function throttledCheck<T>(
  key: string,
  check: () => Promise<T>
): Promise<ThrottledOutcome<T>> {
  try {
    const [throttled, result] = await loginThrottle.penalize(key, check)
    if (throttled) {
      return { status: 'throttled', retryAfterSeconds: throttled.response.availableIn }
    }

    return { status: 'ok', result: result as T }
  } catch {
    return { status: 'failed' }
  }
}
