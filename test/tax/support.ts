/**
 * Fixtures and helpers shared by the tax tests: a Texas-like rule stack, a Quebec-style compound
 * pair, request builders, and readers that return plain strings so expectations stay to the cent.
 */
import { money, toDecimalString, type ExactMoney, type Money } from "../../src/money/index.js";
import type {
  LineTaxResult,
  TaxableLine,
  TaxAddress,
  TaxExemption,
  TaxProvider,
  TaxRequest,
  TaxResult,
  TaxRoundingPolicy,
  TaxRule,
} from "../../src/tax/index.js";

export const usd = (amount: string): Money => money(amount, "USD");

/** Downtown Austin, inside the special district. */
export const AUSTIN_DOWNTOWN: TaxAddress = { country: "US", state: "TX", county: "Travis", city: "Austin", postalCode: "78701" };
/** Austin, outside the special district. */
export const AUSTIN_NORTH: TaxAddress = { country: "US", state: "TX", county: "Travis", city: "Austin", postalCode: "78758" };
/** Travis County outside Austin. */
export const LAKEWAY: TaxAddress = { country: "US", state: "TX", county: "Travis", city: "Lakeway", postalCode: "78734" };
/** Another state altogether. */
export const TULSA: TaxAddress = { country: "US", state: "OK", county: "Tulsa", city: "Tulsa", postalCode: "74103" };

/**
 * A Texas-like stack: state 6.25 %, Travis County 0.5 %, City of Austin 1 % (monitoring only: the
 * city does not tax equipment rental), and a special district by postal code 0.5 %.
 */
export const TEXAS_RULES: readonly TaxRule[] = [
  {
    id: "tx-state",
    jurisdiction: { id: "US-TX", name: "Texas", level: "state", country: "US", state: "TX" },
    taxName: "Texas state sales tax",
    ratesPercent: { monitoring: "6.25", "equipment-rental": "6.25", installation: "6.25" },
    effectiveFrom: "2020-01-01",
  },
  {
    id: "travis-county",
    jurisdiction: { id: "US-TX-TRAVIS", name: "Travis County", level: "county", country: "US", state: "TX", county: "Travis" },
    taxName: "Travis County sales tax",
    ratesPercent: { monitoring: "0.5", "equipment-rental": "0.5" },
    effectiveFrom: "2020-01-01",
  },
  {
    id: "austin-city",
    jurisdiction: { id: "US-TX-AUSTIN", name: "City of Austin", level: "city", country: "US", state: "TX", city: "Austin" },
    taxName: "Austin city sales tax",
    ratesPercent: { monitoring: "1" },
    effectiveFrom: "2020-01-01",
  },
  {
    id: "austin-downtown-district",
    jurisdiction: {
      id: "US-TX-ADD",
      name: "Austin Downtown District",
      level: "district",
      country: "US",
      state: "TX",
      postalCodes: ["78701", "78702"],
    },
    taxName: "Downtown district tax",
    ratesPercent: { monitoring: "0.5", "equipment-rental": "0.5" },
    effectiveFrom: "2020-01-01",
  },
];

/** Federal GST 5 % and a provincial QST 9.5 % charged on the price plus GST (Quebec before 2013). */
export const QUEBEC_RULES: readonly TaxRule[] = [
  {
    id: "ca-gst",
    jurisdiction: { id: "CA", name: "Canada", level: "country", country: "CA" },
    taxName: "GST",
    ratesPercent: { monitoring: "5", "equipment-rental": "5" },
    effectiveFrom: "2008-01-01",
  },
  {
    id: "qc-qst",
    jurisdiction: { id: "CA-QC", name: "Québec", level: "state", country: "CA", state: "QC" },
    taxName: "QST",
    ratesPercent: { monitoring: "9.5", "equipment-rental": "9.5" },
    effectiveFrom: "2012-01-01",
    compound: true,
  },
];

export const MONTREAL: TaxAddress = { country: "CA", state: "QC", city: "Montréal", postalCode: "H2X 1Y4" };

/** A state with a single 4 % tax, for the tax-inclusive examples. */
export const FOUR_PERCENT_RULES: readonly TaxRule[] = [
  {
    id: "xx-state",
    jurisdiction: { id: "US-XX", name: "Exampleland", level: "state", country: "US", state: "XX" },
    taxName: "Exampleland sales tax",
    ratesPercent: { monitoring: "4" },
    effectiveFrom: "2020-01-01",
  },
];

export const EXAMPLELAND: TaxAddress = { country: "US", state: "XX" };

export const PER_LINE: TaxRoundingPolicy = { level: "line", mode: "halfUp", inclusive: "tax" };
export const PER_INVOICE: TaxRoundingPolicy = { level: "invoice", mode: "halfUp", inclusive: "tax" };

/** A line with sensible defaults: monitoring, downtown Austin, taxed on 2026-03-01. */
export function line(lineId: string, amount: string | Money | ExactMoney, overrides: Partial<TaxableLine> = {}): TaxableLine {
  return {
    lineId,
    category: "monitoring",
    amount: typeof amount === "string" ? usd(amount) : amount,
    address: AUSTIN_DOWNTOWN,
    taxDate: "2026-03-01",
    ...overrides,
  };
}

/** A request with sensible defaults: USD, exclusive, no exemptions, per-line halfUp. */
export function request(lines: readonly TaxableLine[], overrides: Partial<TaxRequest> = {}): TaxRequest {
  return { currency: "USD", inclusive: false, lines, exemptions: [], rounding: PER_LINE, ...overrides };
}

/** Calculates with `exemptions` and returns the result. */
export function calculate(provider: TaxProvider, lines: readonly TaxableLine[], overrides: Partial<TaxRequest> = {}): TaxResult {
  return provider.calculate(request(lines, overrides));
}

/** The one line of a result, failing the test when there is not exactly one. */
export function onlyLine(result: TaxResult): LineTaxResult {
  const [first, ...rest] = result.lines;
  if (first === undefined || rest.length > 0) throw new Error(`expected one line, got ${result.lines.length}`);
  return first;
}

/** `{ ruleId: "2.50", … }` for a line's taxes, in order. */
export function taxAmounts(result: LineTaxResult): [string, string][] {
  return result.taxes.map((tax) => [tax.ruleId, toDecimalString(tax.amount)]);
}

/** `{ ruleId: amount }` for the invoice's totals, in order. */
export function totalAmounts(result: TaxResult): [string, string][] {
  return result.totals.map((total) => [total.ruleId, toDecimalString(total.amount)]);
}

/** An exemption with only the fields given. */
export function exemption(certificateId: string, fields: Omit<TaxExemption, "certificateId"> = {}): TaxExemption {
  return { certificateId, ...fields };
}


export { issuesOf, thrownBy } from "../support/errors.js";
