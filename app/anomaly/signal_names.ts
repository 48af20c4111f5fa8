/**
 * The signals a company can switch on or off. The context factors (`suite_idle` for a read with
 * no activity elsewhere in the suite, `hr_status` for notice, leave and termination) are
 * switchable too, because they change scores.
 */
export const SIGNAL_NAMES = [
  'off_hours',
  'new_country',
  'new_device',
  'burst',
  'first_touch',
  'secret_pattern',
  'repeated_denials',
  'suite_idle',
  'hr_status',
] as const

export type SignalName = (typeof SIGNAL_NAMES)[number]

/**
 * One contribution to a score, with the sentence shown to a person. `points` is the
 * contribution on the score's scale before the context multipliers.
 */
export interface Reason {
  signal: SignalName
  detail: string
  points: number
}
