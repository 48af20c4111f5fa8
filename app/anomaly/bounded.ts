/**
 * Small bounded structures that baselines are made of. Each keeps a fixed maximum size, so a
 * baseline's memory depends on how many people and secrets exist, never on how many events
 * were replayed.
 */

/**
 * A map from a key (country, device, secret) to the last time it was seen, with `count` kept
 * alongside because counting the keys of an object costs a scan.
 */
export interface RecentSet {
  count: number
  seen: Record<string, number>
}

/**
 * An empty set.
 */
export function newRecentSet(): RecentSet {
  return { count: 0, seen: {} }
}

/**
 * Records a key as seen at `at` and returns the key it evicted, if any. Past `cap` keys the
 * least recently seen one is forgotten; that scan is linear but only runs when a new key
 * arrives in a full set.
 */
export function touchKey(set: RecentSet, key: string, at: number, cap: number): string | undefined {
  let evicted: string | undefined
  if (set.seen[key] === undefined) {
    if (set.count >= cap) {
      evicted = forgetOldest(set)
    }
    set.count++
  }
  set.seen[key] = at

  return evicted
}

function forgetOldest(set: RecentSet): string | undefined {
  let oldestKey: string | undefined
  let oldest = Number.POSITIVE_INFINITY
  for (const key in set.seen) {
    if (set.seen[key] < oldest) {
      oldest = set.seen[key]
      oldestKey = key
    }
  }
  if (oldestKey !== undefined) {
    delete set.seen[oldestKey]
    set.count--
  }

  return oldestKey
}

/**
 * A ring of the last numbers pushed, for robust statistics over a fixed-size sample.
 */
export interface Ring {
  next: number
  values: number[]
}

/**
 * An empty ring.
 */
export function newRing(): Ring {
  return { next: 0, values: [] }
}

/**
 * Adds a value, overwriting the oldest once the ring holds `cap` values.
 */
export function pushRing(ring: Ring, value: number, cap: number): void {
  if (ring.values.length < cap) {
    ring.values.push(value)
    return
  }
  ring.values[ring.next] = value
  ring.next = (ring.next + 1) % cap
}

/**
 * Timestamps within a sliding window, oldest first, at most `cap` of them.
 */
export function pruneTimes(times: number[], since: number): void {
  let drop = 0
  while (drop < times.length && times[drop] < since) {
    drop++
  }
  if (drop > 0) {
    times.splice(0, drop)
  }
}

/**
 * How many timestamps are at or after `since`, without changing the array.
 */
export function countSince(times: number[], since: number): number {
  let count = 0
  for (let index = times.length - 1; index >= 0 && times[index] >= since; index--) {
    count++
  }

  return count
}

/**
 * Appends a timestamp, dropping the oldest when the window holds `cap` already.
 */
export function pushTime(times: number[], at: number, cap: number): void {
  if (times.length >= cap) {
    times.shift()
  }
  times.push(at)
}
