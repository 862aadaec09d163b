import { iterateBillingPeriods } from "../calendar/index.js";
import type { Contract } from "../contract/index.js";

/** A warning found on a valid contract: its code, the contract path it is about, and why. */
export interface ContractWarning {
  /** The cause. */
  readonly code: "noPaymentMethod" | "cardExpiresBeforeCharge" | "noReachableContact" | "pastEnd";
  /** The contract path it is about. */
  readonly path: readonly (string | number)[];
  /** Why, in words. */
  readonly message: string;
}

/**
 * Next charge days already worked out, by what decides them: an import asks for every contract
 * with an auto-pay card, and a portfolio shares a few hundred terms and cycles (the import bench
 * showed the billing-period schedule built anew for each contract at 2–3 % of its time).
 */
const nextCharges = new Map<string, string | undefined>();

/** The day the contract is next charged on or after `asOf`: the due date of its first period still to pay; undefined when its term is over. */
export function nextChargeDate(contract: Contract, asOf: string): string | undefined {
  const b = contract.billing;
  const terminated = contract.termination?.date;
  const end = terminated !== undefined && (contract.term.end === undefined || terminated < contract.term.end) ? terminated : contract.term.end;
  if (end !== undefined && end <= asOf) return undefined;
  const cycle = typeof b.cycle === "string" ? b.cycle : `every ${b.cycle.everyMonths}`;
  const terms = b.paymentTerms.kind === "net" ? `net ${b.paymentTerms.days}` : b.paymentTerms.kind;
  const key = `${contract.term.start} ${end} ${cycle} ${b.anchorDay} ${b.anchorMonth} ${b.timing} ${b.stub} ${b.leadDays} ${terms} ${b.dayCount} ${asOf}`;
  if (nextCharges.has(key)) return nextCharges.get(key);
  const charge = firstChargeFrom(contract, end, asOf);
  if (nextCharges.size >= 10_000) nextCharges.clear();
  nextCharges.set(key, charge);
  return charge;
}

function firstChargeFrom(contract: Contract, end: string | undefined, asOf: string): string | undefined {
  const b = contract.billing;
  const periods = iterateBillingPeriods({
    start: contract.term.start,
    end,
    cycle: b.cycle,
    anchorDay: b.anchorDay,
    anchorMonth: b.anchorMonth,
    timing: b.timing,
    stub: b.stub,
    leadDays: b.leadDays,
    paymentTerms: b.paymentTerms,
    dayCount: b.dayCount,
    from: asOf,
  });
  let n = 0;
  for (const period of periods) {
    if (period.dueDate >= asOf) return period.dueDate;
    if (++n > 24) break;
  }
  return undefined;
}

/** The first day of the month after a card expiry "YYYY-MM": the card no longer works from then. */
function firstDayAfter(expiry: string): string {
  const [y, m] = expiry.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

/**
 * What imports but needs a person, on a valid contract as of a day: no payment method, an
 * auto-pay card that expires before the next charge, no email and no SMS-consented phone, a term
 * already over (and not terminated on purpose).
 */
export function contractWarnings(contract: Contract, asOf: string): ContractWarning[] {
  const out: ContractWarning[] = [];
  const method = contract.paymentMethod;
  if (method === undefined) out.push({ code: "noPaymentMethod", path: ["paymentMethod"], message: "no payment method: the customer can only pay each invoice by hand" });
  else if (method.kind === "card" && method.autoPay && method.expiry !== undefined) {
    const charge = nextChargeDate(contract, asOf);
    const deadDay = firstDayAfter(method.expiry);
    if (charge !== undefined && charge >= deadDay) out.push({ code: "cardExpiresBeforeCharge", path: ["paymentMethod", "expiry"], message: `the auto-pay card expires ${method.expiry}, before the next charge on ${charge}` });
  }
  const contact = contract.customer.contact;
  if (contact.email === undefined && !(contact.phone !== undefined && contact.smsConsent)) {
    out.push({ code: "noReachableContact", path: ["customer", "contact", "email"], message: "no email and no phone with SMS consent: invoices and reminders can only go to the portal" });
  }
  // A terminated contract was ended on purpose; one whose term ran out is still listed as active.
  const end = contract.term.end;
  if (contract.termination === undefined && end !== undefined && end <= asOf) {
    out.push({
      code: "pastEnd",
      path: ["term", "end"],
      message: `the contract ended on ${end}, on or before the import day ${asOf}${contract.term.autoRenew ? " (it renews by itself: check the term in the CRM)" : ""}`,
    });
  }
  return out;
}

/** What clears each flag, in words. */
export const FLAG_ACTIONS: Readonly<Record<string, string>> = {
  noPaymentMethod: "add a payment method (a gateway token) in the CRM, or offer auto-pay enrollment",
  autoPayWithoutToken: "store the card or bank account with the gateway and export its token, or turn auto-pay off in the CRM",
  cardExpiresBeforeCharge: "ask the customer for the card's new expiry or a new card before the charge",
  noReachableContact: "add an email, or a mobile number with SMS consent",
  pastEnd: "renew the contract, or end it (a termination or a term end) in the CRM",
  changeInInvoicedPeriod: "check the next invoice: the difference for the invoiced days is billed or credited there",
};
