import { isDecimal } from "../money/index.js";

/**
 * Replaces every `Decimal` inside plain data by its decimal string, so a contract built by code
 * that holds `Decimal`s validates like its JSON. Returns the input itself when there is none.
 */
export function decimalsToStrings(input: unknown): unknown {
  if (isDecimal(input)) return input.isFinite() ? input.toFixed() : input.toString();
  if (Array.isArray(input)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < input.length; i++) {
      const item: unknown = input[i];
      const next = decimalsToStrings(item);
      if (next !== item) (copy ??= input.slice())[i] = next;
    }
    return copy ?? input;
  }
  if (typeof input === "object" && input !== null && Object.getPrototypeOf(input) === Object.prototype) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(input)) {
      const next = decimalsToStrings(value);
      if (next !== value) (copy ??= { ...(input as Record<string, unknown>) })[key] = next;
    }
    return copy ?? input;
  }
  return input;
}

