import { addDays, addMonthsFromAnchor, daysBetween, type CalendarDate } from "../calendar/index.js";

/**
 * Day arithmetic on the hot path: a portfolio's dates repeat (a few hundred distinct days for a
 * million invoices), so each is parsed once and remembered. The memo is invisible from outside:
 * the same date always gives the same number.
 */
const EPOCH = "1970-01-01";
const numbers = new Map<string, number>();
const dates = new Map<number, CalendarDate>();
const LIMIT = 100_000;

/** Days since 1970-01-01 (the calendar module validates the date the first time it is seen). */
export function dayNumber(date: CalendarDate): number {
  let n = numbers.get(date);
  if (n === undefined) {
    n = daysBetween(EPOCH, date);
    if (numbers.size > LIMIT) numbers.clear();
    numbers.set(date, n);
  }
  return n;
}

/** The date `n` days after 1970-01-01. */
export function dateOf(n: number): CalendarDate {
  let d = dates.get(n);
  if (d === undefined) {
    d = addDays(EPOCH, n);
    if (dates.size > LIMIT) dates.clear();
    dates.set(n, d);
  }
  return d;
}

const monthly = new Map<CalendarDate, Map<number, CalendarDate>>();

/** `addMonthsFromAnchor(anchor, months)`, remembered. */
export function plusMonths(anchor: CalendarDate, months: number): CalendarDate {
  let inner = monthly.get(anchor);
  if (inner === undefined) {
    if (monthly.size > LIMIT) monthly.clear();
    monthly.set(anchor, (inner = new Map()));
  }
  let d = inner.get(months);
  if (d === undefined) inner.set(months, (d = addMonthsFromAnchor(anchor, months)));
  return d;
}

/** Year × 12 + month (1–12) of a valid `YYYY-MM-DD` date, read from its digits. */
export function monthIndex(date: CalendarDate): number {
  const c = (k: number): number => date.charCodeAt(k) - 48;
  return (c(0) * 1000 + c(1) * 100 + c(2) * 10 + c(3)) * 12 + c(5) * 10 + c(6);
}

/** Day of the month (1–31) of a valid `YYYY-MM-DD` date, read from its digits. */
export function dayOfMonth(date: CalendarDate): number {
  return (date.charCodeAt(8) - 48) * 10 + date.charCodeAt(9) - 48;
}

/** Whole days from `start` to `end`. */
export function between(start: CalendarDate, end: CalendarDate): number {
  return dayNumber(end) - dayNumber(start);
}

/** The date `amount` days after `date`. */
export function plus(date: CalendarDate, amount: number): CalendarDate {
  return amount === 0 ? date : dateOf(dayNumber(date) + amount);
}
