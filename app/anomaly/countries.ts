import { COUNTRY_ZONE_PAIRS, ISO_COUNTRY_CODES, ZONE_COUNTRY_PAIRS } from '#anomaly/country_data'

const COUNTRY_CODES = new Set(ISO_COUNTRY_CODES.split(' '))
const COUNTRY_ZONES = pairsToMap(COUNTRY_ZONE_PAIRS)
const ZONE_COUNTRIES = pairsToMap(ZONE_COUNTRY_PAIRS)

function pairsToMap(pairs: string): Map<string, string> {
  const map = new Map<string, string>()
  for (const pair of pairs.split(' ')) {
    const separator = pair.indexOf(':')
    map.set(pair.slice(0, separator), pair.slice(separator + 1))
  }

  return map
}

/**
 * Tells whether a code is an assigned ISO 3166-1 alpha-2 country code (upper case only).
 */
export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code)
}

/**
 * The IANA zone whose clock a traveller follows in a country, or undefined for the few
 * uninhabited territories that have no zone of their own.
 */
export function zoneOfCountry(code: string): string | undefined {
  return COUNTRY_ZONES.get(code)
}

/**
 * The country a canonical IANA zone belongs to. Aliases such as "Asia/Calcutta" and zones
 * without a country ("UTC") give undefined.
 */
export function countryOfZone(zone: string): string | undefined {
  return ZONE_COUNTRIES.get(zone)
}
