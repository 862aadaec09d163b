import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addExact,
  exact,
  fromMinorUnits,
  multiply,
  ratio,
  round,
  ROUNDING_MODES,
  type ExactMoney,
  type Money,
  type RoundingMode,
} from "../../src/money/index.js";
import {
  createTaxTable,
  exemptionCovers,
  inclusiveFactor,
  type LineTax,
  type TaxableLine,
  type TaxCategory,
  type TaxExemption,
  type TaxRequest,
  type TaxResult,
  type TaxRoundingPolicy,
  type TaxRule,
  type TaxRuleJurisdiction,
} from "../../src/tax/index.js";

const RUNS = { numRuns: 1000 } as const;
const TAX_DATE = "2026-03-01";
const CATEGORIES: readonly TaxCategory[] = ["monitoring", "equipment-rental", "fee"];

// ---------------------------------------------------------------------------------------------
// A random table over a fixed map: one country, one state with two taxes, a county, a city and a
// postal-code district. Each rule has random rates (some categories left out), may be compound,
// and may have ended on the tax date (effectiveTo is exclusive) or the day after.
// ---------------------------------------------------------------------------------------------

const SLOTS: readonly { readonly id: string; readonly taxName: string; readonly jurisdiction: TaxRuleJurisdiction }[] = [
  { id: "r-country", taxName: "Federal tax", jurisdiction: { id: "US", name: "Union", level: "country", country: "US" } },
  { id: "r-state", taxName: "State tax", jurisdiction: { id: "US-AA", name: "State AA", level: "state", country: "US", state: "AA" } },
  { id: "r-state-911", taxName: "State 911 fee", jurisdiction: { id: "US-AA", name: "State AA", level: "state", country: "US", state: "AA" } },
  {
    id: "r-county",
    taxName: "County tax",
    jurisdiction: { id: "US-AA-ALPHA", name: "Alpha County", level: "county", country: "US", state: "AA", county: "Alpha" },
  },
  { id: "r-city", taxName: "City tax", jurisdiction: { id: "US-AA-BETA", name: "Beta", level: "city", country: "US", state: "AA", city: "Beta" } },
  {
    id: "r-district",
    taxName: "District tax",
    jurisdiction: { id: "US-AA-D1", name: "District 1", level: "district", country: "US", state: "AA", postalCodes: ["11111"] },
  },
];
const JURISDICTION_IDS = [...new Set(SLOTS.map((slot) => slot.jurisdiction.id))];

/** A percent string for millionths: 62500 → "6.2500" (6.25 %). */
function millionths(n: number): string {
  const digits = String(n).padStart(5, "0");
  return `${digits.slice(0, -4)}.${digits.slice(-4)}`;
}

const rateArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 150_000 }).map(millionths) },
  { weight: 1, arbitrary: fc.constantFrom("0", "100", "50", "4", "6.25", "9.5") },
);

const ruleArb = (slot: (typeof SLOTS)[number]): fc.Arbitrary<TaxRule> =>
  fc
    .record({
      rates: fc.tuple(...CATEGORIES.map(() => fc.option(rateArb, { nil: undefined }))),
      compound: fc.boolean(),
      effectiveTo: fc.constantFrom<string | undefined>(undefined, undefined, undefined, TAX_DATE, "2026-03-02"),
    })
    .map(({ rates, compound, effectiveTo }) => {
      const table: Record<string, string> = {};
      rates.forEach((rate, i) => {
        const category = CATEGORIES[i];
        if (rate !== undefined && category !== undefined) table[category] = rate;
      });
      return {
        id: slot.id,
        jurisdiction: slot.jurisdiction,
        taxName: slot.taxName,
        ratesPercent: table,
        effectiveFrom: "2020-01-01",
        ...(effectiveTo === undefined ? {} : { effectiveTo }),
        ...(compound ? { compound: true } : {}),
      };
    });

const rulesArb: fc.Arbitrary<TaxRule[]> = fc
  .tuple(...SLOTS.map((slot) => fc.option(ruleArb(slot), { nil: undefined })))
  .map((rules) => rules.filter((rule): rule is TaxRule => rule !== undefined));

const addressArb = fc.record({ county: fc.boolean(), city: fc.boolean(), district: fc.boolean(), otherState: fc.boolean() }).map((where) => ({
  country: "US",
  state: where.otherState ? "BB" : "AA",
  county: where.county ? "Alpha" : "Gamma",
  city: where.city ? "Beta" : "Delta",
  postalCode: where.district ? "11111" : "22222",
}));

/** Line amounts before the sign: whole minor units, or an exact fraction of them (a proration). */
const amountArb = (currency: string, maxMinor: number): fc.Arbitrary<Money | ExactMoney> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: maxMinor }).map((minor) => fromMinorUnits(minor, currency)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 0, max: maxMinor }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 31 }))
        .map(([minor, a, b]) => multiply(fromMinorUnits(minor, currency), ratio(Math.min(a, b), Math.max(a, b)))),
    },
  );

const exemptionArb: fc.Arbitrary<TaxExemption> = fc
  .record({
    id: fc.constantFrom("EX-1", "EX-2", "EX-3"),
    categories: fc.option(fc.subarray([...CATEGORIES]), { nil: undefined }),
    jurisdictions: fc.option(fc.subarray(JURISDICTION_IDS), { nil: undefined }),
    expires: fc.option(fc.constantFrom("2026-01-01", TAX_DATE, "2026-03-02", "2030-01-01"), { nil: undefined }),
  })
  .map(({ id, categories, jurisdictions, expires }) => ({
    certificateId: id,
    ...(categories === undefined ? {} : { categories }),
    ...(jurisdictions === undefined ? {} : { jurisdictions }),
    ...(expires === undefined ? {} : { expires }),
  }));

const policyArb: fc.Arbitrary<TaxRoundingPolicy> = fc.record({
  level: fc.constantFrom<"line" | "invoice">("line", "invoice"),
  mode: fc.constantFrom<RoundingMode>(...ROUNDING_MODES),
  inclusive: fc.constantFrom<"tax" | "net">("tax", "net"),
});

interface Scenario {
  readonly rules: TaxRule[];
  readonly request: TaxRequest;
}

/** A table and a request of non-negative lines. */
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({ currency: fc.constantFrom("USD", "USD", "JPY", "KWD"), inclusive: fc.boolean() })
  .chain(({ currency, inclusive }) =>
    fc.record({
      rules: rulesArb,
      request: fc.record({
        currency: fc.constant(currency),
        inclusive: fc.constant(inclusive),
        lines: fc.array(
          fc.record({
            category: fc.constantFrom(...CATEGORIES),
            amount: amountArb(currency, 5_000_000),
            address: addressArb,
          }),
          { maxLength: 8 },
        ),
        exemptions: fc.array(exemptionArb, { maxLength: 2 }),
        rounding: policyArb,
      }),
    }),
  )
  .map(({ rules, request }) => ({
    rules,
    request: {
      ...request,
      lines: request.lines.map((line, i): TaxableLine => ({ lineId: `L${i}`, taxDate: TAX_DATE, ...line })),
    },
  }));

/** The same, with each line a charge or a credit: an invoice that mixes both. */
const mixedScenarioArb: fc.Arbitrary<Scenario> = scenarioArb.chain((scenario) =>
  fc.array(fc.boolean(), { minLength: scenario.request.lines.length, maxLength: scenario.request.lines.length }).map((credits) => ({
    ...scenario,
    request: {
      ...scenario.request,
      lines: scenario.request.lines.map((line, i) => (credits[i] === true ? { ...line, amount: negated(line.amount) } : line)),
    },
  })),
);

// ---------------------------------------------------------------------------------------------
// Readers
// ---------------------------------------------------------------------------------------------

function run({ rules, request }: Scenario, changes: Partial<TaxRequest> = {}): TaxResult {
  return createTaxTable(rules).calculate({ ...request, ...changes });
}

function withLevel(policy: TaxRoundingPolicy, level: "line" | "invoice"): TaxRoundingPolicy {
  return { ...policy, level };
}

/** |amount − unrounded| < 1 minor unit: the amount is the unrounded tax rounded down or up. */
function isFloorOrCeil(tax: LineTax): boolean {
  const n = BigInt(tax.unrounded.numerator);
  const d = BigInt(tax.unrounded.denominator);
  const diff = BigInt(tax.amount.minor) * d - n;
  return diff < d && -diff < d;
}

function allTaxes(result: TaxResult): LineTax[] {
  return result.lines.flatMap((line) => [...line.taxes]);
}

function sumMinor(values: readonly Money[]): number {
  return values.reduce((total, value) => total + value.minor, 0);
}

function negated(amount: Money | ExactMoney): Money | ExactMoney {
  return "minor" in amount ? fromMinorUnits(-amount.minor, amount.currency) : multiply(amount, -1);
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe("tax properties", () => {
  it("never charges negative tax on non-negative amounts, at any level, mode or pricing", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const result = run(scenario);
        expect(allTaxes(result).every((tax) => tax.amount.minor >= 0)).toBe(true);
        expect(result.totals.every((total) => total.amount.minor >= 0)).toBe(true);
      }),
      RUNS,
    );
  });

  it("keeps the listed price as the total of every tax-inclusive line: net + taxes = price, both levels", () => {
    fc.assert(
      fc.property(mixedScenarioArb, (scenario) => {
        const lines = scenario.request.lines;
        for (const level of ["line", "invoice"] as const) {
          const rounding = withLevel(scenario.request.rounding, level);
          const result = run(scenario, { inclusive: true, lines, rounding });
          result.lines.forEach((line, i) => {
            const source = lines[i];
            const listed = source === undefined ? undefined : round(source.amount, rounding.mode);
            expect(line.net.minor + sumMinor(line.taxes.map((tax) => tax.amount))).toBe(listed?.minor);
          });
        }
      }),
      RUNS,
    );
  });

  it("rounds every tax to within one minor unit of its exact amount, so per-line and per-invoice differ by at most one", () => {
    fc.assert(
      fc.property(mixedScenarioArb, (scenario) => {
        const perLine = run(scenario, { rounding: withLevel(scenario.request.rounding, "line") });
        const perInvoice = run(scenario, { rounding: withLevel(scenario.request.rounding, "invoice") });
        expect(allTaxes(perLine).every(isFloorOrCeil)).toBe(true);
        expect(allTaxes(perInvoice).every(isFloorOrCeil)).toBe(true);
        perLine.lines.forEach((line, i) => {
          const other = perInvoice.lines[i];
          expect(other?.taxes.map((tax) => tax.ruleId)).toEqual(line.taxes.map((tax) => tax.ruleId));
          line.taxes.forEach((tax, t) => {
            const amount = other?.taxes[t]?.amount.minor ?? Number.NaN;
            expect(Math.abs(amount - tax.amount.minor)).toBeLessThanOrEqual(1);
          });
        });
      }),
      RUNS,
    );
  });

  it("rounds each tax once per invoice: its total is round(sum of exact line taxes) and the lines' shares sum to it", () => {
    fc.assert(
      fc.property(mixedScenarioArb, (scenario) => {
        const rounding: TaxRoundingPolicy = { ...scenario.request.rounding, level: "invoice", inclusive: "tax" };
        const result = run(scenario, { rounding });
        for (const total of result.totals) {
          const taxes = allTaxes(result).filter((tax) => tax.ruleId === total.ruleId);
          expect(total.amount).toEqual(round(addExact(...taxes.map((tax) => tax.unrounded)), rounding.mode));
          expect(sumMinor(taxes.map((tax) => tax.amount))).toBe(total.amount.minor);
        }
        expect(result.totals.map((total) => total.ruleId)).toEqual([...new Set(allTaxes(result).map((tax) => tax.ruleId))]);
      }),
      RUNS,
    );
  });

  it("rounds a tax-inclusive invoice's net once when rounding per invoice on the net", () => {
    fc.assert(
      fc.property(mixedScenarioArb, (scenario) => {
        const rounding: TaxRoundingPolicy = { ...scenario.request.rounding, level: "invoice", inclusive: "net" };
        const result = run(scenario, { inclusive: true, rounding });
        const currency = scenario.request.currency;
        const exactNets = result.lines.map((line, i) => {
          const source = scenario.request.lines[i];
          const listed = source === undefined ? fromMinorUnits(0, currency) : round(source.amount, rounding.mode);
          return addExact(listed, ...line.taxes.map((tax) => multiply(tax.unrounded, -1)));
        });
        const expected = exactNets.length === 0 ? 0 : round(addExact(...exactNets), rounding.mode).minor;
        expect(sumMinor(result.lines.map((line) => line.net))).toBe(expected);
      }),
      RUNS,
    );
  });

  it("rounds each tax on its own per line (exclusive): the amount is round(exact, mode)", () => {
    fc.assert(
      fc.property(mixedScenarioArb, (scenario) => {
        const rounding = withLevel(scenario.request.rounding, "line");
        const result = run(scenario, { inclusive: false, rounding });
        for (const tax of allTaxes(result)) expect(tax.amount).toEqual(round(tax.unrounded, rounding.mode));
        result.lines.forEach((line, i) => {
          const source = scenario.request.lines[i];
          expect(line.net).toEqual(source === undefined ? undefined : round(source.amount, rounding.mode));
        });
      }),
      RUNS,
    );
  });

  it("computes exact taxes that add up to the net times (1 + simple rates)(1 + compound rates) − 1", () => {
    fc.assert(
      fc.property(mixedScenarioArb, fc.boolean(), (scenario, inclusive) => {
        const result = run(scenario, { inclusive });
        result.lines.forEach((line, i) => {
          const source = scenario.request.lines[i];
          if (source === undefined) return;
          const factor = inclusiveFactor(
            line.taxes.filter((tax) => !tax.compound).map((tax) => tax.rate),
            line.taxes.filter((tax) => tax.compound).map((tax) => tax.rate),
          );
          const gross = inclusive ? exact(round(source.amount, scenario.request.rounding.mode)) : exact(source.amount);
          const exactNet = inclusive ? addExact(gross, ...line.taxes.map((tax) => multiply(tax.unrounded, -1))) : gross;
          const difference = addExact(multiply(exactNet, factor), multiply(gross, -1), ...(inclusive ? [] : line.taxes.map((tax) => multiply(tax.unrounded, -1))));
          expect(BigInt(difference.numerator)).toBe(0n);
        });
      }),
      RUNS,
    );
  });

  it("taxes a credit as the exact mirror of the charge: negating every line negates every tax and net", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const charge = run(scenario);
        const credit = run(scenario, { lines: scenario.request.lines.map((line) => ({ ...line, amount: negated(line.amount) })) });
        // 0 − x rather than −x, so that a zero compares as +0.
        expect(credit.lines.map((line) => [0 - line.net.minor, line.taxes.map((tax) => [tax.ruleId, 0 - tax.amount.minor])])).toEqual(
          charge.lines.map((line) => [line.net.minor, line.taxes.map((tax) => [tax.ruleId, tax.amount.minor])]),
        );
        expect(credit.totals.map((total) => 0 - total.amount.minor)).toEqual(charge.totals.map((total) => total.amount.minor));
      }),
      RUNS,
    );
  });

  it("waives exactly the taxes an unexpired certificate covers, and charges the rest", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const withoutExemptions = run(scenario, { exemptions: [] });
        const withExemptions = run(scenario);
        withoutExemptions.lines.forEach((line, i) => {
          const source = scenario.request.lines[i];
          const other = withExemptions.lines[i];
          if (source === undefined || other === undefined) return;
          const covered = (jurisdictionId: string) =>
            scenario.request.exemptions.some((e) => exemptionCovers(e, source.category, jurisdictionId, source.taxDate));
          expect(other.waived.map((w) => w.ruleId)).toEqual(line.taxes.filter((tax) => covered(tax.jurisdictionId)).map((tax) => tax.ruleId));
          expect(other.taxes.map((tax) => tax.ruleId)).toEqual(line.taxes.filter((tax) => !covered(tax.jurisdictionId)).map((tax) => tax.ruleId));
        });
      }),
      RUNS,
    );
  });
});

describe("the direct path for the common case", () => {
  // Exclusive prices, per-line rounding and no exemption take a direct path; an exemption that
  // covers nothing sends the same request down the general path. Both must give the same result.
  const nothing: TaxExemption = { certificateId: "NONE", categories: ["no-such-category"] };

  it("gives exactly what the general path gives, for any table, lines, amounts and rounding mode", () => {
    fc.assert(
      fc.property(mixedScenarioArb, fc.constantFrom(...ROUNDING_MODES), (scenario, mode) => {
        const common = { inclusive: false, exemptions: [], rounding: { level: "line", mode, inclusive: "tax" } as const };
        const direct = run(scenario, common);
        const general = run(scenario, { ...common, exemptions: [nothing] });
        expect(direct).toEqual(general);
      }),
      RUNS,
    );
  });
});
