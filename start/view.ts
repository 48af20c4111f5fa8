import edge from 'edge.js'
import { type DateTime, Settings } from 'luxon'
import vaultConfig from '#config/vault'
import { CATEGORY_LABELS } from '#models/secret'

// Every time the vault stores or compares is UTC; people see their own zone in the views.
Settings.defaultZone = 'utc'

edge.global('vault', {
  layout: vaultConfig.layout,
  confirmMinutes: Math.round(vaultConfig.confirmWindowSeconds / 60),
  limits: vaultConfig.limits,
})
edge.global('categoryLabels', CATEGORY_LABELS)

const zoneNames = new Map<string, Intl.DateTimeFormat>()

/**
 * The short name of a zone at an instant ("CET", "GMT+9"). One formatter per zone is kept:
 * building an Intl formatter per call was a tenth of an audit page's rendering time.
 */
function zoneName(time: DateTime, zone: string) {
  let format = zoneNames.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
    zoneNames.set(zone, format)
  }

  return format.formatToParts(time.toJSDate()).find((part) => part.type === 'timeZoneName')?.value
}

/** A stored UTC time in the viewer's zone, e.g. "2026-12-03 14:05 CET". */
edge.global('localTime', (time: DateTime | null | undefined, zone: string) => {
  if (!time) {
    return ''
  }

  return `${time.setZone(zone).toFormat('yyyy-LL-dd HH:mm')} ${zoneName(time, zone)}`
})

edge.global('relativeTime', (time: DateTime | null | undefined) => time?.toRelative() ?? '')

/** "value.shown" reads as "Value shown" in the audit tables. */
edge.global('actionLabel', (action: string) => {
  const words = action.replace('.', ' ').replace('_', ' ')

  return words.charAt(0).toUpperCase() + words.slice(1)
})
