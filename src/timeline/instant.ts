import { addDays, daysBetween, instantAt, parseInstant, toCalendarDate, type CalendarDate, type Instant } from "../calendar/index.js";
import type { IssuePath } from "../errors/index.js";

/** Milliseconds in an hour. @internal */
export const HOUR = 3_600_000;
/** Milliseconds in a (24-hour) day. @internal */
export const DAY = 86_400_000;

/**
 * Milliseconds since the epoch of an instant: the calendar's {@link parseInstant}.
 * @internal
 */
export function millis(instant: Instant, path: IssuePath): number {
  return parseInstant(instant, path);
}

/** The ISO 8601 form of an instant, e.g. `"2021-08-07T14:00:00.000Z"`. @internal */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The customer's calendar date at an instant: the day whose local start is at or before it and
 * whose next day's start is after it. Offsets stay within ±14 hours, so it is the UTC day or a
 * neighbour; day starts come from {@link localInstant}'s memory, much faster than `toCalendarDate`.
 * @internal
 */
export function localDate(ms: number, timeZone: string): CalendarDate {
  const utcDay = Math.floor(ms / DAY);
  for (let day = utcDay - 1; day <= utcDay + 1; day++) {
    if (dayStart(day, timeZone) <= ms && ms < dayStart(day + 1, timeZone)) return dateOfDayRemembered(day);
  }
  return toCalendarDate(ms, timeZone);
}

// localDate is called for every action a timeline plans; its day starts and dates are remembered
// by day number (a number key: no string built per lookup). The engine bench: 8 % of a busy month
// was localDate's string keys. Bounded: cleared when full.
const dayStartsByZone = new Map<string, Map<number, number>>();
function dayStart(day: number, timeZone: string): number {
  let zone = dayStartsByZone.get(timeZone);
  if (zone === undefined) {
    zone = new Map();
    dayStartsByZone.set(timeZone, zone);
  }
  let ms = zone.get(day);
  if (ms === undefined) {
    ms = startOfDay(dateOfDay(day), timeZone);
    if (zone.size >= MAX_REMEMBERED) zone.clear();
    zone.set(day, ms);
  }
  return ms;
}
const datesByDay = new Map<number, CalendarDate>();
function dateOfDayRemembered(day: number): CalendarDate {
  let date = datesByDay.get(day);
  if (date === undefined) {
    date = dateOfDay(day);
    if (datesByDay.size >= MAX_REMEMBERED) datesByDay.clear();
    datesByDay.set(day, date);
  }
  return date;
}

// instantAt asks Intl for the zone's offset three times per call, which dominates a timeline run;
// the same few local days and times recur across an account's invoices, so their instants are
// remembered (the answer for a zone, date and time never changes). Bounded: cleared when full.
const instants = new Map<string, number>();
const MAX_REMEMBERED = 100_000;

/** The instant a local time happens on a date. @internal */
export function localInstant(date: CalendarDate, time: string, timeZone: string): number {
  const key = `${timeZone} ${date} ${time}`;
  let ms = instants.get(key);
  if (ms === undefined) {
    ms = instantAt(date, time, timeZone).getTime();
    if (instants.size >= MAX_REMEMBERED) instants.clear();
    instants.set(key, ms);
  }
  return ms;
}

/** The instant a local day starts (00:00, or the first minute after a skipped midnight). @internal */
export function startOfDay(date: CalendarDate, timeZone: string): number {
  return localInstant(date, "00:00", timeZone);
}

const EPOCH: CalendarDate = "1970-01-01";

/** Day number of a date (days since 1970-01-01). @internal */
export function dayNumber(date: CalendarDate): number {
  return daysBetween(EPOCH, date);
}

/** The date of a day number. @internal */
export function dateOfDay(day: number): CalendarDate {
  return addDays(EPOCH, day);
}

/** Whether a date is a Saturday or a Sunday. @internal */
export function isWeekend(date: CalendarDate): boolean {
  // 1970-01-01 was a Thursday: day 0 → 4 (Mon = 1 … Sun = 7).
  const weekday = ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
  return weekday >= 6;
}

/** The date `count` business days (Monday–Friday; no holiday calendar) after `date`. @internal */
export function addBusinessDays(date: CalendarDate, count: number): CalendarDate {
  let current = date;
  let left = count;
  while (left > 0) {
    current = addDays(current, 1);
    if (!isWeekend(current)) left -= 1;
  }
  return current;
}

/** The first local day whose start is at or after `ms`. @internal */
export function firstDayStartingFrom(ms: number, timeZone: string): CalendarDate {
  const date = localDate(ms, timeZone);
  return startOfDay(date, timeZone) >= ms ? date : addDays(date, 1);
}
