import { isCalendarDate, type CalendarDate } from "../calendar/index.js";
import { ErrorCodes, IssueCollector } from "../errors/index.js";
import { isPercent, percentToRatio, type Percent } from "../money/index.js";
import { createTaxTable } from "./taxTable.js";
import { STANDARD_TAX_CATEGORIES, type TaxCategory, type TaxProvider, type TaxRuleJurisdiction } from "./types.js";
import { isTaxCategoryName } from "./validateRules.js";

/** The one line of configuration of {@link flatTax}. */
export interface FlatTaxOptions {
  /** The tax's name as invoices print it, e.g. `"Sales tax"`. */
  readonly taxName: string;
  /** The rate in percent: `"8.25"` is 8.25 %. */
  readonly percent: Percent;
  /** The country it is charged in (ISO 3166-1 alpha-2, e.g. `"US"`); sites elsewhere are not taxed. */
  readonly country: string;
  /** The state or province, when the tax is a state's; sites in other states are not taxed. */
  readonly state?: string;
  /** The categories it taxes. Default: every one of {@link STANDARD_TAX_CATEGORIES} but `"late-fee"`. */
  readonly categories?: readonly TaxCategory[];
  /** The first day it is charged. Default `"1900-01-01"`: always. */
  readonly effectiveFrom?: CalendarDate;
}

const COUNTRY = /^[A-Z]{2}$/;
const FIELDS = ["taxName", "percent", "country", "state", "categories", "effectiveFrom"];

/**
 * One tax at one rate in one place, as a {@link TaxProvider}: the shortcut for a company that
 * charges a single flat sales tax. It is a one-rule {@link createTaxTable}, so rounding, exemptions,
 * tax-inclusive prices and explanations work exactly as in the full table; reach for the table
 * when rates differ by county, city, category or date.
 *
 * Late fees are not taxed by default (most US states treat them as a penalty, not a sale); list
 * `"late-fee"` in `categories` where they are.
 *
 * @throws {@link ValidationError} listing every problem of the options
 * @example
 * ```ts
 * const tax = flatTax({ taxName: "Texas sales tax", percent: "8.25", country: "US", state: "TX" });
 * tax.calculate({
 *   currency: "USD", inclusive: false, exemptions: [],
 *   rounding: { level: "line", mode: "halfUp", inclusive: "tax" },
 *   lines: [{ lineId: "L1", category: "monitoring", amount: money("39.99", "USD"),
 *             address: { country: "US", state: "TX" }, taxDate: "2027-01-01" }],
 * }).lines[0]?.taxes[0]?.amount.minor; // 330 (39.99 × 8.25 % = 3.299175 → 3.30)
 * ```
 */
export function flatTax(options: FlatTaxOptions): TaxProvider {
  const issues = new IssueCollector();
  const raw = (typeof options === "object" && options !== null ? options : {}) as unknown as Record<string, unknown>;
  if (typeof options !== "object" || options === null) issues.add([], ErrorCodes.invalidType, "expected options { taxName, percent, country }");
  for (const key of Object.keys(raw)) {
    if (!FIELDS.includes(key)) issues.add([key], ErrorCodes.unknownField, `unknown field ${JSON.stringify(key)}: expected one of ${FIELDS.join(", ")}`);
  }
  const { taxName, percent, country, state, categories, effectiveFrom } = raw;
  if (typeof taxName !== "string" || taxName.trim() === "") {
    issues.add(["taxName"], taxName === undefined ? ErrorCodes.required : ErrorCodes.invalidValue, "expected the tax's name, such as \"Sales tax\"");
  }
  if (!isPercent(percent)) {
    issues.add(["percent"], percent === undefined ? ErrorCodes.required : ErrorCodes.invalidDecimal, `expected the rate in percent as a decimal string such as "8.25" (for 8.25 %), got ${JSON.stringify(percent)}`);
  } else {
    const r = percentToRatio(percent);
    if (BigInt(r.numerator) > BigInt(r.denominator)) issues.add(["percent"], ErrorCodes.tooBig, `a tax rate must be from 0 to 100 percent, got ${percent}`);
  }
  if (typeof country !== "string" || !COUNTRY.test(country)) {
    issues.add(["country"], country === undefined ? ErrorCodes.required : ErrorCodes.invalidValue, `expected an ISO 3166-1 alpha-2 country code such as "US", got ${JSON.stringify(country)}`);
  }
  if (state !== undefined && (typeof state !== "string" || state.trim() === "")) {
    issues.add(["state"], ErrorCodes.invalidValue, `expected a state such as "TX", got ${JSON.stringify(state)}`);
  }
  if (categories !== undefined) {
    if (!Array.isArray(categories) || categories.length === 0) {
      issues.add(["categories"], ErrorCodes.invalidValue, "expected a non-empty list of tax categories; leave it out for the standard ones");
    } else {
      (categories as unknown[]).forEach((category, index) => {
        if (!isTaxCategoryName(category)) {
          issues.add(["categories", index], ErrorCodes.invalidValue, `tax category ${JSON.stringify(category)} must be lower-case words joined by hyphens, such as "equipment-rental"`);
        }
      });
    }
  }
  if (effectiveFrom !== undefined && !isCalendarDate(effectiveFrom)) {
    issues.add(["effectiveFrom"], ErrorCodes.invalidDate, `expected a date "YYYY-MM-DD", got ${JSON.stringify(effectiveFrom)}`);
  }
  issues.throwIfAny();

  const listed = options.categories ?? STANDARD_TAX_CATEGORIES.filter((category) => category !== "late-fee");
  const jurisdiction: TaxRuleJurisdiction =
    options.state === undefined
      ? { id: options.country, name: options.country, level: "country", country: options.country }
      : { id: `${options.country}-${options.state}`, name: `${options.country}-${options.state}`, level: "state", country: options.country, state: options.state };
  return createTaxTable(
    [
      {
        id: "flat-tax",
        jurisdiction,
        taxName: options.taxName,
        ratesPercent: Object.fromEntries(listed.map((category) => [category, options.percent])),
        effectiveFrom: options.effectiveFrom ?? "1900-01-01",
      },
    ],
    { name: options.taxName },
  );
}
