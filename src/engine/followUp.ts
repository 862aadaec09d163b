import type { Contract } from "../contract/index.js";
import { classifyDecline, nextActions, timelineFacts, type AttemptOutcome, type ChargeAction, type InvoiceHistory, type MessageAction, type PaymentAttempt } from "../timeline/index.js";
import { fromMinorUnits, toDecimalString } from "../money/index.js";
import { UniqueViolationError, type ChargeAttempt, type NotifierChannel, type StoredInvoice } from "../ports/index.js";
import { charge, hardDeclined } from "./autopay.js";
import type { RunContext } from "./context.js";
import { paymentLinkFor } from "./paymentLinks.js";

/**
 * A stored charge attempt as the timeline reads it. The gateway's own verdict on a decline wins:
 * a decline it calls hard is never retried, whatever its code. @internal
 */
export function attemptFact(attempt: ChargeAttempt, method: "card" | "ach"): PaymentAttempt {
  const outcome = ((): AttemptOutcome => {
    const result = attempt.outcome;
    switch (attempt.status) {
      case "succeeded":
        return { kind: "succeeded" };
      case "pending":
        return { kind: "processing" };
      case "declined": {
        if (result?.status !== "declined") return { kind: "declined", decline: {} };
        if (method === "ach" && /^R\d\d$/.test(result.code)) return { kind: "returned", returnCode: result.code };
        const byCode = { responseCode: result.code, ...(result.retryAfter === undefined ? {} : { retryAfter: result.retryAfter }) };
        // A code the timeline would retry, declared hard by the gateway: not retried.
        if (result.kind === "hard" && classifyDecline(byCode).kind === "soft") return { kind: "declined", decline: { reason: "transactionNotPermitted" } };
        return { kind: "declined", decline: byCode };
      }
      default:
        return { kind: "unknown" };
    }
  })();
  return { id: attempt.key, at: attempt.startedAt, method: { kind: method, token: attempt.paymentMethodToken }, origin: "automatic", outcome };
}

const SUBJECTS: Partial<Record<MessageAction["template"], (number: string) => string>> = {
  paymentReminder: (n) => `Reminder: invoice ${n}`,
  paymentFailed: (n) => `Your payment for invoice ${n} did not go through`,
  updatePaymentMethod: (n) => `Please update your payment method for invoice ${n}`,
};

function reminderText(contract: Contract, action: MessageAction, stored: StoredInvoice, link: string): string {
  const invoice = stored.invoice;
  const owed = `${toDecimalString(stored.balance)} ${invoice.currency}`;
  const hello = `Hello ${contract.customer.name},`;
  switch (action.template) {
    case "paymentFailed":
      return `${hello}\nthe automatic payment of ${owed} for invoice ${invoice.number} was declined. We will try again; to pay now or update your card or bank account: ${link}`;
    case "updatePaymentMethod":
      return `${hello}\nwe could not collect ${owed} for invoice ${invoice.number} from your stored payment method, and will not try it again. Please pay or add a new payment method: ${link}`;
    default: {
      const opening =
        action.tone === "courtesy"
          ? `a courtesy reminder: invoice ${invoice.number} for ${owed} is due on ${invoice.dueDate}.`
          : action.tone === "due"
            ? `invoice ${invoice.number} for ${owed} is due today.`
            : action.tone === "friendly"
              ? `invoice ${invoice.number} for ${owed} was due on ${invoice.dueDate} and is still open.`
              : `invoice ${invoice.number} for ${owed} is overdue since ${invoice.dueDate}. Please pay now to keep your account in good standing.`;
      return `${hello}\n${opening}\nPay securely: ${link}`;
    }
  }
}

/** The address of a channel for the customer; undefined when it cannot be reached there. */
function addressOf(contract: Contract, channel: NotifierChannel): string | undefined {
  const contact = contract.customer.contact;
  if (channel === "email") return contact.email;
  return contact.smsConsent ? contact.phone : undefined;
}

/** Sends one timeline message under its own key, once: the intent recorded before the notifier is called. */
async function sendAction(ctx: RunContext, contract: Contract, accountId: string, action: MessageAction, stored: StoredInvoice): Promise<boolean> {
  const subjectOf = SUBJECTS[action.template];
  if (subjectOf === undefined || action.channel === "portal") return false;
  const channel = action.channel;
  const to = addressOf(contract, channel);
  if (to === undefined) return false;
  const subject = subjectOf(stored.invoice.number);
  const text = reminderText(contract, action, stored, paymentLinkFor(ctx.settings, stored.invoice, stored.balance));
  let record = await ctx.store.transaction((tx) => tx.getMessage(action.key));
  if (record !== undefined && record.status !== "sending") return false;
  if (record === undefined) {
    try {
      record = await ctx.store.transaction((tx) => tx.insertMessage({ key: action.key, accountId, kind: action.template, channel, to, subject, text, reference: stored.invoice.number, status: "sending", createdAt: ctx.now() }));
    } catch (error) {
      if (error instanceof UniqueViolationError) return false;
      throw error;
    }
  }
  const result = await ctx.notifier.send({ idempotencyKey: action.key, channel, to, kind: action.template, subject, text });
  const version = record.version;
  await ctx.store.transaction(async (tx) => {
    await tx.updateMessage(action.key, version, { status: result.status === "accepted" ? "accepted" : "failed", outcome: result });
    await tx.appendActivity({
      id: `${action.key}:${result.status}`,
      accountId,
      at: ctx.now(),
      kind: `message.${result.status}`,
      text: result.status === "accepted" ? `${subject} (${action.template}${action.template === "paymentReminder" ? `, ${action.tone}` : ""}) sent by ${channel} to ${to}` : `${subject} could not be sent by ${channel} to ${to}`,
      reference: stored.invoice.number,
    });
  });
  if (result.status === "accepted") ctx.report.messagesSent++;
  return result.status === "accepted";
}

/** A retry the timeline planned and whose time has come: charged once, under the action's key. */
async function retry(ctx: RunContext, contract: Contract, accountId: string, action: ChargeAction, stored: StoredInvoice, asOf: string): Promise<boolean> {
  const attempts = await ctx.store.transaction((tx) => tx.listInvoiceAttempts(stored.invoice.number));
  // One charge at a time, and never one that is already made.
  if (attempts.some((a) => a.key === action.key || a.status === "started" || a.status === "unknown" || a.status === "pending")) return false;
  let attempt: ChargeAttempt | undefined;
  try {
    attempt = await ctx.store.transaction(async (tx) => {
      const current = await tx.getInvoice(stored.invoice.number);
      // Paid meanwhile: nothing to charge.
      if (current === undefined || current.invoice.status !== "open" || current.balance.minor <= 0) return undefined;
      return tx.insertAttempt({ key: action.key, invoiceNumber: current.invoice.number, accountId, amount: current.balance, paymentMethodToken: action.paymentMethodToken, startedAt: ctx.now(), status: "started" });
    });
  } catch (error) {
    if (error instanceof UniqueViolationError) return false;
    throw error;
  }
  if (attempt === undefined) return false;
  await charge(ctx, contract, accountId, attempt, asOf.slice(0, 10));
  return true;
}

/**
 * The follow-up stage (seed step 5 and the retries of the receivables note): reads the contract's
 * open invoices with their payments and charge attempts, asks the pure timeline
 * ({@link nextActions}) what is due by `asOf`, and performs the reminders (−3, 0, +5, +10 days by
 * default, escalating tone, none once paid), the failure notices (with the link to update the
 * payment method) and the retries of soft-declined auto-pay charges (24 h, 3 d, 7 d; never a hard
 * decline; the card networks' dated limits) — each under the action's stable key, once. The
 * auto-pay stage keeps the first charge and its upcoming-charge notice. @internal
 */
export async function followUp(ctx: RunContext, contract: Contract, accountId: string, asOf: string): Promise<void> {
  const counts = ctx.report;
  const { open, attempts } = await ctx.store.transaction(async (tx) => {
    const open = (await tx.listContractInvoices(contract.id)).filter((s) => s.invoice.status === "open" && s.balance.minor > 0);
    const attempts = new Map<string, readonly ChargeAttempt[]>();
    for (const s of open) attempts.set(s.invoice.number, await tx.listInvoiceAttempts(s.invoice.number));
    return { open, attempts };
  });
  if (open.length === 0) return;
  const method = contract.paymentMethod?.kind === "ach" ? "ach" : "card";
  const history: Record<string, InvoiceHistory> = {};
  for (const s of open) {
    const paid = s.invoice.total.minor - s.balance.minor;
    history[s.invoice.number] = {
      // What is paid so far, as one payment: the timeline needs only to know the invoice is still open.
      ...(paid > 0 ? { payments: [{ at: `${s.invoice.issueDate}T00:00:00Z`, amount: fromMinorUnits(paid, s.invoice.currency) }] } : {}),
      attempts: (attempts.get(s.invoice.number) ?? []).filter((a) => a.status !== "skipped").map((a) => attemptFact(a, method)),
    };
  }
  // A method declined hard is charged no more (the auto-pay stage stops): invoices it has not
  // tried yet are reminded like any other, until the customer gives a new one. Invoices it did try
  // keep their own timeline (the "update your payment method" notice, then the late reminders).
  const token = contract.paymentMethod?.autoPay === true ? contract.paymentMethod.token : undefined;
  const blocked = token !== undefined && (await hardDeclined(ctx, contract, token));
  const tried = (s: StoredInvoice): boolean => (history[s.invoice.number]?.attempts?.length ?? 0) > 0;
  const groups: { contract: Contract; invoices: StoredInvoice[] }[] =
    blocked && contract.paymentMethod !== undefined
      ? [
          { contract, invoices: open.filter(tried) },
          { contract: { ...contract, paymentMethod: { ...contract.paymentMethod, autoPay: false } }, invoices: open.filter((s) => !tried(s)) },
        ]
      : [{ contract, invoices: open }];
  const actions = groups
    .filter((g) => g.invoices.length > 0)
    .flatMap((g) => nextActions(timelineFacts(g.contract, g.invoices.map((s) => s.invoice), { history, ...(ctx.policy === undefined ? {} : { policy: ctx.policy }) }), asOf))
    .sort((x, y) => Date.parse(x.at) - Date.parse(y.at) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const byNumber = new Map(open.map((s) => [s.invoice.number, s]));
  const now = Date.parse(asOf);
  for (const action of actions) {
    if (Date.parse(action.at) > now) break;
    const stored = action.about.kind === "invoice" ? byNumber.get(action.about.id) : undefined;
    if (stored === undefined) continue;
    if (action.kind === "message") {
      if (action.template === "upcomingCharge") continue; // the auto-pay stage's notice
      if (await sendAction(ctx, contract, accountId, action, stored)) {
        if (action.template === "paymentReminder") counts.reminders++;
        else counts.failureNotices++;
      }
    } else if (action.kind === "charge" && action.reason === "retry") {
      if (await retry(ctx, contract, accountId, action, stored, asOf)) counts.retries++;
    }
  }
}
