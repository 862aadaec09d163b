import { isCalendarDate } from "../calendar/index.js";
import { ErrorCodes, IssueCollector } from "../errors/index.js";
import { isCurrencyCode, ROUNDING_MODES } from "../money/index.js";
import type { TaxCategory, TaxRequest } from "./types.js";

const LEVELS: readonly string[] = ["line", "invoice"];
const INCLUSIVE: readonly string[] = ["tax", "net"];

/**
 * Checks a tax request before any tax is computed: a known currency shared by every line, a
 * rounding policy with known options, real tax dates, categories the provider knows, and
 * exemptions with a certificate id and a real expiry date.
 *
 * @throws {@link ValidationError} listing every problem, with paths such as `lines[2].taxDate`
 * @internal
 */
export function validateTaxRequest(request: TaxRequest, knowsCategory: (category: TaxCategory) => boolean): void {
  const issues = new IssueCollector();
  const { currency, rounding } = request;
  if (!isCurrencyCode(currency)) {
    issues.add(["currency"], ErrorCodes.unknownCurrency, `unknown currency ${JSON.stringify(currency)}: expected an ISO 4217 code such as "USD"`);
  }
  if (!LEVELS.includes(rounding.level)) {
    issues.add(["rounding", "level"], ErrorCodes.invalidOption, `expected "line" or "invoice", got ${JSON.stringify(rounding.level)}`);
  }
  if (!(ROUNDING_MODES as readonly string[]).includes(rounding.mode)) {
    issues.add(["rounding", "mode"], ErrorCodes.invalidOption, `expected one of ${ROUNDING_MODES.join(", ")}, got ${JSON.stringify(rounding.mode)}`);
  }
  if (!INCLUSIVE.includes(rounding.inclusive)) {
    issues.add(["rounding", "inclusive"], ErrorCodes.invalidOption, `expected "tax" or "net", got ${JSON.stringify(rounding.inclusive)}`);
  }
  request.lines.forEach((line, index) => {
    if (line.amount.currency !== currency) {
      issues.add(["lines", index, "amount", "currency"], ErrorCodes.currencyMismatch, `line ${JSON.stringify(line.lineId)} is in ${line.amount.currency} but the invoice is in ${currency}`);
    }
    if (!isCalendarDate(line.taxDate)) {
      issues.add(["lines", index, "taxDate"], ErrorCodes.invalidDate, `expected a tax date "YYYY-MM-DD", got ${JSON.stringify(line.taxDate)}`);
    }
    if (!knowsCategory(line.category)) {
      issues.add(["lines", index, "category"], ErrorCodes.unknownTaxCategory, `tax category ${JSON.stringify(line.category)} is not known to this tax provider`);
    }
  });
  request.exemptions.forEach((exemption, index) => {
    if (typeof exemption.certificateId !== "string" || exemption.certificateId.trim() === "") {
      issues.add(["exemptions", index, "certificateId"], ErrorCodes.invalidValue, "an exemption needs the id of its certificate");
    }
    if (exemption.expires !== undefined && !isCalendarDate(exemption.expires)) {
      issues.add(["exemptions", index, "expires"], ErrorCodes.invalidDate, `expected an expiry date "YYYY-MM-DD", got ${JSON.stringify(exemption.expires)}`);
    }
  });
  issues.throwIfAny();
}
