/**
 * fast-check arbitraries for your own property tests: valid contracts (with knobs for the features
 * in play), tax tables over a fixed map, timeline policies and payment histories. fast-check is a
 * peer dependency of `rmr-billing/testing` only: install it beside the library to use these.
 *
 * @module
 */
import fc from "fast-check";
import { parseContract, type Contract, type ContractInput } from "../contract/index.js";
import { createTaxTable, type TaxProvider, type TaxRule, type TaxRuleJurisdiction } from "../tax/index.js";
import { parseTimelinePolicy, type TimelinePolicy } from "../timeline/index.js";

const DAY = 86_400_000;
const dateOf = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY;
const centsText = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

/** The tax categories the arbitraries use. */
export const ARBITRARY_TAX_CATEGORIES = ["monitoring", "equipment-rental", "installation"] as const;

type AddressInput = ContractInput["sites"][number]["address"];
type LineInput = ContractInput["sites"][number]["lines"][number];
type PriceModelInput = NonNullable<Extract<LineInput, { kind: "monitoring" }>["price"]>;
type DiscountInput = NonNullable<ContractInput["discounts"]>[number];

/**
 * Addresses on the fixed map {@link taxRulesArbitrary} taxes: two in state AA (the first downtown,
 * inside every AA jurisdiction, district included), one in BB, which no rule taxes.
 */
export const ARBITRARY_ADDRESSES: readonly AddressInput[] = [
  { line1: "1 Main St", city: "Beta", county: "Alpha", state: "AA", postalCode: "11111", country: "US" },
  { line1: "2 Side St", city: "Gamma", county: "Alpha", state: "AA", postalCode: "22222", country: "US" },
  { line1: "3 Far Rd", city: "Delta", state: "BB", postalCode: "33333", country: "US" },
];

const SLOTS: readonly { readonly id: string; readonly taxName: string; readonly jurisdiction: TaxRuleJurisdiction }[] = [
  { id: "r-state", taxName: "State tax", jurisdiction: { id: "US-AA", name: "State AA", level: "state", country: "US", state: "AA" } },
  { id: "r-state-911", taxName: "State 911 fee", jurisdiction: { id: "US-AA", name: "State AA", level: "state", country: "US", state: "AA" } },
  { id: "r-county", taxName: "County tax", jurisdiction: { id: "US-AA-ALPHA", name: "Alpha County", level: "county", country: "US", state: "AA", county: "Alpha" } },
  { id: "r-city", taxName: "City tax", jurisdiction: { id: "US-AA-BETA", name: "Beta", level: "city", country: "US", state: "AA", city: "Beta" } },
  { id: "r-district", taxName: "District tax", jurisdiction: { id: "US-AA-D1", name: "District 1", level: "district", country: "US", state: "AA", postalCodes: ["11111"] } },
];

/** Ten-thousandths of a percent as a percent string: 62500 → "6.2500" (6.25 %). */
const percentText = (tenThousandths: number): string => {
  const digits = String(tenThousandths).padStart(5, "0");
  return `${digits.slice(0, -4)}.${digits.slice(-4)}`;
};

/**
 * Tax tables over the fixed map of {@link ARBITRARY_ADDRESSES}: state, a second state tax, county,
 * city and district rules, each present or not, each category taxed or not, at 0–15 %.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(contractArbitrary({ taxes: true }), taxRulesArbitrary(), (contract, rules) => {
 *   const [first] = contractPeriods(contract, { count: 1 });
 *   expect(checkInvoiceInvariants(computeInvoice(contract, first, { tax: createTaxTable(rules) }))).toEqual([]);
 * }));
 * ```
 */
export function taxRulesArbitrary(): fc.Arbitrary<TaxRule[]> {
  return fc
    .array(fc.option(fc.array(fc.option(fc.integer({ min: 0, max: 150_000 }), { nil: undefined }), { minLength: 3, maxLength: 3 }), { nil: undefined }), {
      minLength: SLOTS.length,
      maxLength: SLOTS.length,
    })
    .map((slots) =>
      slots.flatMap((rates, s) => {
        const slot = SLOTS[s];
        if (rates === undefined || slot === undefined) return [];
        const entries = ARBITRARY_TAX_CATEGORIES.flatMap((category, c) => {
          const rate = rates[c];
          return rate === undefined ? [] : [[category, percentText(rate)] as const];
        });
        return entries.length === 0 ? [] : [{ ...slot, ratesPercent: Object.fromEntries(entries), effectiveFrom: "2000-01-01" }];
      }),
    );
}

/**
 * A tax provider over {@link taxRulesArbitrary}'s tables.
 *
 * @example
 * ```ts
 * const run = fc.check(fc.property(contractArbitrary({ taxes: true }), taxProviderArbitrary(), (contract, tax) => {
 *   const [first] = contractPeriods(contract, { count: 1 });
 *   return checkInvoiceInvariants(computeInvoice(contract, first, { tax })).length === 0;
 * }), { numRuns: 50 });
 * run.failed; // → false
 * ```
 */
export function taxProviderArbitrary(): fc.Arbitrary<TaxProvider> {
  return taxRulesArbitrary().map((rules) => createTaxTable(rules));
}

const price = fc.integer({ min: 0, max: 99_999 });

const tiers = fc
  .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 3 }), fc.array(price, { minLength: 4, maxLength: 4 }), fc.array(fc.option(price, { nil: undefined }), { minLength: 4, maxLength: 4 }))
  .map(([bounds, units, fees]) =>
    [...[...bounds].sort((a, b) => a - b), null].map((upTo, i) => {
      const fee = fees[i];
      return { upTo, unitPrice: centsText(units[i] ?? 0), ...(fee === undefined ? {} : { flatFee: centsText(fee) }) };
    }),
  );

/**
 * Any price model of the contract format — flat, per unit (four decimals), package with included
 * units and per-unit or per-block overage, graduated and volume tiers — at 0.00–999.99.
 *
 * @example
 * ```ts
 * const models = fc.sample(priceModelArbitrary(), { numRuns: 200, seed: 42 });
 * [...new Set(models.map((m) => m.model))].sort(); // → ["flat", "graduated", "package", "perUnit", "volume"]
 * ```
 */
export function priceModelArbitrary(): fc.Arbitrary<PriceModelInput> {
  return fc.oneof(
    price.map((p): PriceModelInput => ({ model: "flat", amount: centsText(p) })),
    fc.integer({ min: 0, max: 9_999_999 }).map((p): PriceModelInput => ({ model: "perUnit", unitPrice: `${Math.floor(p / 10_000)}.${String(p % 10_000).padStart(4, "0")}` })),
    fc
      .tuple(price, fc.integer({ min: 1, max: 6 }), fc.option(price, { nil: undefined }), fc.integer({ min: 0, max: 6 }), fc.boolean())
      .map(([p, blockSize, base, includedUnits, perUnit]): PriceModelInput => ({
        model: "package",
        ...(base === undefined ? {} : { basePrice: centsText(base) }),
        includedUnits,
        overage: perUnit ? { per: "unit", price: centsText(p) } : { per: "block", blockSize, price: centsText(p) },
      })),
    tiers.map((t): PriceModelInput => ({ model: "graduated", tiers: t })),
    tiers.map((t): PriceModelInput => ({ model: "volume", tiers: t })),
  );
}

/** A count between bounds, inclusive. */
export interface CountRange {
  /** The least. */
  readonly min?: number;
  /** The most. */
  readonly max?: number;
}

/** What {@link contractArbitrary} generates. Every knob has a default; each narrows what is in play. */
export interface ContractArbitraryOptions {
  /** How many sites (default 1–3). */
  readonly sites?: CountRange;
  /** How many recurring lines per site (default 1–4). */
  readonly linesPerSite?: CountRange;
  /** Price models and tiers besides plain rates (default true). */
  readonly priceModels?: boolean;
  /** Which discounts: none, percentages only, or percentages and fixed amounts (default `"all"`). */
  readonly discounts?: "none" | "percent" | "all";
  /** Sites on the taxed map of {@link taxRulesArbitrary} (default true); false puts every site in untaxed BB. */
  readonly taxes?: boolean;
  /** Price changes inside billed periods, settled on the next invoice (default false). */
  readonly midPeriodChanges?: boolean;
  /** Cycles to draw from (default monthly and quarterly). */
  readonly cycles?: readonly ("monthly" | "quarterly" | "semiannual" | "annual")[];
  /** Auto-pay with a card token: always, never, or either (default `"either"`). */
  readonly autoPay?: boolean | "either";
  /** Term starts between these days (default 2024-01-01 – 2027-12-31). */
  readonly startBetween?: readonly [string, string];
}

/**
 * Valid contracts of the contract format, validated by `parseContract`: random sites and lines
 * (rates or price models, quantities 0–20), discounts (percent 0–100 %, fixed 0–200.00; on the
 * invoice, a category or a line; in stacking order), anchor days 1–31, stub policies, day counts,
 * tax-inclusive or not, optional mid-period price changes and auto-pay.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(contractArbitrary({ sites: { max: 1 }, discounts: "none" }), (contract) => {
 *   const [first] = contractPeriods(contract, { count: 1 });
 *   expect(checkInvoiceInvariants(computeInvoice(contract, first))).toEqual([]);
 * }));
 * ```
 */
export function contractArbitrary(options: ContractArbitraryOptions = {}): fc.Arbitrary<Contract> {
  const [from, to] = options.startBetween ?? ["2024-01-01", "2027-12-31"];
  const priceArb: fc.Arbitrary<{ rate: string } | { price: PriceModelInput }> =
    options.priceModels === false
      ? price.map((p) => ({ rate: centsText(p) }))
      : fc.oneof({ weight: 3, arbitrary: price.map((p) => ({ rate: centsText(p) })) }, { weight: 2, arbitrary: priceModelArbitrary().map((p) => ({ price: p })) });
  const line = fc.record({
    kind: fc.constantFrom("monitoring" as const, "equipment" as const),
    category: fc.constantFrom(...ARBITRARY_TAX_CATEGORIES),
    price: priceArb,
    quantity: fc.integer({ min: 0, max: 20 }),
    change: options.midPeriodChanges === true ? fc.option(fc.tuple(fc.integer({ min: 1, max: 80 }), price), { nil: undefined }) : fc.constant(undefined),
  });
  const discountKind = options.discounts === "percent" ? fc.constant("percent" as const) : fc.constantFrom("percent" as const, "fixed" as const);
  const discount = fc.record({
    kind: discountKind,
    value: fc.integer({ min: 0, max: 10_000 }),
    scope: fc.constantFrom("invoice" as const, "category" as const, "line" as const),
    pick: fc.nat(),
    order: fc.integer({ min: 0, max: 2 }),
  });
  return fc
    .record({
      startDay: fc.integer({ min: dayOf(from), max: dayOf(to) }),
      anchorDay: fc.integer({ min: 1, max: 31 }),
      cycle: fc.constantFrom(...(options.cycles ?? (["monthly", "quarterly"] as const))),
      stub: fc.constantFrom("prorate" as const, "full" as const, "nextAnchor" as const),
      dayCount: fc.constantFrom("actual" as const, "30/360" as const),
      taxInclusive: fc.boolean(),
      autoPay: options.autoPay === undefined || options.autoPay === "either" ? fc.boolean() : fc.constant(options.autoPay),
      sites: fc.array(
        fc.record({
          address: fc.integer({ min: 0, max: ARBITRARY_ADDRESSES.length - 1 }),
          lines: fc.array(line, { minLength: options.linesPerSite?.min ?? 1, maxLength: options.linesPerSite?.max ?? 4 }),
        }),
        { minLength: options.sites?.min ?? 1, maxLength: options.sites?.max ?? 3 },
      ),
      discounts: options.discounts === "none" ? fc.constant<(typeof discount extends fc.Arbitrary<infer D> ? D : never)[]>([]) : fc.array(discount, { maxLength: 3 }),
    })
    .map((seed) => {
      const start = dateOf(seed.startDay);
      const sites = seed.sites.map((s, i) => ({
        id: `S-${i}`,
        name: `Site ${i}`,
        address: (options.taxes === false ? ARBITRARY_ADDRESSES[2] : ARBITRARY_ADDRESSES[s.address]) as AddressInput,
        lines: s.lines.map((l, j): LineInput => {
          const base = {
            id: `L-${i}-${j}`,
            quantity: l.quantity,
            taxCategory: l.category,
            ...l.price,
            ...(l.change === undefined || !("rate" in l.price) ? {} : { priceChanges: [{ effective: dateOf(seed.startDay + l.change[0]), rate: centsText(l.change[1]) }] }),
          };
          return l.kind === "monitoring" ? { kind: "monitoring", tier: "basic", ...base } : { kind: "equipment", item: "Panel", ...base };
        }),
      }));
      const lineIds = sites.flatMap((s) => s.lines.map((l) => l.id));
      const discounts = seed.discounts.map((d, i): DiscountInput => {
        const appliesTo =
          d.scope === "invoice"
            ? { scope: "invoice" as const }
            : d.scope === "category"
              ? { scope: "category" as const, categories: [ARBITRARY_TAX_CATEGORIES[d.pick % ARBITRARY_TAX_CATEGORIES.length] ?? "monitoring"] }
              : { scope: "line" as const, lineIds: [lineIds[d.pick % lineIds.length] ?? "L-0-0"] };
        const common = { id: `D-${i}`, description: `Discount ${i}`, appliesTo, order: d.order };
        return d.kind === "percent" ? { ...common, kind: "percent", percent: centsText(d.value) } : { ...common, kind: "fixed", amount: centsText(d.value * 2) };
      });
      const input: ContractInput = {
        id: "C-ARB",
        customer: { id: "CUST-ARB", name: "Arbitrary Customer", contact: { email: "billing@example.com" }, timeZone: "America/Chicago" },
        billing: {
          currency: "USD",
          cycle: seed.cycle,
          pricesPer: "month",
          anchorDay: seed.anchorDay,
          stub: seed.stub,
          dayCount: seed.dayCount,
          taxInclusive: seed.taxInclusive,
          ...(options.midPeriodChanges === true ? { midPeriodChanges: "nextInvoice" as const } : {}),
        },
        term: { start },
        sites,
        ...(discounts.length === 0 ? {} : { discounts }),
        ...(seed.autoPay ? { paymentMethod: { kind: "card" as const, token: "tok_arbitrary", last4: "4242", autoPay: true } } : {}),
      };
      return parseContract(input);
    });
}

/**
 * Timeline policies as a company might write them: reminder offsets, retry delays (counted from
 * the failure or the previous attempt), an optional late fee (fixed or percentage, with a grace
 * period and a cap), and dunning thresholds, always in a valid order.
 *
 * @example
 * ```ts
 * const policies = fc.sample(timelinePolicyArbitrary(), { numRuns: 100, seed: 1 });
 * policies.every((p) => p.reminders.steps[0].offsetDays < 0 && p.reminders.steps[1].offsetDays === 0); // → true (a courtesy step before the due day, then the due day)
 * ```
 */
export function timelinePolicyArbitrary(): fc.Arbitrary<TimelinePolicy> {
  return fc
    .record({
      before: fc.integer({ min: 1, max: 7 }),
      after: fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 3 }),
      delays: fc.uniqueArray(fc.integer({ min: 1, max: 14 }), { minLength: 1, maxLength: 4 }),
      delaysFrom: fc.constantFrom("failure" as const, "previousAttempt" as const),
      lateFee: fc.option(fc.oneof(fc.integer({ min: 100, max: 5_000 }).map((c) => ({ kind: "fixed" as const, amount: { amount: centsText(c), currency: "USD" } })), fc.integer({ min: 1, max: 50 }).map((p) => ({ kind: "percentage" as const, percent: String(p / 10) }))), { nil: undefined }),
      graceDays: fc.integer({ min: 0, max: 15 }),
      pastDue: fc.integer({ min: 1, max: 10 }),
    })
    .map((p) =>
      parseTimelinePolicy({
        reminders: { steps: [{ offsetDays: -p.before, tone: "courtesy" }, { offsetDays: 0, tone: "due" }, ...[...p.after].sort((a, b) => a - b).map((d, i) => ({ offsetDays: d, tone: i === p.after.length - 1 ? "urgent" : "friendly" }))] },
        retries: { delaysFrom: p.delaysFrom, delays: [...p.delays].sort((a, b) => a - b).map((amount) => ({ amount, unit: "days" })) },
        ...(p.lateFee === undefined ? {} : { lateFees: { charge: p.lateFee, graceDays: p.graceDays } }),
        dunning: { pastDueAfterDays: p.pastDue },
      }),
    );
}

/** One event of a payment history: money in by a channel, or money going back. */
export type PaymentHistoryEvent = HistoryPayment | HistoryReversal;

/** A payment received, in a {@link PaymentHistoryEvent} list. */
export interface HistoryPayment {
  /** A payment. */
  readonly kind: "payment";
  /** Days after the history's start. */
  readonly day: number;
  /** The amount, in minor units (cents). */
  readonly minor: number;
  /** How it was paid. */
  readonly channel: "check" | "ach" | "card" | "cash" | "portal";
}

/** Money going back on an earlier payment, in a {@link PaymentHistoryEvent} list. */
export interface HistoryReversal {
  /** A refund, a chargeback or an ACH return. */
  readonly kind: "refund" | "chargeback" | "achReturn";
  /** Days after the history's start. */
  readonly day: number;
  /** Which earlier payment: an index into the payments so far, modulo their count. */
  readonly ofPayment: number;
  /** Part of it, in minor units; the whole payment when absent (an ACH return is always whole). */
  readonly minor?: number;
}

/**
 * Payment histories for the engine's ledger: payments (0.01–`maxMinor`) by check, ACH, card, cash
 * or portal on days 0–`days`, and refunds, chargebacks and ACH returns of an earlier payment
 * (`ofPayment` indexes the payments so far, modulo their count), in day order. Feed them to
 * `recordPayment`, `refundPayment`, `recordChargeback` and `recordAchReturn` and check
 * `checkLedgerConserved`; some draws ask for more than is left, which the engine refuses.
 *
 * @example
 * ```ts
 * const histories = fc.sample(paymentHistoryArbitrary({ maxEvents: 5, days: 30, reversals: false }), { numRuns: 100, seed: 1 });
 * histories.every((h) => h.length <= 5 && h.every((e, i) => e.kind === "payment" && e.day <= 30 && (i === 0 || h[i - 1].day <= e.day))); // → true
 * ```
 */
export function paymentHistoryArbitrary(options: { readonly maxEvents?: number; readonly days?: number; readonly maxMinor?: number; readonly reversals?: boolean } = {}): fc.Arbitrary<PaymentHistoryEvent[]> {
  const days = options.days ?? 90;
  const maxMinor = options.maxMinor ?? 20_000;
  const payment = fc.record({
    kind: fc.constant("payment" as const),
    day: fc.integer({ min: 0, max: days }),
    minor: fc.integer({ min: 1, max: maxMinor }),
    channel: fc.constantFrom("check" as const, "ach" as const, "card" as const, "cash" as const, "portal" as const),
  });
  const reversal = fc.record(
    {
      kind: fc.constantFrom("refund" as const, "chargeback" as const, "achReturn" as const),
      day: fc.integer({ min: 0, max: days }),
      ofPayment: fc.nat(),
      minor: fc.integer({ min: 1, max: maxMinor }),
    },
    { requiredKeys: ["kind", "day", "ofPayment"] },
  );
  const event: fc.Arbitrary<PaymentHistoryEvent> = options.reversals === false ? payment : fc.oneof({ weight: 3, arbitrary: payment }, { weight: 1, arbitrary: reversal });
  return fc.array(event, { minLength: 1, maxLength: options.maxEvents ?? 12 }).map((events) => [...events].sort((a, b) => a.day - b.day));
}
