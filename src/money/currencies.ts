import { ErrorCodes, fail, type IssuePath } from "../errors/index.js";

/**
 * Minor-unit exponents of ISO 4217 currencies, pinned in the package (ISO 4217 amendment 179,
 * 2025) so results never depend on the runtime's Intl data. Codes not listed use 2.
 */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

const ISO_4217_CODES =
  "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP " +
  "BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR " +
  "FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES " +
  "KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR " +
  "MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF " +
  "SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS " +
  "UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";

const EXPONENTS: ReadonlyMap<string, number> = new Map(
  ISO_4217_CODES.split(" ").map((code) => [code, EXPONENT_EXCEPTIONS[code] ?? 2]),
);

/** An ISO 4217 currency and the number of decimal places of its minor unit. */
export interface Currency {
  /** Three-letter ISO 4217 code, upper case, e.g. `"USD"`. */
  readonly code: string;
  /** Decimal places of the minor unit: 2 for USD (cents), 0 for JPY, 3 for KWD. */
  readonly exponent: number;
}

/**
 * Every currency in the pinned ISO 4217 table.
 *
 * @example
 * ```ts
 * listCurrencies().find((c) => c.code === "KWD"); // { code: "KWD", exponent: 3 }
 * ```
 */
export function listCurrencies(): readonly Currency[] {
  return [...EXPONENTS].map(([code, exponent]) => ({ code, exponent }));
}

/**
 * Whether `code` is a currency of the pinned ISO 4217 table (exact, upper-case match).
 *
 * @example
 * ```ts
 * isCurrencyCode("USD"); // true
 * isCurrencyCode("usd"); // false
 * ```
 */
export function isCurrencyCode(code: string): boolean {
  return EXPONENTS.has(code);
}

/** The exponent of a known currency, or undefined. @internal */
export function knownExponent(code: string): number | undefined {
  return EXPONENTS.get(code);
}

const CURRENCY_PATH: IssuePath = Object.freeze(["currency"]);

/**
 * The currency's minor-unit exponent.
 *
 * @param code - ISO 4217 code such as `"USD"`
 * @param path - where the code came from, for the error message
 * @throws {@link ValidationError} with code `unknown_currency` for a code not in the table
 * @example
 * ```ts
 * currencyExponent("JPY"); // 0
 * currencyExponent("BHD"); // 3
 * ```
 */
export function currencyExponent(code: string, path: IssuePath = CURRENCY_PATH): number {
  const exponent = EXPONENTS.get(code);
  if (exponent === undefined) {
    fail(path, ErrorCodes.unknownCurrency, `unknown currency ${JSON.stringify(code)}: expected an ISO 4217 code such as "USD"`);
  }
  return exponent;
}
