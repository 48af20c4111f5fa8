const CACHE_LIMIT = 5_000
const agents = new Map<string, string>()

/**
 * The key a device is remembered by: the app's device id when the event has one, otherwise the
 * user agent without its version numbers, so that a browser update is not a new device.
 */
export function deviceKeyOf(device: string | undefined, userAgent: string): string {
  if (device) {
    return `id:${device}`
  }
  let key = agents.get(userAgent)
  if (key === undefined) {
    key = `ua:${userAgent.replace(/\d+([._]\d+)*/g, '')}`
    if (agents.size >= CACHE_LIMIT) {
      agents.clear()
    }
    agents.set(userAgent, key)
  }

  return key
}
