/**
 * Exponential forgetting shared by every baseline. Instead of shrinking all the counts at each
 * event, a new observation gets a weight that grows with time since a reference instant; ratios
 * between counts are then the decayed ratios, and the counts are rescaled only when the weight
 * grows large. This keeps each update O(1) and the state plain JSON.
 */

const DAY = 86_400_000

/**
 * Half-life of an observation: after this long it counts half as much as a fresh one.
 */
export const HALF_LIFE_DAYS = 30

const RATE = Math.LN2 / (HALF_LIFE_DAYS * DAY)

/**
 * Weight of an observation at `at` relative to the reference instant `ref`.
 */
export function weightAt(ref: number, at: number): number {
  return Math.exp((at - ref) * RATE)
}

/**
 * Weights past this are folded back into the stored counts, to stay far from overflow.
 */
export const RESCALE_ABOVE = 1e6

/**
 * Multiplies every number of an array in place, used when a baseline rescales.
 */
export function scaleArray(values: number[], factor: number): void {
  for (let index = 0; index < values.length; index++) {
    values[index] *= factor
  }
}
