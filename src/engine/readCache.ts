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
 *   message, a ledger line, activity) forgets nothing. After a transaction writes a family, the
 *   rest of that transaction reads the family through and keeps nothing of it (what it reads may
 *   still roll back).
 *
 * A class that spells out every method of the port, not a Proxy: the month bench spent 6 % of its
 * time in a Proxy's traps and closures; and a method the port gains later fails to compile here
 * until it is placed in a family.
 */
import type { Instant } from "../calendar/index.js";
import type { Contract } from "../contract/index.js";
import type { CreditNote, Invoice } from "../invoice/index.js";
import type { Money } from "../money/index.js";
import type {
  AccountCase,
  AccountCaseChange,
  ActivityEntry,
  AttemptStatus,
  BillingStore,
  ChargeAttempt,
  ChargeResult,
  ContractPage,
  DeliveryEvent,
  LedgerEntry,
  ListContractsOptions,
  MessageRecord,
  MessageStatus,
  OutboxEvent,
  PaymentRecord,
  PaymentReversal,
  SendResult,
  StoreTransaction,
  StoredContract,
  StoredInvoice,
} from "../ports/index.js";

/** A store whose kept reads are answered from memory until a write; `clear()` forgets them all. */
export interface HandleReads extends BillingStore {
  /** Forgets every read kept (the engine makes one cache per handle and drops it with the handle; this is for a longer-lived one). */
  clear(): void;
  /** Reads answered from memory and reads sent to the store, since the cache was made. */
  readonly counts: { readonly hits: number; readonly misses: number };
}

type Family = "invoices" | "attempts" | "creditNotes";

/** What one handle has read, by family and key; each forgetting moves the generation on. */
class Kept {
  readonly families: Record<Family, Map<string, unknown>> = { invoices: new Map(), attempts: new Map(), creditNotes: new Map() };
  generation = 0;
  hits = 0;
  misses = 0;

  forget(family: Family): void {
    this.generation++;
    this.families[family].clear();
  }

  forgetAll(): void {
    this.generation++;
    for (const map of Object.values(this.families)) map.clear();
  }
}

const copy = <T>(value: T): T => (Array.isArray(value) ? (value.slice() as unknown as T) : value);

/** One transaction through the cache. */
class CachedTransaction implements StoreTransaction {
  /** The families this transaction wrote: read through for the rest of it. */
  private readonly wrote = new Set<Family>();
  readonly accountStamp?: (accountId: string) => Promise<string>;
  readonly setWakeUp?: (contractId: string, wakeUp: { readonly at: string; readonly accountStamp: string }) => Promise<void>;

  constructor(
    private readonly tx: StoreTransaction,
    private readonly kept: Kept,
  ) {
    // Offered as the store offers them: the engine asks whether a store keeps wake-ups.
    if (tx.accountStamp !== undefined) this.accountStamp = (accountId) => (tx.accountStamp as (a: string) => Promise<string>).call(tx, accountId);
    if (tx.setWakeUp !== undefined) this.setWakeUp = (contractId, wakeUp) => (tx.setWakeUp as NonNullable<StoreTransaction["setWakeUp"]>).call(tx, contractId, wakeUp);
  }

  private async read<T>(family: Family, key: string, load: () => Promise<T>, also?: (value: T, map: Map<string, unknown>) => void): Promise<T> {
    if (this.wrote.has(family)) return load();
    const map = this.kept.families[family];
    if (map.has(key)) {
      this.kept.hits++;
      return copy(map.get(key) as T);
    }
    this.kept.misses++;
    const before = this.kept.generation;
    const value = await load();
    // A write may have come in while the read was on its way: keep nothing then.
    if (this.wrote.has(family) || this.kept.generation !== before) return value;
    map.set(key, copy(value));
    also?.(value, map);
    return value;
  }

  private write<T>(family: Family, run: Promise<T>): Promise<T> {
    this.wrote.add(family);
    this.kept.forget(family);
    return run;
  }

  // Kept reads.
  getInvoice(number: string): Promise<StoredInvoice | undefined> {
    return this.read("invoices", `one\u0000${number}`, () => this.tx.getInvoice(number));
  }
  listContractInvoices(contractId: string): Promise<readonly StoredInvoice[]> {
    // A contract's invoices also answer getInvoice of each.
    return this.read("invoices", `contract\u0000${contractId}`, () => this.tx.listContractInvoices(contractId), (list, map) => {
      for (const stored of list) map.set(`one\u0000${stored.invoice.number}`, stored);
    });
  }
  listInvoiceAttempts(invoiceNumber: string): Promise<readonly ChargeAttempt[]> {
    return this.read("attempts", `invoice\u0000${invoiceNumber}`, () => this.tx.listInvoiceAttempts(invoiceNumber));
  }
  getAttempt(key: string): Promise<ChargeAttempt | undefined> {
    return this.read("attempts", `one\u0000${key}`, () => this.tx.getAttempt(key));
  }
  listContractCreditNotes(contractId: string): Promise<readonly CreditNote[]> {
    return this.read("creditNotes", contractId, () => this.tx.listContractCreditNotes(contractId));
  }

  // Writes of a kept family.
  insertInvoice(invoice: Invoice, accountId: string): Promise<StoredInvoice> {
    return this.write("invoices", this.tx.insertInvoice(invoice, accountId));
  }
  updateInvoice(number: string, expectedVersion: number, change: { readonly invoice?: Invoice; readonly balance?: Money }): Promise<StoredInvoice> {
    return this.write("invoices", this.tx.updateInvoice(number, expectedVersion, change));
  }
  insertAttempt(attempt: Omit<ChargeAttempt, "version">): Promise<ChargeAttempt> {
    return this.write("attempts", this.tx.insertAttempt(attempt));
  }
  updateAttempt(key: string, expectedVersion: number, change: { readonly status: AttemptStatus; readonly outcome?: ChargeResult }): Promise<ChargeAttempt> {
    return this.write("attempts", this.tx.updateAttempt(key, expectedVersion, change));
  }
  insertCreditNote(note: CreditNote, accountId: string): Promise<void> {
    return this.write("creditNotes", this.tx.insertCreditNote(note, accountId));
  }

  // Read through every time: what a writer outside the lock can change (contracts, messages,
  // cases), and what the handle reads once.
  getContract(id: string): Promise<StoredContract | undefined> {
    return this.tx.getContract(id);
  }
  listContracts(options?: ListContractsOptions): Promise<ContractPage> {
    return this.tx.listContracts(options);
  }
  listOpenInvoices(accountId: string): Promise<readonly StoredInvoice[]> {
    return this.tx.listOpenInvoices(accountId);
  }
  listPayments(accountId: string): Promise<readonly PaymentRecord[]> {
    return this.tx.listPayments(accountId);
  }
  getReversal(id: string): Promise<PaymentReversal | undefined> {
    return this.tx.getReversal(id);
  }
  listReversals(accountId: string): Promise<readonly PaymentReversal[]> {
    return this.tx.listReversals(accountId);
  }
  listLedger(accountId: string): Promise<readonly LedgerEntry[]> {
    return this.tx.listLedger(accountId);
  }
  getMessage(key: string): Promise<MessageRecord | undefined> {
    return this.tx.getMessage(key);
  }
  findMessageById(messageId: string): Promise<MessageRecord | undefined> {
    return this.tx.findMessageById(messageId);
  }
  listMessages(accountId: string): Promise<readonly MessageRecord[]> {
    return this.tx.listMessages(accountId);
  }
  getCase(id: string): Promise<AccountCase | undefined> {
    return this.tx.getCase(id);
  }
  listCases(accountId: string): Promise<readonly AccountCase[]> {
    return this.tx.listCases(accountId);
  }
  listActivity(accountId: string): Promise<readonly ActivityEntry[]> {
    return this.tx.listActivity(accountId);
  }
  listPendingEvents(limit: number): Promise<readonly OutboxEvent[]> {
    return this.tx.listPendingEvents(limit);
  }

  // Writes of records no kept read returns.
  putContract(contract: Contract, expectedVersion?: number): Promise<StoredContract> {
    return this.tx.putContract(contract, expectedVersion);
  }
  insertPayment(payment: PaymentRecord): Promise<void> {
    return this.tx.insertPayment(payment);
  }
  insertReversal(reversal: Omit<PaymentReversal, "version">): Promise<PaymentReversal> {
    return this.tx.insertReversal(reversal);
  }
  updateReversal(id: string, expectedVersion: number, change: Partial<Pick<PaymentReversal, "status" | "fromCredit" | "fromInvoices" | "refundId">>): Promise<PaymentReversal> {
    return this.tx.updateReversal(id, expectedVersion, change);
  }
  appendLedger(entries: readonly LedgerEntry[]): Promise<void> {
    return this.tx.appendLedger(entries);
  }
  insertMessage(message: Omit<MessageRecord, "version" | "events">): Promise<MessageRecord> {
    return this.tx.insertMessage(message);
  }
  updateMessage(key: string, expectedVersion: number, change: { readonly status?: MessageStatus; readonly outcome?: SendResult; readonly event?: DeliveryEvent }): Promise<MessageRecord> {
    return this.tx.updateMessage(key, expectedVersion, change);
  }
  insertCase(record: Omit<AccountCase, "version">): Promise<AccountCase> {
    return this.tx.insertCase(record);
  }
  updateCase(id: string, expectedVersion: number, change: AccountCaseChange): Promise<AccountCase> {
    return this.tx.updateCase(id, expectedVersion, change);
  }
  appendActivity(entry: ActivityEntry): Promise<void> {
    return this.tx.appendActivity(entry);
  }
  appendEvent(event: OutboxEvent): Promise<void> {
    return this.tx.appendEvent(event);
  }
  markPublished(ids: readonly string[], at: Instant): Promise<void> {
    return this.tx.markPublished(ids, at);
  }
  nextCounter(key: string): Promise<number> {
    return this.tx.nextCounter(key);
  }
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
  const kept = new Kept();
  return {
    get counts() {
      return { hits: kept.hits, misses: kept.misses };
    },
    clear: () => kept.forgetAll(),
    transaction: (fn) => store.transaction((tx) => fn(new CachedTransaction(tx, kept))),
  };
}
