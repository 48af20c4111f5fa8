import { verbOf } from '#anomaly/signals/wording'
import type { Reason } from '#anomaly/signal_names'
import type { Situation } from '#anomaly/situation'

const POINTS = 1.5

/**
 * New device: a device (or browser and system, when the event has no device id) never seen
 * for this person. People do replace phones and laptops, so alone it stays below any sane
 * threshold; it matters together with another signal. Silent until the person has history.
 */
export function newDevice(situation: Situation, reasons: Reason[]): number {
  const { person, deviceKey, event } = situation
  if (!situation.seasoned || person.devices.seen[deviceKey] !== undefined) {
    return 0
  }
  const known =
    person.devices.count === 1 ? '1 known device' : `${person.devices.count} known devices`
  const what = event.device ? `device "${event.device}"` : 'browser and system'
  reasons.push({
    signal: 'new_device',
    detail: `${verbOf(event.action)} from a ${what} never seen for this person (${known})`,
    points: POINTS,
  })

  return POINTS
}
