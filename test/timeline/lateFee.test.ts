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
    const capped = parseLateFeePolicy({ charge: { kind: "percentage", percent: "1.5" }, minimum: USD("5.00"), maximum: USD("10.00") });
    const result = lateFee(money("1000.00", "USD"), { policy: capped });
    expect(result).toMatchObject({ kind: "charge", amount: money("10.00", "USD") });
    if (result.kind === "charge") expect(result.explanation).toContain("cut to the maximum 10.00 USD");
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
    const policy = parseLateFeePolicy({ charge: { kind: "fixed", amount: USD("10.00") }, recurrence: { kind: "monthly", cap: USD("25.00") } });
    expect(lateFee(money("100.00", "USD"), { policy, alreadyCharged: money("20.00", "USD") })).toMatchObject({ kind: "charge", amount: money("5.00", "USD") });
    expect(lateFee(money("100.00", "USD"), { policy, alreadyCharged: money("25.00", "USD") })).toMatchObject({ kind: "none", reason: "capReached" });
  });

  it("refuses to mix the invoice's currency with the policy's", () => {
    expect(() => lateFee(money("100.00", "EUR"), { policy: percentWithMinimum })).toThrow(CurrencyMismatchError);
  });
});

describe("late fee schedule", () => {
  const fixed = parseLateFeePolicy({ charge: { kind: "fixed", amount: USD("10.00") } });
  const monthly = parseLateFeePolicy({ charge: { kind: "fixed", amount: USD("10.00") }, recurrence: { kind: "monthly", cap: USD("25.00") } });
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

  it("never lets monthly fees exceed their cap or step outside the minimum and maximum", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 20_000 }),
        (cents, basisPoints, min, spread, cap) => {
          const policy = parseLateFeePolicy({
            charge: { kind: "percentage", percent: `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, "0")}` },
            minimum: { minor: min, currency: "USD" },
            maximum: { minor: min + spread, currency: "USD" },
            recurrence: { kind: "monthly", cap: { minor: cap, currency: "USD" } },
          });
          const fees = lateFeeSchedule({ id: "INV-1", dueDate: "2027-01-31", total: fromMinorUnits(cents, "USD") }, { timeZone: "UTC", policy, until: "2029-12-31" });
          const total = fees.reduce((acc, f) => acc + f.amount.minor, 0);
          expect(total).toBeLessThanOrEqual(cap);
          for (const fee of fees) {
            expect(fee.amount.minor).toBeGreaterThan(0);
            expect(fee.amount.minor).toBeLessThanOrEqual(min + spread);
            if (total < cap && fee !== fees.at(-1)) expect(fee.amount.minor).toBeGreaterThanOrEqual(min);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
