import { test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { createFixedClock, createManualClock, createMemorySequence, createMemoryStore } from "../../src/adapters/memory/index.js";
import type { Contract } from "../../src/contract/index.js";
import { contractArbitrary } from "../../src/testing/index.js";
import { ValidationError } from "../../src/errors/index.js";

describe("memory clock", () => {
  it("returns the same ISO instant string every time when fixed", () => {
    const clock = createFixedClock("2027-01-01T09:00:00Z");
    expect(clock.now()).toBe("2027-01-01T09:00:00.000Z");
    expect(clock.now()).toBe(clock.now());
  });

  it("moves a manual clock by days, milliseconds and to a set instant", () => {
    const clock = createManualClock("2027-01-01T09:00:00Z");
    clock.advanceDays(5);
    expect(clock.now()).toBe("2027-01-06T09:00:00.000Z");
    clock.advanceBy(-3_600_000);
    expect(clock.now()).toBe("2027-01-06T08:00:00.000Z");
    clock.set("2027-03-01T00:00:00Z");
    expect(clock.now()).toBe("2027-03-01T00:00:00.000Z");
  });

  it("refuses an unreadable instant and fractional days", () => {
    expect(() => createFixedClock("not a date")).toThrow(ValidationError);
    expect(() => createManualClock("2027-01-01T00:00:00Z").advanceDays(1.5)).toThrow("whole number of days");
    // A Date is not an instant of the API: instants are ISO strings in and out.
    expect(() => createFixedClock(new Date("2027-01-01T00:00:00Z") as unknown as string)).toThrow(ValidationError);
  });
});

describe("memory sequence", () => {
  it("counts each key from 1 with no gap, independently", async () => {
    const sequence = createMemorySequence();
    expect(await sequence.peek("RES-2027")).toBe(0);
    expect([await sequence.next("RES-2027"), await sequence.next("RES-2027"), await sequence.next("COM-2027")]).toEqual([1, 2, 1]);
    expect(await sequence.peek("RES-2027")).toBe(2);
  });

  it("hands out distinct consecutive numbers to concurrent callers", async () => {
    const sequence = createMemorySequence({ "RES-2027": 41 });
    const numbers = await Promise.all(Array.from({ length: 50 }, () => sequence.next("RES-2027")));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => 42 + i));
  });
});

describe("memory clock input", () => {
  it("refuses an instant string without an offset, which would depend on the process's time zone", () => {
    expect(() => createFixedClock("2027-01-01T09:00:00")).toThrow(ValidationError);
    expect(createFixedClock("2027-01-01T09:00:00+09:00").now()).toBe("2027-01-01T00:00:00.000Z");
  });
});

describe("memory store: a stored contract", () => {
  const isDeepFrozen = (value: unknown): boolean => typeof value !== "object" || value === null || (Object.isFrozen(value) && Object.values(value).every(isDeepFrozen));

  test.prop([contractArbitrary({ midPeriodChanges: true })], { numRuns: 60 })("is an equal, deeply frozen copy: the caller's later edits never reach it, and it cannot be edited", async (contract) => {
    const store = createMemoryStore();
    const given = structuredClone(contract) as Contract & { customer: { name: string } };
    const stored = await store.transaction((tx) => tx.putContract(given));
    expect(stored.contract).toEqual(contract);
    expect(stored.contract).not.toBe(given);
    expect(isDeepFrozen(stored.contract)).toBe(true);
    given.customer.name = "Edited after";
    expect((await store.transaction((tx) => tx.getContract(contract.id)))?.contract.customer.name).toBe(contract.customer.name);
    expect(() => {
      (stored.contract.customer as { name: string }).name = "x";
    }).toThrow(TypeError);
  });
});
