import { Readable } from 'node:stream'
import { test } from '@japa/runner'
import { linesOf, ReplayError, runReplay } from '#anomaly/replay'

const PROFILE = JSON.stringify({
  type: 'profile',
  at: '2026-01-05T08:00:00Z',
  company: 'acme',
  user: 'ann',
  timezone: 'Europe/Paris',
})

/**
 * An access line; `extra` is spliced in raw, to add or override fields.
 */
function access(at: string, extra = ''): string {
  const fields = { type: 'access', at, id: `a-${at}`, company: 'acme', user: 'ann', secret: 's1' }
  const place = { action: 'reveal', ip: '192.0.2.1', userAgent: 'UA', country: 'FR' }

  return `${JSON.stringify({ ...fields, ...place }).slice(0, -1)}${extra}}`
}

/**
 * A quiet month of reads at 10:00 Paris time, then one read at 03:00 on the last day.
 */
function history(): string[] {
  const lines = [PROFILE]
  for (let day = 5; day <= 30; day++) {
    lines.push(access(`2026-01-${String(day).padStart(2, '0')}T09:00:00.000Z`))
  }
  lines.push(access('2026-01-31T02:00:00.000Z'))

  return lines
}

async function failure(lines: string[]): Promise<ReplayError> {
  try {
    await runReplay(lines, { write: () => {} })
  } catch (error) {
    return error as ReplayError
  }
  throw new Error('the replay did not fail')
}

test.group('Anomaly replay | output', () => {
  test('writes one JSON line per alert in the documented shape', async ({ assert }) => {
    const written: string[] = []

    const summary = await runReplay(history(), { write: (line) => written.push(line) })

    assert.lengthOf(written, 1)
    assert.isTrue(written[0].endsWith('\n'))
    const alert = JSON.parse(written[0])
    assert.deepEqual(Object.keys(alert), ['event', 'user', 'secret', 'score', 'reasons'])
    assert.equal(alert.event, 'a-2026-01-31T02:00:00.000Z')
    assert.isAtLeast(alert.score, 3)
    assert.deepEqual(Object.keys(alert.reasons[0]), ['signal', 'detail'])
    assert.match(alert.reasons[0].detail, /^read at 03:00 local time/)
    assert.deepEqual(summary.eventsRead, 28)
    assert.deepEqual(summary.alertsRaised, 1)
  })

  test('a higher threshold raises fewer alerts', async ({ assert }) => {
    const written: string[] = []

    const summary = await runReplay(history(), {
      threshold: 10,
      write: (line) => written.push(line),
    })

    assert.equal(summary.alertsRaised, 0)
    assert.lengthOf(written, 0)
  })

  test('each replay starts from empty baselines of its own', async ({ assert }) => {
    const first: string[] = []
    const second: string[] = []

    await runReplay(history(), { write: (line) => first.push(line) })
    await runReplay(history(), { write: (line) => second.push(line) })

    assert.deepEqual(second, first)
  })

  test('reads a stream, skipping blank lines but counting them', async ({ assert }) => {
    const input = Readable.from([
      `${PROFILE}\n\n`,
      `${access('2026-01-05T09:00:00Z')}\r\n`,
      '{"type":',
    ])

    const error = await runReplay(linesOf(input), { write: () => {} }).catch((e) => e)

    assert.instanceOf(error, ReplayError)
    assert.equal(error.line, 4)
  })
})

test.group('Anomaly replay | bad input', () => {
  test('a malformed line stops the replay with its number and field', async ({ assert }) => {
    const lines = [
      PROFILE,
      access('2026-01-05T09:00:00Z'),
      access('2026-01-05T09:10:00Z', ',"country":"ZZ"'),
    ]

    const error = await failure(lines)

    assert.equal(error.line, 3)
    assert.equal(
      error.message,
      'line 3: field "country": unknown ISO 3166 alpha-2 country code "ZZ"'
    )
  })

  test('an event earlier than the one before it is an error naming the line', async ({
    assert,
  }) => {
    const lines = [PROFILE, access('2026-01-05T09:00:00Z'), access('2026-01-05T08:59:59Z')]

    const error = await failure(lines)

    assert.equal(error.line, 3)
    assert.match(error.message, /earlier than the one before it/)
  })

  test('an unknown time zone names the zone and the line', async ({ assert }) => {
    const error = await failure([PROFILE.replace('Europe/Paris', 'Europe/Atlantis')])

    assert.equal(
      error.message,
      'line 1: field "timezone": unknown IANA time zone "Europe/Atlantis"'
    )
  })

  test('a threshold out of range is refused before reading', async ({ assert }) => {
    await assert.rejects(
      () => runReplay(history(), { threshold: 0, write: () => {} }),
      /threshold must be a number from 1 to 10, got 0/
    )
  })
})
