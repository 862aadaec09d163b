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
  let checkedAddress: unknown;
  request.lines.forEach((line, index) => {
    // Lines of one site share their address object: check each object once.
    if (line.address !== checkedAddress) {
      checkAddress(issues, index, line.address);
      checkedAddress = line.address;
    }
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

const ADDRESS_FIELDS = ["state", "county", "city", "postalCode"] as const;

/** A line's address: an object with a country and, for each other field, text or nothing. */
function checkAddress(issues: IssueCollector, index: number, address: unknown): void {
  if (typeof address !== "object" || address === null) {
    issues.add(["lines", index, "address"], ErrorCodes.invalidType, `expected an address object, got ${address === null ? "null" : typeof address}`);
    return;
  }
  const fields = address as Record<string, unknown>;
  if (typeof fields["country"] !== "string" || fields["country"].trim() === "") {
    issues.add(["lines", index, "address", "country"], ErrorCodes.invalidType, `expected a country code such as "US", got ${JSON.stringify(fields["country"]) ?? "nothing"}`);
  }
  for (const field of ADDRESS_FIELDS) {
    const value = fields[field];
    if (value !== undefined && typeof value !== "string") {
      issues.add(["lines", index, "address", field], ErrorCodes.invalidType, `expected text or nothing (leave it out), got ${JSON.stringify(value)}`);
    }
  }
}
