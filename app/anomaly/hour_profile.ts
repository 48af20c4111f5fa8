import { RESCALE_ABOVE, scaleArray, weightAt } from '#anomaly/decay'
import type { LocalTime } from '#anomaly/zone_clock'

const TWO_PI = 2 * Math.PI

/**
 * When a person or a group reads secrets, in local time: 24 hourly counts, a 7 x 24
 * hour-by-weekday grid (Monday first, for the heatmap), and the sums of the unit vectors of the
 * hours so that the usual hour is a circular mean (23:30 and 00:30 are an hour apart, not 23).
 * Counts decay with time; see `decay.ts`.
 */
export interface HourProfile {
  ref: number
  total: number
  cos: number
  sin: number
  hours: number[]
  week: number[]
}

/**
 * Circular summary of a profile: mean hour and spread, both in hours.
 */
export interface CircularHours {
  mean: number
  spread: number
}

/**
 * An empty profile whose decay starts at `at`.
 */
export function newHourProfile(at: number): HourProfile {
  return {
    ref: at,
    total: 0,
    cos: 0,
    sin: 0,
    hours: new Array(24).fill(0),
    week: new Array(168).fill(0),
  }
}

/**
 * Counts one access at a local time.
 */
export function addHour(profile: HourProfile, local: LocalTime, at: number): void {
  const weight = weightAt(profile.ref, at)
  const hour = Math.floor(local.hour)
  const angle = (local.hour / 24) * TWO_PI
  profile.hours[hour] += weight
  profile.week[local.weekday * 24 + hour] += weight
  profile.cos += weight * Math.cos(angle)
  profile.sin += weight * Math.sin(angle)
  profile.total += weight
  if (weight > RESCALE_ABOVE) {
    rescale(profile, at, 1 / weight)
  }
}

function rescale(profile: HourProfile, at: number, factor: number): void {
  scaleArray(profile.hours, factor)
  scaleArray(profile.week, factor)
  profile.cos *= factor
  profile.sin *= factor
  profile.total *= factor
  profile.ref = at
}

/**
 * Share of past accesses that fell within an hour either side of `hour` (three hourly bins).
 */
export function shareAround(profile: HourProfile, hour: number): number {
  if (profile.total <= 0) {
    return 0
  }
  const bin = Math.floor(hour)
  const { hours } = profile

  return (hours[(bin + 23) % 24] + hours[bin] + hours[(bin + 1) % 24]) / profile.total
}

/**
 * Share of past accesses made on Saturday or Sunday.
 */
export function weekendShare(profile: HourProfile): number {
  let weekend = 0
  for (let index = 120; index < 168; index++) {
    weekend += profile.week[index]
  }

  return profile.total > 0 ? weekend / profile.total : 0
}

/**
 * Circular mean hour and circular standard deviation (in hours) of the profile.
 */
export function circularHours(profile: HourProfile): CircularHours {
  const length = Math.hypot(profile.cos, profile.sin) / profile.total
  const angle = Math.atan2(profile.sin, profile.cos)
  const mean = ((((angle / TWO_PI) * 24) % 24) + 24) % 24
  const spread = (Math.sqrt(-2 * Math.log(Math.max(length, 1e-9))) / TWO_PI) * 24

  return { mean, spread }
}

/**
 * Distance between two hours on the 24-hour circle, 0 to 12.
 */
export function hourDistance(a: number, b: number): number {
  const gap = Math.abs(a - b) % 24

  return gap > 12 ? 24 - gap : gap
}

/**
 * The shortest stretch of the day, possibly across midnight, that holds `coverage` of past
 * accesses, as [start, end) fractional hours. Edges are trimmed inside their hourly bin in
 * proportion to the surplus, which gives minutes rather than whole hours.
 */
export function usualHours(profile: HourProfile, coverage = 0.9): [number, number] {
  const target = profile.total * coverage
  let best: [number, number, number] = [0, 24, profile.total]
  for (let start = 0; start < 24; start++) {
    let sum = 0
    for (let length = 1; length < best[1] - best[0]; length++) {
      sum += profile.hours[(start + length - 1) % 24]
      if (sum >= target) {
        best = [start, start + length, sum]
        break
      }
    }
  }

  return trimEdges(profile, best, target)
}

function trimEdges(
  profile: HourProfile,
  arc: [number, number, number],
  target: number
): [number, number] {
  const [start, end, sum] = arc
  const surplus = (sum - target) / 2
  const first = profile.hours[start % 24]
  const last = profile.hours[(end - 1) % 24]
  const startTrim = first > 0 ? Math.min(surplus / first, 1) : 0
  const endTrim = last > 0 ? Math.min(surplus / last, 1) : 0

  return [(start + startTrim) % 24, (end - endTrim) % 24]
}

/**
 * A picture of someone's usual hours for the Alerts page: the 7 x 24 heatmap as shares of all
 * accesses (Monday first), the stretch holding 90% of them, and the circular mean and spread.
 */
export interface HourPicture {
  heatmap: number[][]
  usual: [number, number]
  mean: number
  spread: number
}

/**
 * Builds the picture of a person's (or group's) hours, e.g. `hourPicture(person.hours)`.
 */
export function hourPicture(profile: HourProfile): HourPicture {
  const total = profile.total > 0 ? profile.total : 1
  const heatmap = Array.from({ length: 7 }, (_, day) =>
    profile.week.slice(day * 24, day * 24 + 24).map((weight) => weight / total)
  )

  return { heatmap, usual: usualHours(profile), ...circularHours(profile) }
}
