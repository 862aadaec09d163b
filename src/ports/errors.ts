/**
 * A write based on a stale read: the record's version moved since it was read. Read it again and
 * retry (or give up) — never overwrite blindly.
 *
 * @example
 * ```ts
 * try { await tx.updateInvoice(record, next); } catch (e) { if (e instanceof ConflictError) retry(); else throw e; }
 * ```
 */
export class ConflictError extends Error {
  /** Always `"conflict"`. */
  readonly code = "conflict";
  /** What was written, e.g. `"invoice RES-2027-000001"`. */
  readonly record: string;
  /** The version the writer read. */
  readonly expected: number;
  /** The version the store holds. */
  readonly actual: number;

  /**
   * @param record - what was written
   * @param expected - the version the writer read
   * @param actual - the version the store holds
   */
  constructor(record: string, expected: number, actual: number) {
    super(`Conflict on ${record}: written from version ${expected}, but the store holds version ${actual}`);
    this.name = "ConflictError";
    this.record = record;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * An insert whose unique key the store already holds: another writer (or an earlier run) did it.
 * The engine takes it as "already done".
 *
 * @example
 * ```ts
 * try { await tx.insertMessage(message); } catch (e) { if (!(e instanceof UniqueViolationError)) throw e; }
 * ```
 */
export class UniqueViolationError extends Error {
  /** Always `"unique_violation"`. */
  readonly code = "unique_violation";
  /** The unique index, e.g. `"invoices.period"`. */
  readonly index: string;
  /** The key already held. */
  readonly key: string;

  /**
   * @param index - the unique index
   * @param key - the key already held
   */
  constructor(index: string, key: string) {
    super(`Unique key ${index} already holds ${JSON.stringify(key)}`);
    this.name = "UniqueViolationError";
    this.index = index;
    this.key = key;
  }
}

/**
 * An account lock that could not be had within its timeout (another worker holds the account).
 *
 * @example
 * ```ts
 * await lock.withAccountLock("CUST-1", work, { timeoutMs: 5000 }); // may throw LockTimeoutError
 * ```
 */
export class LockTimeoutError extends Error {
  /** Always `"lock_timeout"`. */
  readonly code = "lock_timeout";
  /** The account. */
  readonly accountId: string;

  /**
   * @param accountId - the account
   * @param timeoutMs - how long it waited
   */
  constructor(accountId: string, timeoutMs: number) {
    super(`Account ${accountId} stayed locked by another worker for ${timeoutMs} ms`);
    this.name = "LockTimeoutError";
    this.accountId = accountId;
  }
}
