import type { Baseline } from '#anomaly/baselines'

/**
 * Where baselines live between events. States are plain JSON-serializable objects, so a
 * database-backed store can keep each one as a JSON column under its key. Methods may answer
 * synchronously or with a promise; the detector awaits either.
 */
export interface BaselineStore {
  /**
   * The state saved under `key`, or undefined when there is none yet.
   */
  get(key: string): Baseline | undefined | Promise<Baseline | undefined>

  /**
   * Saves the state under `key`, replacing the previous one.
   */
  put(key: string, state: Baseline): void | Promise<void>
}

/**
 * Keeps baselines in a Map of the process. The detector mutates the object it got and puts it
 * back, so here `put` costs nothing; a replay uses one of these so that it never touches the
 * company's live baselines.
 */
export class MemoryBaselineStore implements BaselineStore {
  #states = new Map<string, Baseline>()

  get(key: string): Baseline | undefined {
    return this.#states.get(key)
  }

  put(key: string, state: Baseline): void {
    this.#states.set(key, state)
  }

  /**
   * Number of baselines held: people, secrets, departments and companies.
   */
  get size(): number {
    return this.#states.size
  }

  /**
   * Every key and state, for inspection and for measuring the store's size.
   */
  entries(): IterableIterator<[string, Baseline]> {
    return this.#states.entries()
  }
}
