import { describe, expect, it } from "vitest";
import { validationErrorOf } from "../support/errors.js";
import { ErrorCodes } from "../../src/errors/index.js";
import { exactToString, multiply, ratio, toDecimalString } from "../../src/money/index.js";
import { createTaxTable, STANDARD_TAX_CATEGORIES, type TaxAddress, type TaxRule } from "../../src/tax/index.js";
import {
  AUSTIN_DOWNTOWN,
  AUSTIN_NORTH,
  calculate,
  issuesOf,
  LAKEWAY,
  line,
  onlyLine,
  TEXAS_RULES,
  taxAmounts,
  totalAmounts,
  TULSA,
  usd,
} from "./support.js";

const texas = createTaxTable(TEXAS_RULES, { name: "Texas table" });

describe("createTaxTable(): the Texas-like stack", () => {
  it("charges state, county, city and district taxes on monitoring downtown, each rounded per line", () => {
    const result = onlyLine(calculate(texas, [line("L1", "39.99")]));
    expect(taxAmounts(result)).toEqual([
      ["tx-state", "2.50"], // 39.99 × 6.25 % = 2.499375
      ["travis-county", "0.20"], // 39.99 × 0.5 % = 0.19995
      ["austin-city", "0.40"], // 39.99 × 1 % = 0.3999
      ["austin-downtown-district", "0.20"], // 0.19995
    ]);
    expect(toDecimalString(result.net)).toBe("39.99");
    expect(result.waived).toEqual([]);
  });

  it("gives no city line for equipment rental, a category the city does not tax", () => {
    const result = onlyLine(calculate(texas, [line("L1", "24.99", { category: "equipment-rental" })]));
    expect(taxAmounts(result)).toEqual([
      ["tx-state", "1.56"], // 1.561875
      ["travis-county", "0.12"], // 0.12495
      ["austin-downtown-district", "0.12"],
    ]);
  });

  it("charges the special district only at its postal codes", () => {
    const north = onlyLine(calculate(texas, [line("L1", "39.99", { address: AUSTIN_NORTH })]));
    expect(taxAmounts(north).map(([rule]) => rule)).toEqual(["tx-state", "travis-county", "austin-city"]);
    const secondCode = onlyLine(calculate(texas, [line("L1", "39.99", { address: { ...AUSTIN_NORTH, postalCode: "78702" } })]));
    expect(taxAmounts(secondCode).map(([rule]) => rule)).toContain("austin-downtown-district");
  });

  it("matches a ZIP+4 postal code to its five-digit district", () => {
    const result = onlyLine(calculate(texas, [line("L1", "39.99", { address: { ...AUSTIN_DOWNTOWN, postalCode: "78701-1234" } })]));
    expect(taxAmounts(result).map(([rule]) => rule)).toContain("austin-downtown-district");
  });

  it("leaves out the district when the address has no postal code", () => {
    const { postalCode, ...withoutPostalCode } = AUSTIN_DOWNTOWN;
    expect(postalCode).toBe("78701");
    const result = onlyLine(calculate(texas, [line("L1", "39.99", { address: withoutPostalCode })]));
    expect(taxAmounts(result).map(([rule]) => rule)).toEqual(["tx-state", "travis-county", "austin-city"]);
  });

  it("charges only state and county outside the city", () => {
    const result = onlyLine(calculate(texas, [line("L1", "39.99", { address: LAKEWAY })]));
    expect(taxAmounts(result)).toEqual([
      ["tx-state", "2.50"],
      ["travis-county", "0.20"],
    ]);
  });

  it("charges nothing in a state the table does not cover", () => {
    const result = onlyLine(calculate(texas, [line("L1", "39.99", { address: TULSA })]));
    expect(result.taxes).toEqual([]);
    expect(toDecimalString(result.net)).toBe("39.99");
  });

  it("matches country, state, county and city ignoring case and surrounding spaces", () => {
    const address = { country: "us", state: "tx", county: "TRAVIS", city: " austin ", postalCode: "78701" };
    const result = onlyLine(calculate(texas, [line("L1", "39.99", { address })]));
    expect(taxAmounts(result).map(([rule]) => rule)).toEqual(["tx-state", "travis-county", "austin-city", "austin-downtown-district"]);
  });

  it("matches each place on its own, even when its fields joined with a separator would read alike", () => {
    // Joined with "|", both read "US|TX|Travis|Austin|X|78701": remembered matches must not mix them up.
    const inTravis = { country: "US", state: "TX", county: "Travis", city: "Austin|X", postalCode: "78701" };
    const elsewhere = { country: "US", state: "TX", county: "Travis|Austin", city: "X", postalCode: "78701" };
    for (const order of [[inTravis, elsewhere], [elsewhere, inTravis]]) {
      const table = createTaxTable(TEXAS_RULES);
      const result = calculate(table, order.map((address, i) => line(`L${i}`, "39.99", { address })));
      const rulesOf = (address: typeof inTravis) => taxAmounts(result.lines[order.indexOf(address)] ?? onlyLine(result)).map(([rule]) => rule);
      expect(rulesOf(inTravis)).toContain("travis-county");
      expect(rulesOf(elsewhere)).not.toContain("travis-county");
    }
  });

  it("refuses an address field given as null (from plain JavaScript) with its path, instead of failing inside", () => {
    const address = { country: "US", state: "TX", county: null, city: "Lakeway", postalCode: 78734 } as unknown as TaxAddress;
    const error = validationErrorOf(() => calculate(texas, [line("L1", "39.99"), line("L2", "39.99", { address })]));
    expect(error.issues).toEqual([
      { path: ["lines", 1, "address", "county"], code: "invalid_type", message: "expected text or nothing (leave it out), got null" },
      { path: ["lines", 1, "address", "postalCode"], code: "invalid_type", message: "expected text or nothing (leave it out), got 78734" },
    ]);
    expect(issuesOf(() => calculate(texas, [line("L1", "1.00", { address: { city: "Austin" } as unknown as TaxAddress })]))).toEqual([
      { path: ["lines", 0, "address", "country"], code: "invalid_type" },
    ]);
  });

  it("does not match a city of the same name in another state", () => {
    const result = onlyLine(calculate(texas, [line("L1", "39.99", { address: { country: "US", state: "MN", city: "Austin" } })]));
    expect(result.taxes).toEqual([]);
  });

  it("lists taxes by level whatever the order of the table, then by rule id within a level", () => {
    const e911: TaxRule = {
      id: "tx-e911",
      jurisdiction: { id: "US-TX", name: "Texas", level: "state", country: "US", state: "TX" },
      taxName: "Texas 911 fee",
      ratesPercent: { monitoring: "2" },
      effectiveFrom: "2020-01-01",
    };
    const reversed = createTaxTable([...TEXAS_RULES].reverse().concat(e911));
    const result = onlyLine(calculate(reversed, [line("L1", "39.99")]));
    expect(result.taxes.map((tax) => [tax.ruleId, tax.level])).toEqual([
      ["tx-e911", "state"],
      ["tx-state", "state"],
      ["travis-county", "county"],
      ["austin-city", "city"],
      ["austin-downtown-district", "district"],
    ]);
  });

  it("describes each tax with its rule, jurisdiction, rate, base, exact amount and rounding", () => {
    const [state, county] = onlyLine(calculate(texas, [line("L1", "39.99")])).taxes;
    expect(state?.explanation).toBe("Texas state sales tax (rule tx-state, US-TX) 6.25 % of 39.99 = 2.499375 → 2.50 (halfUp, per line)");
    expect(county?.explanation).toBe("Travis County sales tax (rule travis-county, US-TX-TRAVIS) 0.5 % of 39.99 = 0.19995 → 0.20 (halfUp, per line)");
  });

  it("reports the rule, jurisdiction, rate, base and exact tax on each line tax", () => {
    const [state] = onlyLine(calculate(texas, [line("L1", "39.99")])).taxes;
    expect(state).toMatchObject({
      ruleId: "tx-state",
      jurisdictionId: "US-TX",
      jurisdictionName: "Texas",
      level: "state",
      taxName: "Texas state sales tax",
      rate: { numerator: 1, denominator: 16 },
      compound: false,
      base: { currency: "USD", numerator: 3999, denominator: 1 },
      amount: { minor: 250, currency: "USD" },
    });
    expect(state === undefined ? undefined : exactToString(state.unrounded)).toBe("2.499375");
  });

  it("rounds with the policy's mode", () => {
    const result = onlyLine(calculate(texas, [line("L1", "39.99")], { rounding: { level: "line", mode: "down", inclusive: "tax" } }));
    expect(taxAmounts(result)).toEqual([
      ["tx-state", "2.49"],
      ["travis-county", "0.19"],
      ["austin-city", "0.39"],
      ["austin-downtown-district", "0.19"],
    ]);
  });

  it("taxes an exact amount exactly and rounds its net with the policy's mode", () => {
    // 40.00 × 10/31 = 12.903225…; 6.25 % of it is 0.806451…
    const amount = multiply(usd("40.00"), ratio(10, 31));
    const result = onlyLine(calculate(texas, [line("L1", amount, { address: LAKEWAY })]));
    expect(toDecimalString(result.net)).toBe("12.90");
    expect(taxAmounts(result)).toEqual([
      ["tx-state", "0.81"],
      ["travis-county", "0.06"], // 0.064516…
    ]);
    expect(result.taxes[0]?.explanation).toBe("Texas state sales tax (rule tx-state, US-TX) 6.25 % of ≈12.903226 = ≈0.806452 → 0.81 (halfUp, per line)");
  });

  it("sums each tax over the invoice in first-seen order", () => {
    const result = calculate(texas, [
      line("L1", "24.99", { category: "equipment-rental" }),
      line("L2", "39.99"),
      line("L3", "10.00", { address: AUSTIN_NORTH }),
    ]);
    expect(totalAmounts(result)).toEqual([
      ["tx-state", "4.69"], // 1.56 + 2.50 + 0.63 (0.625 → 0.63)
      ["travis-county", "0.37"], // 0.12 + 0.20 + 0.05
      ["austin-downtown-district", "0.32"], // 0.12 + 0.20
      ["austin-city", "0.50"], // 0.40 + 0.10
    ]);
    expect(result.totals[0]).toEqual({
      jurisdictionId: "US-TX",
      jurisdictionName: "Texas",
      taxName: "Texas state sales tax",
      ruleId: "tx-state",
      amount: usd("4.69"),
    });
    expect(result.lines.map((l) => l.lineId)).toEqual(["L1", "L2", "L3"]);
  });

  it("returns no lines and no totals for an empty request", () => {
    expect(calculate(texas, [])).toEqual({ lines: [], totals: [] });
  });
});

describe("createTaxTable(): effective dates", () => {
  const rateChange: readonly TaxRule[] = [
    { ...(TEXAS_RULES[0] as TaxRule), effectiveTo: "2026-07-01" },
    { ...(TEXAS_RULES[0] as TaxRule), id: "tx-state-2026", ratesPercent: { monitoring: "6.5" }, effectiveFrom: "2026-07-01" },
  ];
  const table = createTaxTable(rateChange);

  it("applies the old rate up to the day before the change", () => {
    expect(taxAmounts(onlyLine(calculate(table, [line("L1", "39.99", { taxDate: "2026-06-30" })])))).toEqual([["tx-state", "2.50"]]);
  });

  it("applies the new rate from the day of the change", () => {
    // 39.99 × 6.5 % = 2.59935
    expect(taxAmounts(onlyLine(calculate(table, [line("L1", "39.99", { taxDate: "2026-07-01" })])))).toEqual([["tx-state-2026", "2.60"]]);
  });

  it("charges nothing before the first rule takes effect", () => {
    expect(onlyLine(calculate(table, [line("L1", "39.99", { taxDate: "2019-12-31" })])).taxes).toEqual([]);
  });

  it("taxes each line at the rate of its own tax date", () => {
    const result = calculate(table, [line("June", "39.99", { taxDate: "2026-06-01" }), line("July", "39.99", { taxDate: "2026-07-01" })]);
    expect(totalAmounts(result)).toEqual([
      ["tx-state", "2.50"],
      ["tx-state-2026", "2.60"],
    ]);
  });
});

describe("createTaxTable(): zero rates and categories", () => {
  const zeroRated: readonly TaxRule[] = [
    {
      id: "zz-state",
      jurisdiction: { id: "US-ZZ", name: "Zedland", level: "state", country: "US", state: "ZZ" },
      taxName: "Zedland sales tax",
      ratesPercent: { monitoring: "5", installation: "0" },
      effectiveFrom: "2020-01-01",
    },
  ];
  const table = createTaxTable(zeroRated, { categories: ["alarm-response"] });
  const zedland = { country: "US", state: "ZZ" };

  it("gives a 0.00 tax line for a category listed at rate 0 (zero-rated)", () => {
    const result = onlyLine(calculate(table, [line("L1", "100.00", { category: "installation", address: zedland })]));
    expect(taxAmounts(result)).toEqual([["zz-state", "0.00"]]);
    expect(result.taxes[0]?.explanation).toBe("Zedland sales tax (rule zz-state, US-ZZ) 0 % of 100.00 = 0.00 → 0.00 (halfUp, per line)");
  });

  it("gives no tax line for a known category no rule lists", () => {
    const result = onlyLine(calculate(table, [line("L1", "100.00", { category: "alarm-response", address: zedland })]));
    expect(result.taxes).toEqual([]);
    expect(toDecimalString(result.net)).toBe("100.00");
  });

  it("knows the standard categories, the categories of its rules and the extra ones given", () => {
    for (const category of STANDARD_TAX_CATEGORIES) expect(table.knowsCategory(category)).toBe(true);
    expect(table.knowsCategory("alarm-response")).toBe(true);
    expect(texas.knowsCategory("equipment-rental")).toBe(true);
    expect(texas.knowsCategory("alarm-response")).toBe(false);
    expect(texas.knowsCategory("Monitoring")).toBe(false);
  });

  it("knows a category only a rule lists", () => {
    const custom = createTaxTable([{ ...(zeroRated[0] as TaxRule), ratesPercent: { "video-verification": "5" } }]);
    expect(custom.knowsCategory("video-verification")).toBe(true);
    expect(texas.knowsCategory("video-verification")).toBe(false);
  });

  it("carries its name, defaulting to \"tax table\"", () => {
    expect(texas.name).toBe("Texas table");
    expect(table.name).toBe("tax table");
  });
});

describe("createTaxTable(): refusing a request it cannot tax", () => {
  it("refuses a line whose category it does not know rather than billing it untaxed", () => {
    expect(issuesOf(() => calculate(texas, [line("L1", "1.00"), line("L2", "1.00", { category: "alarm-response" })]))).toEqual([
      { path: ["lines", 1, "category"], code: ErrorCodes.unknownTaxCategory },
    ]);
  });

  it("lists every problem of a request at once", () => {
    const bad = () =>
      texas.calculate({
        currency: "USD",
        inclusive: false,
        lines: [line("L1", { minor: 100, currency: "EUR" }, { taxDate: "2026-02-30" })],
        exemptions: [{ certificateId: " ", expires: "2026-13-01" }],
        rounding: { level: "invoice", mode: "nearest" as "halfUp", inclusive: "gross" as "tax" },
      });
    expect(issuesOf(bad)).toEqual([
      { path: ["rounding", "mode"], code: ErrorCodes.invalidOption },
      { path: ["rounding", "inclusive"], code: ErrorCodes.invalidOption },
      { path: ["lines", 0, "amount", "currency"], code: ErrorCodes.currencyMismatch },
      { path: ["lines", 0, "taxDate"], code: ErrorCodes.invalidDate },
      { path: ["exemptions", 0, "certificateId"], code: ErrorCodes.invalidValue },
      { path: ["exemptions", 0, "expires"], code: ErrorCodes.invalidDate },
    ]);
  });

  it("refuses an unknown currency and an unknown rounding level", () => {
    const bad = () => calculate(texas, [], { currency: "XXX", rounding: { level: "site" as "line", mode: "halfUp", inclusive: "tax" } });
    expect(issuesOf(bad)).toEqual([
      { path: ["currency"], code: ErrorCodes.unknownCurrency },
      { path: ["rounding", "level"], code: ErrorCodes.invalidOption },
    ]);
  });
});
