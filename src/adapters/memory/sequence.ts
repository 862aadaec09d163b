import type { Sequence } from "../../ports/index.js";

/**
 * An in-memory {@link Sequence}: gap-free counters per key, safe for concurrent callers in one
 * process (each `next` is answered in call order).
 *
 * @example
 * ```ts
 * const sequence = createMemorySequence();
 * await sequence.next("RES-2027"); // 1
 * await sequence.next("RES-2027"); // 2
 * await sequence.next("COM-2027"); // 1
 * ```
 */
export function createMemorySequence(start: Readonly<Record<string, number>> = {}): Sequence {
  const counters = new Map<string, number>(Object.entries(start));
  return {
    next: async (key) => {
      const value = (counters.get(key) ?? 0) + 1;
      counters.set(key, value);
      return value;
    },
    peek: async (key) => counters.get(key) ?? 0,
  };
}
