import { test } from '@japa/runner'
import { ODD_GROUPS, generateScenario } from '#tests/support/anomaly/scenario_generator'
import { evaluateScenario } from '#tests/support/anomaly/scenario_quality'

/**
 * Seeds the detector was not tuned on: each draws another company (size, departments, odd
 * groups, incidents), so passing on all of them says more than passing on one.
 */
const SEEDS = [101, 202, 303]

test.group('Anomaly detector | quality on labelled scenarios', () => {
  for (const seed of SEEDS) {
    test('seed {$self}: recall, false alerts and odd groups within the aims')
      .with([seed])
      .run(async ({ assert }, value) => {
        const report = await evaluateScenario(generateScenario({ seed: value }))

        assert.isAtLeast(report.recall, 0.9, `missed ${report.missed.join(', ')}`)
        assert.isAtMost(report.falseAlertsPerPersonMonth, 1)
        for (const group of ODD_GROUPS) {
          assert.isAbove(
            report.groups[group].accesses,
            20,
            `${group} has too few accesses to judge`
          )
          assert.isAtMost(report.groups[group].rate, 0.02, `${group} alerted too often`)
        }
      })
      .timeout(60_000)
  }

  test('the recall aim fails with the signals that catch incidents switched off', async ({
    assert,
  }) => {
    const scenario = generateScenario({ seed: SEEDS[0] })

    const report = await evaluateScenario(scenario, { signals: ['new_device', 'secret_pattern'] })

    assert.isBelow(report.recall, 0.9)
  }).timeout(60_000)

  test('scenarios are reproducible from their seed and differ between seeds', ({ assert }) => {
    const first = generateScenario({ seed: 5, people: 100, days: 20, incidentsPerKind: 1 })
    const again = generateScenario({ seed: 5, people: 100, days: 20, incidentsPerKind: 1 })
    const other = generateScenario({ seed: 6, people: 100, days: 20, incidentsPerKind: 1 })

    assert.deepEqual(again.lines, first.lines)
    assert.notDeepEqual(other.lines, first.lines)
  })
})
