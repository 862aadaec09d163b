import type { CalendarDate } from "../calendar/index.js";
import type { ExactMoney, Money, Percent, Ratio, RoundingMode } from "../money/index.js";

/**
 * What a charge is, for tax purposes: `"monitoring"`, `"equipment-rental"`, `"installation"`,
 * `"fee"`, …. Categories are lower-case words joined by hyphens; a tax table says which it knows
 * and how each is taxed. See {@link STANDARD_TAX_CATEGORIES}.
 */
export type TaxCategory = string;

/** The categories every built-in example uses; a tax table may add its own. */
export const STANDARD_TAX_CATEGORIES: readonly TaxCategory[] = [
  "monitoring",
  "equipment-rental",
  "equipment-sale",
  "installation",
  "service",
  "fee",
  "late-fee",
];

/** Where a charge is taxed: the service address of the site, as tax rules match it. */
export interface TaxAddress {
  /** ISO 3166-1 alpha-2 country, e.g. `"US"`, `"CA"`. */
  readonly country: string;
  /** State or province code, e.g. `"TX"`, `"ON"`. */
  readonly state?: string;
  /** County (or parish, borough) name, e.g. `"Travis"`. */
  readonly county?: string;
  /** City name, e.g. `"Austin"`. */
  readonly city?: string;
  /** Postal code, e.g. `"78701"`; special districts are matched by it. */
  readonly postalCode?: string;
}

/** A customer's exemption from some taxes, backed by a certificate. */
export interface TaxExemption {
  /** The exemption certificate's id, quoted in every explanation it causes. */
  readonly certificateId: string;
  /** Categories exempted; empty or absent means every category. */
  readonly categories?: readonly TaxCategory[];
  /** Jurisdiction ids (as in {@link TaxRuleJurisdiction.id}) exempted; empty or absent means all. */
  readonly jurisdictions?: readonly string[];
  /** First day the certificate is no longer valid (exclusive); absent means it does not expire. */
  readonly expires?: CalendarDate;
}

/** How taxes are rounded. */
export interface TaxRoundingPolicy {
  /**
   * `"line"`: each line's tax is rounded on its own. `"invoice"`: each tax is summed exactly over
   * the invoice and rounded once, then spread back over the lines without losing a cent.
   */
  readonly level: "line" | "invoice";
  /** The rounding mode, e.g. `"halfUp"`. */
  readonly mode: RoundingMode;
  /**
   * For tax-inclusive prices: round the tax and take the net as price − tax (`"tax"`), or round the
   * net and take the tax as price − net (`"net"`). The price is kept either way.
   */
  readonly inclusive: "tax" | "net";
}

/** One line to be taxed. */
export interface TaxableLine {
  /** The invoice line's id, echoed in the result. */
  readonly lineId: string;
  /** Its tax category. */
  readonly category: TaxCategory;
  /**
   * The amount to tax, after discounts: net of tax for exclusive pricing, or the listed
   * (tax-inclusive) price when `inclusive` is set. Exact: rounding belongs to the tax rules.
   */
  readonly amount: Money | ExactMoney;
  /** Where the service is delivered. */
  readonly address: TaxAddress;
  /** The tax point: the date whose rates and exemptions apply (the period's cycle date). */
  readonly taxDate: CalendarDate;
}

/** Everything a tax provider needs for one invoice. */
export interface TaxRequest {
  /** The invoice currency. */
  readonly currency: string;
  /** Whether the line amounts are tax-inclusive prices. */
  readonly inclusive: boolean;
  /** The lines, in invoice order. */
  readonly lines: readonly TaxableLine[];
  /** The customer's exemptions. */
  readonly exemptions: readonly TaxExemption[];
  /** How to round. */
  readonly rounding: TaxRoundingPolicy;
}

/** One tax on one line. */
export interface LineTax {
  /** The rule that applied. */
  readonly ruleId: string;
  /** The jurisdiction's id, e.g. `"US-TX-AUSTIN"`. */
  readonly jurisdictionId: string;
  /** The jurisdiction's name, e.g. `"City of Austin"`. */
  readonly jurisdictionName: string;
  /** The jurisdiction's level. */
  readonly level: TaxLevel;
  /** The tax's name, e.g. `"Austin city sales tax"`. */
  readonly taxName: string;
  /** The rate applied, exactly. */
  readonly rate: Ratio;
  /** Whether this tax was charged on the base plus the non-compound taxes. */
  readonly compound: boolean;
  /** The taxable base, exactly. */
  readonly base: ExactMoney;
  /** The tax before rounding. */
  readonly unrounded: ExactMoney;
  /** The tax charged, rounded (for invoice-level rounding: this line's share of the invoice's rounded tax). */
  readonly amount: Money;
  /** A sentence saying which rule, rate and rounding made this amount. */
  readonly explanation: string;
}

/** A tax that was not charged on a line, and why (exemption). */
export interface WaivedTax {
  /** The rule that would have applied. */
  readonly ruleId: string;
  /** The jurisdiction's id. */
  readonly jurisdictionId: string;
  /** The tax's name. */
  readonly taxName: string;
  /** Why it was not charged, e.g. `"exempt: certificate TX-EX-1042"`. */
  readonly reason: string;
}

/** The taxes of one line. */
export interface LineTaxResult {
  /** The invoice line's id. */
  readonly lineId: string;
  /** The line's amount net of tax (for inclusive prices: the listed price minus the taxes). */
  readonly net: Money;
  /** The taxes charged, in the order they were computed. A category a jurisdiction does not tax gives none. */
  readonly taxes: readonly LineTax[];
  /** Taxes not charged because of an exemption. */
  readonly waived: readonly WaivedTax[];
}

/** The total of one tax over an invoice. */
export interface TaxTotal {
  /** The jurisdiction's id. */
  readonly jurisdictionId: string;
  /** The jurisdiction's name. */
  readonly jurisdictionName: string;
  /** The tax's name. */
  readonly taxName: string;
  /** The rule. */
  readonly ruleId: string;
  /** Sum of the lines' amounts of this tax. */
  readonly amount: Money;
}

/** The taxes of an invoice. */
export interface TaxResult {
  /** Per line, in request order. */
  readonly lines: readonly LineTaxResult[];
  /** Per tax, in first-seen order. */
  readonly totals: readonly TaxTotal[];
}

/** Levels of tax jurisdiction, from widest to narrowest. */
export type TaxLevel = "country" | "state" | "county" | "city" | "district";

/**
 * Computes taxes. The built-in {@link createTaxTable} implements it from a table of rules; plug in
 * your own to use an external tax service (fetch its quote before billing and answer from it:
 * the invoice core is pure and synchronous, so `calculate` is too).
 */
export interface TaxProvider {
  /** A short name, quoted in explanations. */
  readonly name: string;
  /** Whether the provider knows a tax category (billing refuses a line whose category it does not). */
  knowsCategory(category: TaxCategory): boolean;
  /** The taxes of an invoice's lines. */
  calculate(request: TaxRequest): TaxResult;
}

/** Where a tax rule applies. */
export interface TaxRuleJurisdiction {
  /** Stable id, e.g. `"US-TX"`, `"US-TX-TRAVIS"`, `"US-TX-AUSTIN"`; exemptions name it. */
  readonly id: string;
  /** Display name, e.g. `"Texas"`. */
  readonly name: string;
  /** The level. */
  readonly level: TaxLevel;
  /** Country the address must be in. */
  readonly country: string;
  /** State the address must be in, when set. */
  readonly state?: string;
  /** County the address must be in, when set (case-insensitive). */
  readonly county?: string;
  /** City the address must be in, when set (case-insensitive). */
  readonly city?: string;
  /** Postal codes the address must have one of, when set (special districts). */
  readonly postalCodes?: readonly string[];
}

/** One tax of one jurisdiction: its rate per category over a span of dates. */
export interface TaxRule {
  /** Stable id, quoted in explanations. */
  readonly id: string;
  /** Where it applies. */
  readonly jurisdiction: TaxRuleJurisdiction;
  /** The tax's name, e.g. `"Texas state sales tax"`. */
  readonly taxName: string;
  /**
   * Rate per category in percent, as a {@link Percent} decimal string (`"6.25"` = 6.25 %), like
   * every other rate in the library. A category not listed is not taxed; `"0"` is zero-rated.
   */
  readonly ratesPercent: Readonly<Record<TaxCategory, Percent>>;
  /** First day the rule applies. */
  readonly effectiveFrom: CalendarDate;
  /** First day it no longer applies (exclusive); absent means still in force. */
  readonly effectiveTo?: CalendarDate;
  /** Charged on the base plus every non-compound tax of the line (e.g. Quebec QST before 2013). */
  readonly compound?: boolean;
}
