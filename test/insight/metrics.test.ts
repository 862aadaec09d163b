import { describe, expect, it } from "vitest";
import {
  agingAt,
  agingBucketOf,
  autoPayEnrollment,
  billingAccuracy,
  buildBook,
  cashFlowForecast,
  collectionsWorkList,
  computeInsight,
  daysSalesOutstanding,
  daysToPayment,
  deferredRevenue,
  failedPaymentRecovery,
  paymentHabits,
  paymentModel,
  predictPayments,
  ratio,
  ratioToString,
  readSignals,
  recognitionCsv,
  recognitionSchedule,
  recurringCharges,
  reminderEffectiveness,
  renewalRate,
  rmrAt,
  rmrMovement,
  scheduledInvoices,
  toDecimalString,
  type InsightFacts,
  type Money,
} from "../../src/index.js";
import { issuesOf } from "../support/errors.js";
import { invoice, payment, recurring, reminder, usd } from "./support.js";

const s = (m: Money): string => toDecimalString(m);
const r = (x: { numerator: number | bigint; denominator: number | bigint } | undefined): string | undefined => (x === undefined ? undefined : ratioToString(x));

describe("AR aging", () => {
  // Due dates chosen so that, at 2027-03-31, they are 0, 30, 31, 60, 61, 90 and 91 days past due.
  const facts: InsightFacts = {
    currency: "USD",
    invoices: [
      invoice("I-0", "A", { issue: "2027-03-01", due: "2027-03-31", total: "20.00" }),
      invoice("I-30", "A", { issue: "2027-02-01", due: "2027-03-01", total: "100.00" }),
      invoice("I-31", "B", { issue: "2027-02-01", due: "2027-02-28", total: "50.00" }),
      invoice("I-60", "B", { issue: "2027-01-01", due: "2027-01-30", total: "10.00" }),
      invoice("I-61", "B", { issue: "2027-01-01", due: "2027-01-29", total: "5.00" }),
      invoice("I-90", "C", { issue: "2026-12-01", due: "2026-12-31", total: "1.00" }),
      invoice("I-91", "C", { issue: "2026-12-01", due: "2026-12-30", total: "2.00" }),
    ],
  };

  it("puts exactly 30 days past due in 1–30 and 31 days in 31–60, 90 in 61–90 and 91 in 90+", () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91].map(agingBucketOf)).toEqual(["current", "1-30", "1-30", "31-60", "31-60", "61-90", "61-90", "90+"]);
    const aging = agingAt(buildBook(facts), "2027-03-31");
    expect(aging.buckets.map((b) => [b.bucket, s(b.total), b.invoices.map((i) => `${i.number}:${i.daysPastDue}`)])).toEqual([
      ["current", "20.00", ["I-0:0"]],
      ["1-30", "100.00", ["I-30:30"]],
      ["31-60", "60.00", ["I-60:60", "I-31:31"]],
      ["61-90", "6.00", ["I-90:90", "I-61:61"]],
      ["90+", "2.00", ["I-91:91"]],
    ]);
    expect(s(aging.total)).toBe("188.00");
    expect(aging.accounts.map((a) => [a.accountId, s(a.total)])).toEqual([
      ["A", "120.00"],
      ["B", "65.00"],
      ["C", "3.00"],
    ]);
  });

  it("leaves what a partial payment did not pay in its bucket, from the day it came in", () => {
    const paid = { ...facts, payments: [payment("P-1", "A", "2027-03-15", "I-30", "40.00")] };
    const book = buildBook(paid);
    const owedOf = (day: string, n: string) => agingAt(book, day).buckets.flatMap((b) => b.invoices).find((i) => i.number === n);
    expect(s(owedOf("2027-03-14", "I-30")?.owed as Money)).toBe("100.00");
    expect(s(owedOf("2027-03-15", "I-30")?.owed as Money)).toBe("60.00");
    const after = agingAt(book, "2027-03-31");
    expect(after.buckets[1]?.invoices.map((i) => [i.number, s(i.owed)])).toEqual([["I-30", "60.00"]]);
    expect(s(after.total)).toBe("148.00");
  });

  it("lowers an invoice by its credit note from the note's date", () => {
    const credited = { ...facts, creditNotes: [{ number: "CN-1", invoiceNumber: "I-31", date: "2027-03-10", reason: "outage", total: usd("-20.00") }] };
    const book = buildBook(credited);
    const owedOf = (day: string, n: string) => agingAt(book, day).buckets.flatMap((b) => b.invoices).find((i) => i.number === n);
    expect(s(owedOf("2027-03-09", "I-31")?.owed as Money)).toBe("50.00");
    expect(s(owedOf("2027-03-10", "I-31")?.owed as Money)).toBe("30.00");
    expect(agingAt(book, "2027-03-31").buckets[2]?.invoices.map((i) => [i.number, s(i.owed)])).toEqual([
      ["I-60", "10.00"],
      ["I-31", "30.00"],
    ]);
  });

  it("never counts a void invoice, even one with a payment, and stops counting a written-off one on its day", () => {
    const more: InsightFacts = {
      ...facts,
      invoices: [
        ...facts.invoices,
        invoice("V-1", "A", { issue: "2027-01-01", due: "2027-01-15", total: "500.00", status: "void", closedOn: "2027-01-20" }),
        invoice("W-1", "C", { issue: "2027-01-01", due: "2027-01-15", total: "70.00", status: "uncollectible", closedOn: "2027-03-20" }),
      ],
      payments: [payment("P-V", "A", "2027-01-05", "V-1", "100.00")],
    };
    const book = buildBook(more);
    expect(book.index.has("V-1")).toBe(false);
    expect(s(agingAt(book, "2027-03-19").total)).toBe("258.00");
    expect(s(agingAt(book, "2027-03-31").total)).toBe("188.00");
  });

  it("counts February 29 in a leap year", () => {
    const leap = buildBook({ currency: "USD", invoices: [invoice("L-1", "A", { issue: "2028-02-01", due: "2028-02-28", total: "10.00" })] });
    const plain = buildBook({ currency: "USD", invoices: [invoice("N-1", "A", { issue: "2027-02-01", due: "2027-02-28", total: "10.00" })] });
    expect(agingAt(leap, "2028-03-30").buckets[2]?.invoices[0]?.daysPastDue).toBe(31);
    expect(agingAt(plain, "2027-03-30").buckets[1]?.invoices[0]?.daysPastDue).toBe(30);
  });
});

// Account A pays three invoices (one by auto-pay before due, one after a link click 5 days late,
// one in two parts 10 days late after the +10 reminder) and has one open; B owes one 16 days past
// due and never paid; C has one not yet due and no history; D owes one 58 days past due.
const habitsFacts: InsightFacts = {
  currency: "USD",
  invoices: [
    invoice("P-1", "A", { issue: "2027-01-01", due: "2027-01-15", total: "100.00", status: "paid" }),
    invoice("P-2", "A", { issue: "2027-02-01", due: "2027-02-15", total: "100.00", status: "paid" }),
    invoice("P-3", "A", { issue: "2027-03-01", due: "2027-03-15", total: "100.00", status: "paid" }),
    invoice("P-4", "A", { issue: "2027-03-20", due: "2027-04-03", total: "60.00" }),
    invoice("B-1", "B", { issue: "2027-03-01", due: "2027-03-15", total: "80.00" }),
    invoice("C-1", "C", { issue: "2027-03-25", due: "2027-04-10", total: "45.00" }),
    invoice("D-1", "D", { issue: "2027-01-15", due: "2027-02-01", total: "30.00" }),
  ],
  payments: [
    payment("pay-1", "A", "2027-01-10", "P-1", "100.00", "autopay"),
    payment("pay-2", "A", "2027-02-20", "P-2", "100.00", "portal"),
    payment("pay-3a", "A", "2027-03-10", "P-3", "50.00"),
    payment("pay-3b", "A", "2027-03-25", "P-3", "50.00"),
  ],
  messages: [
    reminder("P-2", "A", 0, "2027-02-15", [{ kind: "clicked", at: "2027-02-18T09:00:00Z" }]),
    reminder("P-3", "A", 5, "2027-03-20"),
    reminder("P-3", "A", 10, "2027-03-25"),
    reminder("B-1", "B", 5, "2027-03-20"),
  ],
};
const Q1 = { from: "2027-01-01", to: "2027-04-01" };

describe("days to payment and DSO", () => {
  it("takes the day the last part of a payment came in, and gives the exact mean and median", () => {
    const d = daysToPayment(buildBook(habitsFacts), Q1);
    // 9, 19 and 24 days from issue.
    expect([d.count, r(d.mean), r(d.median)]).toEqual([3, "52/3", "19"]);
  });

  it("is receivables ÷ credit sales × days in the period", () => {
    const dso = daysSalesOutstanding(buildBook(habitsFacts), Q1);
    // Open at 2027-03-31: 60 + 80 + 45 + 30 = 215.00; sold in the quarter: 300 + 60 + 80 + 45 = 485.00 (D-1 too: 515.00).
    expect([s(dso.receivables), s(dso.creditSales), dso.days]).toEqual(["215.00", "515.00", 90]);
    expect(r(dso.dso)).toBe(ratioToString(ratio(215 * 90, 515)));
  });

  it("takes credit notes off the period's sales", () => {
    const dso = daysSalesOutstanding(buildBook({ ...habitsFacts, creditNotes: [{ number: "CN-1", invoiceNumber: "P-1", date: "2027-01-20", reason: "x", total: usd("-15.00") }] }), Q1);
    expect(s(dso.creditSales)).toBe("500.00");
  });

  it("counts a leap day between issue and payment", () => {
    const facts: InsightFacts = {
      currency: "USD",
      invoices: [invoice("L-1", "A", { issue: "2028-02-27", due: "2028-03-05", total: "10.00", status: "paid" })],
      payments: [payment("p", "A", "2028-03-01", "L-1", "10.00")],
    };
    expect(r(daysToPayment(buildBook(facts), { from: "2028-01-01", to: "2029-01-01" }).mean)).toBe("3");
  });
});

describe("payment habits and predictions", () => {
  const book = buildBook(habitsFacts);
  const signals = readSignals(habitsFacts, book);
  const habits = paymentHabits(book, signals, "2027-03-31");

  it("gives the on-time rate, mean days late, typical payment day and what led to each payment", () => {
    const a = habits.get("A");
    expect(a).toBeDefined();
    expect([a?.paid, a?.onTime, r(a?.onTimeRate), r(a?.meanDaysLate), a?.typicalPaymentDay]).toEqual([3, 1, "1/3", "5", 10]);
    expect(a?.ledBy).toEqual({ autoPay: 1, link: 1, reminders: { "10": 1 }, unprompted: 0 });
    // Due by 2027-03-31: P-1, P-2, P-3; late: P-2 and P-3 → (2 + 1) / (3 + 2).
    expect([a?.due, a?.late, r(a?.risk)]).toEqual([3, 2, "0.6"]);
  });

  it("gives a customer with no history the even risk 1/2 and the portfolio's delays", () => {
    const c = habits.get("C");
    expect([c?.paid, r(c?.onTimeRate), c?.typicalPaymentDay, r(c?.risk)]).toEqual([0, undefined, undefined, "0.5"]);
    const predictions = predictPayments(book, paymentModel(habits, habitsFacts, "2027-03-31"), "2027-03-31");
    expect(predictions.map((p) => [p.number, p.method, p.expected, p.earliest, p.latest])).toEqual([
      // A's delays −5, 5, 10: median 5; nearest-rank quartiles −5 and 10; none before 2027-04-01.
      ["P-4", "history", "2027-04-08", "2027-04-01", "2027-04-13"],
      ["B-1", "portfolio", "2027-04-01", "2027-04-01", "2027-04-01"],
      ["C-1", "portfolio", "2027-04-15", "2027-04-05", "2027-04-20"],
      ["D-1", "portfolio", "2027-04-01", "2027-04-01", "2027-04-01"],
    ]);
  });

  it("predicts the due date for auto-pay, and when nothing was ever paid", () => {
    const withAutoPay = { ...habitsFacts, contracts: [{ id: "C-A", accountId: "A", customerName: "A", start: "2026-01-01", autoPay: true }] };
    expect(predictPayments(book, paymentModel(habits, withAutoPay, "2027-03-31"), "2027-03-31")[0]).toMatchObject({ number: "P-4", method: "autoPay", expected: "2027-04-03" });
    const nothing: InsightFacts = { currency: "USD", invoices: [invoice("N-1", "N", { issue: "2027-03-01", due: "2027-04-05", total: "9.00" })] };
    const b = buildBook(nothing);
    const h = paymentHabits(b, readSignals(nothing, b), "2027-03-31");
    expect(predictPayments(b, paymentModel(h, nothing, "2027-03-31"), "2027-03-31")[0]).toMatchObject({ method: "dueDate", expected: "2027-04-05", earliest: "2027-04-05", latest: "2027-04-05" });
  });

  it("ranks the work list by past-due balance × days past due × risk, with the next automated action", () => {
    const next = new Map([["B", { on: "2027-04-01", action: "paymentReminder (email)" }]]);
    const list = collectionsWorkList(book, habits, "2027-03-31", next);
    // D: 3000 × 58 × 2/3 = 116000; B: 8000 × 16 × 2/3 = 256000/3 — D first despite the smaller balance.
    expect(list.map((w) => [w.accountId, s(w.pastDue), w.daysPastDue, r(w.risk), r(w.score), w.invoices])).toEqual([
      ["D", "30.00", 58, "2/3", "116000", ["D-1"]],
      ["B", "80.00", 16, "2/3", "256000/3", ["B-1"]],
    ]);
    expect(list[1]?.nextAction).toEqual({ on: "2027-04-01", action: "paymentReminder (email)" });
    expect(list[0]?.nextAction).toBeUndefined();
  });

  it("counts the share paid within N days of each reminder step", () => {
    const steps = reminderEffectiveness(book, signals, Q1, 5);
    expect(steps.map((x) => [x.step, x.paidWithin.count, x.paidWithin.of])).toEqual([
      [0, 1, 1],
      [5, 1, 2],
      [10, 1, 1],
    ]);
    expect(reminderEffectiveness(book, signals, Q1, 4).map((x) => x.paidWithin.count)).toEqual([0, 0, 1]);
  });
});

describe("the cash-flow forecast", () => {
  it("receives each open invoice on its predicted day, week by week, with a range", () => {
    const book = buildBook(habitsFacts);
    const habits = paymentHabits(book, readSignals(habitsFacts, book), "2027-03-31");
    const f = cashFlowForecast(book, paymentModel(habits, habitsFacts, "2027-03-31"), habitsFacts, "2027-03-31");
    expect([f.from, f.to, s(f.expected), s(f.fromOpenInvoices), s(f.fromScheduledInvoices), f.weeks.length]).toEqual(["2027-04-01", "2027-06-30", "215.00", "215.00", "0.00", 13]);
    // Week 1 (Apr 1–7): B 80 + D 30; week 2: P-4 60 on Apr 8; week 3: C 45 on Apr 15.
    expect(f.weeks.slice(0, 4).map((w) => [w.start, s(w.expected), s(w.cumulative)])).toEqual([
      ["2027-04-01", "110.00", "110.00"],
      ["2027-04-08", "60.00", "170.00"],
      ["2027-04-15", "45.00", "215.00"],
      ["2027-04-22", "0.00", "215.00"],
    ]);
    // The early end: P-4 on Apr 1, C on Apr 5 — all 215 in week 1; the late end: P-4 on Apr 13, C on Apr 20.
    expect([s(f.weeks[0]?.high as Money), s(f.weeks[0]?.low as Money), s(f.weeks[1]?.low as Money)]).toEqual(["215.00", "110.00", "170.00"]);
  });

  it("projects each contract's next cycle invoices from its latest one, while the contract runs", () => {
    const facts: InsightFacts = {
      currency: "USD",
      invoices: [invoice("S-1", "S", { issue: "2027-03-27", due: "2027-04-01", total: "50.00", contractId: "K-S", period: { start: "2027-04-01", end: "2027-05-01" } })],
      contracts: [{ id: "K-S", accountId: "S", customerName: "S", start: "2026-04-01", end: "2027-06-15", autoPay: false }],
    };
    const book = buildBook(facts);
    expect(scheduledInvoices(book, facts, "2027-03-31", "2027-06-30").map((x) => [x.issueDate, x.dueDate, x.minor])).toEqual([
      ["2027-04-26", "2027-05-01", 5000],
      ["2027-05-27", "2027-06-01", 5000],
    ]);
  });
});

describe("rates", () => {
  it("auto-pay enrollment counts the contracts in service", () => {
    const facts: InsightFacts = {
      currency: "USD",
      invoices: [],
      contracts: [
        { id: "1", accountId: "a", customerName: "a", start: "2026-01-01", autoPay: true },
        { id: "2", accountId: "b", customerName: "b", start: "2026-01-01", end: "2028-01-01", autoPay: true },
        { id: "3", accountId: "c", customerName: "c", start: "2026-01-01", autoPay: false },
        { id: "4", accountId: "d", customerName: "d", start: "2026-01-01", end: "2027-03-01", autoPay: true },
        { id: "5", accountId: "e", customerName: "e", start: "2027-05-01", autoPay: true },
      ],
    };
    expect(autoPayEnrollment(facts, "2027-03-31")).toMatchObject({ count: 2, of: 3 });
    expect(r(autoPayEnrollment(facts, "2027-03-31").rate)).toBe("2/3");
  });

  it("renewal rate counts the terms ending in the range", () => {
    const t = (termEnd: string, outcome: "renewed" | "ended") => ({ contractId: termEnd, accountId: "a", termEnd, outcome });
    const facts: InsightFacts = { currency: "USD", invoices: [], terms: [t("2027-02-01", "renewed"), t("2027-03-01", "renewed"), t("2027-03-15", "ended"), t("2027-04-01", "ended")] };
    expect(renewalRate(facts, Q1)).toMatchObject({ count: 2, of: 3 });
  });

  it("failed-payment recovery counts the failures retries recovered, and those paid otherwise", () => {
    const attempt = (n: string, k: string, status: string, on: string) => ({ key: `invoice:${n}:${k}`, invoiceNumber: n, accountId: "E", status, startedAt: `${on}T15:00:00Z` });
    const facts: InsightFacts = {
      currency: "USD",
      invoices: ["E-1", "E-2", "E-3", "E-4"].map((n) => invoice(n, "E", { issue: "2027-01-27", due: "2027-02-01", total: "10.00" })),
      payments: [payment("p2", "E", "2027-02-10", "E-2", "10.00"), payment("p1", "E", "2027-02-04", "E-1", "10.00", "autopay")],
      attempts: [
        attempt("E-1", "autopay:1", "declined", "2027-02-01"),
        attempt("E-1", "charge:tok:2", "succeeded", "2027-02-04"),
        attempt("E-2", "autopay:1", "declined", "2027-02-01"),
        attempt("E-2", "charge:tok:2", "declined", "2027-02-04"),
        attempt("E-3", "autopay:1", "declined", "2027-02-01"),
        attempt("E-4", "autopay:1", "succeeded", "2027-02-01"),
      ],
    };
    const rb = buildBook(facts);
    const rec = failedPaymentRecovery(rb, readSignals(facts, rb), Q1);
    expect([rec.count, rec.of, r(rec.rate), rec.paidOtherwise]).toEqual([1, 3, "1/3", 1]);
  });

  it("billing accuracy counts invoices never credited, and those delivered with no person involved", () => {
    const facts: InsightFacts = {
      currency: "USD",
      invoices: ["X-1", "X-2", "X-3", "X-4"].map((n) => invoice(n, "X", { issue: "2027-02-01", due: "2027-02-15", total: "10.00" })).concat([invoice("X-V", "X", { issue: "2027-02-01", due: "2027-02-15", total: "10.00", status: "void" })]),
      creditNotes: [{ number: "CN", invoiceNumber: "X-2", date: "2027-02-05", reason: "wrong price", total: usd("-1.00") }],
      messages: ["X-1", "X-2", "X-3", "X-V"].map((n) => ({ key: `invoice:${n}:deliver:email`, accountId: "X", kind: "invoice", reference: n, status: "accepted", createdAt: "2027-02-01T14:00:00Z", events: [] })),
      cases: [{ kind: "exception", invoiceNumbers: ["X-3"] }],
    };
    const ab = buildBook(facts);
    const acc = billingAccuracy(ab, readSignals(facts, ab), Q1);
    expect([acc.neverCorrected.count, acc.neverCorrected.of, acc.noPersonInvolved.count, acc.noPersonInvolved.of]).toEqual([3, 4, 2, 4]);
  });
});

describe("RMR", () => {
  const monthly = (n: string, account: string, contractId: string, start: string, end: string, lines: ReturnType<typeof recurring>[]) =>
    invoice(n, account, { issue: start, due: start, total: "0.00", contractId, period: { start, end }, lines });
  const invoices = [
    monthly("K1-1", "K", "K1", "2027-01-01", "2027-02-01", [recurring("mon", "30.00", "2027-01-01", "2027-02-01")]),
    monthly("K1-2", "K", "K1", "2027-02-01", "2027-03-01", [recurring("mon", "30.00", "2027-02-01", "2027-03-01")]),
    monthly("K1-3", "K", "K1", "2027-03-01", "2027-04-01", [recurring("mon", "30.00", "2027-03-01", "2027-04-01"), recurring("cam", "10.00", "2027-03-01", "2027-04-01", "1", "Camera")]),
    // Quarterly, 90.00 a quarter: 30.00 a month.
    monthly("K2-1", "M", "K2", "2027-01-01", "2027-04-01", [recurring("mon", "90.00", "2027-01-01", "2027-04-01")]),
    // A stub of 17 of 31 days (25.00 × 17/31 = 13.71), then 25.00, then 27.00 (the escalator).
    monthly("K3-1", "N", "K3", "2027-01-15", "2027-02-01", [recurring("mon", "13.71", "2027-01-15", "2027-02-01", "17/31", "Monitoring")]),
    monthly("K3-2", "N", "K3", "2027-02-01", "2027-03-01", [recurring("mon", "25.00", "2027-02-01", "2027-03-01", "1", "Monitoring")]),
    monthly("K3-3", "N", "K3", "2027-03-01", "2027-04-01", [recurring("mon", "27.00", "2027-03-01", "2027-04-01", "1", "Monitoring")]),
    monthly("K4-1", "Q", "K4", "2027-03-10", "2027-04-10", [recurring("mon", "15.00", "2027-03-10", "2027-04-10")]),
    monthly("K5-V", "Z", "K5", "2027-01-01", "2027-02-01", [recurring("mon", "99.00", "2027-01-01", "2027-02-01")]),
  ];
  invoices[8] = { ...invoices[8], invoice: { ...(invoices[8] as { invoice: object }).invoice, status: "void" } } as (typeof invoices)[number];
  const contracts = [
    { id: "K1", accountId: "K", customerName: "K", start: "2027-01-01", autoPay: false },
    { id: "K2", accountId: "M", customerName: "M", start: "2027-01-01", end: "2027-04-01", endReason: "moved", autoPay: false },
    { id: "K3", accountId: "N", customerName: "N", start: "2027-01-15", autoPay: false },
    { id: "K4", accountId: "Q", customerName: "Q", start: "2027-03-10", autoPay: false },
  ];
  const quarterly = { ...(invoices[3] as (typeof invoices)[number]) };
  const withPeriod = { ...quarterly, invoice: { ...quarterly.invoice, period: { start: "2027-01-01", end: "2027-04-01", fullStart: "2027-01-01", fullEnd: "2027-04-01" } } };
  invoices[3] = withPeriod;
  const charges = recurringCharges(invoices, contracts);

  it("normalizes every recurring line to a month and joins a prorated stub to its full periods", () => {
    expect(charges.map((c) => [c.contractId, c.lineKey, s(c.monthly), c.from, c.until ?? "", c.endReason ?? ""])).toEqual([
      ["K1", "S-1/mon", "30.00", "2027-01-01", "", ""],
      ["K1", "S-1/cam", "10.00", "2027-03-01", "", ""],
      ["K2", "S-1/mon", "30.00", "2027-01-01", "2027-04-01", "moved"],
      ["K3", "S-1/mon", "25.00", "2027-01-15", "2027-03-01", ""],
      ["K3", "S-1/mon", "27.00", "2027-03-01", "", ""],
      ["K4", "S-1/mon", "15.00", "2027-03-10", "", ""],
    ]);
    expect(s(rmrAt(charges, "2027-02-01", "USD"))).toBe("85.00");
    expect(s(rmrAt(charges, "2027-04-01", "USD"))).toBe("82.00");
  });

  it("splits the movement into new, expansion, contraction and churn, with reasons, summing to the change", () => {
    const mv = rmrMovement(charges, "2027-02-01", "2027-04-01", "USD");
    expect([s(mv.start), s(mv.end), s(mv.new), s(mv.expansion), s(mv.contraction), s(mv.churn), r(mv.churnRate)]).toEqual(["85.00", "82.00", "15.00", "12.00", "0.00", "30.00", "6/17"]);
    expect(mv.changes.map((c) => [c.contractId, c.kind, s(c.change), c.reasons])).toEqual([
      ["K2", "churn", "-30.00", ["moved"]],
      ["K4", "new", "15.00", ["new contract"]],
      ["K1", "expansion", "10.00", ["line added: Camera"]],
      ["K3", "expansion", "2.00", ["rate up: Monitoring"]],
    ]);
  });
});

describe("revenue recognition", () => {
  const quarter = invoice("R-1", "A", {
    issue: "2026-12-27",
    due: "2027-01-01",
    total: "90.00",
    period: { start: "2027-01-01", end: "2027-04-01" },
    lines: [recurring("mon", "90.00", "2027-01-01", "2027-04-01", "1", "Monitoring, quarterly")],
  });
  const year = invoice("R-2", "B", { issue: "2027-12-27", due: "2028-01-01", total: "366.00", period: { start: "2028-01-01", end: "2029-01-01" }, lines: [recurring("mon", "366.00", "2028-01-01", "2029-01-01")] });

  it("recognizes a quarter billed in advance by its days, or in equal months", () => {
    expect(recognitionSchedule([quarter]).map((x) => [x.month, s(x.amount)])).toEqual([
      ["2027-01", "31.00"],
      ["2027-02", "28.00"],
      ["2027-03", "31.00"],
    ]);
    expect(recognitionSchedule([quarter], [], "monthly").map((x) => s(x.amount))).toEqual(["30.00", "30.00", "30.00"]);
  });

  it("keeps the deferred balance as of any day", () => {
    const daily = deferredRevenue([quarter], [], "2027-02-14", "USD");
    expect([s(daily.billed), s(daily.recognized), s(daily.deferred)]).toEqual(["90.00", "45.00", "45.00"]);
    expect(s(deferredRevenue([quarter], [], "2027-02-14", "USD", "monthly").deferred)).toBe("60.00");
    expect(s(deferredRevenue([quarter], [], "2026-12-31", "USD").deferred)).toBe("90.00");
    expect(s(deferredRevenue([quarter], [], "2026-12-26", "USD").billed)).toBe("0.00");
    expect(s(deferredRevenue([quarter], [], "2027-03-31", "USD").deferred)).toBe("0.00");
  });

  it("gives February 29 its day in a leap year", () => {
    const rows = recognitionSchedule([year]);
    expect(rows.slice(0, 3).map((x) => [x.month, s(x.amount)])).toEqual([
      ["2028-01", "31.00"],
      ["2028-02", "29.00"],
      ["2028-03", "31.00"],
    ]);
    expect(s(deferredRevenue([year], [], "2028-02-29", "USD").deferred)).toBe("306.00");
  });

  it("takes a credit note back over what is left of the period, and exports CSV", () => {
    const note = { number: "CN-1", invoiceNumber: "R-1", date: "2027-03-01", reason: "outage", total: usd("-31.00"), lines: [{ invoiceLineId: "S-1/mon/2027-01-01", net: usd("-31.00") }] };
    const rows = recognitionSchedule([quarter], [note]);
    expect(rows.map((x) => [x.document, x.month, s(x.amount)])).toEqual([
      ["R-1", "2027-01", "31.00"],
      ["R-1", "2027-02", "28.00"],
      ["R-1", "2027-03", "31.00"],
      ["CN-1", "2027-03", "-31.00"],
    ]);
    expect(recognitionCsv(rows).split("\n").slice(0, 2)).toEqual(["document,invoice,account,line,description,month,amount", 'R-1,R-1,A,S-1/mon/2027-01-01,"Monitoring, quarterly",2027-01,31.00']);
  });

  it("never recognizes a void invoice", () => {
    const voided = { ...quarter, invoice: { ...quarter.invoice, status: "void" as const } };
    expect(recognitionSchedule([voided])).toEqual([]);
  });
});

describe("computeInsight", () => {
  it("names every bad option at once", () => {
    expect(
      issuesOf(() => computeInsight({ currency: "ZZZ", invoices: [] }, { asOf: "2027-02-30", range: { from: "2027-03-01", to: "2027-02-01" }, forecastDays: 0, reminderWindowDays: -1 })),
    ).toEqual([
      { path: ["asOf"], code: "invalid_date" },
      { path: ["currency"], code: "unknown_currency" },
      { path: ["reminderWindowDays"], code: "out_of_range" },
      { path: ["forecastDays"], code: "out_of_range" },
      { path: ["range", "to"], code: "end_before_start" },
    ]);
  });

  it("gives every metric over the twelve months up to the day by default", () => {
    const report = computeInsight(habitsFacts, { asOf: "2027-03-31" });
    expect(report.range).toEqual({ from: "2026-04-01", to: "2027-04-01" });
    expect([s(report.aging.total), report.workList.map((w) => w.accountId), s(report.forecast.expected)]).toEqual(["215.00", ["D", "B"], "215.00"]);
  });
});
