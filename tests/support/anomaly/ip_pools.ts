import { createRequire } from 'node:module'
import { Random } from '#tests/support/anomaly/random'

interface GeoipCountry {
  lookup(ip: string): { country: string } | null
}

const PER_COUNTRY = 24
const MAX_DRAWS = 3_000_000
const pools = new Map<string, string[]>()

/**
 * Public IPv4 addresses that the offline geoip database places in each requested country, so
 * that events without a `country` field still resolve to the intended one. Drawn once per
 * process with a fixed seed (the lookup is the slow part); scenarios then pick among them.
 * A country too small to be hit by random draws gets an empty pool, and its events then carry
 * the `country` field explicitly.
 */
export function ipPools(countries: readonly string[]): Map<string, string[]> {
  const missing = new Set(countries.filter((country) => !pools.has(country)))
  if (missing.size === 0) {
    return pools
  }
  for (const country of missing) {
    pools.set(country, [])
  }
  const geoip = createRequire(import.meta.url)('geoip-country') as GeoipCountry
  const random = new Random(0x5eed)
  for (let draw = 0; draw < MAX_DRAWS && missing.size > 0; draw++) {
    const octets = [random.int(1, 223), random.int(0, 255), random.int(0, 255), random.int(1, 254)]
    const ip = octets.join('.')
    const country = geoip.lookup(ip)?.country
    if (country && missing.has(country)) {
      const pool = pools.get(country)!
      pool.push(ip)
      if (pool.length >= PER_COUNTRY) {
        missing.delete(country)
      }
    }
  }

  return pools
}
