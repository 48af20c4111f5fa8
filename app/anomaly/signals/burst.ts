import { median, medianAbsoluteDeviation } from 'simple-statistics'
import { PEER_WEIGHT } from '#anomaly/signals/wording'
import type { Ring } from '#anomaly/bounded'
import type { Reason } from '#anomaly/signal_names'
import type { Situation } from '#anomaly/situation'

/**
 * Fewer distinct secrets than this in the window is never a burst.
 */
export const BURST_FLOOR = 5
const MIN_SAMPLES = 8
const FREE_DEVIATIONS = 3
const MAX_POINTS = 6

/**
 * Burst: distinct secrets read in the last hour against how many the person usually has in
 * such a window, as a robust z-score (median and median absolute deviation, since these counts
 * are skewed). Before the person has history the yardstick is their department or company.
 */
export function burst(situation: Situation, reasons: Reason[]): number {
  const count = situation.distinctInWindow
  if (count < BURST_FLOOR) {
    return 0
  }
  const own = situation.seasoned && situation.person.spread.values.length >= MIN_SAMPLES
  const ring = own ? situation.person.spread : situation.peers?.spread
  if (!ring || ring.values.length < MIN_SAMPLES) {
    return 0
  }

  const { usual, z } = robustZ(ring, count)
  const points = Math.min(Math.max(z - FREE_DEVIATIONS, 0), MAX_POINTS) * (own ? 1 : PEER_WEIGHT)
  if (points > 0) {
    const whose = own ? 'usually' : 'their colleagues usually'
    reasons.push({
      signal: 'burst',
      detail: `${count} different secrets read within an hour; ${whose} about ${usual} in an hour`,
      points,
    })
  }

  return points
}

/**
 * Robust z-score of a count against a ring of past counts. The scale has a floor of one secret
 * (and a quarter of the median) so that a person who always reads exactly one secret is not
 * infinitely surprised by two.
 */
export function robustZ(ring: Ring, count: number): { usual: number; z: number } {
  const usual = median(ring.values)
  const scale = Math.max(1.4826 * medianAbsoluteDeviation(ring.values), 1, usual / 4)

  return { usual: Math.round(usual), z: (count - usual) / scale }
}
