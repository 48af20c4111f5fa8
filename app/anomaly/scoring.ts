import { burst } from '#anomaly/signals/burst'
import { firstTouch } from '#anomaly/signals/first_touch'
import { newCountry } from '#anomaly/signals/new_country'
import { newDevice } from '#anomaly/signals/new_device'
import { offHours } from '#anomaly/signals/off_hours'
import { repeatedDenials } from '#anomaly/signals/repeated_denials'
import { secretPattern } from '#anomaly/signals/secret_pattern'
import { formatDuration } from '#anomaly/signals/wording'
import type { Reason, SignalName } from '#anomaly/signal_names'
import type { Situation } from '#anomaly/situation'

type Signal = (situation: Situation, reasons: Reason[]) => number

const SIGNALS: [SignalName, Signal][] = [
  ['off_hours', offHours],
  ['new_country', newCountry],
  ['new_device', newDevice],
  ['burst', burst],
  ['first_touch', firstTouch],
  ['secret_pattern', secretPattern],
  ['repeated_denials', repeatedDenials],
]

const IDLE_AFTER = 3 * 3_600_000
const IDLE_FACTOR = 1.2
const NOTICE_FACTOR = 1.3
const LEAVE_FACTOR = 1.5
const TERMINATED_POINTS = 3

/**
 * A score and the reasons behind it, strongest first.
 */
export interface Score {
  score: number
  reasons: Reason[]
}

/**
 * Adds up the points of the enabled signals, then applies the suite's context: a person on
 * notice or on leave, or a read with no activity anywhere else in the suite for hours, scales
 * the evidence up (it never creates evidence from nothing). An access by a terminated person
 * is evidence of its own.
 */
export function scoreSituation(situation: Situation, enabled: ReadonlySet<SignalName>): Score {
  const reasons: Reason[] = []
  let points = 0
  for (const [name, signal] of SIGNALS) {
    if (enabled.has(name)) {
      points += signal(situation, reasons)
    }
  }
  if (enabled.has('hr_status') && situation.context.hrStatus === 'terminated') {
    reasons.push({
      signal: 'hr_status',
      detail: 'the person no longer works for the company',
      points: TERMINATED_POINTS,
    })
    points += TERMINATED_POINTS
  }
  if (points <= 0) {
    return { score: 0, reasons }
  }

  const factor = hrFactor(situation, enabled, reasons) * idleFactor(situation, enabled, reasons)
  reasons.sort((a, b) => b.points - a.points)

  return { score: Math.round(points * factor * 100) / 100, reasons }
}

function hrFactor(
  situation: Situation,
  enabled: ReadonlySet<SignalName>,
  reasons: Reason[]
): number {
  const status = situation.context.hrStatus
  if (!enabled.has('hr_status') || (status !== 'notice' && status !== 'leave')) {
    return 1
  }
  const factor = status === 'notice' ? NOTICE_FACTOR : LEAVE_FACTOR
  const detail =
    status === 'notice' ? 'the person is working out their notice period' : 'the person is on leave'
  reasons.push({
    signal: 'hr_status',
    detail: `${detail}, which weighs the other signals up`,
    points: 0,
  })

  return factor
}

function idleFactor(
  situation: Situation,
  enabled: ReadonlySet<SignalName>,
  reasons: Reason[]
): number {
  const last = situation.context.lastActivityAt
  const idleFor = last === undefined ? undefined : situation.event.at - last
  if (!enabled.has('suite_idle') || (idleFor !== undefined && idleFor < IDLE_AFTER)) {
    return 1
  }
  const detail =
    idleFor === undefined
      ? 'no activity elsewhere in the suite on record'
      : `no activity elsewhere in the suite for ${formatDuration(idleFor)}`
  reasons.push({
    signal: 'suite_idle',
    detail: `${detail}, which weighs the other signals up`,
    points: 0,
  })

  return IDLE_FACTOR
}
