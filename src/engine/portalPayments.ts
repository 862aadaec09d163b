import { toCalendarDate } from "../calendar/index.js";
import { ErrorCodes, ValidationError } from "../errors/index.js";
import { UniqueViolationError, type ChargeAttempt, type StoredInvoice } from "../ports/index.js";
import { charge, sendReceipts } from "./autopay.js";
import type { RunContext } from "./context.js";
import type { PaymentLinkCheck, PayByLinkInput, PayByLinkResult, TrackingLinkResult } from "./types.js";
import { verifyTrackingLink } from "./paymentLinks.js";

const SUBMISSION_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * A customer pays an invoice from its payment link (the hosted invoice page's "Pay"): the link is
 * checked, the balance read under the account's lock, and one charge of it made under the key
 * `invoice:<number>:portal:<submissionId>` — recorded before the gateway is called, so a double
 * click, a reload or a crash never charges twice (the same submission answers with the same
 * attempt; a crash before the answer is charged again under the same key, which the gateway
 * keeps idempotent). Paid → booked as a portal payment and the receipt sent. @internal
 */
export async function payByLink(ctx: RunContext, input: PayByLinkInput, check: (token: string) => Promise<PaymentLinkCheck>, withLock: <T>(accountId: string, fn: () => Promise<T>) => Promise<T>): Promise<PayByLinkResult> {
  if (typeof input.submissionId !== "string" || !SUBMISSION_ID.test(input.submissionId)) {
    throw new ValidationError([{ path: ["submissionId"], code: ErrorCodes.invalidValue, message: `expected 8–64 letters, digits, "-" or "_" (one per payment form shown), got ${JSON.stringify(input.submissionId)}` }]);
  }
  const link = await check(input.token);
  if (!link.valid) return { status: "invalidLink", reason: link.reason, ...(link.invoiceNumber === undefined ? {} : { invoiceNumber: link.invoiceNumber }) };
  const number = link.invoiceNumber;
  const found = await ctx.store.transaction((tx) => tx.getInvoice(number));
  if (found === undefined) return { status: "invalidLink", reason: "malformed", invoiceNumber: number };
  return withLock(found.accountId, async () => {
    const key = `invoice:${number}:portal:${input.submissionId}`;
    const { stored, attempts, contract } = await ctx.store.transaction(async (tx) => ({
      stored: (await tx.getInvoice(number)) as StoredInvoice,
      attempts: await tx.listInvoiceAttempts(number),
      contract: (await tx.getContract((await tx.getInvoice(number))?.invoice.contractId ?? ""))?.contract,
    }));
    const own = attempts.find((a) => a.key === key);
    if (contract === undefined) return { status: "invalidLink", reason: "malformed", invoiceNumber: number };
    const day = toCalendarDate(ctx.now(), contract.customer.timeZone);
    if (own !== undefined && own.status !== "started") {
      // Answered before (a double click, a reload, a crash after the booking): the receipt a crash
      // may have kept from going out goes now — once, under its key.
      if (own.status === "succeeded") await sendReceipts(ctx, contract, stored.accountId, number);
      return resultOf(own, await current(ctx, number));
    }
    if (own === undefined) {
      if (stored.invoice.status === "void") return { status: "void", invoiceNumber: number, balance: stored.balance };
      if (stored.invoice.status !== "open" || stored.balance.minor <= 0) return { status: "alreadyPaid", invoiceNumber: number, balance: stored.balance };
      // One charge at a time: an auto-pay charge or another form's payment still in flight.
      if (attempts.some((a) => a.status === "started" || a.status === "unknown" || a.status === "pending")) return { status: "inProgress", invoiceNumber: number, balance: stored.balance };
    }
    const token = input.paymentMethodToken ?? contract.paymentMethod?.token;
    if (token === undefined || token === "") return { status: "noPaymentMethod", invoiceNumber: number, balance: stored.balance };
    let attempt: ChargeAttempt | undefined = own;
    if (attempt === undefined) {
      try {
        attempt = await ctx.store.transaction((tx) => tx.insertAttempt({ key, invoiceNumber: number, accountId: stored.accountId, amount: stored.balance, paymentMethodToken: token, startedAt: ctx.now(), status: "started" }));
      } catch (error) {
        // A second worker took the same submission: its attempt answers.
        if (!(error instanceof UniqueViolationError)) throw error;
        attempt = (await ctx.store.transaction((tx) => tx.getAttempt(key))) as ChargeAttempt;
        if (attempt.status !== "started") return resultOf(attempt, await current(ctx, number));
      }
    }
    await charge(ctx, contract, stored.accountId, attempt, day);
    await sendReceipts(ctx, contract, stored.accountId, number);
    const done = (await ctx.store.transaction((tx) => tx.getAttempt(key))) as ChargeAttempt;
    return resultOf(done, await current(ctx, number));
  });
}

async function current(ctx: RunContext, number: string): Promise<StoredInvoice> {
  return (await ctx.store.transaction((tx) => tx.getInvoice(number))) as StoredInvoice;
}

function resultOf(attempt: ChargeAttempt, stored: StoredInvoice): PayByLinkResult {
  const base = { invoiceNumber: stored.invoice.number, amount: attempt.amount, balance: stored.balance, attemptKey: attempt.key };
  switch (attempt.status) {
    case "succeeded":
    case "pending":
    case "requires_action":
      return { status: attempt.status, ...base };
    case "declined":
      return { status: "declined", ...base, ...(attempt.outcome?.status === "declined" ? { declineCode: attempt.outcome.code } : {}) };
    default:
      return { status: "unknown", ...base };
  }
}

/**
 * A tracking link followed: records `opened` or `clicked` on the message its token names (once per
 * message and event: a second open changes nothing) and says where a click leads. A forged or
 * malformed token records nothing; an expired click still leads on. @internal
 */
export async function followTrackingLink(ctx: RunContext, token: string, keys: Parameters<typeof verifyTrackingLink>[1]["keys"]): Promise<TrackingLinkResult> {
  const checked = verifyTrackingLink(token, { keys, now: ctx.now() });
  if (!checked.valid) return { recorded: false, reason: checked.reason, ...(checked.target === undefined ? {} : { target: checked.target }) };
  const at = ctx.now();
  const recorded = await ctx.store.transaction(async (tx) => {
    const message = await tx.getMessage(checked.messageKey);
    if (message === undefined) return false;
    if (message.events.some((e) => e.kind === checked.event)) return false;
    await tx.updateMessage(message.key, message.version, { event: { kind: checked.event, at } });
    await tx.appendActivity({ id: `${message.key}:${checked.event}:${at}`, accountId: message.accountId, at, kind: `message.${checked.event}`, text: `${message.subject ?? message.kind} (${message.channel} to ${message.to}): ${checked.event}`, reference: message.reference });
    return true;
  });
  return { recorded, ...(checked.target === undefined ? {} : { target: checked.target }) };
}
