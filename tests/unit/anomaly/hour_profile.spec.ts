import { test } from '@japa/runner'
import { clockOf, formatHour } from '#anomaly/zone_clock'
import {
  addHour,
  circularHours,
  hourDistance,
  newHourProfile,
  usualHours,
} from '#anomaly/hour_profile'
import { hoursOutside } from '#anomaly/signals/off_hours'

function profileOf(hours: number[]) {
  const profile = newHourProfile(0)
  for (const hour of hours) {
    addHour(profile, { hour, weekday: 1, day: 0 }, 0)
  }

  return profile
}

test.group('Anomaly hours | circular arithmetic', () => {
  test('23:30 and 00:30 are one hour apart', ({ assert }) => {
    assert.equal(hourDistance(23.5, 0.5), 1)
    assert.equal(hourDistance(0.5, 23.5), 1)
    assert.equal(hourDistance(6, 18), 12)
  })

  test('the mean of 23:30 and 00:30 is midnight, not noon', ({ assert }) => {
    const { mean, spread } = circularHours(profileOf([23.5, 0.5, 23.5, 0.5]))

    assert.closeTo(hourDistance(mean, 0), 0, 1e-6)
    assert.isBelow(spread, 1)
  })

  test('usual hours of a night worker run across midnight', ({ assert }) => {
    const hours = Array.from({ length: 80 }, (_, index) => (22 + (index % 8) + 0.5) % 24)

    const [start, end] = usualHours(profileOf(hours))

    assert.isAbove(start, 21)
    assert.isBelow(end, 7)
    assert.equal(hoursOutside([start, end], 1), 0)
    assert.isAbove(hoursOutside([start, end], 12), 4)
  })

  test('distance outside a stretch is measured around the clock', ({ assert }) => {
    assert.equal(hoursOutside([9, 17], 12), 0)
    assert.equal(hoursOutside([9, 17], 19), 2)
    assert.equal(hoursOutside([9, 17], 6), 3)
    assert.equal(hoursOutside([22, 6], 23.5), 0)
    assert.equal(hoursOutside([22, 6], 8), 2)
  })
})

test.group('Anomaly hours | local time', () => {
  test('follows daylight saving time of the zone', ({ assert }) => {
    const paris = clockOf('Europe/Paris')

    const winter = paris.localTime(Date.UTC(2026, 0, 15, 8, 0))
    const summer = paris.localTime(Date.UTC(2026, 6, 15, 8, 0))

    assert.equal(formatHour(winter.hour), '09:00')
    assert.equal(formatHour(summer.hour), '10:00')
  })

  test('gets the offset right on the day of the change', ({ assert }) => {
    const paris = clockOf('Europe/Paris')

    const before = paris.localTime(Date.UTC(2026, 2, 29, 0, 30))
    const after = paris.localTime(Date.UTC(2026, 2, 29, 1, 30))

    assert.equal(formatHour(before.hour), '01:30')
    assert.equal(formatHour(after.hour), '03:30')
  })

  test('gives weekdays Monday first and crosses the date line', ({ assert }) => {
    const tokyo = clockOf('Asia/Tokyo').localTime(Date.UTC(2026, 0, 4, 20, 0))

    assert.equal(tokyo.weekday, 0)
    assert.equal(formatHour(tokyo.hour), '05:00')
  })
})
