import { daysBetween, type CalendarDate } from "../calendar/index.js";
import { add, zero, type Money } from "../money/index.js";
import type { OpenInvoiceItem, StatementAging } from "./models.js";

/** Options for {@link statementAging}. */
export interface StatementAgingOptions {
  /** The statement's date: days past due are counted to it. */
  readonly asOf: CalendarDate;
  /** The account's currency (the buckets are zero in it when nothing is open). */
  readonly currency: string;
}

/**
 * The aging of an account statement: each open invoice's balance in the bucket of its days past
 * due on `asOf` — not yet due (`current`), 1–30, 31–60, 61–90, over 90 — summed exactly, so the
 * buckets add up to the open balance to the cent.
 *
 * @example
 * ```ts
 * const aging = statementAging(
 *   [
 *     { number: "RES-7", dueDate: "2027-04-05", balance: money("54.11", "USD") },
 *     { number: "RES-6", dueDate: "2027-03-05", balance: money("54.11", "USD") },
 *     { number: "RES-3", dueDate: "2026-12-05", balance: money("20.00", "USD") },
 *   ],
 *   { asOf: "2027-03-31", currency: "USD" },
 * );
 * toDecimalString(aging.days1to30); // → "54.11"
 * toDecimalString(aging.over90); // → "20.00"
 * ```
 */
export function statementAging(invoices: readonly OpenInvoiceItem[], options: StatementAgingOptions): StatementAging {
  let current = zero(options.currency);
  let days1to30 = zero(options.currency);
  let days31to60 = zero(options.currency);
  let days61to90 = zero(options.currency);
  let over90 = zero(options.currency);
  for (const invoice of invoices) {
    const late = daysBetween(invoice.dueDate, options.asOf);
    const b: Money = invoice.balance;
    if (late <= 0) current = add(current, b);
    else if (late <= 30) days1to30 = add(days1to30, b);
    else if (late <= 60) days31to60 = add(days31to60, b);
    else if (late <= 90) days61to90 = add(days61to90, b);
    else over90 = add(over90, b);
  }
  return { current, days1to30, days31to60, days61to90, over90 };
}
