import { isCalendarDate, type CalendarDate } from "../../calendar/index.js";
import type { Contract, OneTimeLine, Site } from "../../contract/index.js";
import { ErrorCodes, IssueCollector } from "../../errors/index.js";
import { toDecimalString, type Money, type RoundingMode } from "../../money/index.js";
import type { TaxProvider } from "../../tax/index.js";
import { idPart, type Charge } from "./types.js";

/** The contract line id of a late-fee line on an invoice (`line.lineId`). */
export const LATE_FEE_LINE_ID = "late-fee";

/** The tax category of a late fee unless it says otherwise: not taxed in most US states. */
export const DEFAULT_LATE_FEE_TAX_CATEGORY = "late-fee";

/**
 * A late fee to bill — what the timeline's `lateFee` action assessed (`action.fee`), under a stable
 * id (the action's key), so it is billed once: given the issued invoices, a fee already on one of
 * them is never billed again.
 */
export interface AssessedLateFee {
  /** Stable id of the fee, e.g. the timeline action key `"lateFee:INV-2027-000123:1"`. */
  readonly id: string;
  /** The overdue invoice the fee is charged on. */
  readonly invoiceNumber: string;
  /** The day it was assessed (its tax point), in the customer's calendar. */
  readonly date: CalendarDate;
  /** The fee, before tax. */
  readonly amount: Money;
  /** How it was computed, in words (the timeline's `fee.explanation`). */
  readonly explanation: string;
  /** Tax category; default {@link DEFAULT_LATE_FEE_TAX_CATEGORY}. */
  readonly taxCategory?: string;
}

/**
 * The id of the invoice line that bills a late fee (on the first site of the invoice's contract):
 * stable, so a later computation recognises the fee as billed.
 *
 * @example
 * ```ts
 * lateFeeLineId({ id: "lateFee:INV-1:1" }, { siteIds: ["S-1"] }); // "S-1/late-fee/lateFee:INV-1:1"
 * ```
 */
export function lateFeeLineId(fee: Pick<AssessedLateFee, "id">, on: { readonly siteIds: readonly string[] }): string {
  return `${idPart(on.siteIds[0] ?? "")}/${LATE_FEE_LINE_ID}/${idPart(fee.id)}`;
}

/**
 * Every problem with the late fees given, at once: a fee in another currency, not above zero, on
 * a bad day, twice under one id, or of a tax category the provider does not know. @internal
 */
export function checkLateFees(contract: Contract, fees: readonly AssessedLateFee[], tax: TaxProvider | undefined, path: readonly (string | number)[] = ["lateFees"], issues: IssueCollector = new IssueCollector()): void {
  const seen = new Set<string>();
  fees.forEach((fee, i) => {
    const at = [...path, i];
    if (typeof fee.id !== "string" || fee.id === "") issues.add([...at, "id"], ErrorCodes.invalidValue, "a late fee needs a stable id (the timeline action's key)");
    else if (seen.has(fee.id)) issues.add([...at, "id"], ErrorCodes.invalidValue, `late fee "${fee.id}" is given twice`);
    seen.add(fee.id);
    if (!isCalendarDate(fee.date)) issues.add([...at, "date"], ErrorCodes.invalidDate, `expected a day "YYYY-MM-DD", got ${JSON.stringify(fee.date)}`);
    if (fee.amount.currency !== contract.billing.currency) issues.add([...at, "amount", "currency"], ErrorCodes.currencyMismatch, `the contract bills in ${contract.billing.currency}, not ${fee.amount.currency}`);
    if (!Number.isSafeInteger(fee.amount.minor) || fee.amount.minor <= 0) issues.add([...at, "amount"], ErrorCodes.tooSmall, `a late fee must be above zero, got ${toDecimalString(fee.amount)}`);
    const category = fee.taxCategory ?? DEFAULT_LATE_FEE_TAX_CATEGORY;
    if (tax !== undefined && !tax.knowsCategory(category)) {
      issues.add([...at, "taxCategory"], ErrorCodes.notBillable, `tax category "${category}" is unknown to the tax provider "${tax.name}": refusing to bill the late fee untaxed`);
    }
  });
  issues.throwIfAny();
}

/**
 * The late fees not billed yet as charges of the contract's first site: one `"fee"` line each,
 * never discounted, taxed on the day it was assessed, explained by the timeline's words. @internal
 */
export function lateFeeCharges(contract: Contract, fees: readonly AssessedLateFee[], billed: ReadonlySet<string>, mode: RoundingMode): Charge[] {
  const site = contract.sites[0] as Site;
  const charges: Charge[] = [];
  for (const fee of fees) {
    const id = lateFeeLineId(fee, { siteIds: [site.id] });
    if (billed.has(id)) continue;
    const line = {
      kind: "oneTime",
      id: LATE_FEE_LINE_ID,
      description: "Late fee",
      amount: toDecimalString(fee.amount),
      quantity: 1,
      date: fee.date,
      taxCategory: fee.taxCategory ?? DEFAULT_LATE_FEE_TAX_CATEGORY,
    } as OneTimeLine;
    charges.push({
      id,
      line,
      site,
      kind: "fee",
      description: `Late fee on invoice ${fee.invoiceNumber} (assessed ${fee.date})`,
      servicePeriod: undefined,
      date: fee.date,
      quantity: 1,
      unitPrice: undefined,
      amount: fee.amount,
      taxDate: fee.date,
      explanation: {
        price: fee.explanation,
        priceSource: "late-fee policy",
        cycleMonths: 1,
        fraction: "1",
        proration: `charged once, on ${fee.date}`,
        escalator: undefined,
        seasonal: undefined,
        discounts: [],
        taxes: [],
        rounding: mode,
        unrounded: toDecimalString(fee.amount),
        rounded: toDecimalString(fee.amount),
      },
    });
  }
  return charges;
}
