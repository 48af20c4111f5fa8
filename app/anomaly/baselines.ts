import { newHourProfile } from '#anomaly/hour_profile'
import { newRecentSet, newRing } from '#anomaly/bounded'
import type { HourProfile } from '#anomaly/hour_profile'
import type { RecentSet, Ring } from '#anomaly/bounded'

/**
 * Caps that bound every baseline. A person keeps at most this many countries, devices and
 * secrets they read; a group at most this many secrets and countries.
 */
export const CAPS = {
  countries: 16,
  devices: 8,
  personSecrets: 400,
  recentReads: 64,
  firstTouches: 32,
  denials: 32,
  personSpread: 32,
  groupSpread: 64,
  groupSecrets: 4096,
  groupCountries: 64,
  dayReaders: 32,
} as const

/**
 * What the detector knows about one person: when they read (hour profile), from where, with
 * which devices, which secrets, and their recent activity in short sliding windows.
 */
export interface PersonBaseline {
  kind: 'person'
  firstAt: number
  lastAt: number
  accesses: number
  reads: number
  hours: HourProfile
  countries: RecentSet
  devices: RecentSet
  secrets: RecentSet
  recentSecrets: string[]
  recentTimes: number[]
  firstTouchTimes: number[]
  denialTimes: number[]
  spread: Ring
}

/**
 * A department or a whole company: the yardstick for people with too little history, and the
 * memory of which secrets and countries its members use.
 */
export interface GroupBaseline {
  kind: 'group'
  firstAt: number
  lastAt: number
  members: number
  accesses: number
  hours: HourProfile
  secretReaders: RecentSet
  readerCounts: Record<string, number>
  countryPeople: Record<string, number>
  countries: RecentSet
  spread: Ring
}

/**
 * One secret's own pattern: reads and distinct readers per day against their usual level, kept
 * as exponentially weighted mean and variance over the days it was read.
 */
export interface SecretBaseline {
  kind: 'secret'
  firstAt: number
  lastAt: number
  lastUpdateAt: number
  reads: number
  readers: number
  day: number
  dayReads: number
  dayReaders: string[]
  days: number
  readsMean: number
  readsVariance: number
  readersMean: number
  readersVariance: number
}

/**
 * Any state a `BaselineStore` holds; `kind` tells them apart.
 */
export type Baseline = PersonBaseline | GroupBaseline | SecretBaseline

/**
 * An empty baseline for a person first seen at `at`.
 */
export function newPersonBaseline(at: number): PersonBaseline {
  return {
    kind: 'person',
    firstAt: at,
    lastAt: at,
    accesses: 0,
    reads: 0,
    hours: newHourProfile(at),
    countries: newRecentSet(),
    devices: newRecentSet(),
    secrets: newRecentSet(),
    recentSecrets: [],
    recentTimes: [],
    firstTouchTimes: [],
    denialTimes: [],
    spread: newRing(),
  }
}

/**
 * An empty baseline for a department or company first seen at `at`.
 */
export function newGroupBaseline(at: number): GroupBaseline {
  return {
    kind: 'group',
    firstAt: at,
    lastAt: at,
    members: 0,
    accesses: 0,
    hours: newHourProfile(at),
    secretReaders: newRecentSet(),
    readerCounts: {},
    countryPeople: {},
    countries: newRecentSet(),
    spread: newRing(),
  }
}

/**
 * An empty baseline for a secret first seen at `at`.
 */
export function newSecretBaseline(at: number): SecretBaseline {
  return {
    kind: 'secret',
    firstAt: at,
    lastAt: at,
    lastUpdateAt: 0,
    reads: 0,
    readers: 0,
    day: Math.floor(at / 86_400_000),
    dayReads: 0,
    dayReaders: [],
    days: 0,
    readsMean: 0,
    readsVariance: 0,
    readersMean: 0,
    readersVariance: 0,
  }
}

/**
 * Store keys of the baselines an access touches.
 */
export const baselineKeys = {
  person: (company: string, user: string) => `person:${company}:${user}`,
  secret: (company: string, secret: string) => `secret:${company}:${secret}`,
  department: (company: string, department: string) => `department:${company}:${department}`,
  company: (company: string) => `company:${company}`,
}
