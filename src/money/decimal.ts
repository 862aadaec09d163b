/**
 * Reading and writing decimal strings without floating point.
 *
 * @internal
 * @module
 */
import { ErrorCodes, fail, type IssuePath } from "../errors/index.js";
import { narrow, type Int } from "./integer.js";

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
  const parsed = tryParseDecimal(text);
  if (parsed === undefined) return invalid(text, path);
  return parsed;
}

/** Like {@link parseDecimal} but returns undefined for malformed text. */
export function tryParseDecimal(text: string): ParsedDecimal | undefined {
  // Hand-rolled rather than a regular expression: every price of every contract goes through here.
  const length = typeof text === "string" ? text.length : 0;
  const negative = length > 0 && text.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  let digits = 0;
  let count = 0;
  let scale = -1;
  for (; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46 && scale < 0 && count > 0) {
      scale = 0;
      continue;
    }
    const digit = code - 48;
    if (digit < 0 || digit > 9) return undefined;
    digits = digits * 10 + digit;
    count++;
    if (scale >= 0) scale++;
  }
  if (count === 0 || scale === 0) return undefined;
  if (count > 15) {
    // Too many digits for a float to hold exactly: redo it with bigint.
    const all = BigInt(text.replace(".", ""));
    return { digits: narrow(all), scale: scale < 0 ? 0 : scale };
  }
  return { digits: negative && digits !== 0 ? -digits : digits, scale: scale < 0 ? 0 : scale };
}

function invalid(text: string, path: IssuePath): never {
  return fail(path, ErrorCodes.invalidDecimal, `expected a decimal string such as "129.99", got ${JSON.stringify(text)}`);
}

/** Writes `digits / 10^scale` as a decimal string with exactly `scale` places. */
export function formatDecimal(digits: Int, scale: number): string {
  // Invoices print the same small amounts over and over (prices, taxes, totals under 1,000.00):
  // each is written once and reused.
  if (scale === 2 && typeof digits === "number" && digits >= 0 && digits < CENTS_CACHED) {
    let text = cents[digits];
    if (text === undefined) {
      text = writeDecimal(digits, 2);
      cents[digits] = text;
    }
    return text;
  }
  return writeDecimal(digits, scale);
}

const CENTS_CACHED = 100_000;
const cents: (string | undefined)[] = new Array<string | undefined>(CENTS_CACHED);

function writeDecimal(digits: Int, scale: number): string {
  const negative = typeof digits === "number" ? digits < 0 : digits < 0n;
  let text = (negative ? -digits : digits).toString();
  if (scale > 0) {
    if (text.length <= scale) text = "0".repeat(scale - text.length + 1) + text;
    text = `${text.slice(0, text.length - scale)}.${text.slice(text.length - scale)}`;
  }
  return negative ? `-${text}` : text;
}

/** 10^0 … 10^15, all exact in a double. */
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * For a denominator in plain numbers: the number of decimal places of n/d when its expansion
 * terminates within 15 places (d has no prime factor but 2 and 5), otherwise −1.
 */
export function decimalScale(denominator: number): number {
  let d = denominator;
  let twos = 0;
  let fives = 0;
  while (d % 2 === 0) {
    d /= 2;
    twos++;
  }
  while (d % 5 === 0) {
    d /= 5;
    fives++;
  }
  const scale = twos > fives ? twos : fives;
  return d !== 1 || scale > 15 ? -1 : scale;
}

/**
 * The digits of n/d at `scale` places (n/d = digits / 10^scale), for a `scale` from
 * {@link decimalScale}; NaN when they are beyond the safe-integer range.
 */
export function scaledDigits(numerator: number, denominator: number, scale: number): number {
  const digits = numerator * ((POWERS_OF_TEN[scale] as number) / denominator);
  return Number.isSafeInteger(digits) ? digits : Number.NaN;
}

