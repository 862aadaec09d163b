/** A small portfolio on the memory adapters, for the engine tests. */
import { expect } from "vitest";
import { createManualClock, createMemoryStore, createRecordingNotifier, createSimulatedGateway, type MemoryStore } from "../../src/adapters/memory/index.js";
import type { Contract } from "../../src/contract/index.js";
import { createBillingEngine, type BillingEngine, type BillingEngineOptions } from "../../src/engine/index.js";
import type { BillingStore, Notifier, PaymentGateway, StoreTransaction } from "../../src/ports/index.js";
import { buildContract, equipment, monitoring, type ContractSpec } from "../contract/builder.js";

/** A monthly contract from 2027-01-01 (invoiced Dec 27, due Jan 1), 39.99 monitoring + 12.50 panel. */
export function alarmContract(id: string, spec: ContractSpec = {}): Contract {
  return buildContract({
    id,
    lines: [monitoring("L-mon", "39.99"), equipment("L-panel", "12.50")],
    ...spec,
    customer: { id: `CUST-${id}`, name: `Customer ${id}`, contact: { email: `${id.toLowerCase()}@example.com`, phone: "+15125550100", smsConsent: true }, channels: ["email", "sms"], ...spec.customer },
  });
}

/** Auto-pay with a card token. */
export const autoPay = (token: string): ContractSpec["paymentMethod"] => ({ kind: "card", token, last4: "4242", autoPay: true });

/** The memory adapters and an engine over them. */
export interface World {
  readonly store: MemoryStore;
  readonly gateway: ReturnType<typeof createSimulatedGateway>;
  readonly notifier: ReturnType<typeof createRecordingNotifier>;
  readonly clock: ReturnType<typeof createManualClock>;
  readonly engine: BillingEngine;
}

/** A fresh world with the contracts stored. */
export async function world(contracts: readonly Contract[], options: Partial<BillingEngineOptions> = {}): Promise<World> {
  const store = createMemoryStore();
  const clock = createManualClock("2026-12-27T15:00:00Z");
  const gateway = createSimulatedGateway({ clock });
  const notifier = createRecordingNotifier();
  await store.transaction(async (tx) => {
    for (const c of contracts) await tx.putContract(c);
  });
  const engine = createBillingEngine({ store, gateway, notifier, clock, ...options });
  return { store, gateway, notifier, clock, engine };
}

/** What a world ended with, to compare two runs: invoices, payments, messages, charges. */
export async function outcome(w: { store: BillingStore; gateway: ReturnType<typeof createSimulatedGateway>; notifier: ReturnType<typeof createRecordingNotifier> }, contracts: readonly Contract[]) {
  return w.store.transaction(async (tx) => {
    const invoices: string[] = [];
    const messages: string[] = [];
    const payments: string[] = [];
    for (const c of contracts) {
      for (const s of await tx.listContractInvoices(c.id)) invoices.push(`${s.invoice.number} ${s.invoice.kind} ${s.invoice.period.start} ${s.invoice.total.minor} ${s.invoice.status} ${s.balance.minor}`);
      for (const m of await tx.listMessages(c.customer.id)) messages.push(`${m.key} ${m.status}`);
      for (const p of await tx.listPayments(c.customer.id)) payments.push(`${p.id} ${p.amount.minor} ${p.unapplied.minor}`);
    }
    return {
      invoices: invoices.sort(),
      messages: messages.sort(),
      payments: payments.sort(),
      captured: w.gateway.capturedCount(),
      capturedTotal: w.gateway.capturedTotal("USD"),
      sent: w.notifier.sent.map((m) => m.request.idempotencyKey).sort(),
    };
  });
}

/** The process "died": every port call from now on fails too. */
export class Crash extends Error {
  constructor(at: number) {
    super(`injected crash at step ${at}`);
    this.name = "Crash";
  }
}

const WRITES = /^(insert|update|put|append|mark|nextCounter)/;

/**
 * Wraps the ports so that step number `crashAt` (every store write, every commit, every gateway
 * and notifier call before and after it answers) throws a {@link Crash}, and every step after it
 * too — as if the process died there. `steps()` says how many steps a run took.
 */
export function faulty<S extends BillingStore & { withAccountLock: MemoryStore["withAccountLock"] }>(store: S, gateway: PaymentGateway, notifier: Notifier, crashAt: number) {
  let n = 0;
  let dead = false;
  const tick = (): void => {
    n++;
    if (dead || n === crashAt) {
      dead = true;
      throw new Crash(crashAt);
    }
  };
  const wrapTx = (tx: StoreTransaction): StoreTransaction =>
    new Proxy(tx, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== "function") return value;
        const fn = value as (...args: unknown[]) => Promise<unknown>;
        if (typeof property === "string" && WRITES.test(property)) {
          return async (...args: unknown[]) => {
            tick();
            return fn.apply(target, args);
          };
        }
        return fn.bind(target);
      },
    });
  return {
    steps: () => n,
    store: {
      transaction: async <T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> => {
        if (dead) throw new Crash(crashAt);
        const result = await store.transaction((tx) => fn(wrapTx(tx)));
        tick(); // a crash right after the commit
        return result;
      },
      withAccountLock: store.withAccountLock,
    },
    gateway: {
      charge: async (request: Parameters<PaymentGateway["charge"]>[0]) => {
        tick();
        const result = await gateway.charge(request);
        tick(); // the answer is lost
        return result;
      },
      lookup: async (key: string) => {
        tick();
        return gateway.lookup(key);
      },
      refund: async (request: Parameters<PaymentGateway["refund"]>[0]) => {
        tick();
        const result = await gateway.refund(request);
        tick(); // the answer is lost
        return result;
      },
    } satisfies PaymentGateway,
    notifier: {
      send: async (request: Parameters<Notifier["send"]>[0]) => {
        tick();
        const result = await notifier.send(request);
        tick();
        return result;
      },
    } satisfies Notifier,
  };
}

/**
 * Crashes a run at every one of its steps in turn (each on a fresh world from `setUp`), reruns,
 * and checks each ends as a clean run does; `check` adds per-crash assertions. Returns the clean
 * run's step count and outcome for the caller's own assertions.
 */
export async function crashAtEveryStep(
  setUp: () => Promise<World>,
  contracts: () => readonly Contract[],
  options: Partial<BillingEngineOptions> = {},
  check: (w: World, at: number) => void = () => undefined,
): Promise<{ steps: number; expected: Awaited<ReturnType<typeof outcome>> }> {
  const reference = await setUp();
  const counting = faulty(reference.store, reference.gateway, reference.notifier, Number.POSITIVE_INFINITY);
  await createBillingEngine({ store: counting.store, gateway: counting.gateway, notifier: counting.notifier, clock: reference.clock, ...options }).run();
  const steps = counting.steps();
  const expected = await outcome(reference, contracts());
  for (let at = 1; at <= steps; at++) {
    const w = await setUp();
    const f = faulty(w.store, w.gateway, w.notifier, at);
    await createBillingEngine({ store: f.store, gateway: f.gateway, notifier: f.notifier, clock: w.clock, ...options })
      .run()
      .catch((error: unknown) => {
        if (!(error instanceof Crash)) throw error;
      });
    await w.engine.run();
    expect({ at, ...(await outcome(w, contracts())) }).toEqual({ at, ...expected });
    check(w, at);
  }
  return { steps, expected };
}
