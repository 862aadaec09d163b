/**
 * A generated alarm portfolio (the demo's generator and rules) simulated day by day on the memory
 * adapters, with the store's wake-ups in use or hidden from the engine — the two must do exactly
 * the same; the counts say how many contracts each day's runs handled and left asleep.
 */
import { readFileSync } from "node:fs";
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway, type MemoryStore } from "../../src/adapters/memory/index.js";
import { createBillingEngine, createTaxTable, parseContract, parseTaxRules, simulate, type BillingStore, type CalendarDate, type StoreTransaction } from "../../src/index.js";
import { generatePortfolio } from "../../examples/portfolio/generate.js";
import { PORTFOLIO_POLICY } from "../../examples/portfolio/year.js";

/** What a simulated portfolio left behind. */
export interface WakeUpWorld {
  readonly store: MemoryStore;
  readonly notifier: ReturnType<typeof createRecordingNotifier>;
  readonly gateway: ReturnType<typeof createSimulatedGateway>;
  readonly accountIds: readonly string[];
  readonly contractIds: readonly string[];
  /** Contracts handled (paged as due) and left asleep, over every run. */
  readonly handled: number;
  readonly asleep: number;
  /** The most account locks held at once (1 when accounts are handled one at a time). */
  readonly mostLocksHeld: number;
}

/** The memory store with its wake-ups hidden: the engine pages and handles every contract. */
function withoutWakeUps(store: MemoryStore): BillingStore & Pick<MemoryStore, "withAccountLock"> {
  return {
    transaction: <T>(fn: (tx: StoreTransaction) => Promise<T>) => store.transaction((tx) => fn(Object.create(tx, { setWakeUp: { value: undefined }, accountStamp: { value: undefined } }) as StoreTransaction)),
    withAccountLock: (accountId, fn, options) => store.withAccountLock(accountId, fn, options),
  };
}

/** Simulates `accounts` generated accounts (seed `seed`) from `from` to `to`, with or without wake-ups. */
export async function simulatePortfolio(options: { accounts: number; seed: number; from: CalendarDate; to: CalendarDate; wakeUps: boolean; runAt?: string; concurrency?: number; quietCustomers?: boolean }): Promise<WakeUpWorld> {
  const portfolio = generatePortfolio(options.seed, options.accounts);
  const memory = createMemoryStore();
  const clock = createManualClock(`${options.from}T14:00:00Z`);
  const gateway = createSimulatedGateway({ clock });
  const notifier = createRecordingNotifier();
  const tax = createTaxTable(parseTaxRules(JSON.parse(readFileSync(new URL("../../examples/tax/us-ca-rules.json", import.meta.url), "utf8"))));
  const contracts = portfolio.accounts.map((a) => parseContract(a.contract));
  await memory.transaction(async (tx) => {
    for (const contract of contracts) await tx.putContract(contract);
  });
  for (const account of portfolio.accounts) if (account.gateway !== undefined) gateway.script(account.gateway.token, account.gateway.script);
  let handled = 0;
  let asleep = 0;
  let held = 0;
  let mostLocksHeld = 0;
  const counted: BillingStore & Pick<MemoryStore, "withAccountLock"> = options.wakeUps ? memory : withoutWakeUps(memory);
  const store: BillingStore & Pick<MemoryStore, "withAccountLock"> = {
    transaction: (fn) =>
      counted.transaction((tx) =>
        fn(
          Object.create(tx, {
            listContracts: {
              value: async (o: Parameters<StoreTransaction["listContracts"]>[0]) => {
                const page = await tx.listContracts(o);
                handled += page.items.length;
                asleep += page.asleep?.length ?? 0;
                return page;
              },
            },
          }) as StoreTransaction,
        ),
      ),
    withAccountLock: async (accountId, fn, lockOptions) =>
      counted.withAccountLock(
        accountId,
        async () => {
          held++;
          mostLocksHeld = Math.max(mostLocksHeld, held);
          try {
            return await fn();
          } finally {
            held--;
          }
        },
        lockOptions,
      ),
  };
  const engine = createBillingEngine({
    store,
    gateway,
    notifier,
    clock,
    tax,
    policy: PORTFOLIO_POLICY,
    settings: {
      billFrom: options.from,
      paymentLinkBase: "https://pay.example.com/p/",
      paymentLinkKeys: [{ id: "demo-2027", secret: "demo-only-secret-never-use-in-production!" }],
      renewal: { priceIncreasePercent: "3", longerTerm: { months: 36 }, upgrades: ["Video verification, 10.00 a month"] },
      autoPay: { invite: true, incentive: { kind: "percent", percent: "5" }, enrollmentLinkBase: "https://pay.example.com/autopay/" },
    },
  });
  // Quiet customers do nothing by hand (auto-pay and the engine alone act): their habits are drawn from the invoice numbers.
  const customers = options.quietCustomers === true ? {} : Object.fromEntries(portfolio.accounts.map((a) => [(a.contract.customer as { id: string }).id, a.behaviour]));
  // Each day's run handles `concurrency` accounts at once (default one at a time).
  const concurrency = options.concurrency;
  const runs = concurrency === undefined ? engine : { ...engine, run: (o: Parameters<typeof engine.run>[0] = {}) => engine.run({ ...o, concurrency }) };
  await simulate({ engine: runs, store, clock, from: options.from, to: options.to, step: "day", seed: portfolio.seed, customers, ...(options.runAt === undefined ? {} : { runAt: options.runAt }) });
  return { store: memory, notifier, gateway, accountIds: [...new Set(contracts.map((c) => c.customer.id))], contractIds: contracts.map((c) => c.id), handled, asleep, mostLocksHeld };
}

/** Everything the world did, in a form two worlds compare by: invoices, credit notes, attempts, payments, messages, activity, events, gateway charges, messages sent. */
export async function everything(world: WakeUpWorld) {
  const data = await world.store.transaction(async (tx) => {
    const out: Record<string, unknown> = {};
    for (const id of world.contractIds) {
      const invoices = await tx.listContractInvoices(id);
      out[`invoices:${id}`] = invoices.map((s) => ({ invoice: s.invoice, balance: s.balance, version: s.version }));
      out[`creditNotes:${id}`] = await tx.listContractCreditNotes(id);
      out[`contract:${id}`] = await tx.getContract(id);
      for (const s of invoices) out[`attempts:${s.invoice.number}`] = await tx.listInvoiceAttempts(s.invoice.number);
    }
    for (const id of world.accountIds) {
      out[`payments:${id}`] = await tx.listPayments(id);
      out[`reversals:${id}`] = await tx.listReversals(id);
      out[`ledger:${id}`] = await tx.listLedger(id);
      out[`messages:${id}`] = await tx.listMessages(id);
      out[`cases:${id}`] = await tx.listCases(id);
      out[`activity:${id}`] = await tx.listActivity(id);
    }
    out["events"] = await tx.listPendingEvents(1_000_000);
    return out;
  });
  return { data, charges: world.gateway.capturedTotal("USD"), sent: world.notifier.sent.map((m) => m.request) };
}
