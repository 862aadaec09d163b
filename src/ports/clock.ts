/**
 * The clock port: the engine's only source of "now". The pure core never reads the clock; it is
 * handed dates. Swapping the clock is how tests, simulations and replays move time.
 *
 * Like every instant in rmr-billing's API, "now" is an ISO 8601 string with an offset — never a
 * `Date`, which callers could mutate and which prints differently in every process. Reading the
 * time has no I/O, so `now()` is synchronous.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => new Date().toISOString() };
 * nextActions(facts, clock.now());
 * ```
 */
export interface Clock {
  /** The current instant as an ISO 8601 string in UTC, e.g. `"2027-01-05T09:00:00.000Z"`. */
  now(): string;
}
