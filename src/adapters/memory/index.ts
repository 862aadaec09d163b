/**
 * In-memory reference adapters (`rmr-billing/memory`): real, complete implementations of the
 * ports, used by tests, examples and the demo.
 *
 * @module
 */
export { createFixedClock, createManualClock, type ManualClock } from "./clock.js";
export { createMemorySequence } from "./sequence.js";
