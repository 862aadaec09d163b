/** Refunds, chargebacks, ACH returns and write-offs: money goes back exactly once and reopens what it paid. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createBillingEngine } from "../../src/engine/index.js";
import { ValidationError } from "../../src/errors/index.js";
import { fromMinorUnits, money } from "../../src/money/index.js";
import { checkLedgerConserved } from "../../src/testing/index.js";
import { alarmContract, autoPay, Crash, faulty, world, type World } from "./support.js";

// Every invoice here is 39.99 + 12.50 = 52.49 (no tax), issued Dec 27, due Jan 1.
const ACCOUNT = (id: string) => `CUST-${id}`;

async function state(w: World, accountId: string, contractId: string) {
  return w.store.transaction(async (tx) => ({
    invoices: (await tx.listContractInvoices(contractId)).map((s) => ({ number: s.invoice.number, status: s.invoice.status, balance: s.balance.minor, reopenReason: s.invoice.reopenReason })),
    ledger: await tx.listLedger(accountId),
    payments: await tx.listPayments(accountId),
    reversals: await tx.listReversals(accountId),
    events: (await tx.listPendingEvents(1000)).map((e) => e.type),
  }));
}

async function autopaid(id = "C-R") {
  const w = await world([alarmContract(id, { paymentMethod: autoPay("tok_ok") })]);
  await w.engine.run({ asOf: "2027-01-01T15:00:00Z" });
  const payment = (await w.store.transaction((tx) => tx.listPayments(ACCOUNT(id))))[0];
  if (payment === undefined) throw new Error("auto-pay did not pay");
  return { w, payment };
}

describe("refunds", () => {
  it("refunds an auto-pay charge through the gateway once, and the invoice is owed again", async () => {
    const { w, payment } = await autopaid();
    expect([payment.amount.minor, payment.channel]).toEqual([5249, "autopay"]);
    const refund = await w.engine.refundPayment({ id: "rf-1", accountId: "CUST-C-R", paymentId: payment.id, on: "2027-01-05", reason: "billed in error" });
    expect([refund.status, refund.via, refund.amount.minor, refund.fromCredit?.minor, refund.fromInvoices?.map((a) => [a.invoiceNumber, a.amount.minor])]).toEqual([
      "succeeded",
      "gateway",
      5249,
      0,
      [["INV-2026-000001", 5249]],
    ]);
    expect(w.gateway.refunds.map((r) => [r.idempotencyKey, r.amount.minor])).toEqual([["refund:rf-1", 5249]]);
    const after = await state(w, "CUST-C-R", "C-R");
    expect(after.invoices).toEqual([{ number: "INV-2026-000001", status: "open", balance: 5249, reopenReason: `Refund of payment ${payment.id}: billed in error` }]);
    expect(checkLedgerConserved(after.ledger, after.payments, after.reversals)).toEqual([]);
    // The same id again: the refund as it was, nothing new at the gateway.
    const again = await w.engine.refundPayment({ id: "rf-1", accountId: "CUST-C-R", paymentId: payment.id, on: "2027-01-05", reason: "billed in error" });
    expect(again).toEqual(refund);
    expect(w.gateway.refunds).toHaveLength(1);
    // Nothing is left to refund.
    await expect(w.engine.refundPayment({ id: "rf-2", accountId: "CUST-C-R", paymentId: payment.id, on: "2027-01-06", reason: "again" })).rejects.toThrow(/nothing of payment .* is left to send back/);
  });

  it("takes a refund from the payment's credit first, then from what it paid", async () => {
    const w = await world([alarmContract("C-K")]);
    await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    // 60.00 for 52.49: 7.51 kept as credit.
    await w.engine.recordPayment({ id: "chk-1", accountId: "CUST-C-K", amount: money("60.00", "USD"), channel: "check", receivedOn: "2026-12-30" });
    // 10.00 back: 7.51 from credit + 2.49 reopened on the invoice.
    const refund = await w.engine.refundPayment({ id: "rf-k", accountId: "CUST-C-K", paymentId: "chk-1", amount: money("10.00", "USD"), on: "2027-01-02", reason: "overpaid" });
    expect([refund.via, refund.fromCredit?.minor, refund.fromInvoices?.map((a) => a.amount.minor)]).toEqual(["outside", 751, [249]]);
    expect((await w.engine.accountCredit("CUST-C-K", "USD")).minor).toBe(0);
    const after = await state(w, "CUST-C-K", "C-K");
    expect(after.invoices.map((i) => [i.status, i.balance])).toEqual([["open", 249]]);
    expect(after.events).toContain("payment.refunded");
    expect(checkLedgerConserved(after.ledger, after.payments, after.reversals)).toEqual([]);
    expect(w.gateway.refunds).toHaveLength(0);
  });

  it("refuses a bad refund with every problem named, and stores nothing", async () => {
    const { w, payment } = await autopaid("C-E");
    const before = await state(w, "CUST-C-E", "C-E");
    const error = await w.engine.refundPayment({ id: "rf-x", accountId: "CUST-C-E", paymentId: payment.id, amount: money("60.00", "USD"), on: "2027-02-30", reason: " " }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => [i.path.join("."), i.code])).toEqual([
      ["on", "invalid_date"],
      ["reason", "required"],
      ["amount", "too_big"],
    ]);
    const wrong = await w.engine.refundPayment({ id: "rf-y", accountId: "CUST-C-E", paymentId: payment.id, amount: money("5.00", "EUR"), on: "2027-01-05", reason: "x" }).catch((e: unknown) => e);
    expect((wrong as ValidationError).issues.map((i) => i.path.join("."))).toEqual(["amount.currency"]);
    await expect(w.engine.refundPayment({ id: "rf-z", accountId: "CUST-C-E", paymentId: "nope", on: "2027-01-05", reason: "x" })).rejects.toThrow(/has no payment nope/);
    expect(await state(w, "CUST-C-E", "C-E")).toEqual(before);
    expect(w.gateway.refunds).toHaveLength(0);
  });

  it("a refused gateway refund is recorded as failed and moves no money; a new refund may follow", async () => {
    const { w, payment } = await autopaid("C-F");
    const before = await state(w, "CUST-C-F", "C-F");
    w.gateway.refuseRefunds(payment.reference as string);
    const failed = await w.engine.refundPayment({ id: "rf-f", accountId: "CUST-C-F", paymentId: payment.id, on: "2027-01-05", reason: "x" });
    expect([failed.status, failed.fromInvoices]).toEqual(["failed", undefined]);
    const after = await state(w, "CUST-C-F", "C-F");
    expect([after.invoices, after.ledger, w.gateway.refunds.length]).toEqual([before.invoices, before.ledger, 0]);
    // The failed one holds nothing back: the whole payment can still be sent back, outside the gateway.
    const check = await w.engine.refundPayment({ id: "rf-g", accountId: "CUST-C-F", paymentId: payment.id, on: "2027-01-06", reason: "refunded by check", via: "outside" });
    expect([check.status, check.amount.minor]).toEqual(["succeeded", 5249]);
  });
});

describe("chargebacks and ACH returns", () => {
  it("a chargeback of part of a card payment reopens that much of the invoice", async () => {
    const { w, payment } = await autopaid("C-CB");
    const cb = await w.engine.recordChargeback({ id: "dp_1", accountId: "CUST-C-CB", paymentId: payment.id, amount: money("12.50", "USD"), on: "2027-01-20", reason: "customer disputes the panel rental", code: "13.1" });
    expect([cb.kind, cb.via, cb.fromInvoices?.map((a) => a.amount.minor)]).toEqual(["chargeback", "outside", [1250]]);
    const after = await state(w, "CUST-C-CB", "C-CB");
    expect(after.invoices.map((i) => [i.status, i.balance])).toEqual([["open", 1250]]);
    expect(after.events).toContain("payment.chargedBack");
    expect(checkLedgerConserved(after.ledger, after.payments, after.reversals)).toEqual([]);
    expect(w.gateway.refunds).toHaveLength(0);
  });

  it("an ACH return sends the whole debit back, with its code; a check cannot be returned so", async () => {
    const w = await world([alarmContract("C-ACH")]);
    await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    await w.engine.recordPayment({ id: "ach-1", accountId: "CUST-C-ACH", amount: money("52.49", "USD"), channel: "ach", receivedOn: "2027-01-01" });
    await w.engine.recordPayment({ id: "chk-1", accountId: "CUST-C-ACH", amount: money("1.00", "USD"), channel: "check", receivedOn: "2027-01-01" });
    const bad = await w.engine.recordAchReturn({ id: "ret-0", accountId: "CUST-C-ACH", paymentId: "chk-1", code: "insufficient", on: "2027-01-05", reason: "x" }).catch((e: unknown) => e);
    expect((bad as ValidationError).issues.map((i) => [i.path.join("."), i.code])).toEqual([
      ["paymentId", "invalid_value"],
      ["code", "invalid_value"],
    ]);
    const ret = await w.engine.recordAchReturn({ id: "ret-1", accountId: "CUST-C-ACH", paymentId: "ach-1", code: "R01", on: "2027-01-05", reason: "insufficient funds" });
    expect([ret.amount.minor, ret.code]).toEqual([5249, "R01"]);
    const after = await state(w, "CUST-C-ACH", "C-ACH");
    // 52.49 owed again, less the 1.00 check kept as credit... which stays credit: it paid nothing.
    expect(after.invoices.map((i) => [i.status, i.balance, i.reopenReason])).toEqual([["open", 5249, "ACH return R01 of payment ach-1: insufficient funds"]]);
    expect(checkLedgerConserved(after.ledger, after.payments, after.reversals)).toEqual([]);
  });
});

describe("write-offs", () => {
  it("moves what is owed to bad debt; a later payment recovers it and the invoice is paid", async () => {
    const w = await world([alarmContract("C-W")]);
    await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    await w.engine.recordPayment({ id: "chk-1", accountId: "CUST-C-W", amount: money("2.49", "USD"), channel: "check", receivedOn: "2027-01-02" });
    const off = await w.engine.writeOff({ invoiceNumber: "INV-2026-000001", on: "2027-07-01", reason: "uncollectible after collections" });
    expect(off.amount.minor).toBe(5000);
    await expect(w.engine.writeOff({ invoiceNumber: "INV-2026-000001", on: "2027-07-02", reason: "again" })).rejects.toThrow(/is uncollectible: only an open invoice/);
    let s = await state(w, "CUST-C-W", "C-W");
    expect(s.invoices.map((i) => [i.status, i.balance])).toEqual([["uncollectible", 5000]]);
    expect(s.ledger.filter((e) => e.kind === "writeOff").map((e) => [e.debit, e.credit, e.amount.minor])).toEqual([["bad-debt", "receivable:INV-2026-000001", 5000]]);
    await w.engine.recordPayment({ id: "late-1", accountId: "CUST-C-W", amount: money("50.00", "USD"), channel: "cash", receivedOn: "2027-08-01", invoiceNumbers: ["INV-2026-000001"] });
    s = await state(w, "CUST-C-W", "C-W");
    expect(s.invoices.map((i) => [i.status, i.balance])).toEqual([["paid", 0]]);
    expect(s.ledger.filter((e) => e.kind === "recovery").map((e) => [e.debit, e.credit, e.amount.minor])).toEqual([["cash", "bad-debt", 5000]]);
    expect(checkLedgerConserved(s.ledger, s.payments, s.reversals)).toEqual([]);
  });
});

describe("a refund exactly once", () => {
  it("a crash at any store write, commit or gateway call, then a rerun with the same id, refunds once", async () => {
    const count = await autopaid("C-X");
    const counting = faulty(count.w.store, count.w.gateway, count.w.notifier, Number.POSITIVE_INFINITY);
    const countingEngine = createBillingEngine({ store: counting.store, gateway: counting.gateway, notifier: counting.notifier, clock: count.w.clock });
    const request = (paymentId: string) => ({ id: "rf-x", accountId: "CUST-C-X", paymentId, on: "2027-01-05", reason: "moved away" });
    const before = counting.steps();
    await countingEngine.refundPayment(request(count.payment.id));
    const steps = counting.steps() - before;
    expect(steps).toBeGreaterThan(5);
    const expected = await state(count.w, "CUST-C-X", "C-X");

    for (let at = 1; at <= steps; at++) {
      const { w, payment } = await autopaid("C-X");
      const f = faulty(w.store, w.gateway, w.notifier, at);
      const dying = createBillingEngine({ store: f.store, gateway: f.gateway, notifier: f.notifier, clock: w.clock });
      await dying.refundPayment(request(payment.id)).catch((error: unknown) => {
        if (!(error instanceof Crash)) throw error;
      });
      await w.engine.refundPayment(request(payment.id));
      await w.engine.refundPayment(request(payment.id));
      expect({ at, refunds: w.gateway.refunds.length, ...(await state(w, "CUST-C-X", "C-X")) }).toEqual({ at, refunds: 1, ...expected });
    }
  });
});

describe("the ledger with money going back (properties)", () => {
  it("received − sent back = applied + credit, over random payments, refunds, chargebacks and returns", async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("pay" as const), cents: fc.integer({ min: 1, max: 12_000 }), channel: fc.constantFrom("check" as const, "ach" as const, "card" as const) }),
      fc.record({ kind: fc.constantFrom("refund" as const, "chargeback" as const, "achReturn" as const), of: fc.nat(), cents: fc.option(fc.integer({ min: 1, max: 8_000 }), { nil: undefined }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ month: fc.integer({ min: 0, max: 2 }), step }), { minLength: 1, maxLength: 10 }), async (steps) => {
        const w = await world([alarmContract("C-P")]);
        const months = ["2026-12-27", "2027-01-27", "2027-02-24"];
        const paid: string[] = [];
        let n = 0;
        for (let m = 0; m < months.length; m++) {
          await w.engine.run({ asOf: `${months[m]}T15:00:00Z` });
          for (const { step: s } of steps.filter((x) => x.month === m)) {
            const on = months[m] as string;
            if (s.kind === "pay") {
              const id = `p-${n++}`;
              await w.engine.recordPayment({ id, accountId: "CUST-C-P", amount: fromMinorUnits(s.cents, "USD"), channel: s.channel, receivedOn: on });
              paid.push(id);
              continue;
            }
            const paymentId = paid[s.of % Math.max(1, paid.length)];
            if (paymentId === undefined) continue;
            const common = { id: `r-${n++}`, accountId: "CUST-C-P", paymentId, on, reason: "test" };
            const amount = s.cents === undefined ? {} : { amount: fromMinorUnits(s.cents, "USD") };
            const attempt =
              s.kind === "refund"
                ? w.engine.refundPayment({ ...common, ...amount })
                : s.kind === "chargeback"
                  ? w.engine.recordChargeback({ ...common, ...amount })
                  : w.engine.recordAchReturn({ ...common, code: "R01" });
            // Some draws ask for more than is left, or a return of a check: refused, nothing stored.
            await attempt.catch((error: unknown) => {
              if (!(error instanceof ValidationError)) throw error;
            });
          }
        }
        const s = await w.store.transaction(async (tx) => ({
          ledger: await tx.listLedger("CUST-C-P"),
          payments: await tx.listPayments("CUST-C-P"),
          reversals: await tx.listReversals("CUST-C-P"),
          invoices: await tx.listContractInvoices("C-P"),
        }));
        expect(checkLedgerConserved(s.ledger, s.payments, s.reversals)).toEqual([]);
        const received = s.payments.reduce((t, p) => t + p.amount.minor, 0);
        const back = s.reversals.filter((r) => r.status === "succeeded").reduce((t, r) => t + r.amount.minor, 0);
        const applied = s.invoices.reduce((t, x) => t + (x.invoice.total.minor - x.balance.minor), 0);
        const credit = (await w.engine.accountCredit("CUST-C-P", "USD")).minor;
        const creditUsed = s.invoices.flatMap((x) => x.invoice.lines).filter((l) => l.kind === "accountCredit").reduce((t, l) => t - l.total.minor, 0);
        expect(applied + credit + creditUsed).toBe(received - back);
        for (const x of s.invoices) {
          expect(x.balance.minor).toBeGreaterThanOrEqual(0);
          expect(x.balance.minor).toBeLessThanOrEqual(x.invoice.total.minor);
          expect(x.invoice.status).toBe(x.balance.minor === 0 ? "paid" : "open");
        }
      }),
      { numRuns: 60 },
    );
  });
});
