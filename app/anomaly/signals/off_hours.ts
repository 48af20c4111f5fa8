import { shareAround, usualHours, weekendShare } from '#anomaly/hour_profile'
import { formatHour, WEEKDAY_NAMES } from '#anomaly/zone_clock'
import { formatDuration, formatSpan, PEER_WEIGHT, verbOf } from '#anomaly/signals/wording'
import type { HourProfile } from '#anomaly/hour_profile'
import type { Reason } from '#anomaly/signal_names'
import type { Situation } from '#anomaly/situation'

/**
 * Past this share of accesses within an hour either side, an hour counts as usual.
 */
const USUAL_SHARE = 0.04
const COVERAGE = 0.95
const FREE_GAP_HOURS = 0.5
const POINTS_PER_HOUR = 1.25
const MAX_HOUR_POINTS = 4.5
const WEEKEND_POINTS = 1
const RARE_WEEKEND_SHARE = 0.03
const RECENT_ACTIVITY = 3_600_000

/**
 * Work in another module of the suite within the last hour shows the person at their desk (an
 * on-call night, an evening of extra work), which takes most of the weight off the hour.
 */
const ACTIVE_FACTOR = 0.4

/**
 * Off hours: how far the local hour lies outside the stretch of the day that holds 95% of the
 * person's accesses, unless enough past accesses fell near that hour (which lets night shifts
 * and regular late evenings be normal); plus a weekend access by a weekday person. Recent work
 * elsewhere in the suite (an on-call night) takes most of its weight away.
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
  const points = raw * (situation.seasoned ? 1 : PEER_WEIGHT) * (active ? ACTIVE_FACTOR : 1)
  reasons.push({
    signal: 'off_hours',
    detail: describe(situation, profile, active ? idleFor : undefined),
    points,
  })

  return points
}

/**
 * Points for the hour alone: 0 when enough past accesses fell near that hour, otherwise growing
 * with the hours between it and the usual stretch of the day (measured around the clock, so
 * 00:30 is an hour after 23:30), past a free half hour.
 */
export function hourPoints(profile: HourProfile, hour: number): number {
  const share = shareAround(profile, hour)
  if (share >= USUAL_SHARE) {
    return 0
  }
  const gap = hoursOutside(usualHours(profile, COVERAGE), hour)
  const points = Math.min(Math.max(gap - FREE_GAP_HOURS, 0) * POINTS_PER_HOUR, MAX_HOUR_POINTS)

  return points * (1 - share / USUAL_SHARE)
}

/**
 * Hours between `hour` and the nearest end of the stretch [start, end), 0 inside it.
 */
export function hoursOutside([start, end]: [number, number], hour: number): number {
  const length = (end - start + 24) % 24
  const offset = (hour - start + 24) % 24
  if (offset <= length) {
    return 0
  }

  return Math.min(offset - length, 24 - offset)
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

  const when = `${verbOf(event.action)} at ${formatHour(local.hour)} local time${day}${where}`
  const usual = formatSpan(usualHours(profile, COVERAGE))

  return `${when}; ${whose} ${usual}${weekdays}${active}`
}
