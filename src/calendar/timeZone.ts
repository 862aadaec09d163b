import { TZDate, tzOffset } from "@date-fns/tz";
import { ErrorCodes, fail, IssueCollector, type IssuePath } from "../errors/index.js";
import { daysFromCivil, formatDays, invalidDateMessage, isCalendarDate, tryParseDays, type CalendarDate } from "./date.js";

const known = new Map<string, boolean>();

/**
 * Whether the runtime knows an IANA time zone such as `"America/New_York"`.
 *
 * Checked with `Intl.DateTimeFormat`, because @date-fns/tz silently treats an unknown zone as UTC.
 *
 * @example
 * ```ts
 * isValidTimeZone("Asia/Tokyo"); // true
 * isValidTimeZone("Mars/Olympus"); // false
 * ```
 */
export function isValidTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || zone === "") return false;
  let ok = known.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    known.set(zone, ok);
  }
  return ok;
}

/**
 * Validates an IANA time zone.
 *
 * @throws {@link ValidationError} with code `unknown_time_zone`
 * @example
 * ```ts
 * parseTimeZone("America/Chicago"); // "America/Chicago"
 * ```
 */
export function parseTimeZone(zone: unknown, path: IssuePath = ["timeZone"]): string {
  if (!isValidTimeZone(zone)) {
    fail(path, ErrorCodes.unknownTimeZone, `unknown time zone ${JSON.stringify(zone)}: expected an IANA name such as "America/New_York"`);
  }
  return zone;
}

/** A moment in time: a `Date`, milliseconds since the epoch, or an ISO 8601 string with `Z` or an offset. */
export type Instant = Date | number | string;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function instantMillis(instant: unknown, path: IssuePath, issues: IssueCollector): number {
  const ms = tryInstantMillis(instant);
  if (ms === undefined) {
    issues.add(
      path,
      ErrorCodes.invalidInstant,
      typeof instant === "string"
        ? `expected an ISO 8601 instant with "Z" or an offset (e.g. "2026-03-08T06:30:00Z"), got ${JSON.stringify(instant)}`
        : "expected a Date, integer milliseconds, or an ISO 8601 instant string",
    );
    return Number.NaN;
  }
  return ms;
}

function tryInstantMillis(instant: unknown): number | undefined {
  let ms = Number.NaN;
  if (instant instanceof Date) ms = instant.getTime();
  else if (typeof instant === "number" && Number.isSafeInteger(instant)) ms = instant;
  // Date.parse rolls a day that does not exist over ("2027-02-30" → March 2); refuse it instead.
  else if (typeof instant === "string" && ISO_INSTANT.test(instant) && tryParseDays(instant.slice(0, 10)) !== undefined) ms = Date.parse(instant);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Milliseconds since the epoch of an {@link Instant}: a `Date`, integer milliseconds, or an ISO
 * 8601 string with `Z` or an offset. A string without an offset is refused, since it would be
 * read in the process's own time zone.
 *
 * @throws {@link ValidationError} with code `invalid_instant`
 * @example
 * ```ts
 * parseInstant("2027-01-01T09:00:00Z"); // 1798794000000
 * parseInstant("2027-01-01T09:00:00");  // throws: no offset
 * ```
 */
export function parseInstant(instant: unknown, path: IssuePath = ["instant"]): number {
  const issues = new IssueCollector();
  const ms = instantMillis(instant, path, issues);
  issues.throwIfAny();
  return ms;
}

/**
 * The calendar date an instant falls on in a time zone: the account's "today" for a payment
 * attempt or a message. Instants near midnight UTC land on the right local day, across DST
 * changes.
 *
 * @throws {@link ValidationError} for an unknown zone or an unreadable instant (both reported)
 * @example
 * ```ts
 * toCalendarDate("2026-03-31T15:30:00Z", "Asia/Tokyo");       // "2026-04-01"
 * toCalendarDate("2026-03-08T04:30:00Z", "America/New_York"); // "2026-03-07"
 * ```
 */
export function toCalendarDate(instant: Instant, timeZone: string): CalendarDate {
  const issues = new IssueCollector();
  const ms = instantMillis(instant, ["instant"], issues);
  if (!isValidTimeZone(timeZone)) {
    issues.add(["timeZone"], ErrorCodes.unknownTimeZone, `unknown time zone ${JSON.stringify(timeZone)}: expected an IANA name such as "America/New_York"`);
  }
  issues.throwIfAny();
  const local = new TZDate(ms, timeZone);
  return formatDays(daysFromCivil(local.getFullYear(), local.getMonth() + 1, local.getDate()));
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The instant at which clocks in `timeZone` show `time` (`"HH:MM"`) on `date`. When that local
 * time does not exist (the hour skipped by a spring-forward change), the instant is moved forward
 * by the gap, as wall clocks do.
 *
 * @throws {@link ValidationError} listing a bad date, time or zone
 * @example
 * ```ts
 * instantAt("2026-07-01", "08:00", "America/New_York").toISOString(); // "2026-07-01T12:00:00.000Z"
 * ```
 */
export function instantAt(date: CalendarDate, time: string, timeZone: string): Date {
  const issues = new IssueCollector();
  const days = tryParseDays(date) ?? 0;
  if (!isCalendarDate(date)) issues.add(["date"], ErrorCodes.invalidDate, invalidDateMessage(date));
  const match = TIME.exec(time);
  if (match === null) issues.add(["time"], ErrorCodes.invalidType, `expected a 24-hour time "HH:MM", got ${JSON.stringify(time)}`);
  if (!isValidTimeZone(timeZone)) {
    issues.add(["timeZone"], ErrorCodes.unknownTimeZone, `unknown time zone ${JSON.stringify(timeZone)}: expected an IANA name such as "America/New_York"`);
  }
  issues.throwIfAny();
  // Wall-clock time read as if it were UTC, then shifted by the zone's offset. Done by hand rather
  // than with TZDate's constructor, whose choice for an ambiguous time depends on the process's
  // own time zone.
  const wall = days * 86_400_000 + (Number(match?.[1]) * 60 + Number(match?.[2])) * 60_000;
  const before = tzOffset(timeZone, new Date(wall - 86_400_000));
  const after = tzOffset(timeZone, new Date(wall + 86_400_000));
  const candidates = [before, after]
    .map((offset) => wall - offset * 60_000)
    .filter((t) => wall - tzOffset(timeZone, new Date(t)) * 60_000 === t);
  // Repeated hour (fall back): the earlier instant. Skipped hour (spring forward): pushed forward.
  const chosen = candidates.length > 0 ? Math.min(...candidates) : wall - before * 60_000;
  return new Date(chosen);
}
