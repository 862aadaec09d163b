import { ErrorCodes, fail, type IssuePath } from "../errors/index.js";

/**
 * A calendar date, `"YYYY-MM-DD"`: a day in the account's time zone, not an instant.
 * Billing dates (period starts and ends, issue and due dates) are always calendar dates.
 */
export type CalendarDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether `year` is a Gregorian leap year.
 *
 * @example
 * ```ts
 * isLeapYear(2028); // true
 * isLeapYear(2100); // false
 * ```
 */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Days in a month (`month` is 1–12).
 *
 * @example
 * ```ts
 * daysInMonth(2028, 2); // 29
 * daysInMonth(2027, 2); // 28
 * ```
 */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : (MONTH_DAYS[month - 1] as number);
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
 * @internal
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month (1–12) and day of a day number. @internal */
export function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function formatParts(year: number, month: number, day: number): CalendarDate {
  const y = year >= 1000 ? String(year) : String(year).padStart(4, "0");
  return `${y}-${pad2(month)}-${pad2(day)}`;
}

// Formatting billions of dates is the hot path of a portfolio run; each day's string is built
// once and reused (1900-01-01 … 2199-12-31, about 110,000 entries, filled lazily).
const CACHE_FIRST = daysFromCivil(1900, 1, 1);
const CACHE_LAST = daysFromCivil(2199, 12, 31);
const cache: (CalendarDate | undefined)[] = new Array<CalendarDate | undefined>(CACHE_LAST - CACHE_FIRST + 1);

/** The calendar date of a day number. @internal */
export function formatDays(days: number): CalendarDate {
  if (days >= CACHE_FIRST && days <= CACHE_LAST) {
    const hit = cache[days - CACHE_FIRST];
    if (hit !== undefined) return hit;
    const [y, m, d] = civilFromDays(days);
    const text = formatParts(y, m, d);
    cache[days - CACHE_FIRST] = text;
    return text;
  }
  const [y, m, d] = civilFromDays(days);
  return formatParts(y, m, d);
}

/**
 * Reads a calendar date into a day number, or returns undefined when it is malformed or does not exist.
 * @internal
 */
export function tryParseDays(text: unknown): number | undefined {
  // Hand-rolled instead of a regular expression: this runs for every date of every contract.
  if (typeof text !== "string" || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

/** The number written by `length` ASCII digits at `from`, or −1 if any is not a digit. */
function digitsAt(text: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Reads a calendar date into a day number or throws a ValidationError naming `path`. @internal */
export function parseDays(text: unknown, path: IssuePath): number {
  const days = tryParseDays(text);
  if (days === undefined) fail(path, ErrorCodes.invalidDate, invalidDateMessage(text));
  return days;
}

/** @internal */
export function invalidDateMessage(text: unknown): string {
  if (typeof text !== "string") return `expected a date "YYYY-MM-DD", got ${text === undefined ? "nothing" : typeof text}`;
  return DATE.test(text)
    ? `${JSON.stringify(text)} is not a day of the calendar`
    : `expected a date "YYYY-MM-DD", got ${JSON.stringify(text)}`;
}

/**
 * Whether `value` is a valid calendar date string (`"2026-02-30"` is not).
 *
 * @example
 * ```ts
 * isCalendarDate("2028-02-29"); // true
 * isCalendarDate("2027-02-29"); // false
 * ```
 */
export function isCalendarDate(value: unknown): value is CalendarDate {
  return tryParseDays(value) !== undefined;
}

/**
 * Validates a calendar date and returns it.
 *
 * @param value - the input, expected `"YYYY-MM-DD"`
 * @param path - where it came from, for the error
 * @throws {@link ValidationError} with code `invalid_date`
 * @example
 * ```ts
 * parseCalendarDate("2026-03-10"); // "2026-03-10"
 * parseCalendarDate("2026-02-30"); // throws: "2026-02-30" is not a day of the calendar
 * ```
 */
export function parseCalendarDate(value: unknown, path: IssuePath = []): CalendarDate {
  parseDays(value, path);
  return value as CalendarDate;
}

/**
 * The date `amount` days after (or before, if negative) `date`.
 *
 * @example
 * ```ts
 * addDays("2027-03-02", -5); // "2027-02-25"
 * ```
 */
export function addDays(date: CalendarDate, amount: number): CalendarDate {
  if (!Number.isSafeInteger(amount)) fail(["amount"], ErrorCodes.invalidType, `expected an integer number of days, got ${amount}`);
  return formatDays(parseDays(date, ["date"]) + amount);
}

/**
 * Whole days from `start` to `end` (negative when `end` is earlier). For a half-open period
 * `[start, end)` this is its length.
 *
 * @example
 * ```ts
 * daysBetween("2026-03-10", "2026-04-01"); // 22
 * ```
 */
export function daysBetween(start: CalendarDate, end: CalendarDate): number {
  return parseDays(end, ["end"]) - parseDays(start, ["start"]);
}

/**
 * Compares two calendar dates: −1, 0 or 1.
 *
 * @example
 * ```ts
 * compareDates("2026-01-31", "2026-02-01"); // -1
 * ```
 */
export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  const x = parseDays(a, ["a"]);
  const y = parseDays(b, ["b"]);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The numeric parts of a calendar date. */
export interface DateParts {
  /** Year, e.g. 2027. */
  readonly year: number;
  /** Month, 1–12. */
  readonly month: number;
  /** Day of the month, 1–31. */
  readonly day: number;
}

/**
 * Year, month (1–12) and day of a calendar date.
 *
 * @example
 * ```ts
 * dateParts("2027-01-31"); // { year: 2027, month: 1, day: 31 }
 * ```
 */
export function dateParts(date: CalendarDate): DateParts {
  const [year, month, day] = civilFromDays(parseDays(date, ["date"]));
  return { year, month, day };
}

/**
 * The date on `anchorDay` of a month, clamped to the month's last day: the rule every billing
 * cycle follows. Anchor 31 gives Jan 31, Feb 28 (29 in a leap year), Mar 31, Apr 30.
 *
 * @example
 * ```ts
 * anchorDate(2028, 2, 31); // "2028-02-29"
 * anchorDate(2027, 4, 31); // "2027-04-30"
 * ```
 */
export function anchorDate(year: number, month: number, anchorDay: number): CalendarDate {
  return formatDays(anchorDays(year * 12 + month - 1, anchorDay));
}

/** Day number of the anchor day in the month `monthIndex` (= year × 12 + month − 1), clamped. @internal */
export function anchorDays(monthIndex: number, anchorDay: number): number {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const dim = month === 2 ? (isLeapYear(year) ? 29 : 28) : (MONTH_DAYS[month - 1] as number);
  return daysFromCivil(year, month, anchorDay < dim ? anchorDay : dim);
}

/**
 * The date `months` months after `anchor`, counted from the anchor itself and clamped to the
 * month end — never chained, so there is no drift: `addMonthsFromAnchor("2027-01-31", 2)` is
 * Mar 31, where chaining would give Mar 28.
 *
 * @example
 * ```ts
 * addMonthsFromAnchor("2027-01-31", 1); // "2027-02-28"
 * addMonthsFromAnchor("2027-01-31", 2); // "2027-03-31"
 * ```
 */
export function addMonthsFromAnchor(anchor: CalendarDate, months: number): CalendarDate {
  if (!Number.isSafeInteger(months)) fail(["months"], ErrorCodes.invalidType, `expected an integer number of months, got ${months}`);
  const [y, m, d] = civilFromDays(parseDays(anchor, ["anchor"]));
  return formatDays(anchorDays(y * 12 + m - 1 + months, d));
}
