/**
 * The reads of one account's handle, kept while the handle holds the account's lock.
 *
 * A handle reads the same invoices, attempts and credit notes several times — the issue stage, the
 * delivery stage, auto-pay (each invoice read again before its charge), follow-up, the wake-up —
 * and over PostgreSQL each read is a round trip: the month bench counted 5.7 invoice reads and 4
 * attempt reads per contract on the issue day, 9.5 and 5.7 on the charge day. Under the account
 * lock nothing else writes those records (every engine path that writes an invoice, an attempt or
 * a credit note takes the lock first), so a read answered once holds until the handle itself
 * writes. The rules:
 *
 * - Kept: `getInvoice`, `listContractInvoices`, `listInvoiceAttempts`, `getAttempt`,
 *   `listContractCreditNotes` (a contract's invoice list also answers `getInvoice` of each).
 * - Never kept: what a writer outside the lock can change — contracts (a CRM sync), messages and
 *   cases (a provider's delivery webhook), the account's write stamp — and everything else.
 * - A write forgets the family it changes (an invoice's insert or update the invoices, an
 *   attempt's the attempts, a credit note's the credit notes); a write of anything else (a
 *   message, a ledger line, activity) forgets nothing; a call the cache does not know forgets
 *   everything. After a transaction's first write the rest of it reads through and keeps nothing
 *   (what it reads may still roll back).
 */
import type { BillingStore, StoreTransaction } from "../ports/index.js";

/** The reads kept, by method name, each with the family of records it reads. */
const KEPT = new Map([
  ["getInvoice", "invoices"],
  ["listContractInvoices", "invoices"],
  ["listInvoiceAttempts", "attempts"],
  ["getAttempt", "attempts"],
  ["listContractCreditNotes", "creditNotes"],
]);
/** The writes that change a kept family; a write not named here and not in {@link UNKEPT} forgets every family. */
const WRITES = new Map([
  ["insertInvoice", "invoices"],
  ["updateInvoice", "invoices"],
  ["insertAttempt", "attempts"],
  ["updateAttempt", "attempts"],
  ["insertCreditNote", "creditNotes"],
]);
/** The writes of records no kept read returns. */
const UNKEPT = new Set(["putContract", "setWakeUp", "insertPayment", "insertReversal", "updateReversal", "appendLedger", "insertMessage", "updateMessage", "insertCase", "updateCase", "appendActivity", "appendEvent", "markPublished", "nextCounter", "listPendingEvents"]);
/** Reads answered by the store every time (another writer may have changed what they return). */
const PASSED = new Set([
  "getContract",
  "listContracts",
  "accountStamp",
  "listOpenInvoices",
  "listPayments",
  "getReversal",
  "listReversals",
  "listLedger",
  "getMessage",
  "findMessageById",
  "listMessages",
  "getCase",
  "listCases",
  "listActivity",
]);

/** A store whose kept reads are answered from memory until a write; `clear()` forgets them all. */
export interface HandleReads extends BillingStore {
  /** Forgets every read kept (call it when the handle ends or its lock is released). */
  clear(): void;
  /** Reads answered from memory and reads sent to the store, since the cache was made. */
  readonly counts: { readonly hits: number; readonly misses: number };
}

/**
 * Wraps `store` for one handle of one account, under that account's lock.
 *
 * @example
 * ```ts
 * const reads = handleReads(store);
 * await reads.transaction((tx) => tx.listContractInvoices("C-1")); // from the store
 * await reads.transaction((tx) => tx.getInvoice("INV-1"));         // from memory (it was in the list)
 * ```
 */
export function handleReads(store: BillingStore): HandleReads {
  const kept = new Map<string, unknown>();
  const counts = { hits: 0, misses: 0 };
  // Each forgetting moves the generation on: a read that set out before it is not kept.
  let generation = 0;
  const forget = (family: string): void => {
    generation++;
    for (const key of kept.keys()) if (key.startsWith(`${family}\u0000`)) kept.delete(key);
  };
  const forgetAll = (): void => {
    generation++;
    kept.clear();
  };
  const copy = <T>(value: T): T => (Array.isArray(value) ? (value.slice() as T) : value);
  const wrap = (tx: StoreTransaction, state: { wrote: boolean }): StoreTransaction =>
    new Proxy(tx, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver);
        if (typeof value !== "function" || typeof name !== "string") return value;
        const method = value as (...args: unknown[]) => Promise<unknown>;
        if (PASSED.has(name)) return method.bind(target);
        const family = KEPT.get(name);
        if (family === undefined) {
          const changes = WRITES.get(name);
          return (...args: unknown[]) => {
            state.wrote = true;
            if (changes !== undefined) forget(changes);
            else if (!UNKEPT.has(name)) forgetAll();
            return method.apply(target, args);
          };
        }
        return async (...args: unknown[]) => {
          if (state.wrote) return method.apply(target, args);
          const key = `${family}\u0000${name}\u0000${String(args[0])}`;
          if (kept.has(key)) {
            counts.hits++;
            return copy(kept.get(key));
          }
          counts.misses++;
          const before = generation;
          const result = await method.apply(target, args);
          // A write may have come in while the read was on its way: keep nothing then.
          if (state.wrote || generation !== before) return result;
          kept.set(key, copy(result));
          if (name === "listContractInvoices") for (const stored of result as readonly { readonly invoice: { readonly number: string } }[]) kept.set(`invoices\u0000getInvoice\u0000${stored.invoice.number}`, stored);
          return result;
        };
      },
    });
  return {
    counts,
    clear: forgetAll,
    async transaction(fn) {
      // Reads after the transaction's first write are not kept; what it wrote was forgotten as it wrote.
      return store.transaction((tx) => fn(wrap(tx, { wrote: false })));
    },
  };
}
