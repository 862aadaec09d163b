/**
 * Benchmark (issue 3): invoices for N contracts (2 sites, 4 lines each, 2 taxes per line, one
 * discount, explanations on), streamed — an iterable of contracts in, an iterable of invoices out —
 * against a plain integer-minor-units baseline that computes the same invoices as plain objects
 * (no validation, no explanations). Every invoice total, tax total and discount total is checked to
 * agree to the cent.
 */
import type { BillingPeriod } from "../src/calendar/index.js";
import { prng } from "./prng.js";
import { parseContract, type Contract, type ContractInput } from "../src/contract/index.js";
import { periodForMonth, streamInvoices } from "../src/invoice/index.js";
import { createTaxTable, parseTaxRules } from "../src/tax/index.js";

export interface InvoiceBenchResult {
  readonly invoices: number;
  readonly oursMs: number;
  readonly baselineMs: number;
  readonly ratio: number;
  readonly peakRssMiB: number;
}

const POOL = 20_000;

const CITIES = [
  { city: "Austin", postalCode: "78746", cityRate: 100 },
  { city: "Dallas", postalCode: "75201", cityRate: 100 },
  { city: "El Paso", postalCode: "79901", cityRate: 50 },
  { city: "Plano", postalCode: "75024", cityRate: 200 },
] as const;

export const BENCH_TAX_RULES = [
  { id: "tx", jurisdiction: { id: "US-TX", name: "Texas", level: "state", country: "US", state: "TX" }, taxName: "Texas sales tax", ratesPercent: { monitoring: "6.25", "equipment-rental": "6.25", service: "6.25" }, effectiveFrom: "2000-01-01" },
  ...CITIES.map((c) => ({
    id: `city-${c.city}`,
    jurisdiction: { id: `US-TX-${c.city.toUpperCase().replace(" ", "")}`, name: c.city, level: "city", country: "US", state: "TX", city: c.city },
    taxName: `${c.city} city sales tax`,
    ratesPercent: { monitoring: String(c.cityRate / 100), "equipment-rental": String(c.cityRate / 100), service: String(c.cityRate / 100) },
    effectiveFrom: "2000-01-01",
  })),
];

const cents = (n: number): string => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;

/** One portfolio contract, as a CRM would send it. */
function makeContract(i: number, random: () => number): ContractInput {
  const site = (s: number) => {
    const c = CITIES[Math.floor(random() * CITIES.length)] as (typeof CITIES)[number];
    return {
      id: `S${s}`,
      name: `Site ${s}`,
      address: { line1: `${100 + s} Main St`, city: c.city, state: "TX", postalCode: c.postalCode, country: "US" },
      lines: [
        { id: `S${s}-mon`, kind: "monitoring" as const, tier: "cellular", rate: cents(2999 + Math.floor(random() * 4000)), taxCategory: "monitoring" },
        {
          id: `S${s}-video`, kind: "monitoring" as const, tier: "video", quantity: 1 + Math.floor(random() * 12), taxCategory: "monitoring",
          price: { model: "graduated" as const, tiers: [{ upTo: 4, unitPrice: "15.00" }, { upTo: null, unitPrice: "12.00" }] },
        },
        { id: `S${s}-panel`, kind: "equipment" as const, item: "Panel", quantity: 1 + Math.floor(random() * 3), rate: cents(500 + Math.floor(random() * 1500)), taxCategory: "equipment-rental" },
        { id: `S${s}-guard`, kind: "addon" as const, name: "Guard response", rate: cents(1000 + Math.floor(random() * 2000)), taxCategory: "service" },
      ],
    };
  };
  return {
    id: `C${i}`,
    customer: { id: `K${i}`, name: `Customer ${i}`, contact: { email: `c${i}@example.com` }, timeZone: "America/Chicago" },
    billing: { currency: "USD", cycle: "monthly", anchorDay: 1 },
    term: { start: `20${20 + Math.floor(random() * 6)}-0${1 + Math.floor(random() * 9)}-01` },
    sites: [site(1), site(2)],
    discounts: [{ id: "D", description: "Monitoring 10 % off", kind: "percent", percent: "10", appliesTo: { scope: "category", categories: ["monitoring"] } }],
  };
}

// ---------------------------------------------------------------------------------------------
// Baseline: integer cents, plain objects, no validation, no explanations.

interface BaseLine {
  amount: number;
  discount: number;
  net: number;
  taxes: number[];
  total: number;
}
interface BaseInvoice {
  lines: BaseLine[];
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
}

const toCents = (decimal: string): number => {
  const [whole, fraction = ""] = decimal.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
};
const halfUp = (n: number, d: number): number => Math.floor((2 * n + d) / (2 * d));
const CITY_RATE = new Map<string, number>(CITIES.map((c) => [c.city, c.cityRate]));

function baselineInvoice(contract: Contract): BaseInvoice {
  const lines: BaseLine[] = [];
  for (const site of contract.sites) {
    const cityRate = CITY_RATE.get(site.address.city) ?? 0;
    for (const line of site.lines) {
      if (line.kind === "oneTime") continue;
      let amount: number;
      if (line.rate !== undefined) amount = toCents(line.rate) * line.quantity;
      else {
        const q = line.quantity;
        amount = Math.min(q, 4) * 1500 + Math.max(0, q - 4) * 1200;
      }
      const discount = line.taxCategory === "monitoring" ? halfUp(amount * 10, 100) : 0;
      const net = amount - discount;
      const taxes = [halfUp(net * 625, 10_000), halfUp(net * cityRate, 10_000)];
      lines.push({ amount, discount, net, taxes, total: net + (taxes[0] as number) + (taxes[1] as number) });
    }
  }
  let subtotal = 0;
  let discountTotal = 0;
  let taxTotal = 0;
  let total = 0;
  for (const l of lines) {
    subtotal += l.amount;
    discountTotal += l.discount;
    taxTotal += (l.taxes[0] as number) + (l.taxes[1] as number);
    total += l.total;
  }
  return { lines, subtotal, discountTotal, taxTotal, total };
}

/** `size` contracts of the pool from position `from`, wrapping around: an iterable in. */
function* slice(pool: readonly Contract[], from: number, size: number): Generator<Contract> {
  for (let i = from; i < from + size; i++) yield pool[i % pool.length] as Contract;
}

/** The benchmark's portfolio and tax table, for profiling. @internal */
export function benchPortfolio(): { pool: Contract[]; tax: ReturnType<typeof createTaxTable>; period: (c: Contract) => BillingPeriod } {
  const random = prng(42);
  const pool = Array.from({ length: POOL }, (_, i) => parseContract(makeContract(i, random)));
  const tax = createTaxTable(parseTaxRules(BENCH_TAX_RULES));
  const periods = new Map<Contract, BillingPeriod>(pool.map((c) => [c, periodForMonth(c, "2027-01")]));
  return { pool, tax, period: (c) => periods.get(c) as BillingPeriod };
}

/** Runs the invoice benchmark over `n` invoices. */
export function runInvoiceBench(n: number): InvoiceBenchResult {
  const random = prng(42);
  const pool = Array.from({ length: Math.min(POOL, n) }, (_, i) => parseContract(makeContract(i, random)));
  const tax = createTaxTable(parseTaxRules(BENCH_TAX_RULES));
  const periods = new Map<Contract, BillingPeriod>(pool.map((c) => [c, periodForMonth(c, "2027-01")]));
  const period = (c: Contract): BillingPeriod => periods.get(c) as BillingPeriod;

  // Agreement, invoice by invoice, over the whole pool.
  let k = 0;
  for (const draft of streamInvoices(pool, { period, tax })) {
    const base = baselineInvoice(pool[k] as Contract);
    const got = [draft.total.minor, draft.taxTotal.minor, draft.discountTotal.minor, draft.subtotal.minor].join();
    const want = [base.total, base.taxTotal, base.discountTotal, base.subtotal].join();
    if (got !== want) throw new Error(`invoice ${k}: ours ${got} ≠ baseline ${want} (total, tax, discount, subtotal)`);
    if (draft.lines.some((l) => l.explanation.price === "" || l.explanation.taxes.length !== 2)) throw new Error(`invoice ${k}: explanation missing`);
    k++;
  }

  // Timed in interleaved chunks, ours then the baseline on the same contracts, so both see the
  // same machine: on a shared or virtual machine the speed drifts by tens of percent over a run.
  const CHUNK = 5_000;
  let oursMs = 0;
  let baselineMs = 0;
  let check = 0;
  let baseCheck = 0;
  for (let done = 0; done < n; done += CHUNK) {
    const size = Math.min(CHUNK, n - done);
    const t0 = performance.now();
    for (const draft of streamInvoices(slice(pool, done, size), { period, tax })) check += draft.total.minor;
    const t1 = performance.now();
    for (const contract of slice(pool, done, size)) baseCheck += baselineInvoice(contract).total;
    const t2 = performance.now();
    oursMs += t1 - t0;
    baselineMs += t2 - t1;
  }
  if (check !== baseCheck) throw new Error(`grand totals differ: ${check} vs ${baseCheck}`);

  return { invoices: n, oursMs, baselineMs, ratio: oursMs / baselineMs, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}
