import type { CalendarDate } from "../calendar/index.js";
import { negate, toDecimalString, type Money } from "../money/index.js";

/**
 * The sentence telling the customer how an invoice gets paid, built from its parts so the
 * reference can be replaced by the invoice number on issue without touching anything else.
 * @internal
 */
export function paymentText(autoPay: boolean, method: string | undefined, total: Money, due: CalendarDate, reference: string): string {
  if (total.minor < 0) {
    // Credits exceed charges: nothing is charged, whatever the payment method; the balance is the customer's.
    return `Nothing to pay: this invoice leaves a credit of ${toDecimalString(negate(total))} ${total.currency} in your favour (reference ${reference}).`;
  }
  if (total.minor === 0) return `Nothing to pay on this invoice (reference ${reference}).`;
  const amount = `${toDecimalString(total)} ${total.currency}`;
  return autoPay
    ? `Nothing to do: ${amount} will be charged to your ${method ?? "stored payment method"} on ${due}.`
    : `Please pay ${amount} by ${due}: online with the secure payment link, by ACH transfer, or by check quoting ${reference}.`;
}
