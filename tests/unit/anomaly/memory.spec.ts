import { test } from '@japa/runner'
import { runReplay } from '#anomaly/replay'
import { MemoryBaselineStore } from '#anomaly/baseline_store'
import type { Baseline } from '#anomaly/baselines'
import type { BaselineStore } from '#anomaly/baseline_store'
import { generateScenario } from '#tests/support/anomaly/scenario_generator'

/**
 * Keeps each baseline as a JSON string and answers with promises, like a database store would.
 */
class JsonStore implements BaselineStore {
  rows = new Map<string, string>()

  async get(key: string): Promise<Baseline | undefined> {
    const row = this.rows.get(key)

    return row === undefined ? undefined : JSON.parse(row)
  }

  async put(key: string, state: Baseline): Promise<void> {
    this.rows.set(key, JSON.stringify(state))
  }
}

async function replayedStore(days: number) {
  const scenario = generateScenario({ seed: 7, people: 120, days, incidentsPerKind: 0 })
  const store = new MemoryBaselineStore()
  await runReplay(scenario.lines, { store, write: () => {} })
  let bytes = 0
  for (const [key, state] of store.entries()) {
    bytes += key.length + JSON.stringify(state).length
  }

  return { events: scenario.lines.length, keys: store.size, bytes }
}

test.group('Anomaly baselines | memory', () => {
  test('grows with people and secrets, not with events', async ({ assert }) => {
    const month = await replayedStore(30)
    const season = await replayedStore(120)

    assert.isAbove(season.events, 3.5 * month.events)
    assert.isAtMost(season.keys, month.keys + 20)
    assert.isBelow(season.bytes, 1.5 * month.bytes)
  }).timeout(60_000)
})

test.group('Anomaly baselines | storage', () => {
  test('an asynchronous store of JSON rows gives the same alerts as the memory store', async ({
    assert,
  }) => {
    const scenario = generateScenario({ seed: 8, people: 100, days: 40, incidentsPerKind: 1 })
    const inMemory: string[] = []
    const inJson: string[] = []
    const jsonStore = new JsonStore()

    await runReplay(scenario.lines, { write: (line) => inMemory.push(line) })
    await runReplay(scenario.lines, { store: jsonStore, write: (line) => inJson.push(line) })

    assert.isAbove(inMemory.length, 5)
    assert.deepEqual(inJson, inMemory)
    assert.isAbove(jsonStore.rows.size, 100)
  }).timeout(60_000)
})
