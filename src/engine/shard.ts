/**
 * The shard an account belongs to, out of `shards`: a stable hash of the account id (32-bit
 * FNV-1a over its UTF-16 code units, modulo `shards`), the same in every process, every Node
 * version and every run, so a queue that hands shard 3 of 8 to a worker hands it the same accounts
 * tomorrow. All of an account's contracts are in its shard: one worker bills, reminds and duns the
 * whole account.
 *
 * @example
 * ```ts
 * import { shardOf } from "rmr-billing";
 *
 * shardOf("acct-1001", 8);
 * // → 7
 * shardOf("acct-1001", 1);
 * // → 0
 * ```
 */
export function shardOf(accountId: string, shards: number): number {
  if (!Number.isSafeInteger(shards) || shards < 1) throw new RangeError(`shards must be a whole number of at least 1, got ${String(shards)}`);
  let hash = 0x811c9dc5;
  for (let i = 0; i < accountId.length; i++) {
    hash ^= accountId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}
