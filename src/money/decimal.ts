/**
 * Reading and writing decimal strings without floating point.
 *
 * @internal
 * @module
 */
import { ErrorCodes, fail, type IssuePath } from "../errors/index.js";
import { narrow, type Int } from "./integer.js";

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal string split into an integer of digits and its scale: value = digits / 10^scale. @internal */
export interface ParsedDecimal {
  readonly digits: Int;
  readonly scale: number;
}

/**
 * Parses `"-12.50"` into `{ digits: -1250, scale: 2 }`. Accepts an optional leading minus, digits, and
 * an optional fraction. Rejects exponents, separators, spaces, `+`, and empty parts.
 */
export function parseDecimal(text: string, path: IssuePath): ParsedDecimal {
  const match = DECIMAL.exec(text);
  if (match === null) {
    fail(path, ErrorCodes.invalidDecimal, `expected a decimal string such as "129.99", got ${JSON.stringify(text)}`);
  }
  const negative = match[1] === "-";
  const whole = match[2] ?? "0";
  const fraction = match[3] ?? "";
  const all = whole + fraction;
  let digits: Int;
  if (all.length <= 15) {
    const value = Number(all);
    digits = negative && value !== 0 ? -value : value;
  } else {
    const value = BigInt(all);
    digits = narrow(negative ? -value : value);
  }
  return { digits, scale: fraction.length };
}

/** Writes `digits / 10^scale` as a decimal string with exactly `scale` places. */
export function formatDecimal(digits: Int, scale: number): string {
  const negative = typeof digits === "number" ? digits < 0 : digits < 0n;
  let text = (negative ? -digits : digits).toString();
  if (scale > 0) {
    if (text.length <= scale) text = "0".repeat(scale - text.length + 1) + text;
    text = `${text.slice(0, text.length - scale)}.${text.slice(text.length - scale)}`;
  }
  return negative ? `-${text}` : text;
}
