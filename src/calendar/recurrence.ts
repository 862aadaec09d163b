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
import { ErrorCodes, fail, IssueCollector } from "../errors/index.js";
import { formatDays, invalidDateMessage, tryParseDays, type CalendarDate } from "./date.js";

type RRuleApi = typeof import("rrule");
const api: RRuleApi = ((rruleModule as unknown as { default?: RRuleApi }).default ?? rruleModule) as RRuleApi;

/**
 * Most dates {@link recurrenceDates} returns in one array. A rule (or an `until`) that yields more is
 * an error naming this limit, never a silent cut: take a bounded slice with `count`, or walk the
 * dates lazily with {@link iterateRecurrenceDates}.
 */
export const MAX_RECURRENCE_DATES = 10_000;

/** Options for {@link recurrenceDates} and {@link iterateRecurrenceDates}. */
export interface RecurrenceOptions {
  /** The rule's first candidate day (DTSTART), a calendar date in the account's zone. */
  readonly start: CalendarDate;
  /** Only dates on or after this day. */
  readonly from?: CalendarDate;
  /** Only dates before this day (exclusive). */
  readonly until?: CalendarDate;
  /** At most this many dates (for {@link recurrenceDates}, ≤ {@link MAX_RECURRENCE_DATES}). */
  readonly count?: number;
}

const DAY_MS = 86_400_000;

/** A checked rule and window. */
interface CompiledRecurrence {
  readonly recurrence: InstanceType<RRuleApi["RRule"]>;
  readonly lower: number;
  readonly upper: number;
  readonly count: number | undefined;
}

/** Checks a rule and its options, reporting every problem at once. */
function compileRecurrence(rule: string, options: RecurrenceOptions, bounded: boolean): CompiledRecurrence {
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
  const maxCount = bounded ? MAX_RECURRENCE_DATES : Number.MAX_SAFE_INTEGER;
  if (options.count !== undefined && (!Number.isInteger(options.count) || options.count < 0 || options.count > maxCount)) {
    issues.add(
      ["count"],
      !Number.isInteger(options.count) ? ErrorCodes.invalidType : options.count < 0 ? ErrorCodes.tooSmall : ErrorCodes.tooBig,
      bounded
        ? `expected a whole number from 0 to MAX_RECURRENCE_DATES (${MAX_RECURRENCE_DATES}), got ${JSON.stringify(options.count)}: walk more dates with iterateRecurrenceDates`
        : `expected a whole number of dates, 0 or more, got ${JSON.stringify(options.count)}`,
    );
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
  if (bounded && parsed !== undefined && parsed.count == null && parsed.until == null && until === undefined && options.count === undefined) {
    issues.add(["rule"], ErrorCodes.invalidRecurrence, "the rule is unbounded: add COUNT or UNTIL, or pass options.until or options.count, or walk it lazily with iterateRecurrenceDates");
  }
  issues.throwIfAny();
  return {
    recurrence: new api.RRule({ ...parsed, dtstart: new Date((start ?? 0) * DAY_MS) }),
    lower: from ?? Number.NEGATIVE_INFINITY,
    upper: until ?? Number.POSITIVE_INFINITY,
    count: options.count,
  };
}

/**
 * Up to `limit` distinct days of a rule after `after`, in order, inside the window; `exhausted`
 * when the rule (or the window) has no more.
 */
function nextDays(c: CompiledRecurrence, after: number, limit: number): { days: number[]; exhausted: boolean } {
  const days: number[] = [];
  let exhausted = true;
  let last = after;
  c.recurrence.all((date) => {
    const d = Math.floor(date.getTime() / DAY_MS);
    if (d >= c.upper) return false;
    if (d > last && d >= c.lower) {
      if (days.length >= limit) {
        exhausted = false;
        return false;
      }
      days.push(d);
      last = d;
    }
    return true;
  });
  return { days, exhausted };
}

/**
 * The calendar dates of a custom recurrence, such as "the last business day of each month"
 * (`"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"`), as an array.
 *
 * The rule is evaluated on calendar days (floating time, as RFC 5545 calls it), so the dates are the
 * account's own dates with no time-zone shift. An array needs a bound: the rule's `COUNT` or
 * `UNTIL`, or the options' `until` or `count`; an unbounded rule is refused rather than enumerated
 * forever. More than {@link MAX_RECURRENCE_DATES} dates is an error naming that limit, never a
 * silent cut: pass `count` for a bounded slice, or use {@link iterateRecurrenceDates} to walk them
 * lazily. Give the start in the options, not as `DTSTART` in the rule.
 *
 * @param rule - an RRULE, with or without the `RRULE:` prefix
 * @throws {@link ValidationError} listing a malformed or unbounded rule, bad dates, and a result past MAX_RECURRENCE_DATES
 * @example
 * ```ts
 * recurrenceDates("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", { start: "2027-01-01", count: 3 });
 * // ["2027-01-29", "2027-02-26", "2027-03-31"]
 * ```
 */
export function recurrenceDates(rule: string, options: RecurrenceOptions): CalendarDate[] {
  const compiled = compileRecurrence(rule, options, true);
  const limit = compiled.count ?? MAX_RECURRENCE_DATES;
  // One date past the limit tells a rule that yields too many from one that yields exactly enough.
  const { days, exhausted } = nextDays(compiled, Number.NEGATIVE_INFINITY, limit);
  if (!exhausted && compiled.count === undefined) {
    fail(["rule"], ErrorCodes.tooBig, `the rule yields more than MAX_RECURRENCE_DATES (${MAX_RECURRENCE_DATES}) dates: pass options.count or an earlier options.until for a bounded slice, or walk them with iterateRecurrenceDates`);
  }
  return days.map(formatDays);
}

/**
 * The calendar dates of a custom recurrence, lazily, one at a time: the same dates as
 * {@link recurrenceDates}, with no bound needed and no limit — an unbounded rule yields dates for
 * as long as the caller asks. The rule and options are checked at the call.
 *
 * @param rule - an RRULE, with or without the `RRULE:` prefix
 * @throws {@link ValidationError} listing a malformed rule and bad dates, at the call
 * @example
 * ```ts
 * const firstMondays = iterateRecurrenceDates("FREQ=MONTHLY;BYDAY=1MO", { start: "2027-01-01" });
 * for (const date of firstMondays) {
 *   if (date >= "2027-04-01") break;
 *   console.log(date); // 2027-01-04, 2027-02-01, 2027-03-01
 * }
 * ```
 */
export function iterateRecurrenceDates(rule: string, options: RecurrenceOptions): IterableIterator<CalendarDate> {
  return walk(compileRecurrence(rule, options, false));
}

function* walk(c: CompiledRecurrence): Generator<CalendarDate, void, undefined> {
  // rrule evaluates from DTSTART on every call; doubling the batch keeps the total work within a
  // small multiple of the dates yielded.
  let last = Number.NEGATIVE_INFINITY;
  let left = c.count ?? Number.POSITIVE_INFINITY;
  for (let batch = 64; left > 0; batch *= 2) {
    const { days, exhausted } = nextDays(c, last, Math.min(batch, left));
    for (const d of days) yield formatDays(d);
    left -= days.length;
    const tail = days[days.length - 1];
    if (exhausted || tail === undefined) return;
    last = tail;
  }
}
