import { isCalendarDate, type CalendarDate } from "../calendar/index.js";
import { ErrorCodes, fail, IssueCollector } from "../errors/index.js";

const invalidDateText = (date: unknown): string => `expected the issue date as "YYYY-MM-DD", got ${JSON.stringify(date)}`;

/** How numbers of a series look: `RES-2027-000123`. */
export interface NumberFormat {
  /** Text before the number; default the series name. */
  readonly prefix?: string;
  /** Whether the issue year is part of the number, counters restarting each year. Default true. */
  readonly year?: boolean;
  /** Digits of the counter, zero-padded. Default 6. */
  readonly padding?: number;
  /** Between the parts. Default `"-"`. */
  readonly separator?: string;
}

/**
 * The key of the counter a number is drawn from: the printed prefix (the series unless the format
 * gives another), plus the year when numbers carry it. Two series printed with one prefix share a
 * counter, so they can never print the same number. Ask your sequence for the next counter of this
 * key; it must be unique and gap-free per key.
 *
 * @example
 * ```ts
 * sequenceKey("RES", "2027-01-27"); // "RES-2027"
 * sequenceKey("RES", "2027-01-27", { year: false }); // "RES"
 * sequenceKey("COM", "2027-01-27", { prefix: "INV" }); // "INV-2027"
 * ```
 */
export function sequenceKey(series: string, issueDate: CalendarDate, format: NumberFormat = {}): string {
  const prefix = format.prefix ?? series;
  if (format.year !== false && !isCalendarDate(issueDate)) fail(["issueDate"], ErrorCodes.invalidDate, invalidDateText(issueDate));
  return format.year === false ? prefix : `${prefix}${format.separator ?? "-"}${issueDate.slice(0, 4)}`;
}

/**
 * Formats a document number from its series, issue date and counter.
 *
 * @throws {@link ValidationError} for a counter that is not a positive whole number, or one too long for the padding
 * @example
 * ```ts
 * formatDocumentNumber("RES", "2027-01-27", 123); // "RES-2027-000123"
 * formatDocumentNumber("CN", "2027-02-03", 7, { year: false, padding: 4 }); // "CN-0007"
 * ```
 */
export function formatDocumentNumber(series: string, issueDate: CalendarDate, counter: number, format: NumberFormat = {}): string {
  const padding = format.padding ?? 6;
  const issues = new IssueCollector();
  if (!Number.isSafeInteger(counter) || counter < 1) issues.add(["counter"], ErrorCodes.tooSmall, `expected a positive whole counter, got ${counter}`);
  else if (String(counter).length > padding) issues.add(["counter"], ErrorCodes.tooBig, `counter ${counter} has more than ${padding} digits`);
  if (!Number.isInteger(padding) || padding < 1 || padding > 18) issues.add(["format", "padding"], ErrorCodes.invalidValue, "padding must be 1–18 digits");
  const prefix = format.prefix ?? series;
  if (typeof prefix !== "string" || prefix.trim() === "") {
    issues.add(format.prefix === undefined ? ["series"] : ["format", "prefix"], ErrorCodes.invalidValue, "a document number needs a prefix: the series name or format.prefix must not be blank");
  }
  if (format.year !== false && !isCalendarDate(issueDate)) issues.add(["issueDate"], ErrorCodes.invalidDate, invalidDateText(issueDate));
  issues.throwIfAny();
  const separator = format.separator ?? "-";
  const parts = [prefix];
  if (format.year !== false) parts.push(issueDate.slice(0, 4));
  parts.push(String(counter).padStart(padding, "0"));
  return parts.join(separator);
}
