import { compareDates, isCalendarDate } from "../calendar/index.js";
import { ErrorCodes, IssueCollector, ValidationError, type IssuePath } from "../errors/index.js";
import { ratio, type Percent } from "../money/index.js";
import { TAX_LEVELS } from "./jurisdiction.js";
import type { TaxCategory, TaxLevel, TaxRule, TaxRuleJurisdiction } from "./types.js";

/** The form of a tax category name: a lower-case letter, then lower-case letters, digits and hyphens. */
export const TAX_CATEGORY_PATTERN = /^[a-z][a-z0-9-]*$/;

/**
 * Whether `value` is a well-formed tax category name (see {@link TAX_CATEGORY_PATTERN}).
 *
 * @example
 * ```ts
 * isTaxCategoryName("equipment-rental"); // true
 * isTaxCategoryName("Monitoring");       // false
 * ```
 */
export function isTaxCategoryName(value: unknown): value is TaxCategory {
  return typeof value === "string" && TAX_CATEGORY_PATTERN.test(value);
}

/** The result of {@link safeParseTaxRules}: the rules, or the error listing every problem. */
export type SafeParseTaxRulesResult =
  | {
      /** The rules were valid. */
      readonly success: true;
      /** The validated rules. */
      readonly data: readonly TaxRule[];
    }
  | {
      /** The rules were not valid. */
      readonly success: false;
      /** Every problem found, each with its path and code. */
      readonly error: ValidationError;
    };

const DECIMAL = /^-?\d+(\.\d+)?$/;
const COUNTRY = /^[A-Z]{2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? JSON.stringify(value) : typeof value;
}

/** A required non-blank string; adds an issue and returns undefined otherwise. */
function requiredText(issues: IssueCollector, path: IssuePath, value: unknown, what: string): string | undefined {
  if (value === undefined) {
    issues.add(path, ErrorCodes.required, `${what} is required`);
    return undefined;
  }
  if (typeof value !== "string") {
    issues.add(path, ErrorCodes.invalidType, `expected ${what} as a string, got ${describe(value)}`);
    return undefined;
  }
  if (value === "") {
    issues.add(path, ErrorCodes.tooSmall, `${what} must not be empty`);
    return undefined;
  }
  if (value.trim() === "") {
    issues.add(path, ErrorCodes.invalidValue, `${what} must not be blank`);
    return undefined;
  }
  return value;
}

/** Adds an `unknown_field` issue for each key not in `known`: a misspelt `efectiveTo` must not pass silently. */
function checkKnownFields(issues: IssueCollector, path: IssuePath, value: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    if (key === "rates" && known.includes("ratesPercent")) {
      issues.add([...path, key], ErrorCodes.unknownField, 'unknown field "rates": rates are given in percent as "ratesPercent", such as { "monitoring": "6.25" } for 6.25 %');
    } else issues.add([...path, key], ErrorCodes.unknownField, `unknown field ${JSON.stringify(key)}: expected one of ${known.join(", ")}`);
  }
}

const RULE_FIELDS: readonly string[] = ["id", "jurisdiction", "taxName", "ratesPercent", "effectiveFrom", "effectiveTo", "compound"];
const JURISDICTION_FIELDS: readonly string[] = ["id", "name", "level", "country", "state", "county", "city", "postalCodes"];

/** An optional non-blank string. */
function optionalText(issues: IssueCollector, path: IssuePath, value: unknown, what: string): string | undefined {
  return value === undefined ? undefined : requiredText(issues, path, value, what);
}

/** Which place fields each level must set (`true`), may set (`"optional"`) or must leave out (`false`). */
const LEVEL_FIELDS: Readonly<Record<TaxLevel, Readonly<Record<"state" | "county" | "city" | "postalCodes", boolean | "optional">>>> = {
  country: { state: false, county: false, city: false, postalCodes: false },
  state: { state: true, county: false, city: false, postalCodes: false },
  county: { state: true, county: true, city: false, postalCodes: false },
  city: { state: true, county: "optional", city: true, postalCodes: false },
  district: { state: true, county: "optional", city: "optional", postalCodes: true },
};

function checkJurisdiction(issues: IssueCollector, path: IssuePath, value: unknown): TaxRuleJurisdiction | undefined {
  if (!isRecord(value)) {
    issues.add(
      path,
      value === undefined ? ErrorCodes.required : ErrorCodes.invalidType,
      `expected a jurisdiction object { id, name, level, country, … }, got ${describe(value)}`,
    );
    return undefined;
  }
  const before = issues.issues.length;
  checkKnownFields(issues, path, value, JURISDICTION_FIELDS);
  const id = requiredText(issues, [...path, "id"], value["id"], "a jurisdiction id");
  const name = requiredText(issues, [...path, "name"], value["name"], "a jurisdiction name");
  const rawLevel = value["level"];
  const level = TAX_LEVELS.find((candidate) => candidate === rawLevel);
  if (level === undefined) {
    issues.add([...path, "level"], rawLevel === undefined ? ErrorCodes.required : ErrorCodes.invalidOption, `expected a level (${TAX_LEVELS.join(", ")}), got ${describe(rawLevel)}`);
  }
  const country = requiredText(issues, [...path, "country"], value["country"], "a country code");
  if (country !== undefined && !COUNTRY.test(country)) {
    issues.add([...path, "country"], ErrorCodes.invalidValue, `expected an ISO 3166-1 alpha-2 country code such as "US", got ${JSON.stringify(country)}`);
  }
  const state = optionalText(issues, [...path, "state"], value["state"], "a state");
  const county = optionalText(issues, [...path, "county"], value["county"], "a county");
  const city = optionalText(issues, [...path, "city"], value["city"], "a city");
  let postalCodes: string[] | undefined;
  const rawCodes = value["postalCodes"];
  if (rawCodes !== undefined) {
    if (!Array.isArray(rawCodes)) {
      issues.add([...path, "postalCodes"], ErrorCodes.invalidType, `expected a list of postal codes, got ${describe(rawCodes)}`);
    } else {
      const list: unknown[] = rawCodes;
      postalCodes = [];
      list.forEach((code, index) => {
        const text = requiredText(issues, [...path, "postalCodes", index], code, "a postal code");
        if (text !== undefined) postalCodes?.push(text);
      });
      if (list.length === 0) {
        issues.add([...path, "postalCodes"], ErrorCodes.invalidValue, "a list of postal codes must not be empty; leave it out to match every postal code");
      }
    }
  }
  if (level !== undefined) {
    const fields = LEVEL_FIELDS[level];
    const present = { state: value["state"] !== undefined, county: value["county"] !== undefined, city: value["city"] !== undefined, postalCodes: rawCodes !== undefined };
    for (const field of ["state", "county", "city", "postalCodes"] as const) {
      const rule = fields[field];
      if (rule === true && !present[field]) {
        issues.add([...path, field], ErrorCodes.inconsistentJurisdiction, `a ${level} jurisdiction needs ${field === "postalCodes" ? "postal codes" : `a ${field}`}`);
      } else if (rule === false && present[field]) {
        issues.add([...path, field], ErrorCodes.inconsistentJurisdiction, `a ${level} jurisdiction must not set ${field === "postalCodes" ? "postal codes" : `a ${field}`}: use the level that names it`);
      }
    }
  }
  if (issues.issues.length > before || id === undefined || name === undefined || level === undefined || country === undefined) return undefined;
  return {
    id,
    name,
    level,
    country,
    ...(state === undefined ? {} : { state }),
    ...(county === undefined ? {} : { county }),
    ...(city === undefined ? {} : { city }),
    ...(postalCodes === undefined ? {} : { postalCodes }),
  };
}

function checkRates(issues: IssueCollector, path: IssuePath, value: unknown): Record<TaxCategory, Percent> | undefined {
  if (!isRecord(value)) {
    issues.add(path, value === undefined ? ErrorCodes.required : ErrorCodes.invalidType, `expected rates in percent by category, such as { "monitoring": "6.25" }, got ${describe(value)}`);
    return undefined;
  }
  const before = issues.issues.length;
  const rates: Record<TaxCategory, Percent> = {};
  for (const [category, rate] of Object.entries(value)) {
    const at = [...path, category];
    if (!TAX_CATEGORY_PATTERN.test(category)) {
      issues.add(at, ErrorCodes.invalidValue, `tax category ${JSON.stringify(category)} must be lower-case words joined by hyphens, such as "equipment-rental"`);
    }
    if (typeof rate !== "string") {
      issues.add(at, ErrorCodes.invalidType, `expected the rate in percent as a decimal string such as "6.25" (for 6.25 %), got ${typeof rate === "number" ? `the number ${rate}` : describe(rate)}`);
      continue;
    }
    if (!DECIMAL.test(rate)) {
      issues.add(at, ErrorCodes.invalidDecimal, `expected the rate in percent as a decimal string such as "6.25" (for 6.25 %), got ${JSON.stringify(rate)}`);
      continue;
    }
    const r = ratio(rate);
    const n = BigInt(r.numerator);
    if (n < 0n) issues.add(at, ErrorCodes.tooSmall, `a tax rate must be from 0 to 100 percent, got ${rate}`);
    else if (n > 100n * BigInt(r.denominator)) issues.add(at, ErrorCodes.tooBig, `a tax rate must be from 0 to 100 percent, got ${rate} (write 6.25 % as "6.25")`);
    else rates[category] = rate;
  }
  return issues.issues.length > before ? undefined : rates;
}

function checkDate(issues: IssueCollector, path: IssuePath, value: unknown): string | undefined {
  if (isCalendarDate(value)) return value;
  issues.add(
    path,
    value === undefined ? ErrorCodes.required : ErrorCodes.invalidDate,
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? `${JSON.stringify(value)} is not a day of the calendar`
      : `expected a date "YYYY-MM-DD", got ${describe(value)}`,
  );
  return undefined;
}

/**
 * What the checks between rules need to know of one rule: each part that is valid on its own, so a
 * rule with a bad rate is still checked for a clashing jurisdiction or an overlap.
 */
interface RuleFacts {
  readonly rule: TaxRule | undefined;
  readonly jurisdiction: TaxRuleJurisdiction | undefined;
  readonly taxName: string | undefined;
  /** The categories the rule names, valid rates or not. */
  readonly categories: readonly string[];
  readonly effectiveFrom: string | undefined;
  /** `undefined` when open-ended; `null` when given but not a valid date. */
  readonly effectiveTo: string | undefined | null;
}

const NO_FACTS: RuleFacts = { rule: undefined, jurisdiction: undefined, taxName: undefined, categories: [], effectiveFrom: undefined, effectiveTo: null };

function checkRule(issues: IssueCollector, path: IssuePath, value: unknown): RuleFacts {
  if (!isRecord(value)) {
    issues.add(path, ErrorCodes.invalidType, `expected a tax rule object { id, jurisdiction, taxName, ratesPercent, effectiveFrom }, got ${describe(value)}`);
    return NO_FACTS;
  }
  const before = issues.issues.length;
  checkKnownFields(issues, path, value, RULE_FIELDS);
  const id = requiredText(issues, [...path, "id"], value["id"], "a rule id");
  const jurisdiction = checkJurisdiction(issues, [...path, "jurisdiction"], value["jurisdiction"]);
  const taxName = requiredText(issues, [...path, "taxName"], value["taxName"], "a tax name");
  const ratesPercent = checkRates(issues, [...path, "ratesPercent"], value["ratesPercent"]);
  const effectiveFrom = checkDate(issues, [...path, "effectiveFrom"], value["effectiveFrom"]);
  const rawTo = value["effectiveTo"];
  const effectiveTo = rawTo === undefined ? undefined : checkDate(issues, [...path, "effectiveTo"], rawTo);
  if (effectiveFrom !== undefined && effectiveTo !== undefined && compareDates(effectiveTo, effectiveFrom) <= 0) {
    issues.add([...path, "effectiveTo"], ErrorCodes.endBeforeStart, `effectiveTo ${effectiveTo} must be after effectiveFrom ${effectiveFrom} (it is the first day the rule no longer applies)`);
  }
  const compound = value["compound"];
  if (compound !== undefined && typeof compound !== "boolean") {
    issues.add([...path, "compound"], ErrorCodes.invalidType, `expected compound to be true or false, got ${describe(compound)}`);
  }
  const rawRates = value["ratesPercent"];
  const facts = {
    jurisdiction,
    taxName,
    categories: isRecord(rawRates) ? Object.keys(rawRates) : [],
    effectiveFrom,
    effectiveTo: rawTo === undefined ? undefined : (effectiveTo ?? null),
  };
  if (issues.issues.length > before || id === undefined || jurisdiction === undefined || taxName === undefined || ratesPercent === undefined || effectiveFrom === undefined) {
    return { rule: undefined, ...facts };
  }
  const rule: TaxRule = {
    id,
    jurisdiction,
    taxName,
    ratesPercent,
    effectiveFrom,
    ...(effectiveTo === undefined ? {} : { effectiveTo }),
    ...(compound === true ? { compound: true } : compound === false ? { compound: false } : {}),
  };
  return { rule, ...facts };
}

function sameJurisdiction(a: TaxRuleJurisdiction, b: TaxRuleJurisdiction): boolean {
  // Postal codes may change between rules (a district grows); what it is and where it sits may not.
  return a.name === b.name && a.level === b.level && a.country === b.country && a.state === b.state && a.county === b.county && a.city === b.city;
}

function overlaps(a: { readonly effectiveFrom: string; readonly effectiveTo?: string | undefined }, b: { readonly effectiveFrom: string; readonly effectiveTo?: string | undefined }): boolean {
  const aEndsAfterBStarts = a.effectiveTo === undefined || compareDates(a.effectiveTo, b.effectiveFrom) > 0;
  const bEndsAfterAStarts = b.effectiveTo === undefined || compareDates(b.effectiveTo, a.effectiveFrom) > 0;
  return aEndsAfterBStarts && bEndsAfterAStarts;
}

/** Checks between rules: unique ids, one definition per jurisdiction id, no tax charged twice. */
function checkTable(issues: IssueCollector, path: IssuePath, rules: readonly RuleFacts[], rawIds: readonly unknown[]): void {
  const firstById = new Map<string, number>();
  rawIds.forEach((id, index) => {
    if (typeof id !== "string" || id.trim() === "") return;
    const first = firstById.get(id);
    if (first === undefined) firstById.set(id, index);
    else issues.add([...path, index, "id"], ErrorCodes.invalidReference, `rule id ${JSON.stringify(id)} is already used by rule ${first}`);
  });

  const jurisdictions = new Map<string, { readonly index: number; readonly jurisdiction: TaxRuleJurisdiction }>();
  const byTax = new Map<string, number[]>();
  rules.forEach((facts, index) => {
    const { jurisdiction, taxName } = facts;
    if (jurisdiction === undefined) return;
    const seen = jurisdictions.get(jurisdiction.id);
    if (seen === undefined) jurisdictions.set(jurisdiction.id, { index, jurisdiction });
    else if (!sameJurisdiction(seen.jurisdiction, jurisdiction)) {
      issues.add(
        [...path, index, "jurisdiction"],
        ErrorCodes.inconsistentJurisdiction,
        `jurisdiction ${JSON.stringify(jurisdiction.id)} is defined differently by rule ${seen.index}; one id must name one jurisdiction (only its postal codes may differ)`,
      );
    }
    if (taxName === undefined) return;
    const key = JSON.stringify([jurisdiction.id, taxName]);
    const group = byTax.get(key);
    if (group === undefined) byTax.set(key, [index]);
    else group.push(index);
  });

  // Overlaps need the days each rule applies; a rule whose dates are not valid cannot be compared.
  const span = (facts: RuleFacts | undefined): { readonly effectiveFrom: string; readonly effectiveTo?: string | undefined } | undefined =>
    facts === undefined || facts.effectiveFrom === undefined || facts.effectiveTo === null || (facts.effectiveTo !== undefined && facts.effectiveTo <= facts.effectiveFrom)
      ? undefined
      : { effectiveFrom: facts.effectiveFrom, effectiveTo: facts.effectiveTo };
  const name = (index: number): string => {
    const id = rawIds[index];
    return typeof id === "string" && id.trim() !== "" ? JSON.stringify(id) : `${index}`;
  };
  for (const group of byTax.values()) {
    for (let j = 1; j < group.length; j++) {
      const laterIndex = group[j] ?? -1;
      const later = rules[laterIndex];
      const laterSpan = span(later);
      if (later === undefined || laterSpan === undefined) continue;
      for (let i = 0; i < j; i++) {
        const earlierIndex = group[i] ?? -1;
        const earlier = rules[earlierIndex];
        const earlierSpan = span(earlier);
        if (earlier === undefined || earlierSpan === undefined || !overlaps(earlierSpan, laterSpan)) continue;
        const shared = later.categories.filter((category) => earlier.categories.includes(category));
        if (shared.length === 0) continue;
        issues.add(
          [...path, laterIndex],
          ErrorCodes.overlappingRules,
          `rule ${name(laterIndex)} and rule ${name(earlierIndex)} both charge ${later.taxName ?? ""} of ${later.jurisdiction?.id ?? ""} on ${shared.join(", ")} on the same days; end one where the other starts`,
        );
      }
    }
  }
}

/**
 * Validates tax rules, adding every problem to `issues`. Returns the rules when there was none.
 *
 * @internal
 */
export function collectTaxRuleIssues(issues: IssueCollector, input: unknown, path: IssuePath): readonly TaxRule[] | undefined {
  if (!Array.isArray(input)) {
    issues.add(path, ErrorCodes.invalidType, `expected a list of tax rules, got ${describe(input)}`);
    return undefined;
  }
  const list: readonly unknown[] = input;
  const before = issues.issues.length;
  const facts = list.map((rule, index) => checkRule(issues, [...path, index], rule));
  checkTable(issues, path, facts, list.map((rule) => (isRecord(rule) ? rule["id"] : undefined)));
  if (issues.issues.length > before) return undefined;
  return facts.map((f) => f.rule).filter((rule): rule is TaxRule => rule !== undefined);
}

/**
 * Validates a table of tax rules, e.g. read from JSON, and returns it typed.
 *
 * Checked for each rule: no field the format does not have (a misspelt `efectiveTo` would
 * otherwise leave a rule open-ended); a non-blank `id` (unique in the table), `taxName` and
 * jurisdiction `id` and `name`; a known `level`; an upper-case two-letter `country`; place fields that fit the level
 * (a state rule names a state and nothing narrower, a county rule a state and a county, a city rule
 * a state and a city, a district a state and postal codes); category names such as
 * `"equipment-rental"`; rates as decimal strings from `"0"` to `"1"`; real calendar dates, with
 * `effectiveTo` after `effectiveFrom`. Across rules: one definition per jurisdiction id (postal
 * codes may differ), and no two rules charging the same tax of the same jurisdiction on the same
 * category on the same day.
 *
 * @param input - the rules, untrusted
 * @param path - where they came from, prefixed to every issue's path
 * @throws {@link ValidationError} listing every problem, each with its path and stable code
 * @example
 * ```ts
 * const rules = parseTaxRules([
 *   {
 *     id: "tx-state",
 *     jurisdiction: { id: "US-TX", name: "Texas", level: "state", country: "US", state: "TX" },
 *     taxName: "Texas state sales tax",
 *     ratesPercent: { monitoring: "6.25" },
 *     effectiveFrom: "2020-01-01",
 *   },
 * ]);
 * parseTaxRules([{ id: "x", ratesPercent: { monitoring: "7%" } }]); // throws, listing every problem
 * ```
 */
export function parseTaxRules(input: unknown, path: IssuePath = []): readonly TaxRule[] {
  const issues = new IssueCollector();
  const rules = collectTaxRuleIssues(issues, input, path);
  issues.throwIfAny();
  return rules ?? [];
}

/**
 * Like {@link parseTaxRules}, but returns the outcome instead of throwing.
 *
 * @example
 * ```ts
 * const result = safeParseTaxRules([{ id: "tx-state" }]);
 * if (!result.success) console.log(result.error.issues.map((issue) => issue.code));
 * ```
 */
export function safeParseTaxRules(input: unknown, path: IssuePath = []): SafeParseTaxRulesResult {
  try {
    return { success: true, data: parseTaxRules(input, path) };
  } catch (error) {
    if (error instanceof ValidationError) return { success: false, error };
    throw error;
  }
}
