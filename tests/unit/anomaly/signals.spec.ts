import { test } from '@japa/runner'
import { at, HistoryBuilder } from '#tests/support/anomaly/history_builder'
import type { Assessment } from '#anomaly/detector'
import type { Routine } from '#tests/support/anomaly/history_builder'

const TEAM = ['bob', 'cai', 'dee', 'eli', 'fay']
const TEAM_SECRETS = ['engineering-1', 'engineering-2', 'engineering-3', 'engineering-4']

/**
 * Ann and five colleagues read the team's four secrets at 10:00, 12:00, 14:00 and 16:00 UTC on
 * weekdays for three weeks; tests then add one access.
 */
async function team(options: { routine?: Partial<Routine> } = {}) {
  const builder = new HistoryBuilder()
  for (const user of ['ann', ...TEAM]) {
    builder.profile(user)
    await builder.routine(user, { days: 20, secrets: TEAM_SECRETS, perDay: 4, ...options.routine })
  }

  return builder
}

/**
 * The signals behind a score, without the context factors that only scale them.
 */
function signals(assessment: Assessment): string[] {
  return assessment.reasons
    .map((reason) => reason.signal)
    .filter((signal) => signal !== 'suite_idle' && signal !== 'hr_status')
}

test.group('Anomaly signals | off hours', () => {
  test('a read at 03:10 is flagged with a plain sentence', async ({ assert }) => {
    const builder = await team()

    const result = await builder.assess({ user: 'ann', at: at('2026-01-27T03:10:00Z') })

    assert.isTrue(result.alert)
    const reason = result.reasons.find((r) => r.signal === 'off_hours')!
    assert.match(
      reason.detail,
      /^read at 03:10 local time; usual hours 10:\d\d-16:\d\d, on weekdays$/
    )
  })

  test('a read inside usual hours is not', async ({ assert }) => {
    const builder = await team()

    const result = await builder.assess({ user: 'ann', at: at('2026-01-27T11:00:00Z') })

    assert.deepEqual(result.reasons, [])
    assert.equal(result.score, 0)
  })

  test('activity elsewhere in the suite just before takes most of the weight away', async ({
    assert,
  }) => {
    const builder = await team()
    const idle = await builder.detector.score(
      builder.access({ user: 'ann', at: at('2026-01-27T03:10:00Z') })
    )
    builder.record({
      type: 'activity',
      at: at('2026-01-27T03:00:00Z'),
      company: 'acme',
      user: 'ann',
      module: 'helpdesk',
    })

    const onCall = await builder.detector.score(
      builder.access({ user: 'ann', at: at('2026-01-27T03:10:00Z') })
    )

    assert.isTrue(idle.alert)
    assert.isFalse(onCall.alert)
    assert.match(onCall.reasons[0].detail, /active elsewhere in the suite 10 minutes before/)
  })

  test('on a trip the hour follows the destination clock', async ({ assert }) => {
    const builder = await team()
    builder.record({
      type: 'travel',
      at: at('2026-01-20T10:00:00Z'),
      user: 'ann',
      country: 'JP',
      from: '2026-01-26',
      to: '2026-01-30',
    })

    // 01:00 UTC is 10:00 in Tokyo, a usual hour for Ann, and Japan is where the trip goes.
    const result = await builder.assess({
      user: 'ann',
      at: at('2026-01-27T01:00:00Z'),
      country: 'JP',
    })

    assert.deepEqual(signals(result), [])
  })

  test('a person with too little history is compared with colleagues, at lower weight', async ({
    assert,
  }) => {
    const builder = await team()
    builder.profile('gus')
    await builder.routine('gus', { firstDay: '2026-01-26', days: 2, secrets: TEAM_SECRETS })

    const result = await builder.assess({ user: 'gus', at: at('2026-01-28T03:10:00Z') })
    const seasoned = await builder.detector.score(
      builder.access({ user: 'ann', at: at('2026-01-28T03:10:00Z') })
    )

    assert.match(result.reasons[0].detail, /usual hours of their colleagues/)
    assert.isBelow(result.score, seasoned.score)
  })

  test('judges nothing while neither the person nor the company has history', async ({
    assert,
  }) => {
    const builder = new HistoryBuilder()
    builder.profile('ann')
    await builder.routine('ann', { days: 3, secrets: TEAM_SECRETS })

    const result = await builder.assess({
      user: 'ann',
      at: at('2026-01-08T03:10:00Z'),
      country: 'BR',
    })

    assert.equal(result.score, 0)
  })
})

test.group('Anomaly signals | place and device', () => {
  test('a country never seen and not in the calendar is flagged', async ({ assert }) => {
    const builder = await team()

    const result = await builder.assess({
      user: 'ann',
      at: at('2026-01-27T11:00:00Z'),
      country: 'BR',
    })

    assert.isTrue(result.alert)
    assert.match(
      result.reasons[0].detail,
      /from Brazil \(BR\), a country never seen for this person and not in their travel calendar/
    )
  })

  test('a new country that matches a trip is expected', async ({ assert }) => {
    const builder = await team()
    builder.record({
      type: 'travel',
      at: at('2026-01-20T10:00:00Z'),
      user: 'ann',
      country: 'BR',
      from: '2026-01-26',
      to: '2026-01-28',
    })

    const result = await builder.assess({
      user: 'ann',
      at: at('2026-01-27T15:00:00Z'),
      country: 'BR',
    })

    assert.notInclude(signals(result), 'new_country')
  })

  test('the country comes from the address when the event has none', async ({ assert }) => {
    const builder = await team()
    const located = new HistoryBuilder({
      store: builder.store,
      context: builder.context,
      locate: () => 'BR',
    })

    const result = await located.assess({
      user: 'ann',
      at: at('2026-01-27T11:00:00Z'),
      country: undefined,
    })

    assert.include(signals(result), 'new_country')
  })

  test('a country that many colleagues use weighs less than an unknown one', async ({ assert }) => {
    const builder = await team()
    for (const user of TEAM) {
      await builder.assess({ user, at: at('2026-01-26T10:00:00Z'), country: 'NL' })
    }

    const vpn = await builder.detector.score(
      builder.access({ user: 'ann', at: at('2026-01-27T11:00:00Z'), country: 'NL' })
    )
    const unknown = await builder.detector.score(
      builder.access({ user: 'ann', at: at('2026-01-27T11:00:00Z'), country: 'BR' })
    )

    assert.deepEqual(signals(vpn), ['new_country'])
    assert.isFalse(vpn.alert)
    assert.isTrue(unknown.alert)
  })

  test('a new device alone stays below the threshold', async ({ assert }) => {
    const builder = await team()

    const result = await builder.assess({
      user: 'ann',
      at: at('2026-01-27T11:00:00Z'),
      device: 'phone-2',
    })

    assert.deepEqual(signals(result), ['new_device'])
    assert.isFalse(result.alert)
  })

  test('a browser update is not a new device, another browser is', async ({ assert }) => {
    const builder = await team({ routine: { device: null } })
    const noDevice = { device: undefined, at: at('2026-01-27T11:00:00Z'), user: 'ann' }

    const updated = await builder.assess({ ...noDevice, userAgent: 'Mozilla/5.0 Chrome/121.0.2' })
    const other = await builder.assess({ ...noDevice, userAgent: 'Mozilla/5.0 Firefox/133.0' })

    assert.deepEqual(signals(updated), [])
    assert.deepEqual(signals(other), ['new_device'])
  })
})

test.group('Anomaly signals | volume and rarity', () => {
  test('many distinct secrets within minutes is a burst', async ({ assert }) => {
    const builder = await team()
    const results: Assessment[] = []

    for (let index = 0; index < 12; index++) {
      const time = at('2026-01-27T11:00:00Z') + index * 60_000
      results.push(await builder.assess({ user: 'ann', at: time, secret: `finance-${index}` }))
    }

    const last = results[results.length - 1]
    assert.include(signals(last), 'burst')
    assert.match(
      last.reasons.find((r) => r.signal === 'burst')!.detail,
      /12 different secrets read within an hour; usually about 1/
    )
    assert.isTrue(last.alert)
  })

  test('the first read of a secret nobody read in weeks is flagged', async ({ assert }) => {
    const builder = await team()

    const result = await builder.assess({
      user: 'ann',
      at: at('2026-01-27T11:00:00Z'),
      secret: 'break-glass-root',
    })

    assert.isTrue(result.alert)
    assert.match(result.reasons[0].detail, /first read of this secret by anyone in the company/)
  })

  test('a first touch weighs more when peers do not read the secret', async ({ assert }) => {
    const builder = await team()
    await builder.assess({ user: 'bob', at: at('2026-01-26T10:00:00Z'), secret: 'engineering-9' })
    await builder.assess({ user: 'cai', at: at('2026-01-26T10:00:00Z'), secret: 'engineering-9' })
    await builder.assess({ user: 'bob', at: at('2026-01-26T10:00:00Z'), secret: 'finance-1' })

    const common = await builder.detector.score(
      builder.access({ user: 'ann', at: at('2026-01-27T11:00:00Z'), secret: 'engineering-9' })
    )
    const rare = await builder.detector.score(
      builder.access({ user: 'ann', at: at('2026-01-27T11:00:00Z'), secret: 'finance-1' })
    )

    assert.isAbove(rare.score, common.score)
    assert.isFalse(rare.alert)
  })

  test('a secret suddenly read by many people shows its own pattern', async ({ assert }) => {
    const builder = await team()
    const everyone = ['ann', ...TEAM]
    for (let reader = 0; reader < 6; reader++) {
      builder.profile(`new${reader}`)
    }

    let last: Assessment | undefined
    for (const [index, user] of [...everyone, 'new0', 'new1', 'new2', 'new3'].entries()) {
      last = await builder.assess({
        user,
        at: at('2026-01-27T10:00:00Z') + index * 600_000,
        secret: 'engineering-1',
      })
    }

    assert.include(signals(last!), 'secret_pattern')
    assert.match(
      last!.reasons.find((r) => r.signal === 'secret_pattern')!.detail,
      /readers .* today; usually about/
    )
  })

  test('first reads of rarely read secrets within a day add up to a sweep', async ({ assert }) => {
    const builder = await team()
    const secrets = ['finance-1', 'finance-2', 'finance-3', 'finance-4', 'finance-5', 'finance-6']
    for (const secret of secrets) {
      await builder.assess({ user: 'bob', at: at('2026-01-26T09:00:00Z'), secret })
    }

    const scores: number[] = []
    for (const [index, secret] of secrets.entries()) {
      const time = at('2026-01-27T09:00:00Z') + index * 3_600_000
      const result = await builder.assess({ user: 'ann', at: time, secret })
      scores.push(result.score)
    }

    assert.isBelow(scores[0], 3)
    assert.deepEqual(
      [...scores].sort((a, b) => a - b),
      scores
    )
    assert.isAtLeast(scores[5], 3)
  })

  test('a rise in readers right after an update of the value is expected', async ({ assert }) => {
    const builder = await team()
    for (const user of ['owner', 'new0', 'new1', 'new2', 'new3']) {
      builder.profile(user)
    }
    await builder.assess({ user: 'owner', at: at('2026-01-27T08:00:00Z'), action: 'update' })

    let last: Assessment | undefined
    for (const [index, user] of [...TEAM, 'ann', 'new0', 'new1', 'new2', 'new3'].entries()) {
      last = await builder.assess({ user, at: at('2026-01-27T10:00:00Z') + index * 600_000 })
    }

    assert.notInclude(signals(last!), 'secret_pattern')
  })

  test('one refused click is nothing, four within an hour are an alert', async ({ assert }) => {
    const builder = await team()
    const denied = { user: 'ann', action: 'denied' as const, secret: 'finance-1' }

    const first = await builder.assess({ ...denied, at: at('2026-01-27T10:00:00Z') })
    await builder.assess({ ...denied, at: at('2026-01-27T10:05:00Z') })
    await builder.assess({ ...denied, at: at('2026-01-27T10:09:00Z') })
    const fourth = await builder.assess({ ...denied, at: at('2026-01-27T10:12:00Z') })

    assert.deepEqual(signals(first), [])
    assert.isTrue(fourth.alert)
    assert.match(fourth.reasons[0].detail, /4 refused attempts within an hour/)
  })
})

test.group('Anomaly signals | context and settings', () => {
  test('notice and leave weigh the same evidence up', async ({ assert }) => {
    const builder = await team()
    const access = builder.access({
      user: 'ann',
      at: at('2026-01-27T11:00:00Z'),
      secret: 'finance-1',
    })

    const active = await builder.detector.score(access)
    builder.record({ type: 'hr_status', at: access.at, user: 'ann', status: 'notice' })
    const notice = await builder.detector.score(access)
    builder.record({ type: 'hr_status', at: access.at, user: 'ann', status: 'leave' })
    const leave = await builder.detector.score(access)

    assert.isAbove(notice.score, active.score)
    assert.isAbove(leave.score, notice.score)
    const context = notice.reasons.find((reason) => reason.signal === 'hr_status')
    assert.match(context!.detail, /working out their notice period/)
  })

  test('context never creates evidence from nothing', async ({ assert }) => {
    const builder = await team()
    builder.record({ type: 'hr_status', at: 0, user: 'ann', status: 'notice' })

    const result = await builder.assess({ user: 'ann', at: at('2026-01-27T11:00:00Z') })

    assert.equal(result.score, 0)
  })

  test('an access by a terminated person is flagged', async ({ assert }) => {
    const builder = await team()
    builder.record({ type: 'hr_status', at: 0, user: 'ann', status: 'terminated' })

    const result = await builder.assess({ user: 'ann', at: at('2026-01-27T11:00:00Z') })

    assert.isTrue(result.alert)
  })

  test('a switched-off signal does not count', async ({ assert }) => {
    const builder = await team()
    const quiet = new HistoryBuilder({
      store: builder.store,
      context: builder.context,
      signals: ['new_country', 'burst'],
    })

    const result = await quiet.detector.score(
      quiet.access({ user: 'ann', at: at('2026-01-27T03:10:00Z') })
    )

    assert.equal(result.score, 0)
  })

  test('the threshold decides the alert', async ({ assert }) => {
    const builder = await team()
    const strict = new HistoryBuilder({
      store: builder.store,
      context: builder.context,
      threshold: 1,
    })

    const result = await strict.detector.score(
      strict.access({ user: 'ann', at: at('2026-01-27T11:00:00Z'), device: 'tablet' })
    )

    assert.isTrue(result.alert)
  })

  test('a threshold outside 1 to 10 is refused with the range', ({ assert }) => {
    for (const threshold of [0.5, 11, Number.NaN]) {
      assert.throws(
        () => new HistoryBuilder({ threshold }),
        /threshold must be a number from 1 to 10/
      )
    }
  })

  test('an unknown signal name is refused with the known ones', ({ assert }) => {
    assert.throws(
      () => new HistoryBuilder({ signals: ['psychic' as 'burst'] }),
      /unknown signal "psychic"; known signals are off_hours/
    )
  })
})
