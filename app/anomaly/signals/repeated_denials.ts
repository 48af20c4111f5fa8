import { countSince } from '#anomaly/bounded'
import { SHORT_WINDOW } from '#anomaly/situation'
import type { Reason } from '#anomaly/signal_names'
import type { Situation } from '#anomaly/situation'

/**
 * Points by number of refused attempts in the last hour, this one included: one stray click is
 * nothing, two are worth a look, a third and more look like probing.
 */
const POINTS_BY_COUNT = [0, 0, 1, 2.5, 3]
const PER_EXTRA = 0.5
const MAX_POINTS = 5

/**
 * Repeated denials: refused attempts piling up within an hour.
 */
export function repeatedDenials(situation: Situation, reasons: Reason[]): number {
  const { event, person } = situation
  if (event.action !== 'denied') {
    return 0
  }
  const count = countSince(person.denialTimes, event.at - SHORT_WINDOW) + 1
  const points = denialPoints(count)
  if (points > 0) {
    reasons.push({
      signal: 'repeated_denials',
      detail: `${count} refused attempts within an hour, on secrets not shared with this person`,
      points,
    })
  }

  return points
}

/**
 * Points for a number of refused attempts within the window.
 */
export function denialPoints(count: number): number {
  if (count < POINTS_BY_COUNT.length) {
    return POINTS_BY_COUNT[count]
  }

  return Math.min(POINTS_BY_COUNT[POINTS_BY_COUNT.length - 1] + (count - 4) * PER_EXTRA, MAX_POINTS)
}
