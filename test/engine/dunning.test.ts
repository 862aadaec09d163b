/** Dunning on the engine: the ladder to the day, notices before any interruption, exactly once. */
import { describe, expect, it } from "vitest";
import { createBillingEngine, type BillingEngine } from "../../src/engine/index.js";
import type { OutboxEvent } from "../../src/ports/index.js";
import { parseTimelinePolicy } from "../../src/timeline/index.js";
import { checkLedgerConserved } from "../../src/testing/index.js";
import { monitoring } from "../contract/builder.js";
import { alarmContract, Crash, faulty, outcome, world, type World } from "./support.js";

// 52.49 a month, invoiced 5 days ahead, due on the 1st; runs at 15:00 UTC (09:00 in Chicago).
const suspending = parseTimelinePolicy({ dunning: { suspension: { enabled: true, afterDays: 45 } } });

async function daily(w: World, from: string, to: string, onDay: (day: string) => Promise<void> = async () => undefined): Promise<void> {
  for (let ms = Date.parse(`${from}T15:00:00Z`); ms <= Date.parse(`${to}T15:00:00Z`); ms += 86_400_000) {
    const day = new Date(ms).toISOString();
    w.clock.set(day);
    await onDay(day.slice(0, 10));
    await w.engine.run();
  }
}

/** The account and service events the engines publish, once each (subscribers drop a repeated id). */
function recordEvents(...engines: readonly Pick<BillingEngine, "subscribe">[]): string[] {
  const ids = new Set<string>();
  const seen: string[] = [];
  for (const engine of engines) {
    engine.subscribe((e: OutboxEvent) => {
      if (e.type.startsWith("invoice.") || e.type.startsWith("payment.") || ids.has(e.id)) return;
      ids.add(e.id);
      seen.push(`${e.type} ${String(e.data.date ?? e.data.on ?? "")} ${String(e.data.to ?? "")}`.trim());
    });
  }
  return seen;
}

async function payAll(w: World, accountId: string, id: string, on: string): Promise<void> {
  const open = await w.store.transaction((tx) => tx.listOpenInvoices(accountId));
  const minor = open.reduce((total, s) => total + s.balance.minor, 0);
  await w.engine.recordPayment({ id, accountId, amount: { minor, currency: "USD" }, channel: "check", receivedOn: on });
}

describe("dunning", () => {
  it("climbs past due → delinquent → suspended to the day, tells first, and a payment restores service", async () => {
    const w = await world([alarmContract("C-D")], { policy: suspending });
    const events = recordEvents(w.engine);
    await daily(w, "2026-12-27", "2027-03-10", async (day) => {
      if (day === "2027-03-05") await payAll(w, "CUST-C-D", "chk-1", day);
    });
    expect(events).toEqual([
      "account.dunning 2027-01-02 past_due",
      "account.dunning 2027-01-31 delinquent",
      // Told 15 days ahead, with the final notice: the service is never cut without notice.
      "service.suspensionScheduled 2027-02-15",
      "account.dunning 2027-02-15 suspended",
      "service.suspend",
      "account.dunning 2027-03-05 current",
      "service.restore",
    ]);
    const notices = w.notifier.sent.filter((m) => m.request.kind === "finalNotice" || m.request.kind === "suspensionNotice");
    expect(notices.map((m) => `${m.request.kind} ${m.request.channel}`)).toEqual(["finalNotice email", "finalNotice sms", "suspensionNotice email", "suspensionNotice sms"]);
    expect(notices[0]?.request.text).toContain("- invoice INV-2026-000001, due 2027-01-01: 52.49 USD");
    expect(notices[0]?.request.text).toContain("Unless it is paid, your monitoring service will be suspended on 2027-02-15.");
    expect(notices[2]?.request.subject).toBe("Your monitoring service is suspended: 104.98 USD overdue");
  });

  it("without suspension in the policy, goes past due → delinquent and tells no FSM product anything", async () => {
    const w = await world([alarmContract("C-NS")]);
    const events = recordEvents(w.engine);
    await daily(w, "2026-12-27", "2027-02-20");
    expect(events).toEqual(["account.dunning 2027-01-02 past_due", "account.dunning 2027-01-31 delinquent"]);
    const final = w.notifier.sent.find((m) => m.request.kind === "finalNotice");
    expect(final?.request.text).toContain("Please pay now to keep your account in good standing.");
  });

  it("a payment in time moves the account back to current, and the ladder starts again from the next late invoice", async () => {
    const w = await world([alarmContract("C-B")]);
    const events = recordEvents(w.engine);
    await daily(w, "2026-12-27", "2027-02-05", async (day) => {
      if (day === "2027-01-10") await payAll(w, "CUST-C-B", "chk-jan", day);
    });
    expect(events).toEqual(["account.dunning 2027-01-02 past_due", "account.dunning 2027-01-10 current", "account.dunning 2027-02-02 past_due"]);
  });

  it("writes off what is still overdue at 180 days (the policy's last step), with the ledger conserved", async () => {
    const w = await world([alarmContract("C-W")]);
    await daily(w, "2026-12-27", "2027-07-02");
    const invoices = await w.store.transaction((tx) => tx.listContractInvoices("C-W"));
    // Due Jan 1 … Jun 1 were overdue on Jun 30 (180 days after Jan 1); July's was not yet due.
    expect(invoices.map((s) => `${s.invoice.dueDate} ${s.invoice.status}`)).toEqual([
      "2027-01-01 uncollectible",
      "2027-02-01 uncollectible",
      "2027-03-01 uncollectible",
      "2027-04-01 uncollectible",
      "2027-05-01 uncollectible",
      "2027-06-01 uncollectible",
      "2027-07-01 open",
    ]);
    const { ledger, payments } = await w.store.transaction(async (tx) => ({ ledger: await tx.listLedger("CUST-C-W"), payments: await tx.listPayments("CUST-C-W") }));
    const badDebt = ledger.filter((e) => e.kind === "writeOff").reduce((total, e) => total + e.amount.minor, 0);
    expect(badDebt).toBe(6 * 5249);
    expect(checkLedgerConserved(ledger, payments)).toEqual([]);
  });

  it("a crash at any step of the delinquent day, then a rerun, sends each notice and event once", async () => {
    const contracts = () => [alarmContract("C-DX")];
    const setUp = async () => {
      const w = await world(contracts(), { policy: suspending });
      await daily(w, "2026-12-27", "2027-01-30");
      w.clock.set("2027-01-31T15:00:00Z");
      return w;
    };
    const reference = await setUp();
    const counting = faulty(reference.store, reference.gateway, reference.notifier, Number.POSITIVE_INFINITY);
    const countingEngine = createBillingEngine({ store: counting.store, gateway: counting.gateway, notifier: counting.notifier, clock: reference.clock, policy: suspending });
    const referenceEvents = recordEvents(countingEngine);
    await countingEngine.run();
    const steps = counting.steps();
    const expected = await outcome(reference, contracts());
    expect(referenceEvents).toEqual(["account.dunning 2027-01-31 delinquent", "service.suspensionScheduled 2027-02-15"]);
    expect(expected.messages.filter((m: string) => m.includes("dunning"))).toHaveLength(2);
    expect(steps).toBeGreaterThan(8);
    for (let at = 1; at <= steps; at++) {
      const w = await setUp();
      const f = faulty(w.store, w.gateway, w.notifier, at);
      const crashing = createBillingEngine({ store: f.store, gateway: f.gateway, notifier: f.notifier, clock: w.clock, policy: suspending });
      const events = recordEvents(crashing, w.engine);
      await crashing
        .run()
        .catch((error: unknown) => {
          if (!(error instanceof Crash)) throw error;
        });
      await w.engine.run();
      expect({ at, ...(await outcome(w, contracts())) }).toEqual({ at, ...expected });
      expect({ at, events }).toEqual({ at, events: referenceEvents });
    }
  });
});

describe("dunning of an account with two contracts", () => {
  // One customer, two properties, each on its own contract (both billed to CUST-TWO); neither is paid.
  const home = (id: string, rate: string) => alarmContract(id, { customer: { id: "CUST-TWO", name: "Dana Reyes", contact: { email: "dana@example.com" } }, lines: [monitoring(`${id}-mon`, rate)] });

  it("is one state over both: paying one contract's invoices leaves the account past due until the other's are paid", async () => {
    const w = await world([home("C-T1", "30.00"), home("C-T2", "20.00")], { policy: suspending });
    const events = recordEvents(w.engine);
    const service: OutboxEvent[] = [];
    w.engine.subscribe((e) => {
      if (e.type.startsWith("service.") && !service.some((s) => s.id === e.id)) service.push(e);
    });
    const payContract = async (contractId: string, id: string, on: string): Promise<void> => {
      const open = (await w.store.transaction((tx) => tx.listOpenInvoices("CUST-TWO"))).filter((s) => s.invoice.contractId === contractId);
      await w.engine.recordPayment({ id, accountId: "CUST-TWO", amount: { minor: open.reduce((t, s) => t + s.balance.minor, 0), currency: "USD" }, channel: "check", receivedOn: on, invoiceNumbers: open.map((s) => s.invoice.number) });
    };
    await daily(w, "2026-12-27", "2027-02-26", async (day) => {
      if (day === "2027-01-10") await payContract("C-T1", "chk-t1", day);
      if (day === "2027-02-20") await payContract("C-T2", "chk-t2", day);
      if (day === "2027-02-25") await payContract("C-T1", "chk-t1b", day);
    });
    // C-T1's January invoice paid on Jan 10: the account stays past due for C-T2's and climbs to
    // delinquent and suspended — both properties' service, as both have overdue invoices by then
    // (C-T1's February one too). C-T2's payment on Feb 20 leaves C-T1's February invoice overdue:
    // the account stays suspended (the overdue balance is not cleared); C-T1's payment on Feb 25
    // clears it — current, and service restored at both properties.
    expect(events).toEqual([
      "account.dunning 2027-01-02 past_due",
      "account.dunning 2027-01-31 delinquent",
      "service.suspensionScheduled 2027-02-15",
      "account.dunning 2027-02-15 suspended",
      "service.suspend",
      "account.dunning 2027-02-25 current",
      "service.restore",
    ]);
    expect(service.map((e) => [e.type, (e.data["contracts"] as { contractId: string; sites: string[] }[]).map((c) => `${c.contractId} ${c.sites.join(",")}`)])).toEqual([
      ["service.suspensionScheduled", ["C-T1 S-1", "C-T2 S-1"]],
      ["service.suspend", ["C-T1 S-1", "C-T2 S-1"]],
      ["service.restore", ["C-T1 S-1", "C-T2 S-1"]],
    ]);
    // The final notice (Jan 31) lists what was overdue then, C-T2's January invoice; the suspension
    // notice (Feb 15), every overdue invoice of both contracts with the account's total.
    const final = w.notifier.sent.find((m) => m.request.kind === "finalNotice" && m.request.channel === "email")?.request.text ?? "";
    expect(final).toContain("final notice: 20.00 USD on your account is overdue.");
    const suspended = w.notifier.sent.find((m) => m.request.kind === "suspensionNotice" && m.request.channel === "email")?.request.text ?? "";
    expect(suspended).toContain("70.00 USD is overdue");
    for (const n of ["INV-2026-000002", "INV-2027-000001", "INV-2027-000002"]) expect(suspended).toContain(`- invoice ${n}`);
  });
});
