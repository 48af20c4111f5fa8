import { learn } from '#anomaly/learning'
import { situate } from '#anomaly/situation'
import { scoreSituation } from '#anomaly/scoring'
import { deviceKeyOf } from '#anomaly/device_key'
import { locateCountry } from '#anomaly/geo_locator'
import { SIGNAL_NAMES } from '#anomaly/signal_names'
import {
  baselineKeys,
  newGroupBaseline,
  newPersonBaseline,
  newSecretBaseline,
} from '#anomaly/baselines'
import type { Score } from '#anomaly/scoring'
import type { AccessEvent } from '#anomaly/events'
import type { SignalName } from '#anomaly/signal_names'
import type { CountryLocator } from '#anomaly/geo_locator'
import type { BaselineStore } from '#anomaly/baseline_store'
import type { ContextSource } from '#anomaly/context_source'
import type { Situation, LoadedBaselines } from '#anomaly/situation'
import type { GroupBaseline, PersonBaseline, SecretBaseline } from '#anomaly/baselines'

/**
 * The alert threshold when a company has not set its own, and the range a company may set.
 */
export const DEFAULT_THRESHOLD = 3
export const THRESHOLD_RANGE = { min: 1, max: 10 } as const

/**
 * What a detector works with: where baselines live, where suite context comes from, and the
 * company's settings.
 */
export interface DetectorOptions {
  store: BaselineStore
  context: ContextSource
  /** Score at or above which an access raises an alert; 1 to 10, default 3. */
  threshold?: number
  /** Signals that count; all of them when absent. */
  signals?: Iterable<SignalName>
  /** Country of an address when the event has none; the offline geoip database by default. */
  locate?: CountryLocator
}

/**
 * A scored access: the score, every reason that contributed, and whether it is an alert.
 */
export interface Assessment extends Score {
  alert: boolean
}

/**
 * Refuses a threshold outside the sane range, with an error that states the range.
 */
export function validateThreshold(threshold: number): number {
  if (
    !Number.isFinite(threshold) ||
    threshold < THRESHOLD_RANGE.min ||
    threshold > THRESHOLD_RANGE.max
  ) {
    const { min, max } = THRESHOLD_RANGE
    throw new RangeError(`threshold must be a number from ${min} to ${max}, got ${threshold}`)
  }

  return threshold
}

/**
 * Refuses unknown signal names, listing the known ones.
 */
export function validateSignals(signals: Iterable<string>): Set<SignalName> {
  const known = new Set<string>(SIGNAL_NAMES)
  for (const name of signals) {
    if (!known.has(name)) {
      throw new RangeError(`unknown signal "${name}"; known signals are ${SIGNAL_NAMES.join(', ')}`)
    }
  }

  return new Set(signals as Iterable<SignalName>)
}

/**
 * Scores accesses to secrets against per-person, per-secret, per-department and per-company
 * baselines, and learns from them. The same instance serves the live read path and a replay;
 * it holds no state of its own besides its options, everything else lives in the store.
 * Concurrent calls on an asynchronous store may interleave their read-modify-write of the
 * baselines they share (the person's, the secret's, the department's, the company's), losing an
 * update now and then; a store that needs exact counts serializes calls per company.
 */
export class Detector {
  readonly threshold: number
  readonly signals: ReadonlySet<SignalName>
  #store: BaselineStore
  #context: ContextSource
  #locate: CountryLocator

  constructor(options: DetectorOptions) {
    this.threshold = validateThreshold(options.threshold ?? DEFAULT_THRESHOLD)
    this.signals = validateSignals(options.signals ?? SIGNAL_NAMES)
    this.#store = options.store
    this.#context = options.context
    this.#locate = options.locate ?? locateCountry
  }

  /**
   * Scores an access against the history so far, then learns from it. This is the call for
   * the live read path and the replay: each access is judged before it becomes history.
   */
  async assess(event: AccessEvent): Promise<Assessment> {
    const situation = await this.#situate(event)
    const assessment = this.#judge(situation)
    learn(situation)
    await this.#save(situation)

    return assessment
  }

  /**
   * Scores an access without learning from it (a preview; baselines are left unchanged).
   */
  async score(event: AccessEvent): Promise<Assessment> {
    return this.#judge(await this.#situate(event))
  }

  /**
   * Learns from an access without scoring it, for warming baselines from trusted history.
   */
  async observe(event: AccessEvent): Promise<void> {
    const situation = await this.#situate(event)
    learn(situation)
    await this.#save(situation)
  }

  #judge(situation: Situation): Assessment {
    const result = scoreSituation(situation, this.signals)

    return { ...result, alert: result.score >= this.threshold }
  }

  async #situate(event: AccessEvent): Promise<Situation> {
    const context = await this.#context.contextFor(event.company, event.user, event.at)
    const baselines = await this.#load(event, context.department)
    const country = event.country ?? this.#locate(event.ip)

    return situate(event, context, baselines, country, deviceKeyOf(event.device, event.userAgent))
  }

  async #load(event: AccessEvent, department: string | undefined): Promise<LoadedBaselines> {
    const { company, at } = event
    const store = this.#store
    const person = (await store.get(baselineKeys.person(company, event.user))) as
      PersonBaseline | undefined
    const secret = (await store.get(baselineKeys.secret(company, event.secret))) as
      SecretBaseline | undefined
    const group = (await store.get(baselineKeys.company(company))) as GroupBaseline | undefined
    const team = department
      ? ((await store.get(baselineKeys.department(company, department))) as
          GroupBaseline | undefined)
      : undefined

    return {
      person: person ?? newPersonBaseline(at),
      secret: secret ?? newSecretBaseline(at),
      company: group ?? newGroupBaseline(at),
      department: department ? (team ?? newGroupBaseline(at)) : undefined,
    }
  }

  async #save(situation: Situation): Promise<void> {
    const { event } = situation
    const department = situation.context.department
    await this.#store.put(baselineKeys.person(event.company, event.user), situation.person)
    await this.#store.put(baselineKeys.secret(event.company, event.secret), situation.secret)
    await this.#store.put(baselineKeys.company(event.company), situation.company)
    if (department && situation.department) {
      await this.#store.put(
        baselineKeys.department(event.company, department),
        situation.department
      )
    }
  }
}
