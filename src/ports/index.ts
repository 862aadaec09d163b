/**
 * Ports: the small interfaces through which the engine reaches the outside world. Adapters
 * implement them; `rmr-billing/memory` ships the in-memory reference implementations.
 *
 * @module
 */
export type { Clock } from "./clock.js";
export type { Sequence } from "./sequence.js";
