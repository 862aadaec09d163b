/**
 * The engine benches' portfolio: `count` monthly alarm contracts from 2026-01-01 (monitoring on one
 * of three tiers + a panel rental, Austin TX, Chicago time), 70 % on card auto-pay, drawn from a
 * fixed seed so every bench and every run bills the same month.
 */
import { parseContract, type Contract } from "../src/contract/index.js";
import type { BillingStore } from "../src/ports/index.js";
import { prng } from "./prng.js";

const TIERS = [
  { tier: "landline", rate: "24.99" },
  { tier: "cellular", rate: "39.99" },
  { tier: "interactive", rate: "49.99" },
] as const;

/** The portfolio's contracts, one at a time (the same sequence for the same seed). */
export function* benchContracts(count: number, seed = 20270101): Generator<Contract> {
  const random = prng(seed);
  for (let i = 0; i < count; i++) {
    const tier = TIERS[Math.floor(random() * TIERS.length)] ?? TIERS[0];
    const autoPay = random() < 0.7;
    yield parseContract({
      id: `C-${String(i).padStart(6, "0")}`,
      customer: { id: `CUST-${i}`, name: `Customer ${i}`, contact: { email: `c${i}@example.com` }, timeZone: "America/Chicago" },
      billing: { currency: "USD", cycle: "monthly", anchorDay: 1 },
      term: { start: "2026-01-01", end: "2029-01-01" },
      sites: [
        {
          id: "S-1",
          name: "Home",
          address: { line1: `${i} Main St`, city: "Austin", state: "TX", postalCode: "78701", country: "US" },
          lines: [
            { id: "L-mon", kind: "monitoring", tier: tier.tier, rate: tier.rate, taxCategory: "monitoring" },
            { id: "L-panel", kind: "equipment", item: "Panel rental", rate: "12.50", taxCategory: "equipment-rental" },
          ],
        },
      ],
      ...(autoPay ? { paymentMethod: { kind: "card", token: `tok_${i}`, last4: "4242", autoPay: true } } : {}),
    });
  }
}

/** Stores the portfolio, 1,000 contracts per transaction. */
export async function storeBenchPortfolio(store: BillingStore, count: number): Promise<void> {
  const batch = 1_000;
  const contracts = benchContracts(count);
  for (let start = 0; start < count; start += batch) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(count, start + batch); i++) {
        const next = contracts.next();
        if (next.done === true) return;
        await tx.putContract(next.value);
      }
    });
  }
}
