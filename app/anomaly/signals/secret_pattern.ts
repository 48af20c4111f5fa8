import type { Reason } from '#anomaly/signal_names'
import type { Situation } from '#anomaly/situation'

const DAY = 86_400_000
const MIN_DAYS = 7
const MIN_READERS = 4
const MIN_READS = 10
const FREE_DEVIATIONS = 3.5
const MAX_POINTS = 2
const AFTER_UPDATE = 2 * DAY

/**
 * The secret's own pattern: today's distinct readers (or reads) against its usual day, once it
 * has a week of days with reads. A recent update of the value explains a rise (members fetch
 * the new value), so the signal is silent for two days after one.
 */
export function secretPattern(situation: Situation, reasons: Reason[]): number {
  const { secret, event } = situation
  if (!situation.read || secret.days < MIN_DAYS || event.at - secret.lastUpdateAt < AFTER_UPDATE) {
    return 0
  }
  const today = Math.floor(event.at / DAY)
  const sameDay = today === secret.day
  const readers =
    (sameDay ? secret.dayReaders.length : 0) +
    (sameDay && secret.dayReaders.includes(event.user) ? 0 : 1)
  const reads = (sameDay ? secret.dayReads : 0) + 1

  const readerZ =
    readers >= MIN_READERS ? zOf(readers, secret.readersMean, secret.readersVariance) : 0
  const readZ = reads >= MIN_READS ? zOf(reads, secret.readsMean, secret.readsVariance) : 0
  const points = Math.min(Math.max(Math.max(readerZ, readZ) - FREE_DEVIATIONS, 0), MAX_POINTS)
  if (points > 0) {
    reasons.push({
      signal: 'secret_pattern',
      detail: describeRise(situation, readers, reads),
      points,
    })
  }

  return points
}

/**
 * z-score with a Poisson floor on the deviation, since daily counts are counts.
 */
function zOf(value: number, mean: number, variance: number): number {
  return (value - mean) / Math.max(Math.sqrt(variance), Math.sqrt(mean), 1)
}

function describeRise({ secret }: Situation, readers: number, reads: number): string {
  const usualReaders = Math.round(secret.readersMean)
  const usualReads = Math.round(secret.readsMean)
  const usual = `usually about ${usualReaders} readers and ${usualReads} reads on a day it is used`

  return `this secret had ${readers} readers and ${reads} reads today; ${usual}`
}
