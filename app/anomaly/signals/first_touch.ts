import { countSince } from '#anomaly/bounded'
import { formatDuration, PEER_WEIGHT } from '#anomaly/signals/wording'
import type { Reason } from '#anomaly/signal_names'
import type { Situation } from '#anomaly/situation'

const DAY = 86_400_000

/**
 * A secret that nobody read for this long of company history is treated as break-glass.
 */
export const UNREAD_HISTORY_DAYS = 14
const UNREAD_POINTS = 3.5
const BASE_POINTS = 0.5
const RARITY_POINTS = 1.5
const COMMON_SHARE = 0.3
const SWEEP_START = 3
const SWEEP_STEP = 0.5
const SWEEP_MAX = 2

/**
 * First touch: a secret this person never read. It weighs more the fewer of their peers read
 * it (department, or company if more read it there), much more when nobody in the company
 * read it during weeks of history (a break-glass secret), and more again when it is one of
 * several first reads of rarely read secrets within a day (a sweep).
 */
export function firstTouch(situation: Situation, reasons: Reason[]): number {
  if (!situation.firstTouch) {
    return 0
  }
  const { secret, company, event } = situation
  // A secret first seen through an update (its creation or a rotation) is known from then on;
  // one never seen at all is as old as the company's history.
  const knownSince = secret.lastUpdateAt > 0 ? secret.firstAt : company.firstAt
  const history = event.at - knownSince
  if (secret.reads === 0 && history >= UNREAD_HISTORY_DAYS * DAY) {
    const span = formatDuration(history)
    const detail = `first read of this secret by anyone in the company in ${span} of history`
    reasons.push({ signal: 'first_touch', detail, points: UNREAD_POINTS })

    return UNREAD_POINTS
  }

  return peerRarity(situation, reasons)
}

function peerRarity(situation: Situation, reasons: Reason[]): number {
  if (!situation.seasoned && !situation.peers) {
    return 0
  }
  const share = peerShare(situation)
  const rarity = RARITY_POINTS * (1 - Math.min(share / COMMON_SHARE, 1))
  const sweep = situation.seasoned && share < COMMON_SHARE ? sweepPoints(situation) : 0
  const points = situation.seasoned ? BASE_POINTS + rarity + sweep : rarity * PEER_WEIGHT
  if (points <= 0) {
    return 0
  }
  const percent = Math.round(share * 100)
  const firsts =
    sweep > 0 ? `; ${countFirsts(situation) + 1} secrets read for the first time within a day` : ''
  reasons.push({
    signal: 'first_touch',
    detail: `first read of this secret by this person; ${percent}% of their peers read it${firsts}`,
    points,
  })

  return points
}

/**
 * Share of the person's peers who read the secret: the department's share, or the company's
 * when more of the company reads it.
 */
export function peerShare(situation: Situation): number {
  const { department, company, event } = situation
  const companyShare = (company.readerCounts[event.secret] ?? 0) / Math.max(company.members, 1)
  const departmentShare = department
    ? (department.readerCounts[event.secret] ?? 0) / Math.max(department.members, 1)
    : 0

  return Math.max(companyShare, departmentShare)
}

function countFirsts(situation: Situation): number {
  return countSince(situation.person.firstTouchTimes, situation.event.at - DAY)
}

/**
 * Tells whether a first touch counts towards a sweep: only secrets that peers rarely read do,
 * so that picking up a new project's common secrets is not a sweep.
 */
export function countsTowardsSweep(situation: Situation): boolean {
  return peerShare(situation) < COMMON_SHARE
}

function sweepPoints(situation: Situation): number {
  const firsts = countFirsts(situation) + 1

  return firsts >= SWEEP_START ? Math.min((firsts - SWEEP_START + 1) * SWEEP_STEP, SWEEP_MAX) : 0
}
