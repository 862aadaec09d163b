import { addDays, toCalendarDate } from "../calendar/index.js";
import { safeParseContract, type Contract } from "../contract/index.js";
import { ErrorCodes, IssueCollector, ValidationError, type ValidationIssue } from "../errors/index.js";
import type { AutoPayInvitationMessage } from "../messages/index.js";
import { money } from "../money/index.js";
import type { AutoPayAuthorizationCase, StoredInvoice } from "../ports/index.js";
import type { RunContext } from "./context.js";
import { deliver } from "./deliver.js";
import { createEnrollmentLink } from "./paymentLinks.js";
import type { AutoPayCancellationInput, AutoPayEnrollmentInput } from "./types.js";

/** The id of the auto-pay incentive discount on a contract. */
export const AUTOPAY_INCENTIVE_ID = "autopay-incentive";

/** The enrollment link in an invitation: signed when the engine has keys, else the portal's page. */
function enrollmentLink(ctx: RunContext, contract: Contract): string {
  const keys = ctx.settings.paymentLinkKeys;
  const base = ctx.settings.autoPay.enrollmentLinkBase;
  if (keys === undefined) return `${base}${encodeURIComponent(contract.id)}`;
  return createEnrollmentLink({ contractId: contract.id, expiresAt: `${addDays(ctx.now().slice(0, 10), 30)}T23:59:59.000Z` }, { keys, baseUrl: base }).url;
}

/** The incentive in words, when there is one. */
function incentiveText(ctx: RunContext, contract: Contract): string {
  const incentive = ctx.settings.autoPay.incentive;
  if (incentive === undefined) return "";
  return incentive.kind === "percent" ? ` and save ${incentive.percent} % on your monitoring for as long as auto-pay stays on` : ` and save ${incentive.amount} ${contract.billing.currency} a month for as long as auto-pay stays on`;
}

/** The incentive for the template, which words it in the customer's language: a percentage off monitoring, or an amount off each month. */
function incentiveModel(ctx: RunContext, contract: Contract): Pick<AutoPayInvitationMessage, "incentivePercent" | "incentiveAmount"> {
  const incentive = ctx.settings.autoPay.incentive;
  if (incentive === undefined) return {};
  return incentive.kind === "percent" ? { incentivePercent: incentive.percent } : { incentiveAmount: money(incentive.amount, contract.billing.currency) };
}

/**
 * The auto-pay enrollment drive (the seed's "strategic auto-pay enrollment campaigns during
 * onboarding and renewal, combined with incentives and easy enrollment"): a contract not on
 * auto-pay is invited with its first invoice (onboarding) and again after its second payment made
 * by hand, each once, by email or the portal (never a text), with the signed enrollment link and
 * the incentive — when `settings.autoPay.invite` is on. (The renewal offer carries the third
 * invitation.) @internal
 */
export async function inviteToAutoPay(ctx: RunContext, contract: Contract, accountId: string, invoices: readonly StoredInvoice[]): Promise<void> {
  if (!ctx.settings.autoPay.invite || contract.paymentMethod?.autoPay === true || invoices.length === 0) return;
  // Marketing: never by text.
  const channels = contract.customer.channels.filter((c) => c !== "sms");
  if (channels.length === 0) return;
  const byMail = { ...contract, customer: { ...contract.customer, channels } } as Contract;
  const invite = async (step: "onboarding" | "afterPayments", why: string): Promise<void> => {
    const key = `autopay:${contract.id}:invite:${step}`;
    const link = enrollmentLink(ctx, contract);
    const outcome = await deliver(ctx, byMail, accountId, {
      key,
      kind: "autoPayInvitation",
      subject: "Pay automatically — never miss a due date",
      text: `Hello ${contract.customer.name}, ${why} Turn on auto-pay in a minute${incentiveText(ctx, contract)}: ${link}`,
      reference: contract.id,
      template: { kind: "autoPayInvitation", model: { customerName: contract.customer.name, enrollLink: link, ...incentiveModel(ctx, contract) } },
    });
    if (outcome === "sent" || outcome === "portal") ctx.report.autoPayInvitations++;
  };
  // Each invitation's record is looked up before anything else is read: once sent, it costs one read.
  const sent = await ctx.store.transaction(async (tx) => {
    const has = async (step: string) => {
      for (const channel of [...channels, "email"]) if ((await tx.getMessage(`autopay:${contract.id}:invite:${step}:${channel}`)) !== undefined) return true;
      return false;
    };
    return { onboarding: await has("onboarding"), afterPayments: await has("afterPayments") };
  });
  if (!sent.onboarding) await invite("onboarding", "thank you for choosing us: your first invoice is on its way.");
  if (!sent.afterPayments) {
    const payments = await ctx.store.transaction((tx) => tx.listPayments(accountId));
    if (payments.filter((p) => p.channel !== "autopay").length >= 2) await invite("afterPayments", "thank you for your payments.");
  }
}

/** The contract's issues under the request's names (`paymentMethod.token`, …), or the contract. */
function validContract(next: unknown, issues: IssueCollector): Contract | undefined {
  const parsed = safeParseContract(next);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues as readonly ValidationIssue[]) issues.add(issue.path, issue.code, issue.message);
  return undefined;
}

/**
 * Turns auto-pay on (see `BillingEngine.enrollAutoPay`): the contract's next version with the
 * method and `autoPay: true` and, when the settings give one, the incentive discount — and the
 * authorization record, in one transaction. @internal
 */
export async function enrollAutoPay(ctx: RunContext, input: AutoPayEnrollmentInput): Promise<AutoPayAuthorizationCase> {
  const issues = new IssueCollector();
  const a = input.authorization;
  if (typeof a?.by !== "string" || a.by.trim() === "") issues.add(["authorization", "by"], ErrorCodes.required, "say who authorized the charges (the customer's name as given)");
  if (a?.method !== "web" && a?.method !== "phone" && a?.method !== "paper") issues.add(["authorization", "method"], ErrorCodes.invalidValue, `expected "web", "phone" or "paper", got ${JSON.stringify(a?.method)}`);
  if (typeof a?.text !== "string" || a.text.trim().length < 20) issues.add(["authorization", "text"], ErrorCodes.required, "keep the exact text the customer agreed to (NACHA and the card networks require it)");
  return ctx.store.transaction(async (tx) => {
    const stored = await tx.getContract(input.contractId);
    if (stored === undefined) issues.add(["contractId"], ErrorCodes.invalidReference, `no contract ${input.contractId}`);
    const contract = stored?.contract;
    const incentive = ctx.settings.autoPay.incentive;
    const discounts = (contract?.discounts ?? []).filter((d) => d.id !== AUTOPAY_INCENTIVE_ID);
    const candidate =
      contract === undefined
        ? undefined
        : {
            ...contract,
            paymentMethod: { ...input.paymentMethod, autoPay: true },
            discounts:
              incentive === undefined
                ? discounts
                : [
                    ...discounts,
                    incentive.kind === "percent"
                      ? { id: AUTOPAY_INCENTIVE_ID, kind: "percent", percent: incentive.percent, description: `Auto-pay discount ${incentive.percent} %`, appliesTo: { scope: "category", categories: ["monitoring"] }, duration: { kind: "forever" }, order: 100 }
                      : { id: AUTOPAY_INCENTIVE_ID, kind: "fixed", amount: incentive.amount, description: "Auto-pay discount", appliesTo: { scope: "invoice" }, duration: { kind: "forever" }, order: 100 },
                  ],
          };
    const next = candidate === undefined ? undefined : validContract(candidate, issues);
    if (!issues.ok || next === undefined || stored === undefined) throw new ValidationError(issues.issues);
    await tx.putContract(next, stored.version);
    const at = ctx.now();
    const token = input.paymentMethod.token as string;
    const record: Omit<AutoPayAuthorizationCase, "version"> = {
      id: `autopay:${next.id}:${token}:${at}`,
      kind: "autoPayAuthorization",
      accountId: stored.accountId,
      contractId: next.id,
      invoiceNumbers: [],
      status: "open",
      openedAt: at,
      token,
      methodKind: input.paymentMethod.kind === "ach" ? "ach" : "card",
      authorizedBy: a.by,
      method: a.method,
      text: a.text,
    };
    const saved = (await tx.insertCase(record)) as AutoPayAuthorizationCase;
    await tx.appendEvent({ id: `autoPay.enrolled:${record.id}`, type: "autoPay.enrolled", accountId: stored.accountId, at, data: { contractId: next.id, method: record.methodKind, incentive: incentive === undefined ? null : incentive.kind } });
    await tx.appendActivity({ id: record.id, accountId: stored.accountId, at, kind: "autoPay.enrolled", actor: a.by, text: `Auto-pay turned on for ${next.id} (${record.methodKind}${input.paymentMethod.last4 === undefined ? "" : ` ending ${input.paymentMethod.last4}`}), authorized by ${a.by} (${a.method})`, reference: next.id });
    return saved;
  });
}

/**
 * Turns auto-pay off (see `BillingEngine.cancelAutoPay`): the contract's next version without
 * it, the incentive stopped from the next period (`until` today), the authorization closed. @internal
 */
export async function cancelAutoPay(ctx: RunContext, input: AutoPayCancellationInput): Promise<Contract> {
  const issues = new IssueCollector();
  if (typeof input.by !== "string" || input.by.trim() === "") issues.add(["by"], ErrorCodes.required, "say who asked to stop auto-pay");
  return ctx.store.transaction(async (tx) => {
    const stored = await tx.getContract(input.contractId);
    if (stored === undefined) issues.add(["contractId"], ErrorCodes.invalidReference, `no contract ${input.contractId}`);
    else if (stored.contract.paymentMethod?.autoPay !== true) issues.add(["contractId"], ErrorCodes.invalidValue, `contract ${input.contractId} is not on auto-pay`);
    if (!issues.ok || stored === undefined) throw new ValidationError(issues.issues);
    const contract = stored.contract;
    const at = ctx.now();
    const today = toCalendarDate(at, contract.customer.timeZone);
    const next = {
      ...contract,
      paymentMethod: { ...(contract.paymentMethod as NonNullable<Contract["paymentMethod"]>), autoPay: false },
      discounts: contract.discounts.map((d) => (d.id === AUTOPAY_INCENTIVE_ID ? { ...d, duration: { kind: "until" as const, date: today } } : d)),
    } as Contract;
    await tx.putContract(next, stored.version);
    for (const c of await tx.listCases(stored.accountId)) {
      if (c.kind === "autoPayAuthorization" && c.contractId === contract.id && c.status === "open") await tx.updateCase(c.id, c.version, { status: "closed", closedAt: at, resolution: `cancelled by ${input.by}${input.reason === undefined ? "" : `: ${input.reason}`}` });
    }
    await tx.appendEvent({ id: `autoPay.cancelled:${contract.id}:${at}`, type: "autoPay.cancelled", accountId: stored.accountId, at, data: { contractId: contract.id, by: input.by, reason: input.reason ?? null } });
    await tx.appendActivity({ id: `autoPay.cancelled:${contract.id}:${at}`, accountId: stored.accountId, at, kind: "autoPay.cancelled", actor: input.by, text: `Auto-pay turned off for ${contract.id} by ${input.by}${input.reason === undefined ? "" : `: ${input.reason}`}`, reference: contract.id });
    return next;
  });
}
