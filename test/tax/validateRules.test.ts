import { describe, expect, it } from "vitest";
import { ErrorCodes, ValidationError } from "../../src/errors/index.js";
import { createTaxTable, isTaxCategoryName, parseTaxRules, safeParseTaxRules, type TaxRule } from "../../src/tax/index.js";
import { issuesOf, QUEBEC_RULES, TEXAS_RULES, thrownBy } from "./support.js";

const state = TEXAS_RULES[0] as TaxRule;
const county = TEXAS_RULES[1] as TaxRule;

/** A rule as untrusted JSON would give it: any shape at all. */
function raw(fields: Record<string, unknown>): unknown {
  return { ...state, ...fields };
}

describe("parseTaxRules()", () => {
  it("returns a valid table unchanged", () => {
    expect(parseTaxRules(TEXAS_RULES)).toEqual(TEXAS_RULES);
    expect(parseTaxRules(JSON.parse(JSON.stringify(QUEBEC_RULES)))).toEqual(QUEBEC_RULES);
  });

  it("lists every problem of every rule at once, each with its path and code", () => {
    const input: unknown = [
      {
        id: "",
        jurisdiction: { id: "US-TX", name: "Texas", level: "province", country: "usa", state: "TX" },
        taxName: 7,
        ratesPercent: { Monitoring: "6.25", "equipment-rental": 0.0625, installation: "6.25%", fee: "-1", "late-fee": "150" },
        effectiveFrom: "2026-02-30",
        compound: "yes",
      },
      {
        id: "tx-county",
        jurisdiction: { id: "US-TX-TRAVIS", name: "Travis County", level: "county", country: "US", state: "TX", county: "Travis", city: "Austin" },
        taxName: "Travis County sales tax",
        ratesPercent: { monitoring: "0.5" },
        effectiveFrom: "2026-01-01",
        effectiveTo: "2026-01-01",
      },
      "not a rule",
    ];
    expect(issuesOf(() => parseTaxRules(input))).toEqual([
      { path: [0, "id"], code: ErrorCodes.tooSmall },
      { path: [0, "jurisdiction", "level"], code: ErrorCodes.invalidOption },
      { path: [0, "jurisdiction", "country"], code: ErrorCodes.invalidValue },
      { path: [0, "taxName"], code: ErrorCodes.invalidType },
      { path: [0, "ratesPercent", "Monitoring"], code: ErrorCodes.invalidValue },
      { path: [0, "ratesPercent", "equipment-rental"], code: ErrorCodes.invalidType },
      { path: [0, "ratesPercent", "installation"], code: ErrorCodes.invalidDecimal },
      { path: [0, "ratesPercent", "fee"], code: ErrorCodes.tooSmall },
      { path: [0, "ratesPercent", "late-fee"], code: ErrorCodes.tooBig },
      { path: [0, "effectiveFrom"], code: ErrorCodes.invalidDate },
      { path: [0, "compound"], code: ErrorCodes.invalidType },
      { path: [1, "jurisdiction", "city"], code: ErrorCodes.inconsistentJurisdiction },
      { path: [1, "effectiveTo"], code: ErrorCodes.endBeforeStart },
      { path: [2], code: ErrorCodes.invalidType },
    ]);
  });

  it("says how many problems there are and names each in the message", () => {
    const error = thrownBy(() => parseTaxRules([raw({ id: "", effectiveFrom: "soon" })]));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error instanceof ValidationError ? error.message : "").toBe(
      'Invalid input (2 problems):\n- [0].id: a rule id must not be empty\n- [0].effectiveFrom: expected a date "YYYY-MM-DD", got "soon"',
    );
  });

  it("refuses input that is not a list of rules", () => {
    expect(issuesOf(() => parseTaxRules({ rules: [] }))).toEqual([{ path: [], code: ErrorCodes.invalidType }]);
    expect(issuesOf(() => parseTaxRules([raw({ jurisdiction: null, ratesPercent: ["5"] })]))).toEqual([
      { path: [0, "jurisdiction"], code: ErrorCodes.invalidType },
      { path: [0, "ratesPercent"], code: ErrorCodes.invalidType },
    ]);
  });

  it("reports a missing field as required", () => {
    const { effectiveFrom, ...withoutStart } = state;
    expect(effectiveFrom).toBe("2020-01-01");
    expect(issuesOf(() => parseTaxRules([{ ...withoutStart, taxName: undefined }]))).toEqual([
      { path: [0, "taxName"], code: ErrorCodes.required },
      { path: [0, "effectiveFrom"], code: ErrorCodes.required },
    ]);
    expect(issuesOf(() => parseTaxRules([raw({ jurisdiction: undefined, ratesPercent: undefined })]))).toEqual([
      { path: [0, "jurisdiction"], code: ErrorCodes.required },
      { path: [0, "ratesPercent"], code: ErrorCodes.required },
    ]);
  });

  it("points a table written with fractions under the old `rates` name to `ratesPercent`", () => {
    const { ratesPercent, ...rest } = state;
    expect(ratesPercent).toEqual({ monitoring: "6.25", "equipment-rental": "6.25", installation: "6.25" });
    const result = safeParseTaxRules([{ ...rest, rates: { monitoring: "0.0625" } }]);
    expect(result.success ? [] : result.error.issues.map((i) => [i.path, i.code, i.message])).toEqual([
      [[0, "rates"], ErrorCodes.unknownField, 'unknown field "rates": rates are given in percent as "ratesPercent", such as { "monitoring": "6.25" } for 6.25 %'],
      [[0, "ratesPercent"], ErrorCodes.required, 'expected rates in percent by category, such as { "monitoring": "6.25" }, got nothing'],
    ]);
  });

  it("refuses a field it does not know, so a misspelt end date cannot leave a rule open-ended", () => {
    const misspelt = raw({ efectiveTo: "2026-07-01", jurisdiction: { ...state.jurisdiction, zip: "78701" } });
    expect(issuesOf(() => parseTaxRules([misspelt]))).toEqual([
      { path: [0, "efectiveTo"], code: ErrorCodes.unknownField },
      { path: [0, "jurisdiction", "zip"], code: ErrorCodes.unknownField },
    ]);
  });

  it("accepts rates of exactly 0 and exactly 1", () => {
    expect(() => parseTaxRules([raw({ ratesPercent: { monitoring: "0", fee: "100" } })])).not.toThrow();
  });

  it("prefixes every path with the path given", () => {
    expect(issuesOf(() => parseTaxRules([raw({ id: " " })], ["config", "tax"]))).toEqual([{ path: ["config", "tax", 0, "id"], code: ErrorCodes.invalidValue }]);
  });
});

describe("parseTaxRules(): jurisdiction fields fit the level", () => {
  const jurisdiction = (fields: Record<string, unknown>) => [raw({ jurisdiction: { id: "J", name: "J", country: "US", ...fields } })];
  const codes = (fields: Record<string, unknown>) => issuesOf(() => parseTaxRules(jurisdiction(fields)));

  it("accepts each level with the fields it needs", () => {
    expect(() => parseTaxRules(jurisdiction({ level: "country" }))).not.toThrow();
    expect(() => parseTaxRules(jurisdiction({ level: "state", state: "TX" }))).not.toThrow();
    expect(() => parseTaxRules(jurisdiction({ level: "county", state: "TX", county: "Travis" }))).not.toThrow();
    expect(() => parseTaxRules(jurisdiction({ level: "city", state: "TX", city: "Austin" }))).not.toThrow();
    expect(() => parseTaxRules(jurisdiction({ level: "city", state: "TX", county: "Travis", city: "Austin" }))).not.toThrow();
    expect(() => parseTaxRules(jurisdiction({ level: "district", state: "TX", postalCodes: ["78701"] }))).not.toThrow();
  });

  it("refuses a country rule narrowed to a state", () => {
    expect(codes({ level: "country", state: "TX" })).toEqual([{ path: [0, "jurisdiction", "state"], code: ErrorCodes.inconsistentJurisdiction }]);
  });

  it("refuses a county rule without a county and with postal codes", () => {
    expect(codes({ level: "county", state: "TX", postalCodes: ["78701"] })).toEqual([
      { path: [0, "jurisdiction", "county"], code: ErrorCodes.inconsistentJurisdiction },
      { path: [0, "jurisdiction", "postalCodes"], code: ErrorCodes.inconsistentJurisdiction },
    ]);
  });

  it("refuses a city rule without a state or a city", () => {
    expect(codes({ level: "city" })).toEqual([
      { path: [0, "jurisdiction", "state"], code: ErrorCodes.inconsistentJurisdiction },
      { path: [0, "jurisdiction", "city"], code: ErrorCodes.inconsistentJurisdiction },
    ]);
  });

  it("refuses a district without postal codes, with an empty list, or with a blank code", () => {
    expect(codes({ level: "district", state: "TX" })).toEqual([{ path: [0, "jurisdiction", "postalCodes"], code: ErrorCodes.inconsistentJurisdiction }]);
    expect(codes({ level: "district", state: "TX", postalCodes: [] })).toEqual([{ path: [0, "jurisdiction", "postalCodes"], code: ErrorCodes.invalidValue }]);
    expect(codes({ level: "district", state: "TX", postalCodes: ["78701", ""] })).toEqual([
      { path: [0, "jurisdiction", "postalCodes", 1], code: ErrorCodes.tooSmall },
    ]);
  });
});

describe("parseTaxRules(): checks across rules", () => {
  it("refuses a rule id used twice, pointing at each repeat", () => {
    expect(issuesOf(() => parseTaxRules([state, { ...county, id: "tx-state" }, { ...county, id: "tx-state", taxName: "Other" }]))).toEqual([
      { path: [1, "id"], code: ErrorCodes.invalidReference },
      { path: [2, "id"], code: ErrorCodes.invalidReference },
    ]);
  });

  it("refuses one jurisdiction id defined two ways", () => {
    const renamed: TaxRule = { ...county, jurisdiction: { ...county.jurisdiction, id: "US-TX" } };
    expect(issuesOf(() => parseTaxRules([state, renamed]))).toEqual([{ path: [1, "jurisdiction"], code: ErrorCodes.inconsistentJurisdiction }]);
  });

  it("lets a district's postal codes change from one rule to the next", () => {
    const district = TEXAS_RULES[3] as TaxRule;
    const grown: TaxRule = {
      ...district,
      id: "district-2027",
      jurisdiction: { ...district.jurisdiction, postalCodes: ["78701", "78702", "78703"] },
      effectiveFrom: "2027-01-01",
    };
    expect(() => parseTaxRules([{ ...district, effectiveTo: "2027-01-01" }, grown])).not.toThrow();
  });

  it("refuses two rules charging the same tax on the same category on the same days", () => {
    const overlapping: TaxRule = { ...state, id: "tx-state-2026", ratesPercent: { fee: "1", monitoring: "6.5" }, effectiveFrom: "2026-07-01" };
    expect(issuesOf(() => parseTaxRules([{ ...state, effectiveTo: "2026-07-02" }, overlapping]))).toEqual([{ path: [1], code: ErrorCodes.overlappingRules }]);
  });

  it("accepts a rate change where one rule ends the day the next begins", () => {
    const next: TaxRule = { ...state, id: "tx-state-2026", effectiveFrom: "2026-07-01" };
    expect(() => parseTaxRules([{ ...state, effectiveTo: "2026-07-01" }, next])).not.toThrow();
  });

  it("accepts two taxes of one jurisdiction, or one tax split over categories", () => {
    const fee: TaxRule = { ...state, id: "tx-911", taxName: "Texas 911 fee" };
    const split: TaxRule = { ...state, id: "tx-state-fees", ratesPercent: { fee: "6.25" } };
    expect(() => parseTaxRules([state, fee, split])).not.toThrow();
  });
});

describe("parseTaxRules(): checks across rules see through other problems", () => {
  const TX = { id: "US-TX", name: "Texas", level: "state", country: "US", state: "TX" };
  const rule = (fields: object) => ({ id: "a", jurisdiction: TX, taxName: "TX", ratesPercent: { monitoring: "6.25" }, effectiveFrom: "2020-01-01", ...fields });
  const problems = (input: unknown): string[] => {
    const result = safeParseTaxRules(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")} ${i.code}`);
  };

  it("reports a jurisdiction defined two ways even when the rule also has a bad rate", () => {
    expect(problems([rule({}), rule({ id: "b", taxName: "other", jurisdiction: { ...TX, state: "CA" }, ratesPercent: { monitoring: "6%" } })])).toEqual([
      "1.ratesPercent.monitoring invalid_decimal",
      "1.jurisdiction inconsistent_jurisdiction",
    ]);
  });

  it("reports an overlap even when the rule also has a bad flag", () => {
    expect(problems([rule({}), rule({ id: "b", effectiveFrom: "2021-01-01", compound: "yes" })])).toEqual(["1.compound invalid_type", "1 overlapping_rules"]);
  });

  it("does not compare the days of a rule whose dates are not valid", () => {
    expect(problems([rule({}), rule({ id: "b", effectiveFrom: "2021-02-30" })])).toEqual(["1.effectiveFrom invalid_date"]);
    expect(problems([rule({}), rule({ id: "b", effectiveFrom: "2021-01-01", effectiveTo: "2020-06-01" })])).toEqual(["1.effectiveTo end_before_start"]);
  });
});

describe("safeParseTaxRules()", () => {
  it("returns the rules on success", () => {
    expect(safeParseTaxRules(TEXAS_RULES)).toEqual({ success: true, data: TEXAS_RULES });
  });

  it("returns the error listing every problem instead of throwing", () => {
    const result = safeParseTaxRules([raw({ id: "" }), raw({ id: "x", taxName: "" })]);
    expect(result.success).toBe(false);
    expect(result.success ? [] : result.error.issues.map((issue) => issue.path)).toEqual([
      [0, "id"],
      [1, "taxName"],
    ]);
  });
});

describe("createTaxTable(): validation", () => {
  it("lists problems of the rules and the options together, under rules and options", () => {
    const rules = [raw({ ratesPercent: { monitoring: "6.25", Fee: "1" } })] as unknown as readonly TaxRule[];
    expect(issuesOf(() => createTaxTable(rules, { name: "", categories: ["alarm-response", "Video"] }))).toEqual([
      { path: ["rules", 0, "ratesPercent", "Fee"], code: ErrorCodes.invalidValue },
      { path: ["options", "name"], code: ErrorCodes.invalidValue },
      { path: ["options", "categories", 1], code: ErrorCodes.invalidValue },
    ]);
  });
});

describe("isTaxCategoryName()", () => {
  it("accepts lower-case words joined by hyphens and nothing else", () => {
    expect(["monitoring", "equipment-rental", "tier-2", "a"].map(isTaxCategoryName)).toEqual([true, true, true, true]);
    expect(["Monitoring", "2-way-voice", "-fee", "late fee", "", 7].map(isTaxCategoryName)).toEqual([false, false, false, false, false, false]);
  });
});
