/** A day's run split into shards: every account handled by exactly one shard, and the day done once. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shardOf } from "../../src/engine/index.js";
import { ValidationError } from "../../src/errors/index.js";
import { alarmContract, autoPay, world, type World } from "./support.js";

describe("shardOf", () => {
  it("puts every account in one shard from 0 to shards − 1, the same each time", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 1000 }), (accountId, shards) => {
        const shard = shardOf(accountId, shards);
        expect(Number.isInteger(shard) && shard >= 0 && shard < shards).toBe(true);
        expect(shardOf(accountId, shards)).toBe(shard);
      }),
    );
  });

  it("is a fixed function of the id (FNV-1a), not of the process", () => {
    expect([shardOf("acct-1001", 8), shardOf("acct-1001", 1), shardOf("", 7)]).toEqual([7, 0, 0x811c9dc5 % 7]);
    expect(shardOf("a", 2 ** 31)).toBe(0xe40c292c % 2 ** 31);
  });

  it("spreads accounts evenly enough to share the work", () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[shardOf(`acct-${i}`, 8)]!++;
    for (const n of counts) expect(n).toBeGreaterThan(900);
  });

  it("rejects a shard count that is not a whole number of at least 1", () => {
    expect(() => shardOf("a", 0)).toThrow(RangeError);
    expect(() => shardOf("a", 1.5)).toThrow(RangeError);
  });
});

// Twelve accounts, half on auto-pay (one card declines), billed daily over two months.
const contracts = Array.from({ length: 12 }, (_, i) => {
  const id = `C-${String(i).padStart(2, "0")}`;
  return alarmContract(id, i % 2 === 0 ? { paymentMethod: autoPay(i === 4 ? "tok_decline_soft" : "tok_ok") } : {});
});

/** What a world did, invoice numbers replaced by contract and period (numbering follows the order of work). */
async function normalized(w: World) {
  return w.store.transaction(async (tx) => {
    const names = new Map<string, string>();
    const invoices: string[] = [];
    for (const c of contracts) {
      for (const s of await tx.listContractInvoices(c.id)) {
        const name = `${c.id}/${s.invoice.kind}/${s.invoice.period.start}`;
        names.set(s.invoice.number, name);
        invoices.push(`${name} ${s.invoice.total.minor} ${s.invoice.status} ${s.balance.minor}`);
      }
    }
    const rename = (text: string) => text.replace(/INV-\d{4}-\d{6}/g, (n) => names.get(n) ?? n);
    const messages: string[] = [];
    for (const c of contracts) for (const m of await tx.listMessages(c.customer.id)) messages.push(rename(`${m.key} ${m.status}`));
    return { invoices: invoices.sort(), messages: messages.sort(), captured: w.gateway.capturedCount(), capturedTotal: w.gateway.capturedTotal("USD"), sent: w.notifier.sent.length };
  });
}

async function days(w: World, each: (asOf: string) => Promise<void>): Promise<void> {
  for (let day = new Date("2026-12-27T15:00:00Z"); day <= new Date("2027-02-20T15:00:00Z"); day = new Date(day.getTime() + 86_400_000)) {
    w.clock.set(day.toISOString());
    await each(day.toISOString());
  }
}

describe("engine.runShard", () => {
  it("over every shard, in any order and with a shard run twice, does what one run does", async () => {
    const whole = await world(contracts);
    await days(whole, async (asOf) => void (await whole.engine.run({ asOf })));
    const sharded = await world(contracts);
    let handled = 0;
    await days(sharded, async (asOf) => {
      for (const shard of [2, 0, 1, 2]) handled += (await sharded.engine.runShard({ asOf, shard, shards: 3 })).contracts;
    });
    const expected = await normalized(whole);
    expect(expected.invoices.length).toBeGreaterThanOrEqual(24);
    expect(expected.captured).toBeGreaterThan(0);
    expect(await normalized(sharded)).toEqual(expected);
    // Each day: every contract once in shards 0–2, and shard 2's again.
    const perDay = contracts.length + contracts.filter((c) => shardOf(c.customer.id, 3) === 2).length;
    expect(handled).toBe(56 * perDay);
  });

  it("handles only the accounts of its shard", async () => {
    const w = await world(contracts);
    const report = await w.engine.runShard({ asOf: "2026-12-27T15:00:00Z", shard: 1, shards: 3 });
    const mine = contracts.filter((c) => shardOf(c.customer.id, 3) === 1);
    expect(report.contracts).toBe(mine.length);
    expect(report.invoicesIssued).toBe(mine.length);
    const billed = await w.store.transaction(async (tx) => {
      const out: string[] = [];
      for (const c of contracts) if ((await tx.listContractInvoices(c.id)).length > 0) out.push(c.id);
      return out;
    });
    expect(billed).toEqual(mine.map((c) => c.id));
  });

  it("names every bad option at once", async () => {
    const w = await world(contracts);
    const error = await w.engine.runShard({ shard: 3, shards: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path.join("."))).toEqual(["shards", "shard"]);
    const outside = await w.engine.runShard({ shard: 3, shards: 3 }).catch((e: unknown) => e);
    expect((outside as ValidationError).issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(["shard: expected a shard from 0 to 2, got 3"]);
  });
});
