import { trustFacts } from "./checkFacts.js";
import type { CalendarDate, Instant } from "../calendar/index.js";
import type { Contract } from "../contract/index.js";
import { ErrorCodes, IssueCollector } from "../errors/index.js";
import type { Invoice } from "../invoice/index.js";
import { compare, sum, type Money } from "../money/index.js";
import type {
  Channel,
  ContractFacts,
  CustomerFacts,
  DisputeFact,
  InvoiceFacts,
  PaymentAttempt,
  PaymentFact,
  PaymentMethodFacts,
  RenewalResponse,
  TimelineFacts,
} from "./facts.js";
import { iso, startOfDay } from "./instant.js";
import type { TimelinePolicy } from "./policies.js";

/** What happened to one issued invoice that the invoice itself does not record. */
export interface InvoiceHistory {
  /** Settled payments. */
  readonly payments?: readonly PaymentFact[];
  /** Charge attempts through the gateway. */
  readonly attempts?: readonly PaymentAttempt[];
  /** Disputes raised on it. */
  readonly disputes?: readonly DisputeFact[];
  /** Waives its late fees. */
  readonly waiveLateFees?: boolean;
}

/** What happened to the contract's current term that the contract does not record. */
export interface TermHistory {
  /** The recurring charge of the current term, per billing cycle (from the pricing module). */
  readonly recurringPrice?: Money;
  /** The recurring charge after the escalator, for the next term. */
  readonly renewalPrice?: Money;
  /** The customer's answer to the renewal offer (fixed-term contracts). */
  readonly response?: RenewalResponse;
  /** When the customer cancelled an automatically renewing contract. */
  readonly cancelledAt?: Instant;
  /** When the renewal notice was sent. */
  readonly renewalNoticeSentAt?: Instant;
  /** When the notice of a price increase was sent. */
  readonly priceIncreaseNoticeSentAt?: Instant;
}

/** Options for {@link timelineFacts}: what the engine knows beyond the contract and its invoices. */
export interface TimelineFactsOptions {
  /** Per invoice number: payments, attempts, disputes, waivers. */
  readonly history?: Readonly<Record<string, InvoiceHistory>>;
  /** The current term's prices and the customer's answers. */
  readonly term?: TermHistory;
  /** The policy to carry in the facts. */
  readonly policy?: TimelinePolicy;
  /** Channels whose last message bounced. */
  readonly bouncedChannels?: readonly Channel[];
  /** The auto-pay card's network (`"visa"`, `"mastercard"`), if the gateway says; it picks the retry rules. */
  readonly cardNetwork?: string;
  /**
   * The late-fee jurisdiction, e.g. `"US-MD"`. Default: the first site's address, `"<country>-<state>"`
   * (or the country alone when the address has no state).
   */
  readonly jurisdiction?: string;
  /**
   * Whether to carry the contract's current term (its renewal schedule). Default `true`; `false`
   * for a caller that plans the term on its own (the engine's renewal stage does).
   */
  readonly terms?: boolean;
}

function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The timeline's facts for one contract and its issued invoices, read from the contract so nobody
 * rebuilds them by hand:
 *
 * - **customer** — `contract.customer` as it is (id, contact, channels in order, SMS consent,
 *   locale, time zone), the late-fee jurisdiction from the first site's address, and the auto-pay
 *   method from `contract.paymentMethod` when `autoPay` is on (its `kind`, `token` and `expiry`);
 * - **invoices** — each issued invoice by its `number`: `total` (in its currency), `dueDate`,
 *   `issueDate`, with the payments, attempts and disputes given in `options.history`. A void
 *   invoice is void from the start of its `closedOn` day. Paid and uncollectible invoices whose
 *   history is not given are left out: nothing more happens to them;
 * - **contracts** — the current term from `contract.term` (start, end, `autoRenew` → automatic or
 *   fixed-term renewal, `renewalTermMonths`, `cancellationNoticeDays`) and `options.term`. An
 *   open-ended or terminated contract has no renewal.
 *
 * Refused, every problem at once: auto-pay on a method that cannot be charged (check, cash,
 * portal), an invoice of another contract, a paid invoice whose payments given fall short of its
 * total, a draft.
 *
 * @throws {@link ValidationError} listing every problem
 * @example
 * ```ts
 * const facts = timelineFacts(contract, issuedInvoices, { history: { "INV-2027-000001": { payments } } });
 * nextActions(facts, clock.now());
 * ```
 */
export function timelineFacts(contract: Contract, invoices: readonly Invoice[], options: TimelineFactsOptions = {}): TimelineFacts {
  const issues = new IssueCollector();
  const customer = customerOf(contract, options, issues);
  const invoiceFacts: InvoiceFacts[] = [];
  invoices.forEach((invoice, i) => {
    const facts = invoiceOf(invoice, i, contract, own(options.history, invoice.number), customer.timeZone, issues);
    if (facts !== undefined) invoiceFacts.push(facts);
  });
  issues.throwIfAny();
  const term = options.terms === false ? undefined : termOf(contract, options.term);
  // Built from a parsed contract and issued invoices: nextActions need not check them again.
  return trustFacts({
    customer,
    invoices: invoiceFacts,
    contracts: term === undefined ? [] : [term],
    ...(options.policy === undefined ? {} : { policy: options.policy }),
  });
}

function customerOf(contract: Contract, options: TimelineFactsOptions, issues: IssueCollector): CustomerFacts {
  const { customer, paymentMethod } = contract;
  let autoPay: PaymentMethodFacts | undefined;
  if (paymentMethod?.autoPay === true) {
    const { kind, token } = paymentMethod;
    if (kind !== "card" && kind !== "ach") {
      issues.add(["paymentMethod", "kind"], ErrorCodes.invalidValue, `auto-pay charges a card or a bank account (ACH); a "${kind}" payment method cannot be charged automatically`);
    } else if (token === undefined) {
      issues.add(["paymentMethod", "token"], ErrorCodes.required, "auto-pay needs a stored payment token");
    } else {
      autoPay = {
        kind,
        token,
        ...(paymentMethod.expiry === undefined ? {} : { expiry: paymentMethod.expiry }),
        ...(options.cardNetwork === undefined || kind !== "card" ? {} : { network: options.cardNetwork.trim().toLowerCase() }),
      };
    }
  }
  const address = contract.sites[0]?.address;
  const jurisdiction = options.jurisdiction ?? (address === undefined ? undefined : address.state === undefined ? address.country : `${address.country}-${address.state}`);
  return {
    id: customer.id,
    timeZone: customer.timeZone,
    contact: customer.contact,
    channels: customer.channels,
    locale: customer.locale,
    ...(options.bouncedChannels === undefined ? {} : { bouncedChannels: options.bouncedChannels }),
    ...(autoPay === undefined ? {} : { autoPay }),
    ...(jurisdiction === undefined ? {} : { jurisdiction }),
  };
}

function invoiceOf(invoice: Invoice, i: number, contract: Contract, history: InvoiceHistory | undefined, timeZone: string, issues: IssueCollector): InvoiceFacts | undefined {
  const path = ["invoices", i];
  if ((invoice.status as string) === "draft") {
    issues.add([...path, "status"], ErrorCodes.invalidValue, `invoice ${invoice.number} is a draft: only issued invoices have a timeline`);
    return undefined;
  }
  if (invoice.contractId !== contract.id) {
    issues.add([...path, "contractId"], ErrorCodes.invalidValue, `invoice ${invoice.number} belongs to contract ${invoice.contractId}, not ${contract.id}`);
    return undefined;
  }
  const payments = history?.payments ?? [];
  switch (invoice.status) {
    case "paid": {
      if (history === undefined) return undefined;
      const paid = sum(payments.map((p) => p.amount), invoice.total.currency);
      if (compare(paid, invoice.total) < 0) {
        issues.add([...path, "status"], ErrorCodes.invalidValue, `invoice ${invoice.number} is paid, but the payments given add up to less than its total: give all of its payments`);
        return undefined;
      }
      break;
    }
    case "uncollectible":
      if (history === undefined) return undefined;
      break;
    case "open":
    case "void":
      break;
  }
  const voidedOn: CalendarDate | undefined = invoice.status === "void" ? (invoice.closedOn ?? invoice.issueDate) : undefined;
  return {
    id: invoice.number,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    total: invoice.total,
    ...(payments.length === 0 ? {} : { payments }),
    ...(history?.attempts === undefined ? {} : { attempts: history.attempts }),
    ...(history?.disputes === undefined ? {} : { disputes: history.disputes }),
    ...(history?.waiveLateFees === undefined ? {} : { waiveLateFees: history.waiveLateFees }),
    ...(voidedOn === undefined ? {} : { voidedAt: iso(startOfDay(voidedOn, timeZone)) }),
  };
}

function termOf(contract: Contract, history: TermHistory | undefined): ContractFacts | undefined {
  const { term } = contract;
  if (term.end === undefined || contract.termination !== undefined) return undefined;
  return {
    id: contract.id,
    start: term.start,
    end: term.end,
    renewal: term.autoRenew ? "automatic" : "fixedTerm",
    ...(term.renewalTermMonths === undefined ? {} : { renewalTermMonths: term.renewalTermMonths }),
    ...(term.cancellationNoticeDays === undefined ? {} : { cancellationNoticeDays: term.cancellationNoticeDays }),
    ...history,
  };
}
