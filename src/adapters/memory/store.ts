import type { Instant } from "../../calendar/index.js";
import type { Contract } from "../../contract/index.js";
import type { CreditNote, Invoice } from "../../invoice/index.js";
import type { Money } from "../../money/index.js";
import { ConflictError, LockTimeoutError, UniqueViolationError } from "../../ports/index.js";
import type {
  AccountLock,
  ActivityEntry,
  BillingStore,
  ChargeAttempt,
  LedgerEntry,
  MessageRecord,
  OutboxEvent,
  Page,
  PaymentRecord,
  PaymentReversal,
  StoreTransaction,
  StoredContract,
  StoredInvoice,
} from "../../ports/index.js";

/** Everything a memory store holds. */
interface State {
  contracts: Map<string, StoredContract>;
  invoices: Map<string, StoredInvoice>;
  invoiceKeys: Map<string, string>;
  invoicesByContract: Map<string, string[]>;
  creditNotes: Map<string, { note: CreditNote; accountId: string }>;
  creditNotesByContract: Map<string, string[]>;
  attempts: Map<string, ChargeAttempt>;
  attemptsByInvoice: Map<string, string[]>;
  payments: Map<string, PaymentRecord>;
  paymentsByAccount: Map<string, string[]>;
  reversals: Map<string, PaymentReversal>;
  reversalsByAccount: Map<string, string[]>;
  ledger: Map<string, LedgerEntry>;
  ledgerByAccount: Map<string, string[]>;
  messages: Map<string, MessageRecord>;
  messageIds: Map<string, string>;
  messagesByAccount: Map<string, string[]>;
  activity: Map<string, ActivityEntry[]>;
  events: Map<string, OutboxEvent>;
  counters: Map<string, number>;
}

function emptyState(): State {
  return {
    contracts: new Map(),
    invoices: new Map(),
    invoiceKeys: new Map(),
    invoicesByContract: new Map(),
    creditNotes: new Map(),
    creditNotesByContract: new Map(),
    attempts: new Map(),
    attemptsByInvoice: new Map(),
    payments: new Map(),
    paymentsByAccount: new Map(),
    reversals: new Map(),
    reversalsByAccount: new Map(),
    ledger: new Map(),
    ledgerByAccount: new Map(),
    messages: new Map(),
    messageIds: new Map(),
    messagesByAccount: new Map(),
    activity: new Map(),
    events: new Map(),
    counters: new Map(),
  };
}

/** The unique key of an invoice's period: contract, sites, period and kind (and the date of an adjustment or final invoice). */
export function invoicePeriodKey(invoice: Invoice): string {
  const kind = invoice.kind ?? "cycle";
  return JSON.stringify([invoice.contractId, invoice.siteIds, invoice.period.start, kind, kind === "cycle" ? "" : invoice.issueDate]);
}

/** A memory store, with what tests need beyond the port. */
export interface MemoryStore extends BillingStore, AccountLock {
  /** A deep copy of everything committed. */
  snapshot(): MemoryStoreSnapshot;
  /** Puts back a snapshot: everything committed after it is gone. */
  restore(snapshot: MemoryStoreSnapshot): void;
  /** How many committed transactions wrote something. */
  readonly commits: number;
}

/** An opaque copy of a memory store's contents. */
export interface MemoryStoreSnapshot {
  /** Brand. */
  readonly memoryStoreSnapshot: true;
}

const freeze = <T>(value: T): T => Object.freeze(value);

/**
 * The in-memory reference store: real transactions (serialized, one at a time, each all or
 * nothing through an undo log), version checks, unique keys, paged queries, a transactional
 * counter per numbering series — and an account lock (an in-process mutex with a timeout).
 * Records are frozen; contracts are copied in so a caller's later edits never leak in.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * await store.transaction(async (tx) => tx.putContract(contract));
 * ```
 */
export function createMemoryStore(): MemoryStore {
  let state = emptyState();
  let queue: Promise<unknown> = Promise.resolve();
  let commits = 0;
  const locks = new Map<string, Promise<void>>();

  const transaction = async <T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      const undo: (() => void)[] = [];
      const tx = openTransaction(state, undo);
      try {
        const result = await fn(tx);
        if (undo.length > 0) commits++;
        return result;
      } catch (error) {
        for (let i = undo.length - 1; i >= 0; i--) (undo[i] as () => void)();
        throw error;
      } finally {
        tx.close();
      }
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const withAccountLock = async <T>(accountId: string, fn: () => Promise<T>, options: { readonly timeoutMs?: number } = {}): Promise<T> => {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const started = Date.now();
    for (;;) {
      const held = locks.get(accountId);
      if (held === undefined) break;
      const left = timeoutMs - (Date.now() - started);
      if (left <= 0) throw new LockTimeoutError(accountId, timeoutMs);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([held, new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
      if (timer !== undefined) clearTimeout(timer);
    }
    let release!: () => void;
    locks.set(accountId, new Promise<void>((resolve) => (release = resolve)));
    try {
      return await fn();
    } finally {
      locks.delete(accountId);
      release();
    }
  };

  return {
    transaction,
    withAccountLock,
    snapshot: () => ({ memoryStoreSnapshot: true, state: structuredClone(state) }) as MemoryStoreSnapshot,
    restore: (snapshot) => {
      state = structuredClone((snapshot as unknown as { state: State }).state);
    },
    get commits() {
      return commits;
    },
  };
}

/** A transaction over the state: every write pushes its inverse onto `undo`. */
function openTransaction(state: State, undo: (() => void)[]): StoreTransaction & { close(): void } {
  let open = true;
  const guard = (): void => {
    if (!open) throw new Error("This transaction has ended: use the tx only inside its transaction callback");
  };
  const set = <K, V>(map: Map<K, V>, key: K, value: V): void => {
    const had = map.has(key);
    const before = map.get(key);
    map.set(key, value);
    undo.push(() => (had ? map.set(key, before as V) : map.delete(key)));
  };
  const push = <K>(map: Map<K, string[]>, key: K, id: string): void => {
    const list = map.get(key);
    if (list === undefined) {
      map.set(key, [id]);
      undo.push(() => map.delete(key));
    } else {
      list.push(id);
      undo.push(() => list.pop());
    }
  };
  const unique = <K, V>(map: Map<K, V>, key: K, index: string): void => {
    if (map.has(key)) throw new UniqueViolationError(index, String(key));
  };
  const versioned = <T extends { readonly version: number }>(record: T | undefined, what: string, expected: number): T => {
    if (record === undefined) throw new ConflictError(what, expected, 0);
    if (record.version !== expected) throw new ConflictError(what, expected, record.version);
    return record;
  };
  const listOf = <T>(ids: readonly string[] | undefined, map: Map<string, T>): T[] => (ids ?? []).map((id) => map.get(id) as T);

  return {
    close: () => {
      open = false;
    },
    async getContract(id) {
      guard();
      return state.contracts.get(id);
    },
    async putContract(contract: Contract, expectedVersion?: number) {
      guard();
      const current = state.contracts.get(contract.id);
      if (expectedVersion === undefined) unique(state.contracts, contract.id, "contracts.id");
      else versioned(current, `contract ${contract.id}`, expectedVersion);
      const stored: StoredContract = freeze({ contract: freeze(structuredClone(contract)), accountId: contract.customer.id, version: (current?.version ?? 0) + 1 });
      set(state.contracts, contract.id, stored);
      return stored;
    },
    async listContracts(options = {}) {
      guard();
      const limit = options.limit ?? 500;
      // Ids sorted once per call: a memory store holds what fits in memory.
      const ids = [...state.contracts.keys()].sort();
      const from = options.after === undefined ? 0 : ids.findIndex((id) => id > (options.after as string));
      const slice = from < 0 ? [] : ids.slice(from, from + limit);
      const page: Page<StoredContract> = { items: slice.map((id) => state.contracts.get(id) as StoredContract), next: from >= 0 && from + limit < ids.length ? slice[slice.length - 1] : undefined };
      return page;
    },

    async insertInvoice(invoice: Invoice, accountId: string) {
      guard();
      unique(state.invoices, invoice.number, "invoices.number");
      const key = invoicePeriodKey(invoice);
      unique(state.invoiceKeys, key, "invoices.period");
      const stored: StoredInvoice = freeze({ invoice, accountId, balance: invoice.total.minor > 0 ? invoice.total : { ...invoice.total, minor: 0 }, version: 1 });
      set(state.invoices, invoice.number, stored);
      set(state.invoiceKeys, key, invoice.number);
      push(state.invoicesByContract, invoice.contractId, invoice.number);
      return stored;
    },
    async getInvoice(number) {
      guard();
      return state.invoices.get(number);
    },
    async updateInvoice(number, expectedVersion, change: { readonly invoice?: Invoice; readonly balance?: Money }) {
      guard();
      const current = versioned(state.invoices.get(number), `invoice ${number}`, expectedVersion);
      const next: StoredInvoice = freeze({ ...current, invoice: change.invoice ?? current.invoice, balance: change.balance ?? current.balance, version: current.version + 1 });
      set(state.invoices, number, next);
      return next;
    },
    async listContractInvoices(contractId) {
      guard();
      return listOf(state.invoicesByContract.get(contractId), state.invoices);
    },
    async listOpenInvoices(accountId) {
      guard();
      const open: StoredInvoice[] = [];
      for (const stored of state.invoices.values()) {
        if (stored.accountId === accountId && stored.balance.minor > 0 && (stored.invoice.status === "open" || stored.invoice.status === "uncollectible")) open.push(stored);
      }
      return open.sort((a, b) => (a.invoice.dueDate < b.invoice.dueDate ? -1 : a.invoice.dueDate > b.invoice.dueDate ? 1 : a.invoice.number < b.invoice.number ? -1 : 1));
    },

    async insertCreditNote(note: CreditNote, accountId: string) {
      guard();
      unique(state.creditNotes, note.number, "creditNotes.number");
      set(state.creditNotes, note.number, freeze({ note, accountId }));
      push(state.creditNotesByContract, note.contractId, note.number);
    },
    async listContractCreditNotes(contractId) {
      guard();
      return listOf(state.creditNotesByContract.get(contractId), state.creditNotes).map((x) => x.note);
    },

    async insertAttempt(attempt) {
      guard();
      unique(state.attempts, attempt.key, "attempts.key");
      const stored: ChargeAttempt = freeze({ ...attempt, version: 1 });
      set(state.attempts, attempt.key, stored);
      push(state.attemptsByInvoice, attempt.invoiceNumber, attempt.key);
      return stored;
    },
    async updateAttempt(key, expectedVersion, change) {
      guard();
      const current = versioned(state.attempts.get(key), `attempt ${key}`, expectedVersion);
      const next: ChargeAttempt = freeze({ ...current, status: change.status, outcome: change.outcome ?? current.outcome, version: current.version + 1 });
      set(state.attempts, key, next);
      return next;
    },
    async getAttempt(key) {
      guard();
      return state.attempts.get(key);
    },
    async listInvoiceAttempts(invoiceNumber) {
      guard();
      return listOf(state.attemptsByInvoice.get(invoiceNumber), state.attempts);
    },

    async insertPayment(payment) {
      guard();
      unique(state.payments, payment.id, "payments.id");
      set(state.payments, payment.id, freeze(payment));
      push(state.paymentsByAccount, payment.accountId, payment.id);
    },
    async listPayments(accountId) {
      guard();
      return listOf(state.paymentsByAccount.get(accountId), state.payments);
    },
    async insertReversal(reversal) {
      guard();
      unique(state.reversals, reversal.id, "reversals.id");
      const stored: PaymentReversal = freeze({ ...reversal, version: 1 });
      set(state.reversals, reversal.id, stored);
      push(state.reversalsByAccount, reversal.accountId, reversal.id);
      return stored;
    },
    async updateReversal(id, expectedVersion, change) {
      guard();
      const current = versioned(state.reversals.get(id), `reversal ${id}`, expectedVersion);
      const next: PaymentReversal = freeze({ ...current, ...change, version: current.version + 1 });
      set(state.reversals, id, next);
      return next;
    },
    async getReversal(id) {
      guard();
      return state.reversals.get(id);
    },
    async listReversals(accountId) {
      guard();
      return listOf(state.reversalsByAccount.get(accountId), state.reversals);
    },
    async appendLedger(entries) {
      guard();
      for (const entry of entries) unique(state.ledger, entry.id, "ledger.id");
      for (const entry of entries) {
        set(state.ledger, entry.id, freeze(entry));
        push(state.ledgerByAccount, entry.accountId, entry.id);
      }
    },
    async listLedger(accountId) {
      guard();
      return listOf(state.ledgerByAccount.get(accountId), state.ledger);
    },

    async insertMessage(message) {
      guard();
      unique(state.messages, message.key, "messages.key");
      const stored: MessageRecord = freeze({ ...message, events: [], version: 1 });
      set(state.messages, message.key, stored);
      push(state.messagesByAccount, message.accountId, message.key);
      return stored;
    },
    async updateMessage(key, expectedVersion, change) {
      guard();
      const current = versioned(state.messages.get(key), `message ${key}`, expectedVersion);
      const next: MessageRecord = freeze({
        ...current,
        status: change.status ?? current.status,
        outcome: change.outcome ?? current.outcome,
        events: change.event === undefined ? current.events : [...current.events, change.event],
        version: current.version + 1,
      });
      set(state.messages, key, next);
      if (change.outcome?.status === "accepted") set(state.messageIds, change.outcome.messageId, key);
      return next;
    },
    async getMessage(key) {
      guard();
      return state.messages.get(key);
    },
    async findMessageById(messageId) {
      guard();
      const key = state.messageIds.get(messageId);
      return key === undefined ? undefined : state.messages.get(key);
    },
    async listMessages(accountId) {
      guard();
      return listOf(state.messagesByAccount.get(accountId), state.messages);
    },

    async appendActivity(entry) {
      guard();
      const list = state.activity.get(entry.accountId);
      if (list === undefined) {
        state.activity.set(entry.accountId, [freeze(entry)]);
        undo.push(() => state.activity.delete(entry.accountId));
      } else {
        list.push(freeze(entry));
        undo.push(() => list.pop());
      }
    },
    async listActivity(accountId) {
      guard();
      return [...(state.activity.get(accountId) ?? [])];
    },

    async appendEvent(event) {
      guard();
      unique(state.events, event.id, "events.id");
      set(state.events, event.id, freeze(event));
    },
    async listPendingEvents(limit) {
      guard();
      const out: OutboxEvent[] = [];
      for (const event of state.events.values()) {
        if (event.publishedAt === undefined) out.push(event);
        if (out.length >= limit) break;
      }
      return out;
    },
    async markPublished(ids, at: Instant) {
      guard();
      for (const id of ids) {
        const event = state.events.get(id);
        if (event !== undefined && event.publishedAt === undefined) set(state.events, id, freeze({ ...event, publishedAt: at }));
      }
    },

    async nextCounter(key) {
      guard();
      const next = (state.counters.get(key) ?? 0) + 1;
      set(state.counters, key, next);
      return next;
    },
  };
}
