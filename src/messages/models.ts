import type { CalendarDate } from "../calendar/index.js";
import type { Money } from "../money/index.js";
import type { Tone } from "../timeline/index.js";

/** An invoice listed in a message: its number, due date and what is left to pay. */
export interface OpenInvoiceItem {
  /** The invoice number. */
  readonly number: string;
  /** When it was (or is) due. */
  readonly dueDate: CalendarDate;
  /** What is left to pay on it. */
  readonly balance: Money;
}

/** What every message model has. */
export interface MessageModelBase {
  /** The customer's name as billed (printed as text, never as markup). */
  readonly customerName: string;
}

/** A new invoice. */
export interface InvoiceMessage extends MessageModelBase {
  /** The invoice number. */
  readonly invoiceNumber: string;
  /** Its total. */
  readonly total: Money;
  /** When it is due. */
  readonly dueDate: CalendarDate;
  /** The secure payment link. */
  readonly paymentLink: string;
  /** The stored method auto-pay will charge on the due date (`"card ending 4242"`), when on auto-pay. */
  readonly autoPayMethod?: string | undefined;
}

/** A credit note issued against an invoice. */
export interface CreditNoteMessage extends MessageModelBase {
  /** The credit note's number. */
  readonly creditNoteNumber: string;
  /** The invoice it credits. */
  readonly invoiceNumber: string;
  /** The amount credited (positive). */
  readonly amount: Money;
  /** Why, in words for the customer. */
  readonly reason: string;
  /** A link to the document. */
  readonly documentLink: string;
}

/** A payment received. */
export interface ReceiptMessage extends MessageModelBase {
  /** The invoice paid. */
  readonly invoiceNumber: string;
  /** The amount received. */
  readonly amount: Money;
  /** When (ISO instant), shown on the customer's clock. */
  readonly paidAt: string;
  /** How, e.g. `"card ending 4242"`. */
  readonly method: string;
  /** What is still owed on the account after it. */
  readonly balance: Money;
}

/** An auto-pay charge coming up. */
export interface UpcomingChargeMessage extends MessageModelBase {
  /** The invoice to be charged. */
  readonly invoiceNumber: string;
  /** The amount. */
  readonly amount: Money;
  /** The day of the charge. */
  readonly chargeDate: CalendarDate;
  /** The method, e.g. `"card ending 4242"`. */
  readonly method: string;
  /** Where to see the invoice or change the method. */
  readonly paymentLink: string;
}

/** A payment reminder, one step of the sequence (−3, 0, +5, +10 days by default). */
export interface PaymentReminderMessage extends MessageModelBase {
  /** The step's tone: `courtesy` (before), `due` (on the day), `friendly` and `urgent` (after). */
  readonly tone: Tone;
  /** The invoices it is about (several when reminders are merged). */
  readonly invoices: readonly OpenInvoiceItem[];
  /** What is owed in all. */
  readonly total: Money;
  /** The secure payment link. */
  readonly paymentLink: string;
}

/** An automatic charge failed and will be retried. */
export interface PaymentFailedMessage extends MessageModelBase {
  /** The invoice. */
  readonly invoiceNumber: string;
  /** The amount that could not be charged. */
  readonly amount: Money;
  /** The method charged, e.g. `"card ending 4242"`. */
  readonly method: string;
  /** The next try, when one is scheduled. */
  readonly nextAttempt?: CalendarDate | undefined;
  /** Where to update the method or pay. */
  readonly updateLink: string;
}

/** A charge failed and will not be retried: a new method is needed. */
export interface UpdatePaymentMethodMessage extends MessageModelBase {
  /** The invoice. */
  readonly invoiceNumber: string;
  /** The amount owed. */
  readonly amount: Money;
  /** The method that failed. */
  readonly method: string;
  /** Where to update the method or pay. */
  readonly updateLink: string;
}

/** The stored card expires before its next charge. */
export interface ExpiringCardMessage extends MessageModelBase {
  /** Its last four digits. */
  readonly last4: string;
  /** Its expiry, `"YYYY-MM"`. */
  readonly expiry: string;
  /** Where to update it. */
  readonly updateLink: string;
}

/** A late fee was assessed. */
export interface LateFeeMessage extends MessageModelBase {
  /** The overdue invoice. */
  readonly invoiceNumber: string;
  /** The fee. */
  readonly fee: Money;
  /** How the fee was set, e.g. `"1.5 % of the overdue balance"`. */
  readonly explanation: string;
  /** What is owed now, fee included. */
  readonly balance: Money;
  /** The secure payment link. */
  readonly paymentLink: string;
}

/** A dunning notice: the account is delinquent (final notice) or service is suspended. */
export interface DunningMessage extends MessageModelBase {
  /** The overdue invoices. */
  readonly invoices: readonly OpenInvoiceItem[];
  /** What is overdue in all. */
  readonly total: Money;
  /** The day service will be (final notice) or was (suspension) suspended, when known. */
  readonly suspensionDate?: CalendarDate | undefined;
  /** The secure payment link. */
  readonly paymentLink: string;
}

/** The account goes to collections unless paid. */
export interface CollectionsMessage extends MessageModelBase {
  /** The overdue invoices. */
  readonly invoices: readonly OpenInvoiceItem[];
  /** What is overdue in all. */
  readonly total: Money;
  /** The last day to pay before the account is referred. */
  readonly deadline: CalendarDate;
  /** The agency's name, when one is named. */
  readonly agency?: string | undefined;
  /** The secure payment link. */
  readonly paymentLink: string;
}

/** One renewal choice offered (a longer term, an upgrade). */
export interface RenewalOption {
  /** What it is, e.g. `"36 months with video verification"`. */
  readonly label: string;
  /** Its monthly price. */
  readonly monthly: Money;
}

/** The renewal offer, or a follow-up to it. */
export interface RenewalOfferMessage extends MessageModelBase {
  /** The agreement. */
  readonly contractId: string;
  /** The day the current term ends (first day after it). */
  readonly termEnd: CalendarDate;
  /** Today's monthly price. */
  readonly currentMonthly: Money;
  /** The monthly price of the renewed term. */
  readonly renewalMonthly: Money;
  /** The renewed term's length. */
  readonly termMonths: number;
  /** Other choices. */
  readonly options: readonly RenewalOption[];
  /** Where to accept or choose. */
  readonly respondLink: string;
}

/** The notice of an automatic renewal (where the law requires one). */
export interface RenewalNoticeMessage extends MessageModelBase {
  /** The agreement. */
  readonly contractId: string;
  /** The day the current term ends and the new one starts. */
  readonly termEnd: CalendarDate;
  /** The new term's length. */
  readonly termMonths: number;
  /** Its monthly price. */
  readonly monthly: Money;
  /** The last day to cancel. */
  readonly cancelBy: CalendarDate;
  /** Where to cancel or ask. */
  readonly manageLink: string;
}

/** Advance notice of a higher price. */
export interface PriceIncreaseMessage extends MessageModelBase {
  /** The agreement. */
  readonly contractId: string;
  /** The first day of the new price. */
  readonly effectiveDate: CalendarDate;
  /** The monthly price today. */
  readonly oldMonthly: Money;
  /** The monthly price from then. */
  readonly newMonthly: Money;
  /** Where to ask or manage. */
  readonly manageLink: string;
}

/** The agreement was renewed. */
export interface RenewalConfirmationMessage extends MessageModelBase {
  /** The agreement. */
  readonly contractId: string;
  /** First day of the new term. */
  readonly termStart: CalendarDate;
  /** First day after it. */
  readonly termEnd: CalendarDate;
  /** Its monthly price. */
  readonly monthly: Money;
}

/** A payment or credit on a statement. */
export interface StatementEntry {
  /** The day. */
  readonly date: CalendarDate;
  /** What it is, e.g. `"Payment, card ending 4242"` or `"Credit note CN-7"`. */
  readonly description: string;
  /** The amount (positive). */
  readonly amount: Money;
}

/** An open invoice on a statement. */
export interface StatementInvoice extends OpenInvoiceItem {
  /** Its total. */
  readonly total: Money;
}

/** What is owed by age, as of the statement date. */
export interface StatementAging {
  /** Not yet due. */
  readonly current: Money;
  /** 1–30 days past due. */
  readonly days1to30: Money;
  /** 31–60 days. */
  readonly days31to60: Money;
  /** 61–90 days. */
  readonly days61to90: Money;
  /** More than 90 days. */
  readonly over90: Money;
}

/** A periodic account statement: open invoices, payments, credits, balance, aging. */
export interface AccountStatementMessage extends MessageModelBase {
  /** The statement's date. */
  readonly statementDate: CalendarDate;
  /** First day covered. */
  readonly periodStart: CalendarDate;
  /** Open invoices. */
  readonly invoices: readonly StatementInvoice[];
  /** Payments received in the period. */
  readonly payments: readonly StatementEntry[];
  /** Credits in the period. */
  readonly credits: readonly StatementEntry[];
  /** The balance owed (negative when in credit). */
  readonly balance: Money;
  /** The balance by age. */
  readonly aging: StatementAging;
  /** The secure payment link. */
  readonly paymentLink: string;
}

/** An invitation to turn on auto-pay. */
export interface AutoPayInvitationMessage extends MessageModelBase {
  /** The incentive, in words, e.g. `"5 % off monitoring"`, when there is one (the structured ones below are worded by the template, in the customer's language). */
  readonly incentive?: string | undefined;
  /** A percentage off monitoring while auto-pay is on, a decimal string, e.g. `"5"`. */
  readonly incentivePercent?: string | undefined;
  /** An amount off each invoice while auto-pay is on. */
  readonly incentiveAmount?: Money | undefined;
  /** The signed enrollment link. */
  readonly enrollLink: string;
}

/** The answer to a disputed invoice. */
export interface DisputeAnswerMessage extends MessageModelBase {
  /** The invoice disputed. */
  readonly invoiceNumber: string;
  /** `credited`: a credit note was issued; `upheld`: the charges stand. */
  readonly outcome: "credited" | "upheld";
  /** The explanation. */
  readonly explanation: string;
  /** The credit note, when credited. */
  readonly creditNoteNumber?: string | undefined;
  /** What the credit note credits (tax included, positive), when credited. */
  readonly creditedAmount?: Money | undefined;
  /** Where to see the invoice and pay what is due. */
  readonly paymentLink: string;
}

/**
 * Every message kind and the model its template gets. The names are the `kind`s the engine sends
 * (`"invoice"`, `"receipt"`, the timeline's templates such as `"paymentReminder"`).
 */
export interface MessageModels {
  /** A new invoice. */
  invoice: InvoiceMessage;
  /** A credit note. */
  creditNote: CreditNoteMessage;
  /** A payment receipt. */
  receipt: ReceiptMessage;
  /** An auto-pay charge ahead. */
  upcomingCharge: UpcomingChargeMessage;
  /** A reminder, by tone. */
  paymentReminder: PaymentReminderMessage;
  /** A failed charge that will be retried. */
  paymentFailed: PaymentFailedMessage;
  /** A failed charge that will not: update the method. */
  updatePaymentMethod: UpdatePaymentMethodMessage;
  /** The card expires soon. */
  expiringCard: ExpiringCardMessage;
  /** A late fee. */
  lateFee: LateFeeMessage;
  /** The dunning notice on becoming delinquent. */
  finalNotice: DunningMessage;
  /** Service suspended. */
  suspensionNotice: DunningMessage;
  /** The account goes to collections. */
  collectionsNotice: CollectionsMessage;
  /** The renewal offer. */
  renewalOffer: RenewalOfferMessage;
  /** A follow-up to the offer. */
  renewalFollowUp: RenewalOfferMessage;
  /** An automatic renewal ahead. */
  renewalNotice: RenewalNoticeMessage;
  /** A higher price ahead. */
  priceIncreaseNotice: PriceIncreaseMessage;
  /** The agreement was renewed. */
  renewalConfirmation: RenewalConfirmationMessage;
  /** The periodic account statement. */
  accountStatement: AccountStatementMessage;
  /** The auto-pay invitation. */
  autoPayInvitation: AutoPayInvitationMessage;
  /** The answer to a dispute. */
  disputeAnswer: DisputeAnswerMessage;
}

/** A message kind. */
export type MessageKind = keyof MessageModels;

/** Every message kind, in the order of a customer's life. */
export const MESSAGE_KINDS: readonly MessageKind[] = [
  "invoice",
  "creditNote",
  "receipt",
  "upcomingCharge",
  "paymentReminder",
  "paymentFailed",
  "updatePaymentMethod",
  "expiringCard",
  "lateFee",
  "finalNotice",
  "suspensionNotice",
  "collectionsNotice",
  "renewalOffer",
  "renewalFollowUp",
  "renewalNotice",
  "priceIncreaseNotice",
  "renewalConfirmation",
  "accountStatement",
  "autoPayInvitation",
  "disputeAnswer",
];

/**
 * The template a message is rendered with: its kind, and for a reminder its tone
 * (`"paymentReminder.urgent"`). Overrides are keyed by it.
 */
export type TemplateId = Exclude<MessageKind, "paymentReminder"> | `paymentReminder.${Tone}`;

/** Every template id. */
export const TEMPLATE_IDS: readonly TemplateId[] = MESSAGE_KINDS.flatMap((k): TemplateId[] =>
  k === "paymentReminder" ? (["courtesy", "due", "friendly", "urgent"] as const).map((t): TemplateId => `paymentReminder.${t}`) : [k],
);
