import type { CalendarDate } from "../calendar/index.js";
import { toDecimalString, type Money } from "../money/index.js";

/**
 * The sentence telling the customer how an invoice gets paid, built from its parts so the
 * reference can be replaced by the invoice number on issue without touching anything else.
 * @internal
 */
export function paymentText(autoPay: boolean, method: string | undefined, total: Money, due: CalendarDate, reference: string): string {
  const amount = `${toDecimalString(total)} ${total.currency}`;
  return autoPay
    ? `Nothing to do: ${amount} will be charged to your ${method ?? "stored payment method"} on ${due}.`
    : `Please pay ${amount} by ${due}: online with the secure payment link, by ACH transfer, or by check quoting ${reference}.`;
}
