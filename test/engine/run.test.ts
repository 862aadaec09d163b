/**
 * The engine's run on the memory adapters: issue (5 days ahead), deliver (the customer's channels
 * in order), collect auto-pay (notice 3 days before, charge on the due date, receipt) — the seed's
 * steps 2–4 — exactly once, whatever crashes, reruns or concurrent workers.
 */
import { describe, expect, it } from "vitest";
import { createMemoryStore, createRecordingNotifier, createSimulatedGateway, createManualClock } from "../../src/adapters/memory/index.js";
import { createBillingEngine } from "../../src/engine/index.js";
import { ValidationError } from "../../src/errors/index.js";
import { money } from "../../src/money/index.js";
import type { OutboxEvent } from "../../src/ports/index.js";
import { alarmContract, autoPay, Crash, faulty, outcome, world } from "./support.js";

describe("a billing month", () => {
  it("issues 5 days ahead, delivers by the first channel, tells of the charge, charges on the due date and sends a receipt", async () => {
    const contract = alarmContract("C-1", { paymentMethod: autoPay("tok_ok") });
    const w = await world([contract]);
    const events: OutboxEvent[] = [];
    w.engine.subscribe((e) => void events.push(e));

    // Dec 27: January's invoice is issued (lead 5 days) and emailed; nothing is due yet.
    const dec27 = await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    expect([dec27.invoicesIssued, dec27.messagesSent, dec27.charges.succeeded]).toEqual([1, 1, 0]);
    const [invoice] = await w.store.transaction((tx) => tx.listContractInvoices("C-1"));
    // 39.99 + 12.50, untaxed: 52.49 due on the cycle date.
    expect([invoice?.invoice.number, invoice?.invoice.issueDate, invoice?.invoice.dueDate, invoice?.balance.minor]).toEqual(["INV-2026-000001", "2026-12-27", "2027-01-01", 5249]);
    expect(w.notifier.sent.map((m) => [m.request.channel, m.request.to, m.request.kind])).toEqual([["email", "c-1@example.com", "invoice"]]);
    expect(w.notifier.sent[0]?.request.text).toContain("https://pay.example.com/invoice/INV-2026-000001");

    // Dec 29 (3 days before): the upcoming-charge notice.
    const dec29 = await w.engine.run({ asOf: "2026-12-29T15:00:00Z" });
    expect([dec29.invoicesIssued, dec29.upcomingChargeNotices]).toEqual([0, 1]);
    expect(w.notifier.sent[1]?.request.text).toContain("on 2027-01-01 we will charge 52.49 USD to your card ending 4242");

    // Jan 1: the charge, the payment applied, the receipt.
    const jan1 = await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
    expect([jan1.charges.succeeded, jan1.messagesSent]).toEqual([1, 1]);
    const paid = await w.store.transaction((tx) => tx.getInvoice("INV-2026-000001"));
    expect([paid?.invoice.status, paid?.balance.minor]).toEqual(["paid", 0]);
    expect([w.gateway.capturedCount(), w.gateway.capturedTotal("USD")]).toEqual([1, 5249]);
    expect(w.notifier.sent.map((m) => m.request.kind)).toEqual(["invoice", "upcomingCharge", "receipt"]);
    expect(events.map((e) => e.type)).toEqual(["invoice.issued", "invoice.delivered", "payment.succeeded"]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("a second run at the same date does nothing more", async () => {
    const contract = alarmContract("C-1", { paymentMethod: autoPay("tok_ok") });
    const w = await world([contract]);
    await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
    const first = await outcome(w, [contract]);
    const again = await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
    expect([again.invoicesIssued, again.messagesSent, again.charges.succeeded, again.eventsPublished]).toEqual([0, 0, 0, 0]);
    expect(await outcome(w, [contract])).toEqual(first);
  });

  it("falls to the next channel when one fails, and after a bounce", async () => {
    const contract = alarmContract("C-2");
    const w = await world([contract]);
    w.notifier.failFor("c-2@example.com", false);
    await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    expect(w.notifier.sent.map((m) => m.request.channel)).toEqual(["sms"]);

    const other = alarmContract("C-3");
    const v = await world([other]);
    await v.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    const email = v.notifier.sent[0];
    await v.engine.recordDeliveryEvent(v.notifier.eventFor(email?.messageId as string, "bounced", "2026-12-27T16:00:00Z"));
    await v.engine.run({ asOf: "2026-12-28T15:00:00Z" });
    expect(v.notifier.sent.map((m) => m.request.channel)).toEqual(["email", "sms"]);
  });

  it("after a bounce, later messages go to the next channel until the contact is corrected", async () => {
    const w = await world([alarmContract("C-BNC")]);
    await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    const email = w.notifier.sent[0];
    await w.engine.recordDeliveryEvent(w.notifier.eventFor(email?.messageId as string, "bounced", "2026-12-27T16:00:00Z"));
    // The −3 days reminder (Dec 29) goes by text, not to the address that bounced.
    w.clock.set("2026-12-29T15:00:00Z");
    await w.engine.run();
    const reminder = w.notifier.sent.find((m) => m.request.kind === "paymentReminder");
    expect([reminder?.request.channel, reminder?.request.to]).toEqual(["sms", "+15125550100"]);
    expect((await w.engine.listExceptions()).map((e) => e.kind)).toContain("bouncedContact");
    // A person corrects the email: the exception clears and the next reminder (due day) is emailed.
    await w.store.transaction(async (tx) => {
      const stored = await tx.getContract("C-BNC");
      if (stored === undefined) throw new Error("no contract");
      await tx.putContract({ ...stored.contract, customer: { ...stored.contract.customer, contact: { ...stored.contract.customer.contact, email: "dana.new@example.com" } } }, stored.version);
    });
    w.clock.set("2027-01-01T15:00:00Z");
    await w.engine.run();
    const due = w.notifier.sent.filter((m) => m.request.kind === "paymentReminder").at(-1);
    expect([due?.request.channel, due?.request.to]).toEqual(["email", "dana.new@example.com"]);
    expect((await w.engine.listExceptions()).map((e) => e.kind)).not.toContain("bouncedContact");
  });

  it("posts to the portal without a message when that is the customer's channel", async () => {
    const contract = alarmContract("C-4", { customer: { channels: ["portal"] } });
    const w = await world([contract]);
    const report = await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    expect([report.postedToPortal, report.messagesSent, w.notifier.sent.length]).toEqual([1, 0, 0]);
  });

  it("one broken contract is reported; the others are billed", async () => {
    const good = alarmContract("C-5");
    const broken = alarmContract("C-6", { lines: [monitoring_unknown()] });
    const w = await world([good, broken], { tax: { name: "strict", knowsCategory: (c: string) => c !== "mystery", calculate: () => ({ lines: [], totals: [] }) } as never });
    const report = await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    expect(report.errors.map((e) => [e.contractId, e.code])).toEqual([["C-6", "validation_error"]]);
    expect(report.invoicesIssued).toBe(1);
  });
});

function monitoring_unknown() {
  return { kind: "monitoring" as const, id: "L-x", tier: "cellular", rate: "10.00", taxCategory: "mystery" };
}

describe("exactly once", () => {
  const portfolio = () => [
    alarmContract("C-A", { paymentMethod: autoPay("tok_ok") }),
    alarmContract("C-B", { paymentMethod: autoPay("tok_timeout") }),
    alarmContract("C-C", { customer: { channels: ["sms", "email"] } }),
  ];

  async function clean() {
    const contracts = portfolio();
    const w = await world(contracts);
    w.gateway.script("tok_timeout", "timeoutCharged");
    await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
    // The timed-out charge is resolved by lookup on the next run.
    await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
    return { w, contracts };
  }

  it("a crash at any store write, commit or port call, then reruns, ends as a clean run does", async () => {
    const reference = await clean();
    const expected = await outcome(reference.w, reference.contracts);
    expect(expected.captured).toBe(2);
    // Count the steps of a clean run through the same wrappers.
    const countWorld = await world(portfolio());
    countWorld.gateway.script("tok_timeout", "timeoutCharged");
    const counting = faulty(countWorld.store, countWorld.gateway, countWorld.notifier, Number.POSITIVE_INFINITY);
    const counted = createBillingEngine({ store: counting.store, gateway: counting.gateway, notifier: counting.notifier, clock: countWorld.clock });
    await counted.run({ asOf: "2027-01-01T15:00:00Z" });
    await counted.run({ asOf: "2027-01-01T15:00:00Z" });
    const steps = counting.steps();
    expect(steps).toBeGreaterThan(50);

    for (let at = 1; at <= steps; at++) {
      const contracts = portfolio();
      const w = await world(contracts);
      w.gateway.script("tok_timeout", "timeoutCharged");
      const f = faulty(w.store, w.gateway, w.notifier, at);
      const dying = createBillingEngine({ store: f.store, gateway: f.gateway, notifier: f.notifier, clock: w.clock });
      try {
        await dying.run({ asOf: "2027-01-01T15:00:00Z" });
      } catch (error) {
        if (!(error instanceof Crash)) throw error;
      }
      // Restarted: a healthy engine over what the store kept, twice (as the clean run).
      await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
      await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
      const got = await outcome(w, contracts);
      expect({ at, ...got }).toEqual({ at, ...expected });
    }
  }, 120_000);

  it("8 concurrent runs on one store: no duplicate invoice, charge or message", async () => {
    const contracts = portfolio();
    const w = await world(contracts);
    w.gateway.script("tok_timeout", "timeoutCharged");
    const engines = Array.from({ length: 8 }, () => createBillingEngine({ store: w.store, gateway: w.gateway, notifier: w.notifier, clock: w.clock }));
    await Promise.all(engines.map((e) => e.run({ asOf: "2027-01-01T15:00:00Z" })));
    await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
    const reference = await clean();
    expect(await outcome(w, contracts)).toEqual(await outcome(reference.w, reference.contracts));
  });

  it("overlapping dates: runs at Dec 27, Dec 29 and Jan 1 in any order bill the month once", async () => {
    const contracts = portfolio();
    const w = await world(contracts);
    w.gateway.script("tok_timeout", "timeoutCharged");
    for (const asOf of ["2027-01-01T15:00:00Z", "2026-12-27T15:00:00Z", "2026-12-29T15:00:00Z", "2027-01-01T15:00:00Z"]) await w.engine.run({ asOf });
    const o = await outcome(w, contracts);
    expect([o.invoices.length, o.captured, o.capturedTotal]).toEqual([3, 2, 2 * 5249]);
  });
});

describe("payments", () => {
  async function billed() {
    const contract = alarmContract("C-P");
    const w = await world([contract]);
    await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    return w;
  }

  it("a partial payment leaves a balance; an overpayment becomes credit applied to the next invoice, explained", async () => {
    const w = await billed();
    const partial = await w.engine.recordPayment({ id: "chk-1001", accountId: "CUST-C-P", amount: money("20.00", "USD"), channel: "check", receivedOn: "2026-12-30" });
    expect(partial.allocations.map((a) => [a.invoiceNumber, a.amount.minor])).toEqual([["INV-2026-000001", 2000]]);
    // 52.49 − 20.00 = 32.49 left; 50.00 more pays it and leaves 17.51 on account.
    const over = await w.engine.recordPayment({ id: "chk-1002", accountId: "CUST-C-P", amount: money("50.00", "USD"), channel: "check", receivedOn: "2027-01-02" });
    expect([over.allocations[0]?.amount.minor, over.unapplied.minor]).toEqual([3249, 1751]);
    expect((await w.engine.accountCredit("CUST-C-P", "USD")).minor).toBe(1751);
    // February's invoice (issued Jan 27) takes the 17.51: 52.49 − 17.51 = 34.98.
    await w.engine.run({ asOf: "2027-01-27T15:00:00Z" });
    const feb = (await w.store.transaction((tx) => tx.listContractInvoices("C-P")))[1];
    expect([feb?.invoice.total.minor, feb?.invoice.lines.find((l) => l.kind === "accountCredit")?.total.minor]).toEqual([3498, -1751]);
    expect((await w.engine.accountCredit("CUST-C-P", "USD")).minor).toBe(0);
  });

  it("refuses a bad payment with every problem named, and stores nothing", async () => {
    const w = await billed();
    const before = await w.store.transaction((tx) => tx.listPayments("CUST-C-P"));
    const error = await w.engine
      .recordPayment({ id: "x", accountId: "CUST-C-P", amount: money("-5.00", "EUR"), channel: "cash", receivedOn: "2027-13-01", invoiceNumbers: ["NOPE"] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path.join("."))).toEqual(["amount", "receivedOn", "amount.currency", "invoiceNumbers.0"]);
    expect(await w.store.transaction((tx) => tx.listPayments("CUST-C-P"))).toEqual(before);
    await expect(w.engine.recordPayment({ id: "y", accountId: "NOBODY", amount: money("5.00", "USD"), channel: "cash", receivedOn: "2027-01-01" })).rejects.toThrow(/no account "NOBODY" has been billed/);
  });

  it("a customer who paid by link meanwhile is not charged by auto-pay", async () => {
    const contract = alarmContract("C-L", { paymentMethod: autoPay("tok_ok") });
    const w = await world([contract]);
    await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    await w.engine.recordPayment({ id: "portal-1", accountId: "CUST-C-L", amount: money("52.49", "USD"), channel: "portal", receivedOn: "2026-12-31" });
    const jan1 = await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
    expect([jan1.charges.succeeded, w.gateway.charges.length]).toEqual([0, 0]);
  });
});

describe("a charge in flight", () => {
  it("is followed to its end even when the invoice was paid by check more than 60 days after it was issued", async () => {
    // An ACH debit that takes 70 days to clear (a bank's hold), on January's invoice (issued Dec 27,
    // due Jan 1); the customer also mails a check on Mar 5, 68 days after the invoice was issued.
    const contract = alarmContract("C-ACH", { paymentMethod: { kind: "ach", token: "tok_slow", last4: "6789", autoPay: true } });
    const w = await world([contract]);
    w.gateway.script("tok_slow", { pendingDays: 70, settle: "succeeded" });
    const days: string[] = [];
    for (let d = new Date("2026-12-27T00:00:00Z"); d <= new Date("2027-03-14T00:00:00Z"); d = new Date(d.getTime() + 86_400_000)) days.push(d.toISOString().slice(0, 10));
    for (const day of days) {
      w.clock.set(`${day}T15:00:00Z`);
      if (day === "2027-03-05") await w.engine.recordPayment({ id: "chk-jan", accountId: "CUST-C-ACH", amount: money("52.49", "USD"), channel: "check", receivedOn: day, invoiceNumbers: ["INV-2026-000001"] });
      await w.engine.run({ asOf: `${day}T15:00:00Z` });
    }
    const january = w.gateway.charges.find((c) => c.request.metadata?.["invoiceNumber"] === "INV-2026-000001");
    expect(january?.captured).toBe(true);
    // The debit cleared on Mar 12: booked as a payment, and — the invoice being paid by the check —
    // kept as the customer's credit, so money captured is money on the books.
    const payments = await w.store.transaction((tx) => tx.listPayments("CUST-C-ACH"));
    const debit = payments.find((p) => p.id === january?.request.idempotencyKey);
    expect([debit?.amount.minor, debit?.receivedOn]).toEqual([5249, "2027-03-12"]);
    const booked = payments.filter((p) => p.channel === "autopay").reduce((t, p) => t + p.amount.minor, 0);
    expect(booked).toBe(w.gateway.charges.filter((c) => c.captured && Date.parse("2027-03-14T15:00:00Z") - c.at >= 70 * 86_400_000).reduce((t, c) => t + c.request.amount.minor, 0));
  });
});

describe("adapters stay honest", () => {
  it("the memory store rolls a failed transaction back whole", async () => {
    const store = createMemoryStore();
    const contract = alarmContract("C-R");
    await expect(
      store.transaction(async (tx) => {
        await tx.putContract(contract);
        await tx.nextCounter("INV-2027");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await store.transaction((tx) => tx.getContract("C-R"))).toBeUndefined();
    expect(await store.transaction((tx) => tx.nextCounter("INV-2027"))).toBe(1);
  });

  it("the simulated gateway never charges a key twice", async () => {
    const gateway = createSimulatedGateway({ clock: createManualClock("2027-01-01T00:00:00Z") });
    const request = { idempotencyKey: "k", paymentMethodToken: "t", amount: money("1.00", "USD"), metadata: {} };
    await gateway.charge(request);
    await gateway.charge(request);
    expect(gateway.capturedCount()).toBe(1);
    const notifier = createRecordingNotifier();
    await notifier.send({ idempotencyKey: "m", channel: "email", to: "a@example.com", kind: "x", text: "hi" });
    await notifier.send({ idempotencyKey: "m", channel: "email", to: "a@example.com", kind: "x", text: "hi" });
    expect(notifier.sent.length).toBe(1);
  });
});
