/** Latency figures of one measured phase, in milliseconds. */
export interface LatencySummary {
  p50: number
  p95: number
  p99: number
  max: number
}

/**
 * Nearest-rank percentiles of a list of durations. Sorts a copy, so the caller's samples
 * keep their order.
 */
export function summarizeLatency(samples: number[]): LatencySummary {
  if (samples.length === 0) {
    return { p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN }
  }
  const sorted = Float64Array.from(samples).sort()
  const rank = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]

  return { p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: sorted[sorted.length - 1] }
}

/** The middle value of a list, or NaN for an empty one. */
export function median(values: number[]) {
  return summarizeLatency(values).p50
}

/** A number with a fixed count of decimals, padded for a table column. */
export function fixed(value: number, decimals = 1, width = 8) {
  const text = Number.isFinite(value) ? value.toFixed(decimals) : 'n/a'

  return text.padStart(width)
}
