import { toCalendarDate } from "../calendar/index.js";
import type { MessageRecord, RenewalCase } from "../ports/index.js";
import { DEFAULT_RENEWAL_POLICY } from "../timeline/index.js";
import type { RunContext } from "./context.js";
import { verifyRenewalLink, type PaymentLinkKey } from "./paymentLinks.js";
import type { RenewalLinkCheck } from "./types.js";

/** The messages that carry a renewal's answer link. */
const RENEWAL_KINDS = new Set(["renewalOffer", "renewalFollowUp", "renewalNotice", "priceIncreaseNotice"]);

/**
 * A renewal-answer link checked against the store: the token (signature, expiry), then the
 * contract — whether the term it names is still the one to answer (not over, not renewed, not
 * terminated), the answer already recorded for it, the terms on offer, and the renewal message
 * last sent for that term (email first, as it went out). @internal
 */
export async function checkRenewalLink(ctx: RunContext, token: string, keys: readonly PaymentLinkKey[]): Promise<RenewalLinkCheck> {
  const checked = verifyRenewalLink(token, { keys, now: ctx.now() });
  if (!checked.valid) return checked;
  const { contractId, termEnd } = checked;
  const found = await ctx.store.transaction(async (tx) => {
    const stored = await tx.getContract(contractId);
    if (stored === undefined) return undefined;
    const answer = (await tx.getCase(`renewal:${contractId}:${termEnd}`)) as RenewalCase | undefined;
    const messages = await tx.listMessages(stored.accountId);
    return { contract: stored.contract, answer: answer?.kind === "renewal" ? answer : undefined, messages };
  });
  const base = { valid: true as const, contractId, termEnd, expiresAt: checked.expiresAt };
  if (found === undefined) return { ...base, state: "closed", autoRenew: false, termOptions: [] };
  const { contract, answer, messages } = found;
  const today = toCalendarDate(ctx.now(), contract.customer.timeZone);
  const current = contract.term.end === termEnd && contract.termination === undefined && termEnd > today;
  const months = contract.term.renewalTermMonths ?? DEFAULT_RENEWAL_POLICY.renewalTermMonths;
  const longer = ctx.settings.renewal.longerTerm;
  const termOptions = [{ months, keepsPrices: ctx.settings.renewal.priceIncreasePercent === undefined }, ...(longer === undefined || longer.months === months ? [] : [{ months: longer.months, keepsPrices: true }])];
  const sent = (m: MessageRecord): boolean => m.reference === contractId && RENEWAL_KINDS.has(m.kind) && m.key.includes(`:${termEnd}:`) && (m.status === "accepted" || m.status === "delivered");
  const renewalMessages = messages.filter(sent);
  const latest = (channel: string): MessageRecord | undefined => renewalMessages.filter((m) => m.channel === channel).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))[0];
  const last = latest("email") ?? latest("sms");
  return {
    ...base,
    state: answer !== undefined ? "answered" : current ? "open" : "closed",
    ...(answer === undefined ? {} : { answer }),
    customerName: contract.customer.name,
    autoRenew: contract.term.autoRenew === true,
    termOptions,
    ...(last === undefined ? {} : { offer: { ...(last.subject === undefined ? {} : { subject: last.subject }), text: last.text, sentAt: last.createdAt } }),
  };
}
