import type { CalendarDate } from "../calendar/index.js";
import { IssueCollector, ErrorCodes } from "../errors/index.js";
import { percentToRatio, type Ratio } from "../money/index.js";
import { addressMatches, compileMatcher, levelRank, normalizeName } from "./jurisdiction.js";
import { simpleCase, simpleLineTaxes } from "./simpleLines.js";
import { explanationPrefix } from "./explain.js";
import { exactLineTaxes, type CompiledRule, type RateTerm } from "./lineTaxes.js";
import { roundTaxes } from "./rounding.js";
import { STANDARD_TAX_CATEGORIES, type TaxAddress, type TaxCategory, type TaxProvider, type TaxRequest, type TaxResult, type TaxRule } from "./types.js";
import { validateTaxRequest } from "./validateRequest.js";
import { collectTaxRuleIssues, isTaxCategoryName } from "./validateRules.js";

/** Options of {@link createTaxTable}. */
export interface TaxTableOptions {
  /** The provider's name, e.g. quoted when billing refuses a category the table does not know. Default `"tax table"`. */
  readonly name?: string;
  /**
   * Further categories the table knows although no rule taxes them (so lines in them are billed
   * without tax rather than refused). {@link STANDARD_TAX_CATEGORIES} are always known.
   */
  readonly categories?: readonly TaxCategory[];
}

function compile(rule: TaxRule): CompiledRule {
  const rates = new Map<TaxCategory, Ratio>();
  const terms = new Map<TaxCategory, RateTerm>();
  for (const [category, percent] of Object.entries(rule.ratesPercent)) {
    const rate = percentToRatio(percent);
    rates.set(category, rate);
    terms.set(category, { rate, prefix: explanationPrefix(rule, rate) });
  }
  return {
    rule,
    terms,
    compound: rule.compound === true,
    rank: levelRank(rule.jurisdiction.level),
    rates,
    matcher: compileMatcher(rule.jurisdiction),
    effectiveFrom: rule.effectiveFrom,
    effectiveTo: rule.effectiveTo,
  };
}

/** Simple taxes first, then compound ones; each by level (widest first), then rule id. */
function byComputationOrder(a: CompiledRule, b: CompiledRule): number {
  if (a.compound !== b.compound) return a.compound ? 1 : -1;
  if (a.rank !== b.rank) return a.rank - b.rank;
  return a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0;
}

/**
 * Whether the rule is in force on `date`. Both dates are validated `"YYYY-MM-DD"` strings (the rules
 * by the table, the tax date by the request check), so comparing the strings compares the days.
 */
function inForce(rule: CompiledRule, date: CalendarDate): boolean {
  return rule.effectiveFrom <= date && (rule.effectiveTo === undefined || date < rule.effectiveTo);
}

function placeKey(country: string, state: string | undefined): string {
  return JSON.stringify([country, state ?? null]);
}

function checkOptions(issues: IssueCollector, options: TaxTableOptions): void {
  const { name, categories } = options;
  if (name !== undefined && (typeof name !== "string" || name.trim() === "")) {
    issues.add(["options", "name"], ErrorCodes.invalidValue, "the tax table's name must not be blank");
  }
  if (categories !== undefined) {
    if (!Array.isArray(categories)) {
      issues.add(["options", "categories"], ErrorCodes.invalidType, "expected a list of tax categories");
      return;
    }
    categories.forEach((category, index) => {
      if (!isTaxCategoryName(category)) {
        issues.add(["options", "categories", index], ErrorCodes.invalidValue, `tax category ${JSON.stringify(category)} must be lower-case words joined by hyphens, such as "equipment-rental"`);
      }
    });
  }
}

/** One field of an address key: its length, then the text; `~` when absent (or null, from plain JavaScript). */
function field(text: string | undefined): string {
  return typeof text === "string" ? `${text.length}:${text}` : "~";
}

/**
 * A key naming exactly one address. Every field is written with its length in front, so no
 * text in one field can be mistaken for the boundary of another (a city called "Austin|X").
 */
function addressKey(address: TaxAddress): string {
  return `${field(address.country)}${field(address.state)}${field(address.county)}${field(address.city)}${field(address.postalCode)}`;
}

/** Most (category, date, place) combinations a table remembers the matching rules of. */
const MAX_MATCHED = 50_000;

/**
 * The built-in {@link TaxProvider}: a table of effective-dated rules by jurisdiction and category.
 *
 * For each line the table finds the rules in force on its tax date (`effectiveFrom` inclusive,
 * `effectiveTo` exclusive) whose jurisdiction contains its address and whose rates list its
 * category; a category a rule does not list is not taxed by it and gives no tax line, while a
 * category listed at rate `"0"` gives a 0.00 tax line (zero-rated, and said so). Taxes are
 * computed simple first, then compound, each group by level (country, state, county, city,
 * district) and then rule id. A compound tax is charged on the line's net plus the simple taxes
 * charged on it, exactly, before rounding. A tax covered by one of the customer's unexpired
 * exemptions is not charged but listed in `waived` with the certificate.
 *
 * Rounding follows the request's policy: per line, or once per tax per invoice and spread back
 * over the lines without losing a cent; tax-inclusive prices keep each line's net + taxes equal to
 * its listed price. Credit lines (negative amounts) are taxed symmetrically.
 *
 * @param rules - the table; validated here
 * @param options - the provider's name and further known categories
 * @throws {@link ValidationError} listing every problem of the rules and options (paths start at
 *   `rules` or `options`); `calculate` throws one for an unknown category, a bad date or currency
 * @example
 * ```ts
 * const texas = createTaxTable([
 *   {
 *     id: "tx-state",
 *     jurisdiction: { id: "US-TX", name: "Texas", level: "state", country: "US", state: "TX" },
 *     taxName: "Texas state sales tax",
 *     ratesPercent: { monitoring: "6.25", "equipment-rental": "6.25" },
 *     effectiveFrom: "2020-01-01",
 *   },
 * ]);
 * const result = texas.calculate({
 *   currency: "USD",
 *   inclusive: false,
 *   lines: [
 *     {
 *       lineId: "L1",
 *       category: "monitoring",
 *       amount: money("39.99", "USD"),
 *       address: { country: "US", state: "TX", city: "Austin", postalCode: "78701" },
 *       taxDate: "2026-03-01",
 *     },
 *   ],
 *   exemptions: [],
 *   rounding: { level: "line", mode: "halfUp", inclusive: "tax" },
 * });
 * result.lines[0]?.taxes[0]?.explanation;
 * // "Texas state sales tax (rule tx-state, US-TX) 6.25 % of 39.99 = 2.499375 → 2.50 (halfUp, per line)"
 * ```
 */
export function createTaxTable(rules: readonly TaxRule[], options: TaxTableOptions = {}): TaxProvider {
  const issues = new IssueCollector();
  const valid = collectTaxRuleIssues(issues, rules, ["rules"]);
  checkOptions(issues, options);
  issues.throwIfAny();
  const compiled = (valid ?? []).map(compile);
  const known = new Set<TaxCategory>([...STANDARD_TAX_CATEGORIES, ...(options.categories ?? [])]);
  for (const rule of compiled) for (const category of rule.rates.keys()) known.add(category);

  // Rules indexed by country and state, so a line is matched only against rules that can apply.
  const byPlace = new Map<string, CompiledRule[]>();
  for (const rule of compiled) {
    const key = placeKey(rule.matcher.country, rule.matcher.state);
    const list = byPlace.get(key);
    if (list === undefined) byPlace.set(key, [rule]);
    else list.push(rule);
  }

  const knowsCategory = (category: TaxCategory): boolean => known.has(category);
  // Matched rules by place, then tax date, then category. Places are few in a portfolio, as are
  // tax dates and categories: each combination is matched once per table, not once per line.
  const matched = new Map<string, Map<CalendarDate, Map<TaxCategory, CompiledRule[]>>>();
  let remembered = 0;
  const applicable = (category: TaxCategory, address: TaxAddress, date: CalendarDate): CompiledRule[] => {
    const country = normalizeName(address.country);
    const candidates = [
      ...(byPlace.get(placeKey(country, undefined)) ?? []),
      ...(address.state === undefined ? [] : (byPlace.get(placeKey(country, normalizeName(address.state))) ?? [])),
    ];
    return candidates
      .filter((rule) => rule.rates.has(category) && inForce(rule, date) && addressMatches(rule.matcher, address))
      .sort(byComputationOrder);
  };

  return {
    name: options.name ?? "tax table",
    knowsCategory,
    calculate(request: TaxRequest): TaxResult {
      validateTaxRequest(request, knowsCategory);
      // A portfolio has few distinct places, categories and tax dates: match each combination
      // once per table, not once per line (the rules never change after the table is built).
      const rulesPerLine = new Array<CompiledRule[]>(request.lines.length);
      // Lines of one site share their address object: its place is looked up once.
      let lastAddress: TaxAddress | undefined;
      let byDate: Map<CalendarDate, Map<TaxCategory, CompiledRule[]>> | undefined;
      for (let i = 0; i < request.lines.length; i++) {
        const line = request.lines[i] as TaxRequest["lines"][number];
        const { address } = line;
        if (address !== lastAddress || byDate === undefined) {
          const place = addressKey(address);
          byDate = matched.get(place);
          if (byDate === undefined) {
            byDate = new Map();
            matched.set(place, byDate);
          }
          lastAddress = address;
        }
        let byCategory = byDate.get(line.taxDate);
        if (byCategory === undefined) {
          byCategory = new Map();
          byDate.set(line.taxDate, byCategory);
        }
        let rules = byCategory.get(line.category);
        if (rules === undefined) {
          rules = applicable(line.category, address, line.taxDate);
          if (remembered >= MAX_MATCHED) {
            // Bounded memory for a long-lived table: forget everything and start again.
            matched.clear();
            remembered = 0;
            lastAddress = undefined;
            byDate = undefined;
          }
          remembered++;
          byCategory.set(line.category, rules);
        }
        rulesPerLine[i] = rules;
      }
      const { rounding } = request;
      if (!request.inclusive && rounding.level === "line" && request.exemptions.length === 0 && simpleCase(rulesPerLine)) {
        return simpleLineTaxes(request.lines, rulesPerLine, rounding.mode, request.currency);
      }
      const lines = request.lines.map((line, i) => exactLineTaxes(line, rulesPerLine[i] ?? [], request.exemptions, request.inclusive, rounding.mode));
      return roundTaxes(lines, rounding, request.currency, request.inclusive);
    },
  };
}
