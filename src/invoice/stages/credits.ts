import type { Contract, OneTimeLine, Site } from "../../contract/index.js";
import { fromMinorUnits, toDecimalString, type Money } from "../../money/index.js";
import { NO_TEXT, idPart, type Charge } from "./types.js";

/** The line id of an account credit applied to an invoice. */
export const ACCOUNT_CREDIT_LINE_ID = "account-credit";

/**
 * The credits stage: the account's credit balance (an overpayment, a refund kept on account)
 * applied to an invoice as one explained line, up to the invoice's total — never making it
 * negative, never taxed (it is money already received, not a price). Undefined when there is
 * nothing to apply. @internal
 */
export function accountCreditCharge(contract: Contract, site: Site, available: Money, invoiceTotal: Money, date: string): Charge | undefined {
  const minor = Math.min(available.minor, invoiceTotal.minor);
  if (minor <= 0) return undefined;
  const currency = contract.billing.currency;
  const amount = fromMinorUnits(-minor, currency);
  const line = { kind: "oneTime", id: ACCOUNT_CREDIT_LINE_ID, description: "Account credit applied", amount: toDecimalString(fromMinorUnits(minor, currency)), quantity: 1, date, taxCategory: "account-credit" } as OneTimeLine;
  const partial = minor < available.minor;
  return {
    id: `${idPart(site.id)}/${ACCOUNT_CREDIT_LINE_ID}/${date}`,
    line,
    site,
    kind: "accountCredit",
    description: "Account credit applied",
    servicePeriod: undefined,
    date,
    quantity: 1,
    unitPrice: undefined,
    amount,
    reversal: { taxes: [] },
    explanation: {
      price: `credit balance ${toDecimalString(available)} on the account`,
      priceSource: "account credit (overpayments and credits kept on account)",
      cycleMonths: 1,
      fraction: "1",
      proration: partial
        ? `applied up to the invoice total ${toDecimalString(invoiceTotal)}; ${toDecimalString(fromMinorUnits(available.minor - minor, currency))} stays on the account`
        : `the whole balance applied (the invoice total is ${toDecimalString(invoiceTotal)})`,
      escalator: undefined,
      seasonal: undefined,
      discounts: NO_TEXT,
      taxes: NO_TEXT,
      rounding: "halfUp",
      unrounded: toDecimalString(amount),
      rounded: toDecimalString(amount),
    },
  };
}
