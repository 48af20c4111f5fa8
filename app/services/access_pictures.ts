import { DateTime } from 'luxon'

/** Successful reads per UTC hour, keyed "YYYY-MM-DD HH". */
export type HourlyReads = Map<string, number>

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

/** A chart is at most this many bars; longer periods put several days in one bar. */
const MAX_BARS = 92
const CHART = { width: 720, height: 180, left: 40, right: 8, top: 10, bottom: 24 }

export interface ReadsBar {
  label: string
  reads: number
  x: number
  y: number
  width: number
  height: number
}

/** A bar chart of reads over a period, with its geometry worked out for an SVG. */
export interface ReadsChart {
  bars: ReadsBar[]
  daysPerBar: number
  /** What one bar stands for: "day" or "7 days". */
  per: string
  total: number
  peak: number
  busiest: ReadsBar | null
  first: string
  last: string
  frame: typeof CHART & { plotWidth: number; plotHeight: number; baseline: number }
}

export interface Period {
  from?: DateTime
  to?: DateTime
}

/**
 * Reads per day of the viewer's zone over a period, as bars. An open start begins with the
 * first read, an open end finishes today. Periods longer than 92 days group several days
 * per bar. Counts come per UTC hour, so in zones that are not a whole number of hours from
 * UTC a read within that fraction of an hour of midnight can fall on the neighbouring day.
 */
export function readsChart(hourly: HourlyReads, period: Period, zone: string): ReadsChart | null {
  const perDay = new Map<string, number>()
  for (const [hour, reads] of hourly) {
    const day = utcHour(hour).setZone(zone).toISODate()!
    perDay.set(day, (perDay.get(day) ?? 0) + reads)
  }
  const first = period.from?.setZone(zone).startOf('day') ?? earliestDay(perDay, zone)
  const end =
    period.to?.setZone(zone) ?? DateTime.now().setZone(zone).startOf('day').plus({ days: 1 })
  if (!first || end <= first) {
    return null
  }
  const days = Math.max(1, Math.round(end.diff(first, 'days').days))
  const daysPerBar = Math.ceil(days / MAX_BARS)
  const counts = Array.from({ length: Math.ceil(days / daysPerBar) }, (_, bar) => {
    const start = first.plus({ days: bar * daysPerBar })
    let reads = 0
    for (let offset = 0; offset < daysPerBar; offset++) {
      reads += perDay.get(start.plus({ days: offset }).toISODate()!) ?? 0
    }
    return { start, reads }
  })

  return layOut(counts, daysPerBar, end.minus({ days: 1 }))
}

function layOut(counts: { start: DateTime; reads: number }[], daysPerBar: number, last: DateTime) {
  const plotWidth = CHART.width - CHART.left - CHART.right
  const plotHeight = CHART.height - CHART.top - CHART.bottom
  const peak = Math.max(0, ...counts.map((bar) => bar.reads))
  const slot = plotWidth / counts.length
  const bars = counts.map(({ start, reads }, index) => {
    const height = peak === 0 ? 0 : (reads / peak) * plotHeight
    return {
      label: barLabel(start, daysPerBar),
      reads,
      x: round(CHART.left + index * slot + slot * 0.1),
      y: round(CHART.top + plotHeight - height),
      width: round(Math.max(1, slot * 0.8)),
      height: round(height),
    }
  })
  const busiest = peak === 0 ? null : bars.find((bar) => bar.reads === peak)!

  return {
    bars,
    daysPerBar,
    per: daysPerBar === 1 ? 'day' : `${daysPerBar} days`,
    total: counts.reduce((sum, bar) => sum + bar.reads, 0),
    peak,
    busiest,
    first: counts[0].start.toISODate()!,
    last: last.toISODate()!,
    frame: { ...CHART, plotWidth, plotHeight, baseline: CHART.top + plotHeight },
  }
}

/** A person's reads by weekday and hour of their own zone: counts and shades 0 to 5. */
export interface WeekHourGrid {
  counts: number[][]
  levels: number[][]
  total: number
  busiest: { weekday: string; hour: string; reads: number } | null
}

/**
 * Reads by weekday (Monday first) and hour in the given zone, for the heatmap. The same
 * caveat about zones with a fractional offset as for the chart applies.
 */
export function weekHourGrid(hourly: HourlyReads, zone: string): WeekHourGrid {
  const counts = WEEKDAYS.map(() => Array.from({ length: 24 }, () => 0))
  for (const [hour, reads] of hourly) {
    const local = utcHour(hour).setZone(zone)
    counts[local.weekday - 1][local.hour] += reads
  }
  const peak = Math.max(...counts.flat())
  const levels = counts.map((day) =>
    day.map((reads) => (peak === 0 ? 0 : Math.ceil((reads / peak) * 5)))
  )
  const day = counts.findIndex((row) => row.includes(peak))

  return {
    counts,
    levels,
    total: counts.flat().reduce((sum, reads) => sum + reads, 0),
    busiest: peak === 0 ? null : busiestCell(day, counts[day].indexOf(peak), peak),
  }
}

function busiestCell(day: number, hour: number, reads: number) {
  return { weekday: WEEKDAYS[day], hour: `${String(hour).padStart(2, '0')}:00`, reads }
}

function utcHour(key: string) {
  return DateTime.fromFormat(key, 'yyyy-MM-dd HH', { zone: 'utc' })
}

function earliestDay(perDay: Map<string, number>, zone: string) {
  const days = [...perDay.keys()].sort()

  return days.length === 0 ? null : DateTime.fromISO(days[0], { zone })
}

function barLabel(start: DateTime, daysPerBar: number) {
  if (daysPerBar === 1) {
    return start.toISODate()!
  }

  return `${start.toISODate()} to ${start.plus({ days: daysPerBar - 1 }).toISODate()}`
}

function round(value: number) {
  return Math.round(value * 10) / 10
}
