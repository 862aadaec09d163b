import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CurrencyMismatchError } from "../../src/errors/index.js";
import { fromMinorUnits, money } from "../../src/money/index.js";
import { lateFee, lateFeeSchedule, parseLateFeePolicy, type PaymentAttempt } from "../../src/timeline/index.js";
import { ACH, invoice } from "./support.js";

const USD = (amount: string) => ({ amount, currency: "USD" });
const percentWithMinimum = parseLateFeePolicy({ charge: { kind: "percentage", percent: "1.5" }, minimum: USD("5.00") });

describe("late fee", () => {
  it("raises a computed fee of 0.32 to the 5.00 minimum", () => {
    const result = lateFee(money("21.33", "USD"), { policy: percentWithMinimum });
    expect(result).toEqual({
      kind: "charge",
      amount: money("5.00", "USD"),
      explanation: "1.5% of 21.33 USD is 0.31995, rounded halfUp to 0.32 USD; raised to the minimum 5.00 USD",
      billAs: "line",
    });
  });

  it("keeps a computed fee above the minimum and cuts one above the maximum", () => {
    expect(lateFee(money("1000.00", "USD"), { policy: percentWithMinimum })).toMatchObject({ kind: "charge", amount: money("15.00", "USD") });
    const capped = parseLateFeePolicy({ charge: { kind: "percentage", percent: "1.5" }, minimum: USD("5.00"), caps: [{ kind: "fixed", amount: USD("10.00") }] });
    const result = lateFee(money("1000.00", "USD"), { policy: capped });
    expect(result).toMatchObject({ kind: "charge", amount: money("10.00", "USD") });
    if (result.kind === "charge") expect(result.explanation).toBe("1.5% of 1000.00 USD is 15.00, rounded halfUp to 15.00 USD; cut to 10.00 USD by the policy's cap of 10.00 USD per fee");
  });

  it("rounds a percentage fee only with the policy's named mode", () => {
    // 1.5 % of 10.30 is exactly 0.1545.
    const fee = (rounding: string) => lateFee(money("10.30", "USD"), { policy: parseLateFeePolicy({ charge: { kind: "percentage", percent: "1.5" }, rounding }) });
    expect(fee("halfUp")).toMatchObject({ amount: money("0.15", "USD") });
    expect(fee("up")).toMatchObject({ amount: money("0.16", "USD") });
    // 10 % of 0.05 is exactly half a cent: a tie.
    const tie = (rounding: string) => lateFee(money("0.05", "USD"), { policy: parseLateFeePolicy({ charge: { kind: "percentage", percent: "10" }, rounding }) });
    expect(tie("halfUp")).toMatchObject({ kind: "charge", amount: money("0.01", "USD") });
    expect(tie("halfEven")).toMatchObject({ kind: "none", reason: "zeroAmount" });
    expect(tie("down")).toMatchObject({ kind: "none", reason: "zeroAmount" });
  });

  it("charges a fixed fee as it is, billed as the policy says", () => {
    const policy = parseLateFeePolicy({ charge: { kind: "fixed", amount: USD("10.00") }, billAs: "invoice" });
    expect(lateFee(money("3.00", "USD"), { policy })).toMatchObject({ kind: "charge", amount: money("10.00", "USD"), billAs: "invoice", explanation: "fixed fee 10.00 USD" });
  });

  it("charges nothing below the minimum balance, while processing, disputed, waived, or without a fee policy", () => {
    const policy = parseLateFeePolicy({ charge: { kind: "fixed", amount: USD("10.00") }, minimumBalance: USD("25.00") });
    const balance = money("30.00", "USD");
    expect(lateFee(money("24.99", "USD"), { policy })).toMatchObject({ kind: "none", reason: "belowMinimumBalance" });
    expect(lateFee(balance, { policy, processing: true })).toMatchObject({ kind: "none", reason: "processing" });
    expect(lateFee(balance, { policy, disputed: true })).toMatchObject({ kind: "none", reason: "disputed" });
    expect(lateFee(balance, { policy, waived: true })).toMatchObject({ kind: "none", reason: "waived" });
    expect(lateFee(money("0.00", "USD"), { policy })).toMatchObject({ kind: "none", reason: "nothingOverdue" });
    expect(lateFee(balance, { policy: parseLateFeePolicy({}) })).toMatchObject({ kind: "none", reason: "noFeePolicy" });
  });

  it("keeps monthly fees within the cap on their total", () => {
    const policy = parseLateFeePolicy({ charge: { kind: "fixed", amount: USD("10.00") }, recurrence: { kind: "monthly" }, caps: [{ kind: "fixed", amount: USD("25.00"), per: "invoice" }] });
    expect(lateFee(money("100.00", "USD"), { policy, alreadyCharged: money("20.00", "USD") })).toMatchObject({ kind: "charge", amount: money("5.00", "USD") });
    expect(lateFee(money("100.00", "USD"), { policy, alreadyCharged: money("25.00", "USD") })).toMatchObject({ kind: "none", reason: "capReached" });
  });

  it("cuts a fee to a percentage of the overdue balance, the invoice or the payment due, rounding the cap down", () => {
    const policy = (of: string) => parseLateFeePolicy({ charge: { kind: "fixed", amount: USD("25.00") }, caps: [{ kind: "percentage", percent: "10", of }] });
    const context = { invoiceTotal: money("180.00", "USD"), paymentDue: money("150.00", "USD") };
    // 10 % of the overdue 123.45 is 12.345, rounded down to 12.34 (a cap is never exceeded by rounding).
    expect(lateFee(money("123.45", "USD"), { policy: policy("overdueBalance"), ...context })).toMatchObject({
      amount: money("12.34", "USD"),
      explanation: "fixed fee 25.00 USD; cut to 12.34 USD by the policy's cap of 10% of the overdue balance per fee",
    });
    // 10 % of the 180.00 invoice is 18.00; 10 % of the 150.00 payment due is 15.00.
    expect(lateFee(money("123.45", "USD"), { policy: policy("invoiceTotal"), ...context })).toMatchObject({ amount: money("18.00", "USD") });
    expect(lateFee(money("123.45", "USD"), { policy: policy("paymentDue"), ...context })).toMatchObject({ amount: money("15.00", "USD") });
  });

  it("asks for the base a percentage cap needs instead of guessing it", () => {
    const policy = parseLateFeePolicy({ charge: { kind: "fixed", amount: USD("25.00") }, caps: [{ kind: "percentage", percent: "10", of: "paymentDue" }] });
    expect(() => lateFee(money("123.45", "USD"), { policy })).toThrow(/paymentDue: a cap of 10% of the payment due applies: pass the paymentDue to lateFee/);
  });

  it("lets the lowest cap win and names it, a per-invoice percentage cap counting what was already charged", () => {
    const policy = parseLateFeePolicy({
      charge: { kind: "percentage", percent: "5" },
      recurrence: { kind: "monthly" },
      caps: [
        { kind: "fixed", amount: USD("20.00") },
        { kind: "percentage", percent: "12", of: "invoiceTotal", per: "invoice" },
      ],
    });
    // 5 % of 500.00 is 25.00, cut to 20.00 per fee; 12 % of the 500.00 invoice is 60.00 in all, 45.00 already charged: 15.00 left.
    const result = lateFee(money("500.00", "USD"), { policy, invoiceTotal: money("500.00", "USD"), alreadyCharged: money("45.00", "USD") });
    expect(result).toMatchObject({
      amount: money("15.00", "USD"),
      explanation:
        "5% of 500.00 USD is 25.00, rounded halfUp to 25.00 USD; cut to 15.00 USD by the policy's cap of 12% of the invoice total per invoice (60.00 USD, less 45.00 USD already charged)",
    });
    expect(lateFee(money("500.00", "USD"), { policy, invoiceTotal: money("500.00", "USD"), alreadyCharged: money("60.00", "USD") })).toMatchObject({ kind: "none", reason: "capReached" });
  });

  it("stops after the most fees an invoice may have, the policy's or the law's, whichever is fewer", () => {
    const policy = parseLateFeePolicy({
      charge: { kind: "fixed", amount: USD("10.00") },
      recurrence: { kind: "monthly" },
      maxFeesPerInvoice: 3,
      jurisdictionCaps: { "US-MD": { maxFeesPerInvoice: 2 } },
    });
    const balance = money("100.00", "USD");
    expect(lateFee(balance, { policy, feesCharged: 2 })).toMatchObject({ kind: "charge" });
    expect(lateFee(balance, { policy, feesCharged: 3 })).toMatchObject({ kind: "none", reason: "maxFeesReached", explanation: "the invoice has had 3 late fees, the most allowed" });
    expect(lateFee(balance, { policy, feesCharged: 2, jurisdiction: "US-MD" })).toMatchObject({ kind: "none", reason: "maxFeesReached" });
    // A "once" policy charges one fee whatever the limit says.
    expect(lateFee(balance, { policy: parseLateFeePolicy({ charge: { kind: "fixed", amount: USD("10.00") } }), feesCharged: 1 })).toMatchObject({ kind: "none", reason: "maxFeesReached" });
  });

  it("applies a jurisdiction's caps and its country's, naming the source, even below the company's minimum", () => {
    // Illustrative rules a company would state for its customers in one state and its country.
    const policy = parseLateFeePolicy({
      charge: { kind: "percentage", percent: "1.5" },
      minimum: USD("10.00"),
      jurisdictionCaps: {
        "US-XX": { caps: [{ kind: "fixed", amount: USD("5.00") }], source: "Example Code § 14-1315" },
        US: { caps: [{ kind: "percentage", percent: "10", of: "paymentDue" }] },
        CA: { caps: [{ kind: "fixed", amount: USD("1.00") }] },
      },
    });
    const context = { paymentDue: money("40.00", "USD") };
    // 1.5 % of 40.00 is 0.60, raised to 10.00; the state caps it at 5.00; 10 % of the 40.00 payment due is 4.00.
    expect(lateFee(money("40.00", "USD"), { policy, jurisdiction: "US-XX", ...context })).toMatchObject({
      amount: money("4.00", "USD"),
      explanation:
        "1.5% of 40.00 USD is 0.60, rounded halfUp to 0.60 USD; raised to the minimum 10.00 USD; cut to 4.00 USD by US's cap of 10% of the payment due per fee",
    });
    // Where the state's cap is the lowest, it is named with its source.
    expect(lateFee(money("40.00", "USD"), { policy, jurisdiction: "US-XX", paymentDue: money("80.00", "USD") })).toMatchObject({
      amount: money("5.00", "USD"),
      explanation: "1.5% of 40.00 USD is 0.60, rounded halfUp to 0.60 USD; raised to the minimum 10.00 USD; cut to 5.00 USD by US-XX's cap (Example Code § 14-1315) of 5.00 USD per fee",
    });
    // Another state: only the country's rule binds. No jurisdiction: only the company's own terms.
    expect(lateFee(money("40.00", "USD"), { policy, jurisdiction: "US-YY", ...context })).toMatchObject({ amount: money("4.00", "USD") });
    expect(lateFee(money("40.00", "USD"), { policy, ...context })).toMatchObject({ amount: money("10.00", "USD") });
  });

  it("refuses to mix the invoice's currency with the policy's", () => {
    expect(() => lateFee(money("100.00", "EUR"), { policy: percentWithMinimum })).toThrow(CurrencyMismatchError);
  });
});

describe("late fee schedule", () => {
  const fixed = parseLateFeePolicy({ charge: { kind: "fixed", amount: USD("10.00") } });
  const monthly = parseLateFeePolicy({ charge: { kind: "fixed", amount: USD("10.00") }, recurrence: { kind: "monthly" }, caps: [{ kind: "fixed", amount: USD("25.00"), per: "invoice" }] });
  const NY = "America/New_York";

  it("assesses the fee the day after ten grace days by default", () => {
    const fees = lateFeeSchedule(invoice("INV-1", "2027-03-10", "49.99"), { timeZone: NY, policy: fixed, until: "2027-12-31" });
    expect(fees.map((f) => [f.sequence, f.date, f.amount.minor, f.basis.minor])).toEqual([[1, "2027-03-21", 1000, 4999]]);
  });

  it("charges nothing by default", () => {
    expect(lateFeeSchedule(invoice("INV-1", "2027-03-10"), { timeZone: NY, until: "2027-12-31" })).toEqual([]);
  });

  it("charges monthly on the anchored day until the cap", () => {
    const fees = lateFeeSchedule(invoice("INV-1", "2027-01-20"), { timeZone: NY, policy: monthly, until: "2027-12-31" });
    expect(fees.map((f) => [f.date, f.amount.minor])).toEqual([
      ["2027-01-31", 1000],
      ["2027-02-28", 1000],
      ["2027-03-31", 500],
    ]);
  });

  it("bases a payment-due cap on what was left unpaid when the due date ended, and applies the customer's jurisdiction", () => {
    const policy = parseLateFeePolicy({
      charge: { kind: "fixed", amount: USD("25.00") },
      jurisdictionCaps: { "US-NY": { caps: [{ kind: "percentage", percent: "5", of: "paymentDue" }] } },
    });
    // 200.00 due on March 10; 40.00 paid on the due date (New York time), 60.00 more after it: 160.00 was the payment due.
    const partly = invoice("INV-1", "2027-03-10", "200.00", {
      payments: [
        { at: "2027-03-11T03:00:00Z", amount: money("40.00", "USD") },
        { at: "2027-03-15T15:00:00Z", amount: money("60.00", "USD") },
      ],
    });
    const fees = lateFeeSchedule(partly, { timeZone: NY, policy, until: "2027-12-31", jurisdiction: "US-NY" });
    // 5 % of 160.00 is 8.00, assessed on the 100.00 still overdue on March 21.
    expect(fees.map((f) => [f.date, f.amount.minor, f.basis.minor])).toEqual([["2027-03-21", 800, 10000]]);
    expect(lateFeeSchedule(partly, { timeZone: NY, policy, until: "2027-12-31" }).map((f) => f.amount.minor)).toEqual([2500]);
  });

  it("stops monthly fees at the most an invoice may have", () => {
    const policy = parseLateFeePolicy({ charge: { kind: "fixed", amount: USD("10.00") }, recurrence: { kind: "monthly" }, maxFeesPerInvoice: 2 });
    const fees = lateFeeSchedule(invoice("INV-1", "2027-01-20"), { timeZone: NY, policy, until: "2027-12-31" });
    expect(fees.map((f) => [f.sequence, f.date])).toEqual([
      [1, "2027-01-31"],
      [2, "2027-02-28"],
    ]);
  });

  it("stops at the date asked for", () => {
    const fees = lateFeeSchedule(invoice("INV-1", "2027-01-20"), { timeZone: NY, policy: monthly, until: "2027-02-27" });
    expect(fees.map((f) => f.date)).toEqual(["2027-01-31"]);
  });

  it("charges nothing once the invoice is paid and computes the fee on what is still overdue", () => {
    const paid = invoice("INV-1", "2027-03-10", "120.00", { payments: [{ at: "2027-03-20T23:00:00Z", amount: money("120.00", "USD") }] });
    expect(lateFeeSchedule(paid, { timeZone: NY, policy: fixed, until: "2027-12-31" })).toEqual([]);
    const percent = parseLateFeePolicy({ charge: { kind: "percentage", percent: "10" } });
    const partly = invoice("INV-1", "2027-03-10", "120.00", { payments: [{ at: "2027-03-15T15:00:00Z", amount: money("20.00", "USD") }] });
    expect(lateFeeSchedule(partly, { timeZone: NY, policy: percent, until: "2027-12-31" }).map((f) => [f.basis.minor, f.amount.minor])).toEqual([[10000, 1000]]);
  });

  it("waits while a payment is processing and charges the day after it fails", () => {
    const clearing: PaymentAttempt = { id: "d1", at: "2027-03-20T15:00:00Z", method: ACH, outcome: { kind: "returned", returnCode: "R01" }, outcomeAt: "2027-03-24T15:00:00Z" };
    const fees = lateFeeSchedule(invoice("INV-1", "2027-03-10", "120.00", { attempts: [clearing] }), { timeZone: NY, policy: fixed, until: "2027-12-31" });
    expect(fees.map((f) => f.date)).toEqual(["2027-03-25"]);
  });

  it("charges nothing while a dispute is open or when the invoice's fees are waived", () => {
    const open = invoice("INV-1", "2027-03-10", "120.00", { disputes: [{ openedAt: "2027-03-15T12:00:00Z" }] });
    expect(lateFeeSchedule(open, { timeZone: NY, policy: monthly, until: "2027-12-31" })).toEqual([]);
    const waived = invoice("INV-1", "2027-03-10", "120.00", { waiveLateFees: true });
    expect(lateFeeSchedule(waived, { timeZone: NY, policy: monthly, until: "2027-12-31" })).toEqual([]);
  });

  it("never lets monthly fees exceed their caps or their count, or step outside the minimum and the per-fee cap", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 100 }),
        (cents, basisPoints, min, spread, cap, count, totalPercent) => {
          const policy = parseLateFeePolicy({
            charge: { kind: "percentage", percent: `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, "0")}` },
            minimum: { minor: min, currency: "USD" },
            caps: [
              { kind: "fixed", amount: { minor: min + spread, currency: "USD" } },
              { kind: "fixed", amount: { minor: cap, currency: "USD" }, per: "invoice" },
              { kind: "percentage", percent: String(totalPercent), of: "invoiceTotal", per: "invoice" },
            ],
            maxFeesPerInvoice: count,
            recurrence: { kind: "monthly" },
          });
          const fees = lateFeeSchedule({ id: "INV-1", dueDate: "2027-01-31", total: fromMinorUnits(cents, "USD") }, { timeZone: "UTC", policy, until: "2029-12-31" });
          const total = fees.reduce((acc, f) => acc + f.amount.minor, 0);
          expect(total).toBeLessThanOrEqual(cap);
          // The percentage cap on the invoice, rounded down: total ≤ ⌊cents × p / 100⌋.
          expect(total).toBeLessThanOrEqual(Math.floor((cents * totalPercent) / 100));
          expect(fees.length).toBeLessThanOrEqual(count);
          for (const fee of fees) {
            expect(fee.amount.minor).toBeGreaterThan(0);
            expect(fee.amount.minor).toBeLessThanOrEqual(min + spread);
            // Only a cap on the invoice's total cuts a fee below the minimum, and then it is the last.
            if (fee !== fees.at(-1)) expect(fee.amount.minor).toBeGreaterThanOrEqual(min);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
