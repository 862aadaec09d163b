/**
 * The example portfolio on the memory adapters, shared by the engine examples: the seven contracts
 * of examples/contracts/ (residential, promo, escalator, seasonal, multi-site commercial, franchise
 * per site, tax-exempt), the example tax table, and an engine that signs its payment links.
 */
import { readFileSync, readdirSync } from "node:fs";
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway } from "../../src/adapters/memory/index.js";
import { addDays, createBillingEngine, createTaxTable, parseContract, parseTaxRules, type BillingEngine, type CalendarDate, type Contract, type EngineSettings, type RunReport, type TimelinePolicy } from "../../src/index.js";

const EXAMPLES = new URL("../", import.meta.url);

/** The example contracts, parsed. */
export function exampleContracts(): Contract[] {
  const dir = new URL("contracts/", EXAMPLES);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => parseContract(JSON.parse(readFileSync(new URL(f, dir), "utf8"))));
}

/** The demo's signing key for payment links (a real one comes from your secrets store). */
export const DEMO_LINK_KEYS = [{ id: "demo-2027", secret: "demo-only-secret-never-use-in-production!" }] as const;

/** The memory adapters, the portfolio stored, and an engine over them. */
export async function examplePortfolio(options: { readonly policy?: TimelinePolicy; readonly settings?: Partial<EngineSettings> } = {}) {
  const store = createMemoryStore();
  const clock = createManualClock("2026-12-27T14:00:00Z");
  const gateway = createSimulatedGateway({ clock });
  const notifier = createRecordingNotifier();
  const tax = createTaxTable(parseTaxRules(JSON.parse(readFileSync(new URL("tax/us-ca-rules.json", EXAMPLES), "utf8"))));
  const contracts = exampleContracts();
  await store.transaction(async (tx) => {
    for (const contract of contracts) await tx.putContract(contract);
  });
  const engine: BillingEngine = createBillingEngine({
    store,
    gateway,
    notifier,
    clock,
    tax,
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    // The contracts were billed elsewhere until now: the engine takes over on Dec 27, 2026.
    settings: { billFrom: "2026-12-27", paymentLinkBase: "https://pay.example.com/p/", paymentLinkKeys: DEMO_LINK_KEYS, ...options.settings },
  });
  return { store, clock, gateway, notifier, tax, contracts, engine };
}

/** Runs the engine once a day at 14:00 UTC from `from` to `to` (inclusive), handing each report to `onDay`. */
export async function runDaily(
  world: { clock: { set(instant: string): void }; engine: BillingEngine },
  from: CalendarDate,
  to: CalendarDate,
  onDay: (day: CalendarDate, report: RunReport) => void | Promise<void> = () => undefined,
): Promise<void> {
  for (let day = from; day <= to; day = addDays(day, 1)) {
    world.clock.set(`${day}T14:00:00Z`);
    await onDay(day, await world.engine.run());
  }
}

/**
 * Whether this module is the script node was started with. Bundled (`npm run bench` bundles the
 * year into `.bench/index.js`), every module's `import.meta.url` is the bundle's, which is the
 * script: a bundle is never an example's main, or the bench would run the demo first.
 */
export function isMain(url: string): boolean {
  const path = new URL(url).pathname;
  return process.argv[1] !== undefined && !path.includes("/.bench/") && path === new URL(`file://${process.argv[1]}`).pathname;
}
