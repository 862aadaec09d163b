import { addDays, type Instant } from "../calendar/index.js";
import { iso, localDate, localInstant, millis } from "./instant.js";
import type { SendWindow } from "./policies.js";

/** Where and when a message may be sent. */
export interface SendWindowOptions {
  /** The customer's IANA time zone. */
  readonly timeZone: string;
  /** The allowed hours on the customer's clock. */
  readonly window: SendWindow;
}

/**
 * The earliest moment at or after `instant` inside the send window on the customer's clock: the
 * instant itself when it is inside, the window's opening the same day when it is too early, and the
 * next day's opening when it is too late. Nothing goes out in the middle of the night.
 *
 * @returns the ISO 8601 instant
 * @example
 * ```ts
 * const options = { timeZone: "America/New_York", window: { opens: "08:00", closes: "21:00" } };
 * earliestSendTime("2026-07-01T10:30:00Z", options); // "2026-07-01T12:00:00.000Z" (06:30 EDT → 08:00)
 * earliestSendTime("2026-07-01T15:00:00Z", options); // "2026-07-01T15:00:00.000Z" (11:00 EDT, inside)
 * earliestSendTime("2026-07-02T01:30:00Z", options); // "2026-07-02T12:00:00.000Z" (21:30 EDT → next morning)
 * ```
 */
export function earliestSendTime(instant: Instant, options: SendWindowOptions): string {
  return iso(earliestSendMs(millis(instant, ["instant"]), options));
}

/** {@link earliestSendTime} in epoch milliseconds, for the timeline's hot path (no ISO round trip). @internal */
export function earliestSendMs(ms: number, options: SendWindowOptions): number {
  const { timeZone, window } = options;
  const date = localDate(ms, timeZone);
  const opens = localInstant(date, window.opens, timeZone);
  if (ms < opens) return opens;
  if (ms < localInstant(date, window.closes, timeZone)) return ms;
  return localInstant(addDays(date, 1), window.opens, timeZone);
}

/**
 * Whether an instant falls inside the send window on the customer's clock.
 *
 * @example
 * ```ts
 * const options = { timeZone: "Asia/Tokyo", window: { opens: "08:00", closes: "21:00" } };
 * isWithinSendWindow("2026-07-01T00:00:00Z", options); // true (09:00 in Tokyo)
 * isWithinSendWindow("2026-07-01T13:00:00Z", options); // false (22:00 in Tokyo)
 * ```
 */
export function isWithinSendWindow(instant: Instant, options: SendWindowOptions): boolean {
  const ms = millis(instant, ["instant"]);
  const { timeZone, window } = options;
  const date = localDate(ms, timeZone);
  return localInstant(date, window.opens, timeZone) <= ms && ms < localInstant(date, window.closes, timeZone);
}
