import { addDays, isCalendarDate, parseInstant, toCalendarDate, type CalendarDate } from "../calendar/index.js";
import type { Contract } from "../contract/index.js";
import { ErrorCodes, IssueCollector, ValidationError } from "../errors/index.js";
import { createCreditNote, type InvoiceLine } from "../invoice/index.js";
import { fromMinorUnits, toDecimalString } from "../money/index.js";
import { UniqueViolationError, type AccountCase, type DisputeCase, type PromiseToPayCase, type StoreTransaction, type StoredInvoice } from "../ports/index.js";
import type { DisputeFact } from "../timeline/index.js";
import type { RunContext } from "./context.js";
import { deliver, type Templated } from "./deliver.js";
import { issueCreditNotes } from "./issue.js";
import { paymentLinkFor } from "./paymentLinks.js";
import { MAX_PROMISE_DAYS, type DisputeEvidenceInput, type DisputeInput, type DisputeResolution, type PromiseToPayInput } from "./types.js";

const text = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";

/** Rethrows a duplicate id as a validation error naming the field. */
function duplicate(error: unknown, what: string, id: string): never {
  if (error instanceof UniqueViolationError) throw new ValidationError([{ path: ["id"], code: ErrorCodes.invalidValue, message: `${what} ${id} is already recorded` }]);
  throw error;
}

/** The dispute with an id, or every problem in one error. */
async function disputeOf(tx: StoreTransaction, id: string, issues: IssueCollector, path: string): Promise<DisputeCase | undefined> {
  const found = await tx.getCase(id);
  if (found === undefined || found.kind !== "dispute") {
    issues.add([path], ErrorCodes.invalidReference, `no dispute ${id}`);
    return undefined;
  }
  return found;
}

/** Records a dispute (see `BillingEngine.openDispute`). @internal */
export async function openDispute(ctx: RunContext, input: DisputeInput, accountId: string): Promise<DisputeCase> {
  const issues = new IssueCollector();
  if (!text(input.id)) issues.add(["id"], ErrorCodes.required, "a dispute needs your id");
  if (!text(input.reason)) issues.add(["reason"], ErrorCodes.required, "say why the invoice is disputed");
  return ctx.store.transaction(async (tx) => {
    const stored = await tx.getInvoice(input.invoiceNumber);
    if (stored === undefined) issues.add(["invoiceNumber"], ErrorCodes.invalidReference, `no invoice ${input.invoiceNumber}`);
    else if (stored.invoice.status === "void") issues.add(["invoiceNumber"], ErrorCodes.invalidValue, `invoice ${input.invoiceNumber} is void: there is nothing to dispute`);
    const lineIds = input.lineIds ?? [];
    lineIds.forEach((id, i) => {
      if (stored !== undefined && !stored.invoice.lines.some((l) => l.id === id)) issues.add(["lineIds", i], ErrorCodes.invalidReference, `invoice ${input.invoiceNumber} has no line "${id}"`);
    });
    if (stored !== undefined) {
      const open = (await tx.listCases(stored.accountId)).find((c) => c.kind === "dispute" && c.status === "open" && c.invoiceNumbers.includes(stored.invoice.number));
      if (open !== undefined) issues.add(["invoiceNumber"], ErrorCodes.invalidValue, `invoice ${input.invoiceNumber} is already disputed (${open.id}): add evidence to it instead`);
    }
    if (!issues.ok || stored === undefined) throw new ValidationError(issues.issues);
    const at = ctx.now();
    const by = input.by ?? "staff";
    const record: Omit<DisputeCase, "version"> = {
      id: input.id,
      kind: "dispute",
      accountId,
      contractId: stored.invoice.contractId,
      invoiceNumbers: [stored.invoice.number],
      status: "open",
      openedAt: at,
      lineIds: [...lineIds],
      reason: input.reason,
      evidence: input.evidence === undefined ? [] : [{ at, by, text: input.evidence }],
    };
    let saved: AccountCase;
    try {
      saved = await tx.insertCase(record);
    } catch (error) {
      duplicate(error, "dispute", input.id);
    }
    const what = lineIds.length === 0 ? "the whole invoice" : `line${lineIds.length === 1 ? "" : "s"} ${lineIds.join(", ")}`;
    await tx.appendActivity({ id: `${input.id}:opened`, accountId, at, kind: "dispute.opened", actor: by, text: `Invoice ${stored.invoice.number} disputed (${what}) by ${by}: ${input.reason}. Reminders, late fees, auto-pay and collections wait for it.`, reference: stored.invoice.number });
    await tx.appendEvent({ id: `dispute.opened:${input.id}`, type: "dispute.opened", accountId, at, data: { disputeId: input.id, invoiceNumber: stored.invoice.number, lineIds: [...lineIds], reason: input.reason } });
    return saved as DisputeCase;
  });
}

/** Attaches evidence to an open dispute. @internal */
export async function addDisputeEvidence(ctx: RunContext, input: DisputeEvidenceInput): Promise<DisputeCase> {
  const issues = new IssueCollector();
  if (!text(input.by)) issues.add(["by"], ErrorCodes.required, "say who attaches the evidence");
  if (!text(input.text)) issues.add(["text"], ErrorCodes.required, "the evidence is empty");
  return ctx.store.transaction(async (tx) => {
    const dispute = await disputeOf(tx, input.disputeId, issues, "disputeId");
    if (dispute !== undefined && dispute.status !== "open") issues.add(["disputeId"], ErrorCodes.invalidValue, `dispute ${input.disputeId} is closed (${dispute.outcome ?? "settled"})`);
    if (!issues.ok || dispute === undefined) throw new ValidationError(issues.issues);
    const at = ctx.now();
    const changed = await tx.updateCase(dispute.id, dispute.version, { evidence: { at, by: input.by, text: input.text } });
    await tx.appendActivity({ id: `${dispute.id}:evidence:${dispute.evidence.length + 1}`, accountId: dispute.accountId, at, kind: "dispute.evidence", actor: input.by, text: `Evidence on dispute ${dispute.id} from ${input.by}: ${input.text}`, reference: dispute.invoiceNumbers[0] });
    return changed as DisputeCase;
  });
}

/** One invoice line's explanation trace, as the answer to a dispute that upheld it. */
function explainLine(line: InvoiceLine): string {
  const e = line.explanation;
  const parts = [e.price, e.proration, e.escalator, e.seasonal, ...e.discounts, ...e.taxes].filter((p): p is string => p !== undefined && p !== "");
  return `- ${line.description}: ${parts.join("; ")}; total ${toDecimalString(line.total)} ${line.total.currency}`;
}

/** The line of an upheld answer before the explanation of each disputed line. */
const UPHELD_INTRO = "The charges stand; this is how each was worked out:";

/**
 * Settles a dispute (see `BillingEngine.resolveDispute`): the credit note (if any) and the closed
 * case in one transaction; the answer to the customer is the case's resolution, which the next run
 * delivers under the key `dispute:<id>:answer` (inside the send window, once). @internal
 */
export async function resolveDispute(ctx: RunContext, resolution: DisputeResolution): Promise<DisputeCase> {
  const issues = new IssueCollector();
  if (resolution.outcome === "credited" && !text(resolution.reason)) issues.add(["reason"], ErrorCodes.required, "say why the invoice is credited (it is printed on the credit note)");
  if ((resolution.outcome as string) !== "credited" && (resolution.outcome as string) !== "upheld") issues.add(["outcome"], ErrorCodes.invalidValue, `expected "credited" or "upheld", got ${JSON.stringify(resolution.outcome)}`);
  const before = await ctx.store.transaction(async (tx) => {
    const dispute = await disputeOf(tx, resolution.disputeId, issues, "disputeId");
    if (dispute !== undefined && dispute.status !== "open") issues.add(["disputeId"], ErrorCodes.invalidValue, `dispute ${resolution.disputeId} is already settled (${dispute.outcome ?? "closed"})`);
    const stored = dispute === undefined ? undefined : await tx.getInvoice(dispute.invoiceNumbers[0] ?? "");
    return { dispute, stored, notes: dispute === undefined ? [] : await tx.listContractCreditNotes(dispute.contractId) };
  });
  const { dispute, stored } = before;
  if (!issues.ok || dispute === undefined || stored === undefined) throw new ValidationError(issues.issues);
  const at = ctx.now();
  // The credit note is dated on the customer's calendar.
  const timeZone = (await ctx.store.transaction((tx) => tx.getContract(dispute.contractId)))?.contract.customer.timeZone ?? "UTC";
  const day = toCalendarDate(at, timeZone);
  const disputed = dispute.lineIds.length === 0 ? stored.invoice.lines : stored.invoice.lines.filter((l) => dispute.lineIds.includes(l.id));
  if (resolution.outcome === "upheld") {
    const answer = [
      `Hello, we have looked into your dispute of invoice ${stored.invoice.number} (${dispute.reason}).`,
      ...(resolution.answer === undefined ? [] : [resolution.answer]),
      UPHELD_INTRO,
      ...disputed.map(explainLine),
      `${toDecimalString(stored.balance)} ${stored.invoice.currency} is open: ${paymentLinkFor(ctx.settings, stored.invoice, stored.balance)}`,
    ].join("\n");
    return ctx.store.transaction(async (tx) => {
      const current = (await tx.getCase(dispute.id)) as DisputeCase;
      const closed = await tx.updateCase(dispute.id, current.version, { status: "closed", closedAt: at, outcome: "upheld", resolution: answer });
      await tx.appendActivity({ id: `${dispute.id}:upheld`, accountId: dispute.accountId, at, kind: "dispute.upheld", text: `Dispute ${dispute.id} on ${stored.invoice.number}: charges upheld, explanation sent`, reference: stored.invoice.number });
      await tx.appendEvent({ id: `dispute.resolved:${dispute.id}`, type: "dispute.resolved", accountId: dispute.accountId, at, data: { disputeId: dispute.id, invoiceNumber: stored.invoice.number, outcome: "upheld" } });
      return closed as DisputeCase;
    });
  }
  let draft;
  try {
    draft = createCreditNote(stored.invoice, {
      ...(resolution.amount !== undefined ? { amount: resolution.amount } : dispute.lineIds.length > 0 ? { lines: dispute.lineIds.map((invoiceLineId) => ({ invoiceLineId })) } : {}),
      reason: `${resolution.reason} (dispute ${dispute.id})`,
      date: day,
      previous: before.notes.filter((n) => n.invoiceNumber === stored.invoice.number),
    });
  } catch (error) {
    // The credit note's own checks (an amount beyond what is left to credit), under this request's names.
    if (error instanceof ValidationError) throw new ValidationError(error.issues.map((i) => ({ ...i, path: i.path[0] === "amount" ? ["amount"] : i.path })));
    throw error;
  }
  let closed: DisputeCase | undefined;
  const numbers: string[] = [];
  await issueCreditNotes(ctx, dispute.accountId, [draft], numbers, async (tx, [note]) => {
    const current = await tx.getCase(dispute.id);
    if (current === undefined || current.status !== "open") throw new ValidationError([{ path: ["disputeId"], code: ErrorCodes.invalidValue, message: `dispute ${dispute.id} was settled meanwhile` }]);
    const answer = `Hello, we have looked into your dispute of invoice ${stored.invoice.number} (${dispute.reason}) and credited ${toDecimalString(fromMinorUnits(-(note?.total.minor ?? 0), stored.invoice.currency))} ${stored.invoice.currency} on credit note ${note?.number ?? ""}: ${resolution.reason}.`;
    closed = (await tx.updateCase(dispute.id, current.version, { status: "closed", closedAt: at, outcome: "credited", creditNoteNumber: note?.number ?? "", resolution: answer })) as DisputeCase;
    await tx.appendEvent({ id: `dispute.resolved:${dispute.id}`, type: "dispute.resolved", accountId: dispute.accountId, at, data: { disputeId: dispute.id, invoiceNumber: stored.invoice.number, outcome: "credited", creditNoteNumber: note?.number ?? null } });
  });
  return closed as unknown as DisputeCase;
}

/** Records a promise to pay (see `BillingEngine.recordPromiseToPay`). @internal */
export async function recordPromiseToPay(ctx: RunContext, input: PromiseToPayInput): Promise<PromiseToPayCase> {
  const issues = new IssueCollector();
  if (!text(input.id)) issues.add(["id"], ErrorCodes.required, "a promise needs your id");
  const today = ctx.now().slice(0, 10);
  if (!isCalendarDate(input.promisedOn)) issues.add(["promisedOn"], ErrorCodes.invalidDate, `expected a day "YYYY-MM-DD", got ${JSON.stringify(input.promisedOn)}`);
  // A day's slack either side of UTC's today: the customer's calendar may be a day behind or ahead.
  else if (input.promisedOn < addDays(today, -1)) issues.add(["promisedOn"], ErrorCodes.invalidDate, `${input.promisedOn} is in the past`);
  else if (input.promisedOn > addDays(today, MAX_PROMISE_DAYS)) issues.add(["promisedOn"], ErrorCodes.invalidDate, `${input.promisedOn} is more than ${MAX_PROMISE_DAYS} days ahead: dunning is paused, not abandoned`);
  return ctx.store.transaction(async (tx) => {
    const open = await tx.listOpenInvoices(input.accountId);
    let covered: StoredInvoice[] = [...open];
    if (input.invoiceNumbers !== undefined) {
      covered = [];
      input.invoiceNumbers.forEach((number, i) => {
        const found = open.find((s) => s.invoice.number === number);
        if (found === undefined) issues.add(["invoiceNumbers", i], ErrorCodes.invalidReference, `account ${input.accountId} has no open invoice ${number}`);
        else covered.push(found);
      });
    } else if (open.length === 0) issues.add(["accountId"], ErrorCodes.invalidReference, `account ${input.accountId} owes nothing`);
    const currency = covered[0]?.invoice.currency;
    if (input.amount !== undefined && currency !== undefined && input.amount.currency !== currency) issues.add(["amount", "currency"], ErrorCodes.currencyMismatch, `the account is billed in ${currency}, not ${input.amount.currency}`);
    if (input.amount !== undefined && (!Number.isSafeInteger(input.amount.minor) || input.amount.minor <= 0)) issues.add(["amount"], ErrorCodes.tooSmall, `a promise must be above zero, got ${toDecimalString(input.amount)}`);
    const first = covered[0];
    if (!issues.ok || first === undefined) throw new ValidationError(issues.issues);
    const at = ctx.now();
    const amount = input.amount ?? fromMinorUnits(covered.reduce((t, s) => t + s.balance.minor, 0), first.invoice.currency);
    const record: Omit<PromiseToPayCase, "version"> = {
      id: input.id,
      kind: "promiseToPay",
      accountId: input.accountId,
      contractId: first.invoice.contractId,
      invoiceNumbers: covered.map((s) => s.invoice.number),
      status: "open",
      openedAt: at,
      promisedOn: input.promisedOn,
      amount,
    };
    let saved: AccountCase;
    try {
      saved = await tx.insertCase(record);
    } catch (error) {
      duplicate(error, "promise to pay", input.id);
    }
    await tx.appendActivity({ id: `${input.id}:recorded`, accountId: input.accountId, at, kind: "promiseToPay.recorded", text: `Promise to pay ${toDecimalString(amount)} ${amount.currency} by ${input.promisedOn} (${record.invoiceNumbers.join(", ")}): dunning waits until then`, reference: record.invoiceNumbers[0] });
    await tx.appendEvent({ id: `promiseToPay.recorded:${input.id}`, type: "promiseToPay.recorded", accountId: input.accountId, at, data: { promiseId: input.id, promisedOn: input.promisedOn, amount: toDecimalString(amount), currency: amount.currency, invoiceNumbers: record.invoiceNumbers } });
    return saved as PromiseToPayCase;
  });
}

/** The disputes of each invoice, as the timeline reads them. @internal */
export function disputeFacts(cases: readonly AccountCase[]): Map<string, DisputeFact[]> {
  const byInvoice = new Map<string, DisputeFact[]>();
  for (const c of cases) {
    if (c.kind !== "dispute") continue;
    for (const number of c.invoiceNumbers) {
      const list = byInvoice.get(number) ?? [];
      list.push(c.closedAt === undefined ? { openedAt: c.openedAt } : { openedAt: c.openedAt, closedAt: c.closedAt });
      byInvoice.set(number, list);
    }
  }
  return byInvoice;
}

/** The invoices with an open dispute. @internal */
export function openlyDisputed(cases: readonly AccountCase[]): Set<string> {
  return new Set(cases.filter((c) => c.kind === "dispute" && c.status === "open").flatMap((c) => c.invoiceNumbers));
}

/**
 * The promises of an account on a run: a promise whose day has passed (on the customer's clock)
 * is closed — kept when the invoices it covers are paid, broken otherwise — and the account's
 * dunning is paused while one is still running. Returns whether dunning waits. @internal
 */
export async function settlePromises(ctx: RunContext, contract: Contract, cases: readonly AccountCase[], asOf: string): Promise<boolean> {
  const promises = cases.filter((c): c is PromiseToPayCase => c.kind === "promiseToPay" && c.status === "open");
  if (promises.length === 0) return false;
  const today: CalendarDate = ctx.dayIn(asOf, contract.customer.timeZone);
  let waiting = false;
  for (const promise of promises) {
    if (promise.promisedOn >= today) {
      waiting = true;
      continue;
    }
    await ctx.store.transaction(async (tx) => {
      const current = await tx.getCase(promise.id);
      if (current === undefined || current.status !== "open") return;
      const owed = await Promise.all(promise.invoiceNumbers.map((n) => tx.getInvoice(n)));
      const kept = owed.every((s) => s === undefined || s.invoice.status !== "open" || s.balance.minor <= 0);
      const at = ctx.now();
      const verdict = kept ? "kept" : "broken";
      await tx.updateCase(promise.id, current.version, { status: "closed", closedAt: at, resolution: kept ? "kept: paid by the day promised" : "broken: not paid by the day promised; dunning resumes" });
      await tx.appendActivity({ id: `${promise.id}:${verdict}`, accountId: promise.accountId, at, kind: `promiseToPay.${verdict}`, text: `Promise to pay by ${promise.promisedOn} ${verdict}`, reference: promise.invoiceNumbers[0] });
      await tx.appendEvent({ id: `promiseToPay.${verdict}:${promise.id}`, type: `promiseToPay.${verdict}`, accountId: promise.accountId, at, data: { promiseId: promise.id, promisedOn: promise.promisedOn } });
    });
  }
  return waiting;
}

/** How long after a dispute is settled the run still looks to send its answer (a run is daily; this covers an outage). */
const ANSWER_LOOKBACK_MS = 35 * 86_400_000;

/** Sends the answer of each recently settled dispute of the contract, once (key `dispute:<id>:answer`). @internal */
export async function sendDisputeAnswers(ctx: RunContext, contract: Contract, accountId: string, cases: readonly AccountCase[], asOf: string): Promise<void> {
  const since = Date.parse(asOf) - ANSWER_LOOKBACK_MS;
  for (const c of cases) {
    if (c.kind !== "dispute" || c.status !== "closed" || c.contractId !== contract.id || c.resolution === undefined) continue;
    if (c.closedAt === undefined || parseInstant(c.closedAt) < since) continue;
    const outcome = await deliver(ctx, contract, accountId, {
      key: `dispute:${c.id}:answer`,
      kind: "disputeAnswer",
      subject: `Your dispute of invoice ${c.invoiceNumbers.join(", ")}: ${c.outcome === "credited" ? "credited" : "our answer"}`,
      text: c.resolution,
      reference: c.invoiceNumbers[0] ?? c.id,
      template: ctx.messages === undefined ? undefined : await answerTemplate(ctx, contract, c, c.resolution),
    });
    if (outcome === "sent") ctx.report.disputeAnswers++;
  }
}

/**
 * The dispute answer's template and model: for a credit, the credit note's number, amount (tax
 * included) and reason; for charges upheld, the explanation of each line as the plain answer
 * gives it (its lines between the greeting and the open balance); the payment link for what the
 * invoice still owes.
 */
async function answerTemplate(ctx: RunContext, contract: Contract, c: DisputeCase, resolution: string): Promise<Templated> {
  const number = c.invoiceNumbers[0] ?? "";
  const { stored, note } = await ctx.store.transaction(async (tx) => ({
    stored: await tx.getInvoice(number),
    note: c.creditNoteNumber === undefined ? undefined : (await tx.listContractCreditNotes(c.contractId)).find((n) => n.number === c.creditNoteNumber),
  }));
  const paymentLink = stored === undefined ? `${ctx.settings.paymentLinkBase}${encodeURIComponent(number)}` : paymentLinkFor(ctx.settings, stored.invoice, stored.balance);
  const base = { customerName: contract.customer.name, invoiceNumber: number, paymentLink };
  if (c.outcome === "credited" && note !== undefined) {
    const reason = note.reason.replace(` (dispute ${c.id})`, "");
    return { kind: "disputeAnswer", model: { ...base, outcome: "credited", creditNoteNumber: note.number, creditedAmount: fromMinorUnits(-note.total.minor, note.currency), explanation: `${reason}.` } };
  }
  const lines = resolution.split("\n");
  return { kind: "disputeAnswer", model: { ...base, outcome: "upheld", explanation: (lines.length > 2 ? lines.slice(1, -1) : lines).filter((l) => l !== UPHELD_INTRO).join(" ") } };
}
