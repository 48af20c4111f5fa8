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
  const { country, person, event } = situation
  if (!situation.seasoned && !situation.peers) {
    return 0
  }
  if (
    !country ||
    country === situation.homeCountry ||
    person.countries.seen[country] !== undefined
  ) {
    return 0
  }
  if (tripExplains(situation.context.trips, country, event.at)) {
    return 0
  }

  const people = situation.company.countryPeople[country] ?? 0
  const companyKnown =
    people >= COMPANY_COUNTRY_PEOPLE && people >= situation.company.members * COMPANY_COUNTRY_SHARE
  const points = situation.seasoned
    ? companyKnown
      ? COMPANY_KNOWN_POINTS
      : UNKNOWN_POINTS
    : companyKnown
      ? 0
      : UNKNOWN_POINTS * PEER_WEIGHT
  if (points > 0) {
    const known = companyKnown
      ? 'other people of the company use it'
      : 'nobody in the company was seen there'
    const place = `${verbOf(event.action)} from ${countryName(country)}`
    const why = 'a country never seen for this person and not in their travel calendar'
    const detail = `${place}, ${why}; ${known}`
    reasons.push({ signal: 'new_country', detail, points })
  }

  return points
}
