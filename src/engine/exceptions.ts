import { parseInstant } from "../calendar/index.js";
import type { Contract } from "../contract/index.js";
import { ErrorCodes, IssueCollector, ValidationError } from "../errors/index.js";
import { UniqueViolationError, type AccountCase, type BillingStore, type ExceptionCase, type ExceptionKind, type StoreTransaction } from "../ports/index.js";
import type { ExceptionItem, ResolveExceptionInput } from "./types.js";

/** What raises an exception. @internal */
export interface RaisedException {
  readonly id: string;
  readonly accountId: string;
  readonly contractId: string;
  readonly invoiceNumbers?: readonly string[];
  readonly exception: ExceptionKind;
  readonly reason: string;
  readonly action: string;
}

/**
 * Raises an exception for a person, once per id (an id names one cause: a contract's error, an
 * attempt, a card and its expiry); one that was closed is opened again when its cause comes back.
 * Returns whether it is new or reopened. @internal
 */
export async function raiseException(tx: StoreTransaction, raised: RaisedException, at: string): Promise<boolean> {
  const known = await tx.getCase(raised.id);
  if (known !== undefined) {
    // Open already; or resolved by a person, whose word stands until the cause is a new one (a new id).
    if (known.status === "open" || known.kind !== "exception" || known.resolvedBy !== undefined) return false;
    await tx.updateCase(known.id, known.version, { status: "open", resolution: `reopened: ${raised.reason}` });
  } else {
    try {
      const record: Omit<ExceptionCase, "version"> = { id: raised.id, kind: "exception", accountId: raised.accountId, contractId: raised.contractId, invoiceNumbers: [...(raised.invoiceNumbers ?? [])], status: "open", openedAt: at, exception: raised.exception, reason: raised.reason, action: raised.action };
      await tx.insertCase(record);
    } catch (error) {
      if (error instanceof UniqueViolationError) return false;
      throw error;
    }
  }
  await tx.appendEvent({ id: `exception.raised:${raised.id}:${at}`, type: "exception.raised", accountId: raised.accountId, at, data: { exceptionId: raised.id, exception: raised.exception, contractId: raised.contractId, reason: raised.reason } });
  return true;
}

/** Raises an exception in a transaction of its own. @internal */
export async function raise(store: BillingStore, raised: RaisedException, at: string): Promise<boolean> {
  return store.transaction((tx) => raiseException(tx, raised, at));
}

/** Closes the open exceptions of a contract that `stillTrue` says are cleared, with why. @internal */
export async function clearExceptions(store: BillingStore, contract: Contract, cases: readonly AccountCase[], cleared: (c: ExceptionCase) => string | undefined, at: string): Promise<void> {
  for (const c of cases) {
    if (c.kind !== "exception" || c.status !== "open" || c.contractId !== contract.id) continue;
    const why = cleared(c);
    if (why === undefined) continue;
    await store.transaction(async (tx) => {
      const current = await tx.getCase(c.id);
      if (current === undefined || current.status !== "open") return;
      await tx.updateCase(c.id, current.version, { status: "closed", closedAt: at, resolution: why });
      await tx.appendActivity({ id: `${c.id}:cleared:${at}`, accountId: c.accountId, at, kind: "exception.cleared", text: `Exception cleared (${c.exception}): ${why}`, reference: contract.id });
    });
  }
}

const DAY = 86_400_000;

/** Every account of the store with its customer's time zone, a page of contracts at a time. @internal */
export async function listAccounts(store: BillingStore): Promise<Map<string, string>> {
  const accounts = new Map<string, string>();
  let after: string | undefined;
  do {
    const page = await store.transaction((tx) => tx.listContracts(after === undefined ? { limit: 500 } : { after, limit: 500 }));
    for (const c of page.items) if (!accounts.has(c.accountId)) accounts.set(c.accountId, c.contract.customer.timeZone);
    after = page.next;
  } while (after !== undefined);
  return accounts;
}

/**
 * The exceptions queue: every open exception of every account, and every open dispute (which a
 * person must settle), oldest first — each with its reason, its age in days and the action that
 * clears it. Pages through the store's contracts to find the accounts. @internal
 */
export async function listExceptions(store: BillingStore, now: string): Promise<ExceptionItem[]> {
  const accounts = (await listAccounts(store)).keys();
  const items: ExceptionItem[] = [];
  const nowMs = parseInstant(now);
  for (const accountId of accounts) {
    for (const c of await store.transaction((tx) => tx.listCases(accountId))) {
      if (c.status !== "open") continue;
      const ageDays = Math.max(0, Math.floor((nowMs - parseInstant(c.openedAt)) / DAY));
      if (c.kind === "exception") items.push({ id: c.id, kind: c.exception, accountId, contractId: c.contractId, invoiceNumbers: c.invoiceNumbers, reason: c.reason, action: c.action, openedAt: String(c.openedAt), ageDays });
      else if (c.kind === "dispute") {
        items.push({ id: c.id, kind: "disputeOpen", accountId, contractId: c.contractId, invoiceNumbers: c.invoiceNumbers, reason: `invoice ${c.invoiceNumbers.join(", ")} disputed: ${c.reason}`, action: "settle it with engine.resolveDispute (a credit note, or the charges upheld)", openedAt: String(c.openedAt), ageDays });
      }
    }
  }
  return items.sort((a, b) => b.ageDays - a.ageDays || (a.id < b.id ? -1 : 1));
}

/** Resolves an exception by hand: closed with who and why, in the activity log (audited). @internal */
export async function resolveException(store: BillingStore, input: ResolveExceptionInput, at: string): Promise<ExceptionCase> {
  const issues = new IssueCollector();
  if (typeof input.by !== "string" || input.by.trim() === "") issues.add(["by"], ErrorCodes.required, "say who resolves it");
  if (typeof input.note !== "string" || input.note.trim() === "") issues.add(["note"], ErrorCodes.required, "say what was done");
  return store.transaction(async (tx) => {
    const found = await tx.getCase(input.id);
    if (found === undefined || found.kind !== "exception") issues.add(["id"], ErrorCodes.invalidReference, `no exception ${input.id}`);
    else if (found.status !== "open") issues.add(["id"], ErrorCodes.invalidValue, `exception ${input.id} is already closed (${found.resolution ?? "resolved"})`);
    if (!issues.ok || found === undefined) throw new ValidationError(issues.issues);
    const closed = await tx.updateCase(found.id, found.version, { status: "closed", closedAt: at, resolution: input.note, resolvedBy: input.by });
    await tx.appendActivity({ id: `${found.id}:resolved:${at}`, accountId: found.accountId, at, kind: "exception.resolved", actor: input.by, text: `Exception resolved by ${input.by} (${found.kind === "exception" ? found.exception : found.kind}): ${input.note}`, reference: found.contractId });
    await tx.appendEvent({ id: `exception.resolved:${found.id}:${at}`, type: "exception.resolved", accountId: found.accountId, at, data: { exceptionId: found.id, by: input.by, note: input.note } });
    return closed as ExceptionCase;
  });
}
