import {
  circularHours,
  hourDistance,
  shareAround,
  usualHours,
  weekendShare,
} from '#anomaly/hour_profile'
import { formatHour, WEEKDAY_NAMES } from '#anomaly/zone_clock'
import { formatDuration, formatSpan, PEER_WEIGHT, verbOf } from '#anomaly/signals/wording'
import type { HourProfile } from '#anomaly/hour_profile'
import type { Reason } from '#anomaly/signal_names'
import type { Situation } from '#anomaly/situation'

/**
 * Past this share of accesses within an hour either side, an hour counts as usual.
 */
const USUAL_SHARE = 0.04
const MIN_SPREAD_HOURS = 1.5
const MAX_HOUR_POINTS = 4
const WEEKEND_POINTS = 1
const RARE_WEEKEND_SHARE = 0.03
const RECENT_ACTIVITY = 3_600_000

/**
 * Off hours: how far the local hour lies from the person's usual hours on the 24-hour circle,
 * in circular standard deviations, unless enough past accesses fell near that hour (which lets
 * night shifts and regular late evenings be normal); plus a weekend access by a weekday person.
 * Recent work elsewhere in the suite (an on-call night) halves it.
 */
export function offHours(situation: Situation, reasons: Reason[]): number {
  const profile = situation.seasoned ? situation.person.hours : situation.peers?.hours
  if (!profile || profile.total <= 0) {
    return 0
  }
  const { hour, weekday } = situation.local
  const raw =
    hourPoints(profile, hour) +
    (weekday >= 5 && weekendShare(profile) < RARE_WEEKEND_SHARE ? WEEKEND_POINTS : 0)
  if (raw <= 0) {
    return 0
  }

  const idleFor =
    situation.event.at - (situation.context.lastActivityAt ?? Number.NEGATIVE_INFINITY)
  const active = idleFor <= RECENT_ACTIVITY
  const points = raw * (situation.seasoned ? 1 : PEER_WEIGHT) * (active ? 0.5 : 1)
  reasons.push({
    signal: 'off_hours',
    detail: describe(situation, profile, active ? idleFor : undefined),
    points,
  })

  return points
}

/**
 * Points for the hour alone: 0 inside the usual hours, growing by one per circular standard
 * deviation past the first, faded out as the share of past accesses near that hour rises.
 */
export function hourPoints(profile: HourProfile, hour: number): number {
  const share = shareAround(profile, hour)
  if (share >= USUAL_SHARE) {
    return 0
  }
  const { mean, spread } = circularHours(profile)
  const deviations = hourDistance(hour, mean) / Math.max(spread, MIN_SPREAD_HOURS)

  return Math.min(Math.max(deviations - 1, 0), MAX_HOUR_POINTS) * (1 - share / USUAL_SHARE)
}

function describe(
  situation: Situation,
  profile: HourProfile,
  activeAgo: number | undefined
): string {
  const { event, local, trip, zone } = situation
  const day = local.weekday >= 5 ? ` on a ${WEEKDAY_NAMES[local.weekday]}` : ''
  const where = trip ? ` (${zone}, on a trip)` : ''
  const whose = situation.seasoned
    ? 'usual hours'
    : 'usual hours of their colleagues (too little history of their own)'
  const weekdays = weekendShare(profile) < RARE_WEEKEND_SHARE ? ', on weekdays' : ''
  const active =
    activeAgo === undefined
      ? ''
      : `; active elsewhere in the suite ${formatDuration(activeAgo)} before`

  return `${verbOf(event.action)} at ${formatHour(local.hour)} local time${day}${where}; ${whose} ${formatSpan(usualHours(profile))}${weekdays}${active}`
}
