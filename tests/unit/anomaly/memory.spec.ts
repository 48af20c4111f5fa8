import { test } from '@japa/runner'
import { runReplay } from '#anomaly/replay'
import { MemoryBaselineStore } from '#anomaly/baseline_store'
import { generateScenario } from '#tests/support/anomaly/scenario_generator'

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
