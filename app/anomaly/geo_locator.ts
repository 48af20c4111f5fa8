import { createRequire } from 'node:module'

interface GeoipCountry {
  lookup(ip: string): { country: string } | null
}

/**
 * Gives the ISO country code of an address, or undefined when it cannot tell.
 */
export type CountryLocator = (ip: string) => string | undefined

const CACHE_LIMIT = 20_000
const cache = new Map<string, string | null>()
let database: GeoipCountry | undefined

/**
 * The default locator: offline, with the database that the `geoip-country` package installs.
 * The database (about 8 MB) is loaded on the first lookup only, and answers are cached because
 * the same addresses come back all day. Private and unknown addresses give undefined.
 */
export const locateCountry: CountryLocator = (ip) => {
  let country = cache.get(ip)
  if (country === undefined) {
    database ??= createRequire(import.meta.url)('geoip-country') as GeoipCountry
    country = database.lookup(ip)?.country ?? null
    if (cache.size >= CACHE_LIMIT) {
      cache.clear()
    }
    cache.set(ip, country)
  }

  return country ?? undefined
}
