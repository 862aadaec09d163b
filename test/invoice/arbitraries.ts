/**
 * fast-check generators for random small contracts and tax tables: 1–3 sites with 1–4 recurring
 * lines each (rates 0.00–999.99 or a random price model, quantities 0–20), random percent and
 * fixed discounts, random start dates, anchor days, cycles and stub policies, and a random rule
 * table over a fixed map. Dates are built from UTC day numbers, so nothing depends on the TZ.
 */
import fc from "fast-check";
import type { BillingPeriod } from "../../src/calendar/index.js";
import type { Contract } from "../../src/contract/index.js";
import type { InvoiceRoundingPolicy } from "../../src/invoice/index.js";
import { contractPeriods } from "../../src/invoice/index.js";
import type { RoundingMode } from "../../src/money/index.js";
import { createTaxTable, type TaxProvider, type TaxRule } from "../../src/tax/index.js";
import { ARBITRARY_ADDRESSES, ARBITRARY_TAX_CATEGORIES, priceModelArbitrary, taxRulesArbitrary } from "../../src/testing/index.js";
import { buildContract, type AddressInput, type ContractSpec, type DiscountInput, type LineInput, type SiteInput } from "../contract/builder.js";

const DAY = 86_400_000;

/** A calendar date from a UTC day number. */
export const dateOf = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
/** The UTC day number of a calendar date. */
export const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY;

/** Cents as a decimal string: 3999 → "39.99". */
export const centsText = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

export const CATEGORIES = ARBITRARY_TAX_CATEGORIES;

/** Addresses on a fixed map: two in taxed state AA (one downtown in every jurisdiction), one in untaxed BB. */
export const ADDRESSES: readonly AddressInput[] = ARBITRARY_ADDRESSES;
export const DOWNTOWN_BETA: AddressInput = ARBITRARY_ADDRESSES[0] as AddressInput;

/** A random rule table over the fixed map (the public arbitrary of rmr-billing/testing). */
export const taxRules: fc.Arbitrary<TaxRule[]> = taxRulesArbitrary();

/** A random tax provider: the table above. */
export const taxProvider: fc.Arbitrary<TaxProvider> = taxRules.map((rules) => createTaxTable(rules));

const price = fc.integer({ min: 0, max: 99_999 });

type PriceModelInput = NonNullable<Extract<LineInput, { kind: "monitoring" }>["price"]>;

/** Any price model, with prices 0.00–999.99 (per-unit prices may have four decimals). */
export const priceModel: fc.Arbitrary<PriceModelInput> = priceModelArbitrary();

/** A line's price: a plain rate (most often) or a price model. */
const linePrice: fc.Arbitrary<{ rate: string } | { price: PriceModelInput }> = fc.oneof(
  { weight: 3, arbitrary: price.map((p) => ({ rate: centsText(p) })) },
  { weight: 2, arbitrary: priceModel.map((p) => ({ price: p })) },
);

interface LineSeed {
  readonly kind: "monitoring" | "equipment";
  readonly category: (typeof CATEGORIES)[number];
  readonly price: { rate: string } | { price: PriceModelInput };
  readonly quantity: number;
}

const lineSeed: fc.Arbitrary<LineSeed> = fc.record({
  kind: fc.constantFrom("monitoring" as const, "equipment" as const),
  category: fc.constantFrom(...CATEGORIES),
  price: linePrice,
  quantity: fc.integer({ min: 0, max: 20 }),
});

function toLine(seed: LineSeed, id: string): LineInput {
  const base = { id, quantity: seed.quantity, taxCategory: seed.category, ...seed.price };
  return seed.kind === "monitoring" ? { kind: "monitoring", tier: "basic", ...base } : { kind: "equipment", item: "Panel", ...base };
}

interface DiscountSeed {
  readonly kind: "percent" | "fixed";
  readonly value: number;
  readonly scope: "invoice" | "category" | "line";
  readonly pick: number;
  readonly order: number;
}

const percentSeed: fc.Arbitrary<DiscountSeed> = fc.record({
  kind: fc.constant("percent" as const),
  value: fc.integer({ min: 0, max: 10_000 }),
  scope: fc.constantFrom("invoice" as const, "category" as const, "line" as const),
  pick: fc.nat(),
  order: fc.integer({ min: 0, max: 2 }),
});

const fixedSeed: fc.Arbitrary<DiscountSeed> = fc.record({
  kind: fc.constant("fixed" as const),
  value: fc.integer({ min: 0, max: 20_000 }),
  scope: fc.constantFrom("invoice" as const, "category" as const, "line" as const),
  pick: fc.nat(),
  order: fc.integer({ min: 0, max: 2 }),
});

function toDiscount(seed: DiscountSeed, index: number, lineIds: readonly string[]): DiscountInput {
  const picked = lineIds[seed.pick % lineIds.length] ?? "L-0-0";
  const appliesTo =
    seed.scope === "invoice"
      ? { scope: "invoice" as const }
      : seed.scope === "category"
        ? { scope: "category" as const, categories: [CATEGORIES[seed.pick % CATEGORIES.length] ?? "monitoring"] }
        : { scope: "line" as const, lineIds: [picked] };
  const base = { id: `D-${index}`, description: `Discount ${index}`, appliesTo, order: seed.order };
  return seed.kind === "percent" ? { ...base, kind: "percent", percent: centsText(seed.value) } : { ...base, kind: "fixed", amount: centsText(seed.value) };
}

/** Which discounts to generate. */
export type DiscountKinds = "all" | "percent";

/** What a random contract is made of, before it becomes a contract. */
export interface ContractSeed {
  readonly startDay: number;
  readonly anchorDay: number;
  readonly cycle: "monthly" | "quarterly";
  readonly stub: "prorate" | "full" | "nextAnchor";
  readonly dayCount: "actual" | "30/360";
  readonly taxInclusive: boolean;
  readonly sites: readonly { readonly address: number; readonly lines: readonly LineSeed[] }[];
  readonly discounts: readonly DiscountSeed[];
  /** Which of the first four periods to bill. */
  readonly periodIndex: number;
}

/** Random contract seeds. */
export function contractSeed(discounts: DiscountKinds = "all"): fc.Arbitrary<ContractSeed> {
  return fc.record({
    startDay: fc.integer({ min: dayOf("2024-01-01"), max: dayOf("2027-12-31") }),
    anchorDay: fc.integer({ min: 1, max: 31 }),
    cycle: fc.constantFrom("monthly" as const, "quarterly" as const),
    stub: fc.constantFrom("prorate" as const, "full" as const, "nextAnchor" as const),
    dayCount: fc.constantFrom("actual" as const, "30/360" as const),
    taxInclusive: fc.boolean(),
    sites: fc.array(fc.record({ address: fc.integer({ min: 0, max: ADDRESSES.length - 1 }), lines: fc.array(lineSeed, { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 3 }),
    discounts: fc.array(discounts === "all" ? fc.oneof(percentSeed, fixedSeed) : percentSeed, { maxLength: 3 }),
    periodIndex: fc.integer({ min: 0, max: 3 }),
  });
}

/** The contract spec of a seed. */
export function specOf(seed: ContractSeed, overrides: Partial<ContractSpec> = {}): ContractSpec {
  const sites: SiteInput[] = seed.sites.map((s, i) => ({
    id: `S-${i}`,
    name: `Site ${i}`,
    address: ADDRESSES[s.address] ?? DOWNTOWN_BETA,
    lines: s.lines.map((line, l) => toLine(line, `L-${i}-${l}`)),
  }));
  const lineIds = sites.flatMap((s) => s.lines.map((l) => l.id));
  return {
    start: dateOf(seed.startDay),
    billing: {
      cycle: seed.cycle,
      pricesPer: "month",
      anchorDay: seed.anchorDay,
      stub: seed.stub,
      dayCount: seed.dayCount,
      taxInclusive: seed.taxInclusive,
      ...overrides.billing,
    },
    sites,
    discounts: seed.discounts.map((d, i) => toDiscount(d, i, lineIds)),
    ...(overrides.term === undefined ? {} : { term: overrides.term }),
  };
}

/** The validated contract of a seed. */
export function contractOf(seed: ContractSeed, overrides: Partial<ContractSpec> = {}): Contract {
  return buildContract(specOf(seed, overrides));
}

/** One of the first four periods of a contract. */
export function periodOf(contract: Contract, index: number): BillingPeriod {
  const periods = contractPeriods(contract, { count: 4 });
  const period = periods[index % periods.length];
  if (period === undefined) throw new Error("an open-ended contract always has periods");
  return period;
}

/** A random rounding policy. */
export const roundingPolicy: fc.Arbitrary<InvoiceRoundingPolicy> = fc.record({
  line: fc.constantFrom<RoundingMode>("halfUp", "halfEven"),
  discount: fc.constantFrom<RoundingMode>("halfUp", "halfEven", "down"),
  tax: fc.record({
    level: fc.constantFrom("line" as const, "invoice" as const),
    mode: fc.constantFrom<RoundingMode>("halfUp", "halfEven"),
    inclusive: fc.constantFrom("tax" as const, "net" as const),
  }),
});
