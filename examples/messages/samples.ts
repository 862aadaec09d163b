/**
 * One sample model of every message kind (and every reminder tone), for `npm run
 * example:messages` and the messages tests.
 */
import { money, type MessageKind, type MessageModels, type Tone } from "../../src/index.js";

const usd = (amount: string) => money(amount, "USD");
const customerName = "Maria Garza";
const link = "https://pay.lonestar-alarm.example/i/RES-2027-000042?t=7f3a9c";
const invoices = [
  { number: "RES-2027-000042", dueDate: "2027-01-26", balance: usd("54.11") },
  { number: "RES-2027-000057", dueDate: "2027-02-26", balance: usd("54.11") },
];

/** A sample model per kind. */
export const SAMPLES: { readonly [K in MessageKind]: MessageModels[K] } = {
  invoice: { customerName, invoiceNumber: "RES-2027-000042", total: usd("54.11"), dueDate: "2027-01-26", paymentLink: link },
  creditNote: { customerName, creditNoteNumber: "CN-2027-000003", invoiceNumber: "RES-2027-000042", amount: usd("12.50"), reason: "the panel was offline for five days", documentLink: "https://pay.lonestar-alarm.example/c/CN-2027-000003" },
  receipt: { customerName, invoiceNumber: "RES-2027-000042", amount: usd("54.11"), paidAt: "2027-01-26T17:05:00Z", method: "card ending 4242", balance: usd("0.00") },
  upcomingCharge: { customerName, invoiceNumber: "RES-2027-000042", amount: usd("54.11"), chargeDate: "2027-01-26", method: "card ending 4242", paymentLink: link },
  paymentReminder: { customerName, tone: "courtesy", invoices: invoices.slice(0, 1), total: usd("54.11"), paymentLink: link },
  paymentFailed: { customerName, invoiceNumber: "RES-2027-000042", amount: usd("54.11"), method: "card ending 4242", nextAttempt: "2027-01-29", updateLink: "https://pay.lonestar-alarm.example/m/7f3a9c" },
  updatePaymentMethod: { customerName, invoiceNumber: "RES-2027-000042", amount: usd("54.11"), method: "card ending 4242", updateLink: "https://pay.lonestar-alarm.example/m/7f3a9c" },
  expiringCard: { customerName, last4: "4242", expiry: "2027-02", updateLink: "https://pay.lonestar-alarm.example/m/7f3a9c" },
  lateFee: { customerName, invoiceNumber: "RES-2027-000042", fee: usd("5.00"), explanation: "the greater of 1.5 % of the overdue balance and $5.00", balance: usd("59.11"), paymentLink: link },
  finalNotice: { customerName, invoices, total: usd("108.22"), suspensionDate: "2027-03-15", paymentLink: link },
  suspensionNotice: { customerName, invoices, total: usd("108.22"), suspensionDate: "2027-03-15", paymentLink: link },
  collectionsNotice: { customerName, invoices, total: usd("108.22"), deadline: "2027-04-15", paymentLink: link },
  renewalOffer: {
    customerName,
    contractId: "C-1001",
    termEnd: "2027-06-01",
    currentMonthly: usd("39.99"),
    renewalMonthly: usd("41.19"),
    termMonths: 36,
    options: [
      { label: "36 months, monitoring as today", monthly: usd("41.19") },
      { label: "36 months with video verification", monthly: usd("54.99") },
    ],
    respondLink: "https://pay.lonestar-alarm.example/r/C-1001?t=91bd",
  },
  renewalFollowUp: { customerName, contractId: "C-1001", termEnd: "2027-06-01", currentMonthly: usd("39.99"), renewalMonthly: usd("41.19"), termMonths: 36, options: [], respondLink: "https://pay.lonestar-alarm.example/r/C-1001?t=91bd" },
  renewalNotice: { customerName, contractId: "C-1001", termEnd: "2027-06-01", termMonths: 12, monthly: usd("41.19"), cancelBy: "2027-05-02", manageLink: "https://pay.lonestar-alarm.example/a/C-1001" },
  priceIncreaseNotice: { customerName, contractId: "C-1001", effectiveDate: "2027-06-01", oldMonthly: usd("39.99"), newMonthly: usd("41.19"), manageLink: "https://pay.lonestar-alarm.example/a/C-1001" },
  renewalConfirmation: { customerName, contractId: "C-1001", termStart: "2027-06-01", termEnd: "2030-06-01", monthly: usd("41.19") },
  accountStatement: {
    customerName,
    statementDate: "2027-03-31",
    periodStart: "2027-03-01",
    invoices: invoices.map((i) => ({ ...i, total: usd("54.11") })),
    payments: [{ date: "2027-03-04", description: "Payment, card ending 4242", amount: usd("54.11") }],
    credits: [{ date: "2027-03-10", description: "Credit note CN-2027-000003", amount: usd("12.50") }],
    balance: usd("108.22"),
    aging: { current: usd("0.00"), days1to30: usd("54.11"), days31to60: usd("54.11"), days61to90: usd("0.00"), over90: usd("0.00") },
    paymentLink: link,
  },
  autoPayInvitation: { customerName, incentive: "5 % off monitoring", enrollLink: "https://pay.lonestar-alarm.example/e/C-1001?t=33aa" },
  disputeAnswer: { customerName, invoiceNumber: "RES-2027-000042", outcome: "credited", creditNoteNumber: "CN-2027-000003", explanation: "the panel was offline for five days, so those days are credited.", paymentLink: link },
};

/** The reminder at each tone of the default sequence (−3, 0, +5, +10 days). */
export const REMINDERS: readonly MessageModels["paymentReminder"][] = (["courtesy", "due", "friendly", "urgent"] as const satisfies readonly Tone[]).map((tone) => ({ ...SAMPLES.paymentReminder, tone }));
