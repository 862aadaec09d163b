/** The statement's aging buckets: by days past due on the statement date, summed exactly. */
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { addDays, CurrencyMismatchError, fromMinorUnits, money, statementAging, sum, toDecimalString } from "../../src/index.js";

const usd = (a: string) => money(a, "USD");
const dec = (aging: ReturnType<typeof statementAging>) => Object.values(aging).map(toDecimalString);

describe("statementAging", () => {
  it("puts each balance in the bucket of its days past due, the boundaries included below", () => {
    // As of March 31: due Mar 31 is 0 days late (current), Mar 1 is 30 (1–30), Jan 30 is 60 (31–60),
    // Dec 31 is 90 (61–90), Dec 30 is 91 (over 90).
    const invoices = [
      { number: "A", dueDate: "2027-03-31", balance: usd("10.00") },
      { number: "B", dueDate: "2027-03-01", balance: usd("20.00") },
      { number: "C", dueDate: "2027-01-30", balance: usd("30.00") },
      { number: "D", dueDate: "2026-12-31", balance: usd("40.00") },
      { number: "E", dueDate: "2026-12-30", balance: usd("50.00") },
      { number: "F", dueDate: "2027-03-30", balance: usd("0.01") },
    ];
    expect(dec(statementAging(invoices, { asOf: "2027-03-31", currency: "USD" }))).toEqual(["10.00", "20.01", "30.00", "40.00", "50.00"]);
  });

  it("is all zero in the account's currency when nothing is open", () => {
    expect(statementAging([], { asOf: "2027-03-31", currency: "CAD" }).current).toEqual(money("0", "CAD"));
  });

  it("refuses an invoice in another currency", () => {
    expect(() => statementAging([{ number: "A", dueDate: "2027-03-01", balance: money("1", "CAD") }], { asOf: "2027-03-31", currency: "USD" })).toThrow(CurrencyMismatchError);
  });

  test.prop([fc.array(fc.record({ late: fc.integer({ min: -60, max: 400 }), minor: fc.integer({ min: 0, max: 10_000_000 }) }), { maxLength: 40 })])("adds up to the open balance, to the cent", (rows) => {
    const asOf = "2027-03-31";
    const invoices = rows.map((r, i) => ({ number: `I-${i}`, dueDate: addDays(asOf, -r.late), balance: fromMinorUnits(r.minor, "USD") }));
    const aging = statementAging(invoices, { asOf, currency: "USD" });
    expect(sum(Object.values(aging), "USD")).toEqual(sum(invoices.map((i) => i.balance), "USD"));
    const over90 = rows.filter((r) => r.late > 90).reduce((a, r) => a + r.minor, 0);
    expect(aging.over90.minor).toBe(over90);
  });
});
