/** The periodic account statement: one per account and period, from the stored facts, to the cent and the day. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alarmContract, crashAtEveryStep, world, type World } from "./support.js";
import type { Contract } from "../../src/contract/index.js";
import type { BillingEngineOptions } from "../../src/engine/index.js";
import { accountStatement, nextStatementDate, statementPeriod } from "../../src/engine/statements.js";
import { fromMinorUnits } from "../../src/money/index.js";
import { parseBrand } from "../../src/messages/index.js";

const MONTHLY: Partial<BillingEngineOptions> = { settings: { statements: { cadence: "monthly" } } };
const sameAccount = (id: string): Contract => alarmContract(id, { customer: { id: "CUST-X", name: "Maria Rivera" } } as never);

/** Two contracts of one account; a 20.00 check on the first January invoice; the second contract ended on Jan 16 (a credit note). */
async function january(options: Partial<BillingEngineOptions> = MONTHLY, days = ["2026-12-27", "2027-01-01", "2027-01-10", "2027-01-16", "2027-01-27", "2027-02-01"]): Promise<World> {
  const w = await world([sameAccount("C-A"), sameAccount("C-B")], options);
  for (const day of days) {
    if (day === "2027-01-10") await w.engine.recordPayment({ id: "P-1", accountId: "CUST-X", amount: fromMinorUnits(2000, "USD"), channel: "check", receivedOn: "2027-01-10", reference: "check 1042", invoiceNumbers: ["INV-2026-000001"] });
    if (day === "2027-01-16") {
      await w.store.transaction(async (tx) => {
        const s = (await tx.getContract("C-B"))!;
        await tx.putContract({ ...s.contract, termination: { date: "2027-01-16", reason: "moved" } } as Contract, s.version);
      });
    }
    w.clock.set(`${day}T15:00:00Z`);
    await w.engine.run();
  }
  return w;
}

const statements = (w: World) => w.notifier.sent.filter((m) => m.request.kind === "accountStatement");

describe("account statements", () => {
  it("a worked example: two invoices open on one account, one partly paid, one credited — the lines, aging and balance by hand", async () => {
    const w = await january();
    const sent = statements(w);
    // One statement per date for the account of two contracts, by email (the default channels: not the text).
    expect(sent.map((m) => `${m.request.idempotencyKey} ${m.request.channel}`)).toEqual(["statement:CUST-X:2027-01-01:email email", "statement:CUST-X:2027-02-01:email email"]);
    // Feb 1: INV-2026-000001 52.49 − the 20.00 check = 32.49; INV-2026-000002 52.49 − credit note 27.09 (16 of January's
    // 31 days: 52.49 × 16/31 = 27.09) = 25.40, both due Jan 1: 31 days past due; February's INV-2027-000001 52.49 due today.
    // Balance 32.49 + 25.40 + 52.49 = 110.38; aging current 52.49, 31–60 days 32.49 + 25.40 = 57.89.
    expect(sent[1]!.request.subject).toBe("Your account statement of 2027-02-01: 110.38 USD due");
    expect(sent[1]!.request.text).toBe(
      [
        "Hello Maria Rivera,",
        "Your account from 2027-01-01 to 2027-02-01 (exclusive).",
        "Open invoices:",
        "  INV-2026-000001: 32.49 USD of 52.49 USD, due 2027-01-01, 31 days past due",
        "  INV-2026-000002: 25.40 USD of 52.49 USD, due 2027-01-01, 31 days past due",
        "  INV-2027-000001: 52.49 USD of 52.49 USD, due 2027-02-01",
        "Payments in the period:",
        "  2027-01-10 Payment (check) check 1042: 20.00 USD",
        "Credits in the period:",
        "  2027-01-16 Credit note INV-CN-2027-000001: 27.09 USD",
        "Aging: current 52.49 USD, 1-30 days 0.00 USD, 31-60 days 57.89 USD, 61-90 days 0.00 USD, over 90 days 0.00 USD.",
        "Balance due: 110.38 USD.",
        "Pay securely: https://pay.example.com/invoice/INV-2026-000001",
      ].join("\n"),
    );
    // Jan 1: the two December-issued invoices, nothing past due yet.
    expect(sent[0]!.request.subject).toBe("Your account statement of 2027-01-01: 104.98 USD due");
    expect(sent[0]!.request.text).toContain("Aging: current 104.98 USD, 1-30 days 0.00 USD");
    // In the activity log, as every message.
    const trail = await w.engine.activity("CUST-X");
    expect(trail.filter((e) => e.text.startsWith("Your account statement of")).map((e) => e.text)).toEqual([
      "Your account statement of 2027-01-01: 104.98 USD due sent by email to c-a@example.com",
      "Your account statement of 2027-02-01: 110.38 USD due sent by email to c-a@example.com",
    ]);
  });

  it("lists a refund as a payment line going back out and a write-off as a credit line, so the lines explain the balance", async () => {
    const w = await world([alarmContract("C-W")], MONTHLY);
    for (const day of ["2026-12-27", "2027-01-05", "2027-01-09", "2027-01-27", "2027-01-30", "2027-02-01"]) {
      w.clock.set(`${day}T15:00:00Z`);
      // A 100.00 check pays January's 52.49 and leaves 47.51 on account; 20.00 of it is refunded.
      if (day === "2027-01-05") await w.engine.recordPayment({ id: "P-1", accountId: "CUST-C-W", amount: fromMinorUnits(10000, "USD"), channel: "check", receivedOn: day, reference: "check 77" });
      if (day === "2027-01-09") await w.engine.refundPayment({ id: "rf-1", accountId: "CUST-C-W", paymentId: "P-1", amount: fromMinorUnits(2000, "USD"), on: day, reason: "asked for part of the credit back" });
      // February's invoice takes the 27.51 left on account (52.49 − 27.51 = 24.98 open), which is written off.
      if (day === "2027-01-30") await w.engine.writeOff({ invoiceNumber: "INV-2027-000001", on: day, reason: "goodwill after an outage" });
      await w.engine.run();
    }
    const february = statements(w).find((m) => m.request.idempotencyKey.startsWith("statement:CUST-C-W:2027-02-01"));
    expect(february?.request.text.split("\n").slice(2, 8)).toEqual([
      "Open invoices: none.",
      "Payments in the period:",
      "  2027-01-05 Payment (check) check 77: 100.00 USD",
      "  2027-01-09 Refund of payment P-1: -20.00 USD",
      "Credits in the period:",
      "  2027-01-30 Written off: invoice INV-2027-000001: 24.98 USD",
    ]);
    expect(february?.request.subject).toBe("Your account statement of 2027-02-01: 0.00 USD due");
  });

  it("from a branded engine, the accountStatement template with the amounts in the customer's money", async () => {
    const brand = parseBrand({ companyName: "Lone Star Alarm Co.", address: { line1: "400 Lavaca St", city: "Austin", region: "TX", postalCode: "78701", country: "US" }, supportPhone: "+1 512 555 0100" });
    const w = await january({ ...MONTHLY, messages: { brand } });
    const feb = statements(w)[1]!;
    expect(feb.request.html).toContain("$110.38");
    expect(feb.request.html).toContain("$57.89");
    expect(feb.request.html).toContain("INV-2026-000002");
  });

  it("is sent once: the same day run twice, and both shards and a whole run on the same day", async () => {
    const w = await january();
    await w.engine.run();
    await w.engine.runShard({ shard: 0, shards: 2 });
    await w.engine.runShard({ shard: 1, shards: 2 });
    expect(statements(w).map((m) => m.request.idempotencyKey)).toEqual(["statement:CUST-X:2027-01-01:email", "statement:CUST-X:2027-02-01:email"]);
  });

  it("two shards alone on the statement day send it once, by the shard that owns the account", async () => {
    const w = await january(MONTHLY, ["2026-12-27"]);
    w.clock.set("2027-01-01T15:00:00Z");
    const reports = [await w.engine.runShard({ shard: 0, shards: 2 }), await w.engine.runShard({ shard: 1, shards: 2 })];
    expect(statements(w).map((m) => m.request.idempotencyKey)).toEqual(["statement:CUST-X:2027-01-01:email"]);
    expect(reports.map((r) => r.contracts).reduce((a, b) => a + b)).toBe(2);
    expect(reports.map((r) => r.statementsSent).reduce((a, b) => a + b)).toBe(1);
  });

  it("the run report counts the statements sent: one on each statement date, none on other days or a rerun", async () => {
    const w = await world([sameAccount("C-A"), sameAccount("C-B"), alarmContract("C-OTHER")], MONTHLY);
    const counts: Record<string, [number, string[]]> = {};
    for (const day of ["2026-12-27", "2027-01-01", "2027-01-01", "2027-01-15", "2027-02-01"]) {
      w.clock.set(`${day}T15:00:00Z`);
      const before = w.notifier.sent.length;
      const report = await w.engine.run();
      const told = w.notifier.sent.slice(before).filter((m) => m.request.kind === "accountStatement").map((m) => m.request.idempotencyKey);
      // A rerun of Jan 1 is keyed "again".
      counts[counts[day] === undefined ? day : `${day} again`] = [report.statementsSent, told];
      expect(report.messagesSent).toBeGreaterThanOrEqual(report.statementsSent);
    }
    // Two accounts (CUST-X of two contracts, CUST-C-OTHER): one statement each on each statement date.
    const both = (day: string): string[] => [`statement:CUST-X:${day}:email`, `statement:CUST-C-OTHER:${day}:email`];
    expect(counts).toEqual({ "2026-12-27": [0, []], "2027-01-01": [2, both("2027-01-01")], "2027-01-01 again": [0, []], "2027-01-15": [0, []], "2027-02-01": [2, both("2027-02-01")] });
    // Off by default: never counted.
    const off = await world([alarmContract("C-OFF")], {});
    expect((await off.engine.run({ asOf: "2027-01-01T15:00:00Z" })).statementsSent).toBe(0);
  });

  it("a crash at any step of the statement day, then a rerun, sends the statement once", async () => {
    const contracts = () => [alarmContract("C-CRASH")];
    const setUp = async () => {
      const w = await world(contracts(), MONTHLY);
      await w.engine.run();
      w.clock.set("2027-01-01T15:00:00Z");
      return w;
    };
    const { expected } = await crashAtEveryStep(setUp, contracts, MONTHLY);
    expect(expected.sent.filter((k: string) => k.startsWith("statement:"))).toEqual(["statement:CUST-C-CRASH:2027-01-01:email"]);
  });

  it('cadence "none" (the default) sends none; quarterly only in January, April, July and October', async () => {
    const off = await january({});
    expect(statements(off)).toEqual([]);
    const none = await january({ settings: { statements: { cadence: "none" } } });
    expect(statements(none)).toEqual([]);
    const quarterly = await january({ settings: { statements: { cadence: "quarterly" } } });
    expect(statements(quarterly).map((m) => m.request.idempotencyKey)).toEqual(["statement:CUST-X:2027-01-01:email"]);
  });

  it("only to accounts with something to tell, unless onlyWithActivity is false", async () => {
    // Paid in full in December (before the period starts on Dec 1… Jan 1: the payment is in [Dec 1, Jan 1)).
    const setUp = async (onlyWithActivity: boolean) => {
      const w = await world([alarmContract("C-PAID")], { settings: { statements: { cadence: "monthly", onlyWithActivity } } });
      await w.engine.run();
      await w.engine.recordPayment({ id: "P-FULL", accountId: "CUST-C-PAID", amount: fromMinorUnits(5249, "USD"), channel: "check", receivedOn: "2026-12-28" });
      for (const day of ["2027-01-01", "2027-02-01"]) {
        w.clock.set(`${day}T15:00:00Z`);
        await w.engine.run();
      }
      return statements(w).map((m) => m.request.idempotencyKey);
    };
    // Jan 1: the December payment is activity; Feb 1 (Feb's invoice not issued: the term is a year, so it was — open, told).
    const told = await setUp(true);
    expect(told[0]).toBe("statement:CUST-C-PAID:2027-01-01:email");
    expect(await setUp(false)).toEqual(["statement:CUST-C-PAID:2027-01-01:email", "statement:CUST-C-PAID:2027-02-01:email"]);
  });

  it("names every bad setting at once", async () => {
    await expect(world([], { settings: { statements: { cadence: "weekly" as never, day: 31, channels: ["fax" as never] } } })).rejects.toMatchObject({
      issues: [
        { path: ["settings", "statements", "cadence"], code: "invalid_value" },
        { path: ["settings", "statements", "day"], code: "out_of_range" },
        { path: ["settings", "statements", "channels", 0], code: "invalid_value" },
      ],
    });
  });

  it("with wake-ups on, a sleeping account still gets its statement on its date (the same as a run without them)", async () => {
    const days = (from: string, to: string): string[] => {
      const out: string[] = [];
      for (let d = Date.parse(from); d <= Date.parse(to); d += 86_400_000) out.push(new Date(d).toISOString().slice(0, 10));
      return out;
    };
    const contracts = [alarmContract("C-W1"), alarmContract("C-W2", { paymentMethod: { kind: "card", token: "tok_w2", last4: "4242", autoPay: true } } as never)];
    const run = async (wakeUps: boolean) => {
      const w = await world(contracts, MONTHLY);
      for (const day of days("2026-12-27", "2027-03-02")) {
        w.clock.set(`${day}T15:00:00Z`);
        // An instant pages only what is due (wake-ups); a calendar day looks at every contract.
        await w.engine.run({ asOf: wakeUps ? `${day}T15:00:00Z` : day });
      }
      return w.notifier.sent.map((m) => m.request.idempotencyKey).sort();
    };
    const withWakeUps = await run(true);
    expect(withWakeUps).toEqual(await run(false));
    expect(withWakeUps.filter((k) => k.startsWith("statement:CUST-C-W1:"))).toEqual(["statement:CUST-C-W1:2027-01-01:email", "statement:CUST-C-W1:2027-02-01:email", "statement:CUST-C-W1:2027-03-01:email"]);
  });
});

describe("statement dates", () => {
  it("a monthly statement covers the month before it; quarterly the quarter", () => {
    expect(statementPeriod("2027-02-01", { cadence: "monthly" })).toEqual({ periodStart: "2027-01-01" });
    expect(statementPeriod("2027-01-01", { cadence: "monthly" })).toEqual({ periodStart: "2026-12-01" });
    expect(statementPeriod("2027-02-02", { cadence: "monthly" })).toBeUndefined();
    expect(statementPeriod("2027-04-15", { cadence: "quarterly", day: 15 })).toEqual({ periodStart: "2027-01-15" });
    expect(statementPeriod("2027-05-15", { cadence: "quarterly", day: 15 })).toBeUndefined();
    expect(statementPeriod("2027-02-01", undefined)).toBeUndefined();
    expect(nextStatementDate("2027-12-01", { cadence: "monthly" })).toBe("2028-01-01");
    expect(nextStatementDate("2027-11-20", { cadence: "quarterly", day: 15 })).toBe("2028-01-15");
    expect(nextStatementDate("2027-01-14", { cadence: "quarterly", day: 15 })).toBe("2027-01-15");
  });

  it("property: the next statement date is a statement date, after the day, with none between", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 28 }), fc.constantFrom("monthly" as const, "quarterly" as const), (offset, day, cadence) => {
        const from = new Date(Date.parse("2026-01-01") + offset * 86_400_000).toISOString().slice(0, 10);
        const next = nextStatementDate(from, { cadence, day })!;
        expect(next > from).toBe(true);
        expect(statementPeriod(next, { cadence, day })).toBeDefined();
        for (let d = Date.parse(from) + 86_400_000; d < Date.parse(next); d += 86_400_000) expect(statementPeriod(new Date(d).toISOString().slice(0, 10), { cadence, day })).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it("property: the balance is the open amounts less the credit, and the aging buckets sum to the open amounts, to the cent", () => {
    const day = fc.integer({ min: 0, max: 400 }).map((n) => new Date(Date.parse("2026-06-01") + n * 86_400_000).toISOString().slice(0, 10));
    const cents = fc.integer({ min: 0, max: 10_000_000 });
    fc.assert(
      fc.property(fc.array(fc.record({ dueDate: day, balance: cents }), { maxLength: 12 }), cents, fc.array(fc.record({ receivedOn: day, amount: cents }), { maxLength: 6 }), (open, credit, payments) => {
        const model = accountStatement(
          {
            open: open.map((o, i) => ({ number: `INV-${i}`, dueDate: o.dueDate, total: fromMinorUnits(o.balance, "USD"), balance: fromMinorUnits(o.balance, "USD") })),
            payments: payments.map((p) => ({ receivedOn: p.receivedOn, channel: "check", amount: fromMinorUnits(p.amount, "USD") })),
            creditNotes: [],
            credit: fromMinorUnits(credit, "USD"),
          },
          { customerName: "X", currency: "USD", statementDate: "2027-01-01", periodStart: "2026-12-01", paymentLink: "https://pay.example.com/" },
        );
        const openMinor = open.reduce((s, o) => s + o.balance, 0);
        expect(model.balance.minor).toBe(openMinor - credit);
        const a = model.aging;
        expect(a.current.minor + a.days1to30.minor + a.days31to60.minor + a.days61to90.minor + a.over90.minor).toBe(openMinor);
        expect(model.payments.every((p) => p.date >= "2026-12-01" && p.date < "2027-01-01")).toBe(true);
        expect(model.payments.length).toBe(payments.filter((p) => p.receivedOn >= "2026-12-01" && p.receivedOn < "2027-01-01").length);
        expect(model.invoices.length).toBe(open.filter((o) => o.balance > 0).length);
      }),
      { numRuns: 200 },
    );
  });
});
