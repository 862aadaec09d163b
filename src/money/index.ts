/**
 * Exact money: amounts in ISO 4217 minor units, exact ratios, named rounding modes and
 * allocation that never loses a cent.
 *
 * @module
 */
export { allocate, apportion } from "./allocate.js";
export { currencyExponent, isCurrencyCode, listCurrencies, type Currency } from "./currencies.js";
export {
  addExact,
  divide,
  exact,
  exactToDecimalString,
  exactToRatio,
  exactMoney,
  exactToString,
  multiply,
  round,
  type ExactMoney,
} from "./exact.js";
export { isDecimal, type Decimal } from "./decimalJs.js";
export { toDecimal } from "./toDecimal.js";
export { formatMoney, type FormatMoneyOptions } from "./format.js";
export {
  absolute,
  add,
  compare,
  equals,
  fromMinorUnits,
  isNegative,
  isZero,
  maximum,
  minimum,
  money,
  negate,
  parseMoney,
  serializeMoney,
  subtract,
  sum,
  toDecimalString,
  zero,
  type Money,
  type MoneyJson,
} from "./money.js";
export { compareRatios, ratio, ratioToString, type Ratio, type RatioInput } from "./ratio.js";
export { parseRoundingMode, ROUNDING_MODES, type RoundingMode } from "./rounding.js";
export { isPercent, percentToRatio, ratioToPercent, type Percent } from "./percent.js";
