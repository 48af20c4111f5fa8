import { formatHour } from '#anomaly/zone_clock'
import type { AccessAction } from '#anomaly/events'

const VERBS: Record<AccessAction, string> = {
  reveal: 'read',
  copy: 'read',
  use: 'used',
  update: 'updated',
  denied: 'refused attempt',
}

/**
 * The word for what happened, as it starts a reason's sentence.
 */
export function verbOf(action: AccessAction): string {
  return VERBS[action]
}

/**
 * "08:40-18:10" for a stretch of the day.
 */
export function formatSpan([start, end]: [number, number]): string {
  return `${formatHour(start)}-${formatHour(end)}`
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' })

/**
 * "Brazil (BR)", falling back to the bare code when the runtime has no name for it.
 */
export function countryName(code: string): string {
  const name = regionNames.of(code)

  return name && name !== code ? `${name} (${code})` : code
}

/**
 * "40 minutes", "7 hours" or "22 days", for durations in sentences.
 */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  if (minutes < 120) {
    return `${minutes} minutes`
  }
  const hours = Math.round(minutes / 60)

  return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`
}

/**
 * Weight given to evidence that compares a person with their department or company because
 * their own baseline is still too short: such a comparison is weaker.
 */
export const PEER_WEIGHT = 0.6
