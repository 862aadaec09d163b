import { CurrencyMismatchError, ErrorCodes, fail, IssueCollector, type IssuePath } from "../errors/index.js";
import { currencyExponent, isCurrencyCode, knownExponent } from "./currencies.js";
import { formatDecimal, tryParseDecimal } from "./decimal.js";
import { decimalText, isDecimal, type Decimal } from "./decimalJs.js";
import { big, cmp, mul, narrow, pow10, type Int } from "./integer.js";

/** The path of a value given directly (not inside an input object). */
const ROOT: IssuePath = Object.freeze([]);

/**
 * An amount of money: plain, immutable data.
 *
 * `minor` is the amount in the currency's minor unit (cents for USD, yen for JPY, fils for KWD),
 * always a safe integer. A Money value is always exactly representable in its currency; amounts
 * finer than the minor unit (a unit price of 0.0125, a prorated charge) live in {@link ExactMoney}
 * until they are explicitly rounded.
 *
 * Serialized form is a decimal string: see {@link toDecimalString} and {@link serializeMoney}.
 */
export interface Money {
  /** Amount in minor units (e.g. 12999 for USD 129.99). A safe integer. */
  readonly minor: number;
  /** ISO 4217 code, e.g. `"USD"`. */
  readonly currency: string;
}

/** Money in serialized form: a decimal string amount and a currency code, e.g. `{ amount: "129.99", currency: "USD" }`. */
export interface MoneyJson {
  /** Decimal string in major units with exactly the currency's minor-unit places, e.g. `"129.99"`. */
  readonly amount: string;
  /** ISO 4217 code. */
  readonly currency: string;
}

const outOfRange = (path: IssuePath): never =>
  fail(path, ErrorCodes.outOfRange, `amount is too large to represent exactly (more than ${Number.MAX_SAFE_INTEGER} minor units)`);

/** Builds Money from minor units already known to be valid. @internal */
export function unsafeMoney(minor: number, currency: string): Money {
  return { minor: minor === 0 ? 0 : minor, currency };
}

/**
 * Creates money from a decimal string or an integer in major units.
 *
 * - `money("129.99", "USD")` is USD 129.99; `money("5", "USD")` and `money(5, "USD")` are USD 5.00.
 * - A string may not be finer than the currency's minor unit (`"0.125"` is refused for USD rather
 *   than silently rounded — use {@link ratio} and {@link multiply} for finer prices); trailing
 *   zeros are fine (`"1.000"` is USD 1.00).
 * - A JavaScript number with a fractional part is refused: floats never enter.
 *
 * @param amount - decimal string (`"129.99"`, `"-5.00"`), integer (number or bigint) in major units,
 *   or a decimal.js `Decimal` (`new Decimal("129.99")`), held to the same rules as its string
 * @param currency - ISO 4217 code from the pinned table
 * @throws {@link ValidationError} listing every problem (bad amount and bad currency together)
 * @example
 * ```ts
 * money("129.99", "USD"); // { minor: 12999, currency: "USD" }
 * money(1500, "JPY");     // { minor: 1500, currency: "JPY" }
 * ```
 */
export function money(amount: string | number | bigint | Decimal, currency: string, path: IssuePath = ROOT): Money {
  if (typeof amount === "object" && isDecimal(amount)) amount = decimalText(amount, [...path, "amount"]);
  // Fast path: a valid currency and an integer or a decimal no finer than the minor unit.
  const fastExponent = typeof currency === "string" ? knownExponent(currency) : undefined;
  if (fastExponent !== undefined) {
    if (typeof amount === "number" && Number.isSafeInteger(amount)) {
      const minor = amount * 10 ** fastExponent;
      if (Number.isSafeInteger(minor)) return unsafeMoney(minor, currency);
    } else if (typeof amount === "string") {
      const parsed = tryParseDecimal(amount);
      if (parsed !== undefined && typeof parsed.digits === "number" && parsed.scale <= fastExponent) {
        const minor = parsed.digits * 10 ** (fastExponent - parsed.scale);
        if (Number.isSafeInteger(minor)) return unsafeMoney(minor, currency);
      }
    }
  }
  const issues = new IssueCollector();
  let exponent = 0;
  if (typeof currency !== "string" || !isCurrencyCode(currency)) {
    issues.add([...path, "currency"], ErrorCodes.unknownCurrency, `unknown currency ${JSON.stringify(currency)}: expected an ISO 4217 code such as "USD"`);
  } else {
    exponent = currencyExponent(currency);
  }
  let minor: Int | undefined;
  const amountPath = [...path, "amount"];
  if (typeof amount === "string") {
    const parsed = tryParseDecimal(amount);
    if (parsed === undefined) {
      issues.add(amountPath, ErrorCodes.invalidDecimal, `expected a decimal string such as "129.99", got ${JSON.stringify(amount)}`);
    } else {
      const { digits, scale } = parsed;
      if (issues.ok) {
        if (scale <= exponent) {
          minor = mul(digits, pow10(exponent - scale));
        } else {
          // Trailing zeros beyond the minor unit ("1.000" USD) change nothing; other digits would be rounding.
          const excess = pow10(scale - exponent);
          const exactQuotient = typeof digits === "number" && typeof excess === "number" ? digits % excess === 0 : big(digits) % big(excess) === 0n;
          if (exactQuotient) {
            minor = typeof digits === "number" && typeof excess === "number" ? digits / excess : narrow(big(digits) / big(excess));
          } else {
            issues.add(amountPath, ErrorCodes.tooPrecise, `${JSON.stringify(amount)} has ${scale} decimal places but ${currency} allows ${exponent}; round it first or use ratio() and multiply() for finer prices`);
          }
        }
      }
    }
  } else if (typeof amount === "number") {
    if (!Number.isFinite(amount) || !Number.isInteger(amount)) {
      issues.add(amountPath, ErrorCodes.floatAmount, `the number ${amount} is not an integer: pass money as a decimal string such as "${String(amount)}"`);
    } else if (!Number.isSafeInteger(amount)) {
      issues.add(amountPath, ErrorCodes.outOfRange, `the number ${amount} is beyond the safe-integer range: pass it as a decimal string`);
    } else if (issues.ok) {
      minor = mul(amount, pow10(exponent));
    }
  } else if (typeof amount === "bigint") {
    if (issues.ok) minor = mul(amount, pow10(exponent));
  } else {
    issues.add(amountPath, ErrorCodes.invalidType, `expected a decimal string or an integer, got ${typeof amount}`);
  }
  issues.throwIfAny();
  if (typeof minor !== "number") return outOfRange(amountPath);
  return unsafeMoney(minor, currency);
}

/**
 * Creates money from an integer number of minor units (cents for USD).
 *
 * @throws {@link ValidationError} for a non-integer, an unsafe integer, or an unknown currency
 * @example
 * ```ts
 * fromMinorUnits(12999, "USD"); // USD 129.99
 * ```
 */
export function fromMinorUnits(minor: number | bigint, currency: string, path: IssuePath = ROOT): Money {
  if (typeof minor === "number" && Number.isSafeInteger(minor) && isCurrencyCode(currency)) return unsafeMoney(minor, currency);
  const issues = new IssueCollector();
  if (!isCurrencyCode(currency)) {
    issues.add([...path, "currency"], ErrorCodes.unknownCurrency, `unknown currency ${JSON.stringify(currency)}: expected an ISO 4217 code such as "USD"`);
  }
  let value = 0;
  if (typeof minor === "bigint") {
    if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) {
      issues.add([...path, "minor"], ErrorCodes.outOfRange, `${minor} minor units is beyond the exact range`);
    } else value = Number(minor);
  } else if (!Number.isSafeInteger(minor)) {
    issues.add([...path, "minor"], Number.isInteger(minor) ? ErrorCodes.outOfRange : ErrorCodes.floatAmount, `minor units must be a safe integer, got ${minor}`);
  } else value = minor;
  issues.throwIfAny();
  return unsafeMoney(value, currency);
}

/**
 * Zero in a currency.
 *
 * @example
 * ```ts
 * zero("EUR"); // { minor: 0, currency: "EUR" }
 * ```
 */
export function zero(currency: string): Money {
  currencyExponent(currency);
  return unsafeMoney(0, currency);
}

/**
 * The amount as a decimal string with exactly the currency's minor-unit places.
 *
 * @example
 * ```ts
 * toDecimalString(money("5", "USD"));    // "5.00"
 * toDecimalString(money("1500", "JPY")); // "1500"
 * toDecimalString(money("-0.5", "KWD")); // "-0.500"
 * ```
 */
export function toDecimalString(value: Money): string {
  return formatDecimal(value.minor, currencyExponent(value.currency));
}

/**
 * Serialized form of money, for JSON and storage.
 *
 * @example
 * ```ts
 * serializeMoney(money("129.99", "USD")); // { amount: "129.99", currency: "USD" }
 * ```
 */
export function serializeMoney(value: Money): MoneyJson {
  return { amount: toDecimalString(value), currency: value.currency };
}

/**
 * Reads money from its serialized form, validating both fields.
 *
 * @throws {@link ValidationError} listing every problem with its path
 * @example
 * ```ts
 * parseMoney({ amount: "129.99", currency: "USD" }); // { minor: 12999, currency: "USD" }
 * ```
 */
export function parseMoney(input: unknown, path: IssuePath = ROOT): Money {
  if (typeof input !== "object" || input === null) {
    fail(path, ErrorCodes.invalidType, "expected an object { amount, currency }");
  }
  const record = input as Record<string, unknown>;
  const amount = record["amount"];
  const currency = record["currency"];
  if (typeof amount !== "string" && typeof amount !== "number" && typeof amount !== "bigint" && !isDecimal(amount)) {
    const issues = new IssueCollector();
    issues.add([...path, "amount"], ErrorCodes.invalidType, `expected a decimal string or a Decimal, got ${amount === undefined ? "nothing" : typeof amount}`);
    if (typeof currency !== "string" || !isCurrencyCode(currency)) {
      issues.add([...path, "currency"], ErrorCodes.unknownCurrency, `unknown currency ${JSON.stringify(currency)}: expected an ISO 4217 code such as "USD"`);
    }
    issues.throwIfAny();
  }
  return money(amount as string | Decimal, currency as string, path);
}

function check(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
}

function safe(value: number): number {
  if (!Number.isSafeInteger(value)) outOfRange([]);
  return value;
}

/**
 * `a + b`. Both must share a currency.
 *
 * @throws {@link CurrencyMismatchError} naming both currencies
 * @example
 * ```ts
 * add(money("10.10", "USD"), money("0.20", "USD")); // USD 10.30
 * ```
 */
export function add(a: Money, b: Money): Money {
  check(a, b);
  return unsafeMoney(safe(a.minor + b.minor), a.currency);
}

/**
 * `a − b`. Both must share a currency.
 *
 * @throws {@link CurrencyMismatchError} naming both currencies
 * @example
 * ```ts
 * subtract(money("10.00", "USD"), money("0.01", "USD")); // USD 9.99
 * ```
 */
export function subtract(a: Money, b: Money): Money {
  check(a, b);
  return unsafeMoney(safe(a.minor - b.minor), a.currency);
}

/**
 * `−a`.
 *
 * @example
 * ```ts
 * negate(money("5.00", "USD")); // USD -5.00
 * ```
 */
export function negate(a: Money): Money {
  return unsafeMoney(-a.minor, a.currency);
}

/**
 * The absolute value.
 *
 * @example
 * ```ts
 * absolute(money("-5.00", "USD")); // USD 5.00
 * ```
 */
export function absolute(a: Money): Money {
  return a.minor < 0 ? negate(a) : a;
}

/**
 * Sum of many amounts in one currency; zero for an empty list.
 *
 * @param values - the amounts
 * @param currency - the currency of the result, needed when `values` is empty
 * @throws {@link CurrencyMismatchError} if any amount is in another currency
 * @example
 * ```ts
 * sum([money("1.10", "USD"), money("2.20", "USD")], "USD"); // USD 3.30
 * ```
 */
export function sum(values: Iterable<Money>, currency: string): Money {
  currencyExponent(currency);
  let total = 0;
  for (const value of values) {
    if (value.currency !== currency) throw new CurrencyMismatchError(currency, value.currency);
    total = safe(total + value.minor);
  }
  return unsafeMoney(total, currency);
}

/**
 * Compares two amounts of one currency: −1, 0 or 1.
 *
 * @throws {@link CurrencyMismatchError} naming both currencies
 * @example
 * ```ts
 * compare(money("1.00", "USD"), money("2.00", "USD")); // -1
 * ```
 */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  check(a, b);
  return cmp(a.minor, b.minor);
}

/**
 * Whether two amounts are equal (same currency and same amount). Different currencies are
 * simply not equal.
 *
 * @example
 * ```ts
 * equals(money("1.0", "USD"), money("1.00", "USD")); // true
 * ```
 */
export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.minor === b.minor;
}

/**
 * Whether the amount is zero.
 *
 * @example
 * ```ts
 * isZero(money("0.00", "USD")); // true
 * ```
 */
export function isZero(a: Money): boolean {
  return a.minor === 0;
}

/**
 * Whether the amount is below zero (a credit).
 *
 * @example
 * ```ts
 * isNegative(money("-0.01", "USD")); // true
 * ```
 */
export function isNegative(a: Money): boolean {
  return a.minor < 0;
}

/**
 * The larger of two amounts in one currency.
 *
 * @example
 * ```ts
 * maximum(money("0.32", "USD"), money("5.00", "USD")); // USD 5.00
 * ```
 */
export function maximum(a: Money, b: Money): Money {
  return compare(a, b) >= 0 ? a : b;
}

/**
 * The smaller of two amounts in one currency.
 *
 * @example
 * ```ts
 * minimum(money("7.50", "USD"), money("5.00", "USD")); // USD 5.00
 * ```
 */
export function minimum(a: Money, b: Money): Money {
  return compare(a, b) <= 0 ? a : b;
}
