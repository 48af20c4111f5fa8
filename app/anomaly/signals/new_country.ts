import { tripExplains } from '#anomaly/situation'
import { countryName, PEER_WEIGHT, verbOf } from '#anomaly/signals/wording'
import type { Reason } from '#anomaly/signal_names'
import type { Situation } from '#anomaly/situation'

/**
 * A country is familiar to a company once this many of its people, and at least this share of
 * them, have used it (an office abroad, the company's VPN exit). The share keeps a few
 * compromised accounts read from the same country from making it familiar.
 */
export const COMPANY_COUNTRY_PEOPLE = 3
export const COMPANY_COUNTRY_SHARE = 0.05
const UNKNOWN_POINTS = 3
const COMPANY_KNOWN_POINTS = 1

/**
 * New country: an access from a country the person was never seen in, outside their home
 * country, and that no trip in their calendar explains. A country the company knows weighs
 * less; before the person has history, only countries the whole company never saw count.
 */
export function newCountry(situation: Situation, reasons: Reason[]): number {
  const { country } = situation
  if (!country || isExpected(situation, country)) {
    return 0
  }

  const companyKnown = isCompanyCountry(situation, country)
  const points = companyKnown ? (situation.seasoned ? COMPANY_KNOWN_POINTS : 0) : UNKNOWN_POINTS
  const weighted = situation.seasoned ? points : points * PEER_WEIGHT
  if (weighted > 0) {
    reasons.push({
      signal: 'new_country',
      detail: describe(situation, country, companyKnown),
      points: weighted,
    })
  }

  return weighted
}

/**
 * A country is expected when it is home, already known for the person, or the destination of
 * a trip; and nothing is judged while neither the person nor the company has history.
 */
function isExpected(situation: Situation, country: string): boolean {
  return (
    (!situation.seasoned && !situation.peers) ||
    country === situation.homeCountry ||
    situation.person.countries.seen[country] !== undefined ||
    tripExplains(situation.context.trips, country, situation.event.at)
  )
}

function isCompanyCountry({ company }: Situation, country: string): boolean {
  const people = company.countryPeople[country] ?? 0

  return people >= COMPANY_COUNTRY_PEOPLE && people >= company.members * COMPANY_COUNTRY_SHARE
}

function describe({ event }: Situation, country: string, companyKnown: boolean): string {
  const known = companyKnown
    ? 'other people of the company use it'
    : 'nobody in the company was seen there'
  const place = `${verbOf(event.action)} from ${countryName(country)}`
  const why = 'a country never seen for this person and not in their travel calendar'

  return `${place}, ${why}; ${known}`
}
