/**
 * A small seeded random source (mulberry32), so that every scenario is reproducible from its
 * seed alone.
 */
export class Random {
  #state: number

  constructor(seed: number) {
    this.#state = seed >>> 0
  }

  /**
   * Uniform in [0, 1).
   */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    let t = this.#state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /**
   * Integer in [min, max], both included.
   */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  /**
   * `count` distinct items, in random order.
   */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items]
    for (let index = copy.length - 1; index > 0; index--) {
      const other = Math.floor(this.next() * (index + 1))
      ;[copy[index], copy[other]] = [copy[other], copy[index]]
    }

    return copy.slice(0, count)
  }

  normal(mean: number, deviation: number): number {
    const u = 1 - this.next()

    return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next())
  }

  /**
   * Poisson count (Knuth's method, fine for the small rates used here).
   */
  poisson(rate: number): number {
    const limit = Math.exp(-rate)
    let count = 0
    let product = this.next()
    while (product > limit) {
      count++
      product *= this.next()
    }

    return count
  }
}
