import { currencyExponent } from "./currencies.js";
import { toDecimalString, type Money } from "./money.js";

/** Options for {@link formatMoney}. */
export interface FormatMoneyOptions {
  /** BCP 47 locale such as `"en-US"` or `"fr-CA"`. Defaults to `"en-US"`. */
  readonly locale?: string;
  /** How the currency is shown: `"symbol"` (default, `$`), `"narrowSymbol"`, `"code"` (`USD`) or `"name"`. */
  readonly currencyDisplay?: "symbol" | "narrowSymbol" | "code" | "name";
}

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Formats money for display with Intl, always showing exactly the currency's minor-unit places.
 *
 * Display only: the amount is handed to Intl as a decimal string (never a float), and nothing here
 * feeds back into arithmetic.
 *
 * @example
 * ```ts
 * formatMoney(money("1234.5", "USD"));                     // "$1,234.50"
 * formatMoney(money("1234.5", "EUR"), { locale: "de-DE" }); // "1.234,50 €"
 * ```
 */
export function formatMoney(value: Money, options: FormatMoneyOptions = {}): string {
  const locale = options.locale ?? "en-US";
  const display = options.currencyDisplay ?? "symbol";
  const key = `${locale}|${value.currency}|${display}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    const places = currencyExponent(value.currency);
    formatter = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: value.currency,
      currencyDisplay: display,
      minimumFractionDigits: places,
      maximumFractionDigits: places,
    });
    formatters.set(key, formatter);
  }
  // Intl.NumberFormat accepts exact decimal strings (ECMA-402 "Intl.NumberFormat v3").
  return formatter.format(toDecimalString(value) as unknown as number);
}
