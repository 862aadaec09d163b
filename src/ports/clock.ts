/**
 * The clock port: the engine's only source of "now". The pure core never reads the clock; it is
 * handed dates. Swapping the clock is how tests, simulations and replays move time.
 *
 * Unlike the storage ports, reading the time has no I/O, so `now()` is synchronous.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}
