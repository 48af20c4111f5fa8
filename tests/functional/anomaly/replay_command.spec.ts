import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateScenario } from '#tests/support/anomaly/scenario_generator'

/** Runs `node ace vault:anomaly:replay` as a person would, in its own process. */
function replay(args: string[], input?: string) {
  const run = spawnSync(process.execPath, ['ace', 'vault:anomaly:replay', ...args], {
    cwd: app.appRoot,
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })

  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

test.group('Anomaly replay | command', (group) => {
  let folder: string
  group.setup(() => {
    folder = mkdtempSync(join(tmpdir(), 'vault-replay-'))
  })

  test('replays a generated history and writes one explained line per alert', ({ assert }) => {
    const scenario = generateScenario({ seed: 7, people: 100, days: 45 })
    const input = join(folder, 'history.jsonl')
    const output = join(folder, 'alerts.jsonl')
    writeFileSync(input, scenario.lines.join('\n') + '\n')

    const run = replay([input, '--output', output])

    assert.equal(run.status, 0, run.stderr)
    assert.match(
      run.stderr,
      new RegExp(`events read: ${scenario.lines.length}, alerts raised: \\d+`)
    )
    const accessIds = new Set(scenario.lines.map((line) => JSON.parse(line).id).filter(Boolean))
    const alerts = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    assert.isAbove(alerts.length, 0)
    for (const alert of alerts) {
      assert.properties(alert, ['event', 'user', 'secret', 'score', 'reasons'])
      assert.isAtLeast(alert.score, 3)
      assert.isTrue(accessIds.has(alert.event))
      assert.isAbove(alert.reasons.length, 0)
      assert.match(alert.reasons[0].detail, /[a-z]{3,} /)
    }
    const incidents = new Set(scenario.incidents.flatMap((incident) => incident.accessIds))
    assert.isTrue(alerts.some((alert) => incidents.has(alert.event)))
  }).timeout(60_000)

  test('reads standard input and honours the threshold', ({ assert }) => {
    const scenario = generateScenario({ seed: 8, people: 100, days: 45 })
    const input = scenario.lines.join('\n')

    const strict = replay(['-', '--threshold', '2'], input)
    const lenient = replay(['-', '--threshold', '8'], input)

    assert.equal(strict.status, 0)
    assert.equal(lenient.status, 0)
    const count = (text: string) => text.trim().split('\n').filter(Boolean).length
    assert.isAbove(count(strict.stdout), count(lenient.stdout))
  }).timeout(60_000)

  test('a malformed line stops the replay with its number and exit 1', ({ assert }) => {
    const lines = [
      '{"type":"profile","at":"2026-01-01T00:00:00Z","user":"u1","timezone":"Europe/Paris","company":"c"}',
      '{"type":"access","at":"2026-01-02T09:00:00Z","id":"a1","company":"c","user":"u1"}',
    ]

    const run = replay(['-'], lines.join('\n'))

    assert.equal(run.status, 1)
    assert.match(run.stderr, /line 2: .*field/)
  })

  test('an unknown time zone and an out-of-range threshold are named', ({ assert }) => {
    const zone =
      '{"type":"profile","at":"2026-01-01T00:00:00Z","user":"u1","timezone":"Mars/Base","company":"c"}'

    const badZone = replay(['-'], zone)
    const badThreshold = replay(['-', '--threshold', '40'], zone)

    assert.equal(badZone.status, 1)
    assert.match(badZone.stderr, /line 1: .*Mars\/Base/)
    assert.equal(badThreshold.status, 1)
    assert.include(badThreshold.stderr, 'threshold must be a number from 1 to 10, got 40')
  })
})
