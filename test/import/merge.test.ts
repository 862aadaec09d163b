import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deepEqual } from "../../src/import/merge.js";

/** The plain definition: equal values, or arrays equal item by item, or objects equal on their defined keys. */
function reference(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => reference(x, (b as unknown[])[i]));
  const defined = (o: object): string[] => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined).sort();
  const ka = defined(a);
  const kb = defined(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && reference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

// Small values from a few keys, so that equal and nearly equal pairs come up often.
const leaf = fc.constantFrom<unknown>(undefined, null, 0, 1, "", "a", true, false);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("a", "b", "c"), tie("value"), { maxKeys: 3 })),
}));

describe("deepEqual", () => {
  it("agrees with the plain definition (keys whose value is undefined do not count)", () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(deepEqual(a, b)).toBe(reference(a, b));
        expect(deepEqual(a, structuredClone(a))).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, c: 2 })).toBe(false);
    expect(deepEqual([1, { x: [2] }], [1, { x: [3] }])).toBe(false);
  });
});
