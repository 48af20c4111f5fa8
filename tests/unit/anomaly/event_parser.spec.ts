import { test } from '@japa/runner'
import { EventFormatError, parseEvent } from '#anomaly/event_parser'

const access = {
  type: 'access',
  at: '2026-01-05T09:12:00Z',
  id: 'a1',
  company: 'acme',
  user: 'u1',
  secret: 's1',
  action: 'reveal',
  ip: '81.2.69.160',
  userAgent: 'Mozilla/5.0',
}

function line(fields: Record<string, unknown>): string {
  return JSON.stringify(fields)
}

function fieldOf(text: string): string | undefined {
  try {
    parseEvent(text)
  } catch (error) {
    return error instanceof EventFormatError ? error.field : 'not an EventFormatError'
  }

  return undefined
}

test.group('Anomaly event parser | valid events', () => {
  test('parses an access with times in epoch milliseconds', ({ assert }) => {
    const event = parseEvent(line({ ...access, device: 'd1', country: 'FR' }))

    assert.deepInclude(event, {
      type: 'access',
      at: Date.UTC(2026, 0, 5, 9, 12),
      country: 'FR',
      device: 'd1',
    })
  })

  test('parses every other event type', ({ assert }) => {
    const at = '2026-01-05T09:00:00.000Z'
    const events = [
      { type: 'profile', at, company: 'acme', user: 'u1', timezone: 'Asia/Tokyo' },
      { type: 'activity', at, company: 'acme', user: 'u1', module: 'crm' },
      { type: 'hr_status', at, user: 'u1', status: 'notice' },
      { type: 'travel', at, user: 'u1', country: 'JP', from: '2026-02-01', to: '2026-02-03' },
    ]

    const types = events.map((event) => parseEvent(line(event)).type)

    assert.deepEqual(types, ['profile', 'activity', 'hr_status', 'travel'])
  })

  test('optional fields may be absent or null', ({ assert }) => {
    const event = parseEvent(line({ ...access, device: null, country: null }))

    assert.notProperty(JSON.parse(JSON.stringify(event)), 'country')
    assert.notProperty(JSON.parse(JSON.stringify(event)), 'device')
  })

  test('accepts an offset instead of Z and converts to UTC', ({ assert }) => {
    const event = parseEvent(line({ ...access, at: '2026-01-05T10:12:00+01:00' }))

    assert.equal(event.at, Date.UTC(2026, 0, 5, 9, 12))
  })
})

test.group('Anomaly event parser | errors name the field', () => {
  test('unknown type', ({ assert }) => {
    assert.equal(fieldOf(line({ ...access, type: 'login' })), 'type')
  })

  test('missing field', ({ assert }) => {
    const { secret, ...withoutSecret } = access

    assert.equal(fieldOf(line(withoutSecret)), 'secret')
    assert.exists(secret)
  })

  test('times that are not ISO 8601 or not on the calendar', ({ assert }) => {
    for (const at of [
      'yesterday',
      '2026-02-30T10:00:00Z',
      '2026-01-05 10:00',
      '2026-01-05T24:00:00Z',
    ]) {
      assert.equal(fieldOf(line({ ...access, at })), 'at', at)
    }
  })

  test('unknown IANA time zone, with the zone in the message', ({ assert }) => {
    const profile = {
      type: 'profile',
      at: access.at,
      company: 'acme',
      user: 'u1',
      timezone: 'Mars/Olympus',
    }

    assert.throws(
      () => parseEvent(line(profile)),
      /field "timezone": unknown IANA time zone "Mars\/Olympus"/
    )
  })

  test('unknown country codes', ({ assert }) => {
    assert.equal(fieldOf(line({ ...access, country: 'XX' })), 'country')
    assert.equal(fieldOf(line({ ...access, country: 'fr' })), 'country')
    const trip = {
      type: 'travel',
      at: access.at,
      user: 'u1',
      country: 'UK',
      from: '2026-02-01',
      to: '2026-02-03',
    }
    assert.equal(fieldOf(line(trip)), 'country')
  })

  test('unknown action and HR status', ({ assert }) => {
    assert.equal(fieldOf(line({ ...access, action: 'delete' })), 'action')
    assert.equal(
      fieldOf(line({ type: 'hr_status', at: access.at, user: 'u1', status: 'fired' })),
      'status'
    )
  })

  test('bad address, trip dates and JSON', ({ assert }) => {
    assert.equal(fieldOf(line({ ...access, ip: '999.1.1.1' })), 'ip')
    const trip = {
      type: 'travel',
      at: access.at,
      user: 'u1',
      country: 'JP',
      from: '2026-02-03',
      to: '2026-02-01',
    }
    assert.equal(fieldOf(line(trip)), 'to')
    assert.equal(fieldOf('{"type": "access",'), '(line)')
    assert.equal(fieldOf('[1, 2]'), '(line)')
  })
})
