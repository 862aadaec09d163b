import { parseInstant } from "../../calendar/index.js";
import { ErrorCodes, fail } from "../../errors/index.js";
import type { Clock } from "../../ports/index.js";

/** A {@link Clock} whose time only moves when told to. */
export interface ManualClock extends Clock {
  /** Sets the current instant: an ISO 8601 string with "Z" or an offset. */
  set(instant: string): void;
  /** Moves the clock forward (or back, if negative) by milliseconds. */
  advanceBy(milliseconds: number): void;
  /** Moves the clock forward by whole days (24-hour steps). */
  advanceDays(days: number): void;
}

function toMillis(instant: string): number {
  // An instant string needs "Z" or an offset: without one it would be read in the process's zone.
  if (typeof instant !== "string") fail(["instant"], ErrorCodes.invalidInstant, 'expected an ISO 8601 instant string with "Z" or an offset, e.g. "2027-01-01T09:00:00Z"');
  return parseInstant(instant);
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A clock that always returns the same instant, as an ISO 8601 string in UTC.
 *
 * @example
 * ```ts
 * const clock = createFixedClock("2027-01-01T09:00:00Z");
 * clock.now(); // "2027-01-01T09:00:00.000Z"
 * ```
 */
export function createFixedClock(instant: string): Clock {
  const at = iso(toMillis(instant));
  return { now: () => at };
}

/**
 * A clock moved by hand: the way integration tests and simulations walk a portfolio day by day.
 *
 * @example
 * ```ts
 * const clock = createManualClock("2027-01-01T09:00:00Z");
 * clock.advanceDays(5);
 * clock.now(); // "2027-01-06T09:00:00.000Z"
 * ```
 */
export function createManualClock(start: string): ManualClock {
  let at = toMillis(start);
  // The reading as text, written once per move of the clock (the engine reads it often).
  let text: string | undefined;
  return {
    now: () => (text ??= iso(at)),
    set: (instant) => {
      at = toMillis(instant);
      text = undefined;
    },
    advanceBy: (milliseconds) => {
      if (!Number.isFinite(milliseconds)) fail(["milliseconds"], ErrorCodes.invalidType, "expected a finite number of milliseconds");
      at += milliseconds;
      text = undefined;
    },
    advanceDays: (days) => {
      if (!Number.isInteger(days)) fail(["days"], ErrorCodes.invalidType, "expected a whole number of days");
      at += days * 86_400_000;
      text = undefined;
    },
  };
}
