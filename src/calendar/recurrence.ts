/**
 * Custom recurrences (RFC 5545 RRULE) — the one module that touches rrule.
 *
 * rrule 2.8 ships no `exports` map, so a named ESM import of it fails at run time in Node when it is
 * left external. It is read here through a namespace import that works for both the ESM build
 * (where the CommonJS module arrives as `default`) and the CJS build (where it is the namespace).
 * rrule is slow (about 1,000× plain arithmetic), so ordinary cycles never use it.
 *
 * @module
 */
import * as rruleModule from "rrule";
import { ErrorCodes, IssueCollector } from "../errors/index.js";
import { formatDays, invalidDateMessage, tryParseDays, type CalendarDate } from "./date.js";

type RRuleApi = typeof import("rrule");
const api: RRuleApi = ((rruleModule as unknown as { default?: RRuleApi }).default ?? rruleModule) as RRuleApi;

/** Most dates {@link recurrenceDates} returns for one call, whatever the rule says. */
export const MAX_RECURRENCE_DATES = 10_000;

/** Options for {@link recurrenceDates}. */
export interface RecurrenceOptions {
  /** The rule's first candidate day (DTSTART), a calendar date in the account's zone. */
  readonly start: CalendarDate;
  /** Only dates on or after this day. */
  readonly from?: CalendarDate;
  /** Only dates before this day (exclusive). */
  readonly until?: CalendarDate;
  /** At most this many dates (≤ {@link MAX_RECURRENCE_DATES}). */
  readonly count?: number;
}

const DAY_MS = 86_400_000;

/**
 * The calendar dates of a custom recurrence, such as "the last business day of each month"
 * (`"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"`).
 *
 * The rule is evaluated on calendar days (floating time, as RFC 5545 calls it), so the dates are the
 * account's own dates with no time-zone shift. Every evaluation is bounded: the rule needs `COUNT`
 * or `UNTIL`, or the options need `until` or `count`; an unbounded rule is refused rather than
 * enumerated forever. Give the start in the options, not as `DTSTART` in the rule.
 *
 * @param rule - an RRULE, with or without the `RRULE:` prefix
 * @throws {@link ValidationError} listing a malformed or unbounded rule and bad dates
 * @example
 * ```ts
 * recurrenceDates("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", { start: "2027-01-01", count: 3 });
 * // ["2027-01-29", "2027-02-26", "2027-03-31"]
 * ```
 */
export function recurrenceDates(rule: string, options: RecurrenceOptions): CalendarDate[] {
  const issues = new IssueCollector();
  const day = (value: unknown, key: string, required: boolean): number | undefined => {
    if (value === undefined && !required) return undefined;
    const days = tryParseDays(value);
    if (days === undefined) issues.add([key], ErrorCodes.invalidDate, invalidDateMessage(value));
    return days;
  };
  const start = day(options.start, "start", true);
  const from = day(options.from, "from", false);
  const until = day(options.until, "until", false);
  if (options.count !== undefined && (!Number.isInteger(options.count) || options.count < 0 || options.count > MAX_RECURRENCE_DATES)) {
    issues.add(["count"], ErrorCodes.tooBig, `expected a whole number from 0 to ${MAX_RECURRENCE_DATES}, got ${JSON.stringify(options.count)}`);
  }
  let parsed: ReturnType<RRuleApi["RRule"]["parseString"]> | undefined;
  const text = typeof rule === "string" ? rule.trim().replace(/^RRULE:/i, "") : "";
  if (typeof rule !== "string" || text === "") {
    issues.add(["rule"], ErrorCodes.invalidRecurrence, "expected an RRULE string such as \"FREQ=MONTHLY;BYMONTHDAY=1\"");
  } else if (/DTSTART|TZID|\n/i.test(text)) {
    issues.add(["rule"], ErrorCodes.invalidRecurrence, "give the start date in options.start, not as DTSTART or TZID in the rule");
  } else {
    try {
      parsed = api.RRule.parseString(text);
      if (parsed.freq === undefined) throw new Error("FREQ is missing or is not one of YEARLY, MONTHLY, WEEKLY, DAILY");
      // The dates are calendar days: an hourly, minutely or secondly rule only repeats days, and
      // walking it over months of seconds would take minutes.
      if (parsed.freq > api.RRule.DAILY) throw new Error("the frequency is finer than a day: use DAILY, WEEKLY, MONTHLY or YEARLY");
      new api.RRule(parsed);
    } catch (error) {
      parsed = undefined;
      issues.add(["rule"], ErrorCodes.invalidRecurrence, `cannot read the rule ${JSON.stringify(rule)}: ${(error as Error).message}`);
    }
  }
  if (parsed !== undefined && parsed.count == null && parsed.until == null && until === undefined && options.count === undefined) {
    issues.add(["rule"], ErrorCodes.invalidRecurrence, "the rule is unbounded: add COUNT or UNTIL, or pass options.until or options.count");
  }
  issues.throwIfAny();

  const recurrence = new api.RRule({ ...parsed, dtstart: new Date((start ?? 0) * DAY_MS) });
  const limit = Math.min(options.count ?? MAX_RECURRENCE_DATES, MAX_RECURRENCE_DATES);
  const out: CalendarDate[] = [];
  const lower = from ?? Number.NEGATIVE_INFINITY;
  const upper = until ?? Number.POSITIVE_INFINITY;
  recurrence.all((date) => {
    const days = Math.floor(date.getTime() / DAY_MS);
    if (days >= upper || out.length >= limit) return false;
    if (days >= lower && out[out.length - 1] !== formatDays(days)) out.push(formatDays(days));
    return out.length < limit;
  });
  return out;
}
