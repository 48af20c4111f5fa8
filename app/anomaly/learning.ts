import { CAPS } from '#anomaly/baselines'
import { addHour } from '#anomaly/hour_profile'
import { pruneTimes, pushRing, pushTime, touchKey } from '#anomaly/bounded'
import { SHORT_WINDOW } from '#anomaly/situation'
import { countsTowardsSweep } from '#anomaly/signals/first_touch'
import type { GroupBaseline, PersonBaseline, SecretBaseline } from '#anomaly/baselines'
import type { Situation } from '#anomaly/situation'

const DAY = 86_400_000
const DAILY_SMOOTHING = 0.1

/**
 * Folds one access into every baseline it touches, in constant time: the person's, the
 * secret's, the department's and the company's. Called after scoring, so that an access is
 * judged against the history before it.
 */
export function learn(situation: Situation): void {
  const { person, company, department, event } = situation
  const newcomer = person.accesses === 0
  learnGroup(company, situation, newcomer)
  if (department) {
    learnGroup(department, situation, newcomer)
  }
  learnPlace(situation)
  if (situation.read) {
    learnRead(situation)
  } else if (event.action === 'denied') {
    pruneTimes(person.denialTimes, event.at - SHORT_WINDOW)
    pushTime(person.denialTimes, event.at, CAPS.denials)
  } else if (event.action === 'update') {
    situation.secret.lastUpdateAt = event.at
  }
  learnPerson(person, situation)
}

function learnPerson(person: PersonBaseline, situation: Situation): void {
  person.accesses++
  person.lastAt = situation.event.at
  addHour(person.hours, situation.local, situation.event.at)
  touchKey(person.devices, situation.deviceKey, situation.event.at, CAPS.devices)
}

function learnGroup(group: GroupBaseline, situation: Situation, newcomer: boolean): void {
  group.accesses++
  group.lastAt = situation.event.at
  if (newcomer) {
    group.members++
  }
  addHour(group.hours, situation.local, situation.event.at)
  if (situation.read) {
    pushRing(group.spread, situation.distinctInWindow, CAPS.groupSpread)
  }
}

function learnPlace(situation: Situation): void {
  const { country, person, company, event } = situation
  if (!country) {
    return
  }
  if (person.countries.seen[country] === undefined) {
    company.countryPeople[country] = (company.countryPeople[country] ?? 0) + 1
  }
  touchKey(person.countries, country, event.at, CAPS.countries)
  const evicted = touchKey(company.countries, country, event.at, CAPS.groupCountries)
  if (evicted !== undefined) {
    delete company.countryPeople[evicted]
  }
}

function learnRead(situation: Situation): void {
  const { person, event, secret } = situation
  person.reads++
  if (situation.firstTouch) {
    learnFirstTouch(situation)
  }
  touchKey(person.secrets, event.secret, event.at, CAPS.personSecrets)
  rememberRecentRead(person, event.secret, event.at)
  pushRing(person.spread, situation.distinctInWindow, CAPS.personSpread)
  learnSecretDay(secret, event.user, event.at)
}

function learnFirstTouch(situation: Situation): void {
  const { person, event, secret, company, department } = situation
  if (countsTowardsSweep(situation)) {
    pruneTimes(person.firstTouchTimes, event.at - DAY)
    pushTime(person.firstTouchTimes, event.at, CAPS.firstTouches)
  }
  secret.readers++
  countReader(company, event.secret, event.at)
  if (department) {
    countReader(department, event.secret, event.at)
  }
}

function countReader(group: GroupBaseline, secret: string, at: number): void {
  group.readerCounts[secret] = (group.readerCounts[secret] ?? 0) + 1
  const evicted = touchKey(group.secretReaders, secret, at, CAPS.groupSecrets)
  if (evicted !== undefined) {
    delete group.readerCounts[evicted]
  }
}

/**
 * Keeps the distinct secrets read in the last window, oldest first; a re-read moves its secret
 * to the end so that times stay sorted.
 */
function rememberRecentRead(person: PersonBaseline, secret: string, at: number): void {
  const { recentSecrets, recentTimes } = person
  let drop = 0
  while (drop < recentTimes.length && recentTimes[drop] < at - SHORT_WINDOW) {
    drop++
  }
  if (drop > 0) {
    recentSecrets.splice(0, drop)
    recentTimes.splice(0, drop)
  }
  const index = recentSecrets.indexOf(secret)
  if (index >= 0) {
    recentSecrets.splice(index, 1)
    recentTimes.splice(index, 1)
  } else if (recentSecrets.length >= CAPS.recentReads) {
    recentSecrets.shift()
    recentTimes.shift()
  }
  recentSecrets.push(secret)
  recentTimes.push(at)
}

/**
 * Counts a read in the secret's current day, closing the previous day into the running mean
 * and variance when the day changed.
 */
function learnSecretDay(secret: SecretBaseline, user: string, at: number): void {
  const today = Math.floor(at / DAY)
  if (today !== secret.day) {
    closeDay(secret)
    secret.day = today
  }
  secret.reads++
  secret.lastAt = at
  secret.dayReads++
  if (secret.dayReaders.length < CAPS.dayReaders && !secret.dayReaders.includes(user)) {
    secret.dayReaders.push(user)
  }
}

function closeDay(secret: SecretBaseline): void {
  if (secret.dayReads > 0) {
    const alpha = Math.max(1 / (secret.days + 1), DAILY_SMOOTHING)
    ;[secret.readsMean, secret.readsVariance] = smooth(
      secret.readsMean,
      secret.readsVariance,
      secret.dayReads,
      alpha
    )
    ;[secret.readersMean, secret.readersVariance] = smooth(
      secret.readersMean,
      secret.readersVariance,
      secret.dayReaders.length,
      alpha
    )
    secret.days++
  }
  secret.dayReads = 0
  secret.dayReaders.length = 0
}

/**
 * Exponentially weighted mean and variance after one more value.
 */
function smooth(mean: number, variance: number, value: number, alpha: number): [number, number] {
  const diff = value - mean
  const increment = alpha * diff

  return [mean + increment, (1 - alpha) * (variance + diff * increment)]
}
