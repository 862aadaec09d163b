/**
 * A billing month on the engine over the memory adapters: Dec 27 issues and delivers every
 * January invoice (5 days ahead), Jan 1 charges every auto-pay customer and sends the receipts.
 * Timed: the two runs. Not timed: building and storing the portfolio.
 */
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway } from "../src/adapters/memory/index.js";
import { parseContract } from "../src/contract/index.js";
import { createBillingEngine } from "../src/engine/index.js";
import { prng } from "./prng.js";

export interface EngineBenchResult {
  readonly contracts: number;
  readonly ms: number;
  readonly invoices: number;
  readonly charges: number;
  readonly messages: number;
  readonly peakRssMiB: number;
}

const TIERS = [
  { tier: "landline", rate: "24.99" },
  { tier: "cellular", rate: "39.99" },
  { tier: "interactive", rate: "49.99" },
] as const;

export async function runEngineBench(count: number): Promise<EngineBenchResult> {
  const random = prng(20270101);
  const store = createMemoryStore();
  const clock = createManualClock("2026-12-27T15:00:00Z");
  const gateway = createSimulatedGateway({ clock });
  const notifier = createRecordingNotifier();
  const batch = 1_000;
  for (let start = 0; start < count; start += batch) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(count, start + batch); i++) {
        const tier = TIERS[Math.floor(random() * TIERS.length)] ?? TIERS[0];
        const autoPay = random() < 0.7;
        await tx.putContract(
          parseContract({
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
          }),
        );
      }
    });
  }
  const engine = createBillingEngine({ store, gateway, notifier, clock, settings: { billFrom: "2026-12-27" } });
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const verbose = process.env["BENCH_VERBOSE"] !== undefined;
  const heap = (what: string): void => {
    if (!verbose) return;
    (globalThis as { gc?: () => void }).gc?.();
    console.log(`  (${what}: heap ${Math.round(process.memoryUsage().heapUsed / 1048576)} MiB, rss ${Math.round(process.memoryUsage().rss / 1048576)} MiB)`);
  };
  heap("portfolio stored");
  const profile = (globalThis as { __profile?: { start(): Promise<void>; stop(): Promise<void> } }).__profile;
  await profile?.start();
  const started = performance.now();
  const december = await engine.run({ asOf: "2026-12-27T15:00:00Z" });
  if (verbose) console.log(`  (Dec 27 run: ${Math.round(performance.now() - started)} ms)`);
  heap("after Dec 27");
  clock.set("2027-01-01T15:00:00Z");
  const january = await engine.run({ asOf: "2027-01-01T15:00:00Z" });
  const ms = performance.now() - started;
  await profile?.stop();
  heap("after Jan 1");
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().rss);
  const errors = december.errors.length + january.errors.length;
  if (errors > 0) throw new Error(`the bench month had ${errors} contract errors, e.g. ${december.errors[0]?.message ?? january.errors[0]?.message}`);
  if (december.invoicesIssued !== count) throw new Error(`expected ${count} invoices, got ${december.invoicesIssued}`);
  return {
    contracts: count,
    ms,
    invoices: december.invoicesIssued + january.invoicesIssued,
    charges: january.charges.succeeded,
    messages: december.messagesSent + january.messagesSent + december.upcomingChargeNotices,
    peakRssMiB: peak / 1024 / 1024,
  };
}
