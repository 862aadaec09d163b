import type { TaxAddress, TaxLevel, TaxRuleJurisdiction } from "./types.js";

/** The jurisdiction levels, from widest to narrowest: the order taxes are listed and computed in. */
export const TAX_LEVELS: readonly TaxLevel[] = ["country", "state", "county", "city", "district"];

/** Position of a level in {@link TAX_LEVELS} (0 for `"country"`). @internal */
export function levelRank(level: TaxLevel): number {
  return TAX_LEVELS.indexOf(level);
}

/** Names are compared trimmed and case-insensitively: `" austin "` is `"Austin"`. @internal */
export function normalizeName(value: string): string {
  return value.trim().toUpperCase();
}

/** Postal codes are compared without spaces and case-insensitively: `"h2x 1y4"` is `"H2X1Y4"`. @internal */
export function normalizePostalCode(value: string): string {
  return value.replace(/\s+/gu, "").toUpperCase();
}

/** A jurisdiction reduced to what an address is matched against. @internal */
export interface JurisdictionMatcher {
  readonly country: string;
  readonly state: string | undefined;
  readonly county: string | undefined;
  readonly city: string | undefined;
  readonly postalCodes: ReadonlySet<string> | undefined;
}

/** Normalizes a jurisdiction once, so matching a line does no string work on the rule side. @internal */
export function compileMatcher(jurisdiction: TaxRuleJurisdiction): JurisdictionMatcher {
  return {
    country: normalizeName(jurisdiction.country),
    state: jurisdiction.state === undefined ? undefined : normalizeName(jurisdiction.state),
    county: jurisdiction.county === undefined ? undefined : normalizeName(jurisdiction.county),
    city: jurisdiction.city === undefined ? undefined : normalizeName(jurisdiction.city),
    postalCodes:
      jurisdiction.postalCodes === undefined ? undefined : new Set(jurisdiction.postalCodes.map(normalizePostalCode)),
  };
}

function sameName(required: string | undefined, actual: string | undefined): boolean {
  return required === undefined || (actual !== undefined && normalizeName(actual) === required);
}

function postalCodeMatches(codes: ReadonlySet<string> | undefined, actual: string | undefined): boolean {
  if (codes === undefined) return true;
  if (actual === undefined) return false;
  const code = normalizePostalCode(actual);
  if (codes.has(code)) return true;
  // A US ZIP+4 ("78701-1234") is in the district of its five-digit ZIP ("78701").
  const dash = code.indexOf("-");
  return dash > 0 && codes.has(code.slice(0, dash));
}

/**
 * Whether an address lies in a jurisdiction: same country, then the state, county and city when
 * the jurisdiction sets them (trimmed, case-insensitive), then one of its postal codes when it
 * lists them. A field the jurisdiction sets but the address lacks does not match.
 *
 * @internal
 */
export function addressMatches(matcher: JurisdictionMatcher, address: TaxAddress): boolean {
  return (
    normalizeName(address.country) === matcher.country &&
    sameName(matcher.state, address.state) &&
    sameName(matcher.county, address.county) &&
    sameName(matcher.city, address.city) &&
    postalCodeMatches(matcher.postalCodes, address.postalCode)
  );
}
