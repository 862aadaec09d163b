import { parseInstant } from "../../calendar/index.js";
import { ErrorCodes, fail } from "../../errors/index.js";
import type { Clock } from "../../ports/index.js";

/** A {@link Clock} whose time only moves when told to. */
export interface ManualClock extends Clock {
  /** Sets the current instant. */
  set(instant: Date | string): void;
  /** Moves the clock forward (or back, if negative) by milliseconds. */
  advanceBy(milliseconds: number): void;
  /** Moves the clock forward by whole days (24-hour steps). */
  advanceDays(days: number): void;
}

function toDate(instant: Date | string): Date {
  // An instant string needs "Z" or an offset: without one it would be read in the process's zone.
  return new Date(parseInstant(instant));
}

/**
 * A clock that always returns the same instant.
 *
 * @example
 * ```ts
 * const clock = createFixedClock("2027-01-01T09:00:00Z");
 * clock.now().toISOString(); // "2027-01-01T09:00:00.000Z"
 * ```
 */
export function createFixedClock(instant: Date | string): Clock {
  const at = toDate(instant);
  return { now: () => new Date(at.getTime()) };
}

/**
 * A clock moved by hand: the way integration tests and simulations walk a portfolio day by day.
 *
 * @example
 * ```ts
 * const clock = createManualClock("2027-01-01T09:00:00Z");
 * clock.advanceDays(5);
 * clock.now().toISOString(); // "2027-01-06T09:00:00.000Z"
 * ```
 */
export function createManualClock(start: Date | string): ManualClock {
  let at = toDate(start).getTime();
  return {
    now: () => new Date(at),
    set: (instant) => {
      at = toDate(instant).getTime();
    },
    advanceBy: (milliseconds) => {
      if (!Number.isFinite(milliseconds)) fail(["milliseconds"], ErrorCodes.invalidType, "expected a finite number of milliseconds");
      at += milliseconds;
    },
    advanceDays: (days) => {
      if (!Number.isInteger(days)) fail(["days"], ErrorCodes.invalidType, "expected a whole number of days");
      at += days * 86_400_000;
    },
  };
}
