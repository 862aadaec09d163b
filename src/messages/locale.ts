import { TZDate } from "@date-fns/tz";
import { format, type Locale } from "date-fns";
import { enUS, es, frCA } from "date-fns/locale";
import { isValidTimeZone, toCalendarDate, type CalendarDate } from "../calendar/index.js";
import { ErrorCodes, ValidationError } from "../errors/index.js";
import { formatMoney, type Money } from "../money/index.js";

/** The locales the built-in templates are written in. */
export const MESSAGE_LOCALES = ["en-US", "es-US", "fr-CA"] as const;

/** A locale with built-in templates. */
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];

const DATE_FNS: Readonly<Record<MessageLocale, Locale>> = { "en-US": enUS, "es-US": es, "fr-CA": frCA };

/**
 * Whether `locale` has built-in templates.
 *
 * @example
 * ```ts
 * isMessageLocale("fr-CA"); // → true
 * isMessageLocale("fr-FR"); // → false (rendered in "fr-CA": see messageLocaleFor)
 * ```
 */
export function isMessageLocale(locale: string): locale is MessageLocale {
  return (MESSAGE_LOCALES as readonly string[]).includes(locale);
}

/**
 * The built-in locale to render `locale` in: itself, else one of the same language (`"es-MX"` →
 * `"es-US"`, `"fr-FR"` → `"fr-CA"`), else `"en-US"`.
 *
 * @example
 * ```ts
 * messageLocaleFor("fr-FR"); // → "fr-CA"
 * ```
 */
export function messageLocaleFor(locale: string): MessageLocale {
  if (isMessageLocale(locale)) return locale;
  const language = locale.split("-")[0]?.toLowerCase();
  return MESSAGE_LOCALES.find((l) => l.startsWith(`${language}-`)) ?? "en-US";
}

/**
 * Money for a customer: `Intl.NumberFormat` in their locale, given the amount as an exact decimal
 * string (ECMA-402 accepts strings and formats them without going through a float), so
 * 90 071 992 547 409.93 prints as written.
 *
 * @example
 * ```ts
 * formatAmount(money("1234567.89", "USD"), "fr-CA"); // → "1 234 567,89 $ US"
 * ```
 */
export function formatAmount(amount: Money, locale: string): string {
  return formatMoney(amount, { locale });
}

const CALENDAR = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date (`"2027-01-26"`) in words in the customer's locale, with date-fns: `"January
 * 26, 2027"`, `"26 de enero de 2027"`, `"26 janvier 2027"`. An ISO instant is first turned into
 * the customer's calendar date in `timeZone` (a due date at 03:00Z is the evening before in Los
 * Angeles).
 *
 * @example
 * ```ts
 * formatDay("2027-01-26", "es-US"); // → "26 de enero de 2027"
 * formatDay("2027-01-27T03:00:00Z", "en-US", "America/Los_Angeles"); // → "January 26, 2027"
 * ```
 */
export function formatDay(value: CalendarDate | string, locale: string, timeZone = "UTC"): string {
  const day = CALENDAR.test(value) ? value : toCalendarDate(value, timeZone);
  const m = CALENDAR.exec(day);
  if (m === null) throw new ValidationError([{ path: ["date"], code: ErrorCodes.invalidDate, message: `"${value}" is not a calendar date` }]);
  const date = new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), "UTC");
  const l = messageLocaleFor(locale);
  const text = format(date, DATE_PATTERN[l], { locale: DATE_FNS[l] });
  // French writes the first of the month as an ordinal: « 1er mars ».
  return l === "fr-CA" && m[3] === "01" ? text.replace(/^1 /, "1er ") : text;
}

const DATE_PATTERN: Readonly<Record<MessageLocale, string>> = { "en-US": "MMMM d, yyyy", "es-US": "d 'de' MMMM 'de' yyyy", "fr-CA": "d MMMM yyyy" };
const TIME_PATTERN: Readonly<Record<MessageLocale, string>> = { "en-US": "MMMM d, yyyy 'at' h:mm a", "es-US": "d 'de' MMMM 'de' yyyy, HH:mm", "fr-CA": "d MMMM yyyy 'à' HH 'h' mm" };

/**
 * A moment (an ISO instant) in words on the customer's clock, in their locale.
 *
 * @example
 * ```ts
 * formatMoment("2027-01-26T17:05:00Z", "en-US", "America/Chicago"); // → "January 26, 2027 at 11:05 AM"
 * ```
 */
export function formatMoment(instant: string, locale: string, timeZone: string): string {
  if (!isValidTimeZone(timeZone)) throw new ValidationError([{ path: ["timeZone"], code: ErrorCodes.unknownTimeZone, message: `"${timeZone}" is not an IANA time zone` }]);
  const date = new TZDate(Date.parse(instant), timeZone);
  if (Number.isNaN(date.getTime())) throw new ValidationError([{ path: ["instant"], code: ErrorCodes.invalidInstant, message: `"${instant}" is not an ISO instant` }]);
  const l = messageLocaleFor(locale);
  return format(date, TIME_PATTERN[l], { locale: DATE_FNS[l] });
}
