/**
 * The sequence port: hands out document numbers. Each key (an invoice series and year, see
 * `sequenceKey`) counts 1, 2, 3, … with no gap and no repeat, even with several workers; a store
 * backed by a database implements it with a row lock or a sequence per key.
 */
export interface Sequence {
  /** The next counter for `key`, starting at 1. */
  next(key: string): Promise<number>;
  /** The last counter handed out for `key` (0 when none yet), without using one. */
  peek(key: string): Promise<number>;
}
