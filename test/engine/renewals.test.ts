/**
 * Renewals on the engine (seed step 7): the offer 90 days ahead with follow-ups and a sales alert,
 * acceptance → the next term (with the renewal's price increase), decline → service ends, no
 * answer → the term lapses; automatic renewals only after the notice the jurisdiction requires.
 */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/index.js";
import { createBillingEngine } from "../../src/engine/index.js";
import { toDecimalString } from "../../src/money/index.js";
import type { OutboxEvent } from "../../src/ports/index.js";
import { equipment, monitoring } from "../contract/builder.js";
import { alarmContract, Crash, crashAtEveryStep, faulty, world, type World } from "./support.js";

// 39.99 monitoring + 12.50 panel = 52.49 a month, due on the 1st, customers pay on the due date.
async function daily(w: World, from: string, to: string, onDay: (day: string) => Promise<void> = async () => undefined): Promise<void> {
  for (let ms = Date.parse(`${from}T15:00:00Z`); ms <= Date.parse(`${to}T15:00:00Z`); ms += 86_400_000) {
    const at = new Date(ms).toISOString();
    w.clock.set(at);
    await onDay(at.slice(0, 10));
    for (const s of await w.store.transaction((tx) => tx.listOpenInvoices("CUST-C-R"))) {
      if (s.invoice.dueDate === at.slice(0, 10)) await w.engine.recordPayment({ id: `chk-${s.invoice.number}`, accountId: "CUST-C-R", amount: s.balance, channel: "check", receivedOn: at.slice(0, 10) });
    }
    await w.engine.run();
  }
}

function record(w: World): string[] {
  const seen: string[] = [];
  w.engine.subscribe((e: OutboxEvent) => {
    if (/^(contract\.|renewal\.|service\.end|task\.)/.test(e.type)) seen.push(`${String(e.at).slice(0, 10)} ${e.type}`);
  });
  return seen;
}

const renewalMessages = async (w: World) =>
  (await w.store.transaction((tx) => tx.listMessages("CUST-C-R"))).filter((m) => m.kind.startsWith("renewal") || m.kind === "priceIncreaseNotice").map((m) => `${String(m.createdAt).slice(0, 10)} ${m.key}`);

const BILL_FROM = { billFrom: "2026-12-27" };
const fixed = (autoRenew = false) => alarmContract("C-R", { term: { start: "2026-04-01", end: "2027-04-01", autoRenew }, customer: { channels: ["email"] } });

describe("renewals", () => {
  it("a fixed term: offer at 90 days, follow-ups at 60 and 30 and a sales alert; accepted, renewed with +3 % from the end, billed on time", async () => {
    const w = await world([fixed()], { settings: { ...BILL_FROM, renewal: { priceIncreasePercent: "3", upgrades: ["Video verification, 10.00 a month"], longerTerm: { months: 36 } } } });
    const events = record(w);
    await daily(w, "2026-12-27", "2027-03-10", async (day) => {
      if (day === "2027-03-05") await w.engine.acceptRenewal({ contractId: "C-R" });
    });
    expect(await renewalMessages(w)).toEqual([
      "2027-01-01 contract:C-R:2027-04-01:offer:email",
      "2027-01-31 contract:C-R:2027-04-01:followUp:60:email",
      "2027-03-02 contract:C-R:2027-04-01:followUp:30:email",
    ]);
    const offer = w.notifier.sent.find((m) => m.request.kind === "renewalOffer")?.request.text ?? "";
    expect(offer).toContain("- Site S-1: cellular monitoring, 39.99 USD a month\n- Site S-1: Panel rental, 12.50 USD a month");
    expect(offer).toContain("1. Renew for 12 months from 2027-04-01: 54.07 USD a month (today 52.49 USD, +3 %).");
    expect(offer).toContain("2. Renew for 36 months and keep today's prices: 52.49 USD a month.");
    expect(offer).toContain("- Video verification, 10.00 a month");
    await daily(w, "2027-03-11", "2027-04-02");
    // 39.99 × 1.03 = 41.1897 → 41.19; 12.50 × 1.03 = 12.875 → 12.88: 54.07 from April 1.
    expect(events).toEqual(["2027-03-02 renewal.salesAlert", "2027-03-05 renewal.accepted", "2027-03-27 contract.renewed"]);
    const stored = await w.store.transaction((tx) => tx.getContract("C-R"));
    expect([stored?.contract.term.start, stored?.contract.term.end, stored?.version]).toEqual(["2026-04-01", "2028-04-01", 2]);
    const april = (await w.store.transaction((tx) => tx.listContractInvoices("C-R"))).find((s) => s.invoice.period.start === "2027-04-01");
    expect([april?.invoice.issueDate, toDecimalString(april!.invoice.total)]).toEqual(["2027-03-27", "54.07"]);
  });

  it("no answer: the term lapses at its end, billing stops, nothing is renewed", async () => {
    const w = await world([fixed()], { settings: BILL_FROM });
    const events = record(w);
    await daily(w, "2026-12-27", "2027-04-10");
    expect(events).toEqual(["2027-03-02 renewal.salesAlert", "2027-04-01 renewal.lapsed"]);
    const periods = (await w.store.transaction((tx) => tx.listContractInvoices("C-R"))).map((s) => s.invoice.period.start);
    expect(periods).toEqual(["2027-01-01", "2027-02-01", "2027-03-01"]);
  });

  it("declined: service ends at the term's end, and a second answer is refused", async () => {
    const w = await world([fixed()], { settings: BILL_FROM });
    const events = record(w);
    await daily(w, "2026-12-27", "2027-04-02", async (day) => {
      if (day === "2027-01-15") await w.engine.declineRenewal({ contractId: "C-R", reason: "moving out of state" });
    });
    expect(events).toEqual(["2027-01-15 renewal.declined", "2027-04-01 service.end"]);
    // The offer went out; no follow-up after the answer.
    expect(await renewalMessages(w)).toEqual(["2027-01-01 contract:C-R:2027-04-01:offer:email"]);
    await expect(w.engine.acceptRenewal({ contractId: "C-R" })).rejects.toThrow(ValidationError);
  });

  it("automatic renewal: the notice inside the 15–45-day window, then renewed; cancelled in time, it ends", async () => {
    const w = await world([fixed(true)], { settings: BILL_FROM });
    const events = record(w);
    await daily(w, "2026-12-27", "2027-04-02");
    expect(await renewalMessages(w)).toEqual(["2027-02-15 contract:C-R:2027-04-01:renewalNotice:email"]);
    expect(events).toEqual(["2027-03-27 contract.renewed"]);
    const cancelled = await world([fixed(true)], { settings: BILL_FROM });
    const ended = record(cancelled);
    await daily(cancelled, "2026-12-27", "2027-04-02", async (day) => {
      if (day === "2027-02-20") await cancelled.engine.declineRenewal({ contractId: "C-R", reason: "switching providers" });
    });
    expect(ended).toEqual(["2027-02-20 renewal.declined", "2027-04-01 service.end"]);
  });

  it("answers name every problem: an unknown contract, a bad term length", async () => {
    const w = await world([fixed()], { settings: BILL_FROM });
    let error: unknown;
    try {
      await w.engine.acceptRenewal({ contractId: "C-NONE", termMonths: 0 });
    } catch (e) {
      error = e;
    }
    expect((error as ValidationError).issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(["termMonths: expected whole months from 1 to 120, got 0", "contractId: no contract C-NONE"]);
  });

  it("an answer about a term that is no longer the contract's is refused, naming termEnd, and nothing is recorded", async () => {
    const w = await world([fixed()], { settings: BILL_FROM });
    w.clock.set("2027-01-10T15:00:00Z");
    const error = await w.engine.acceptRenewal({ contractId: "C-R", termEnd: "2026-04-01" }).catch((e: unknown) => e);
    expect((error as ValidationError).issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "termEnd: the answer is about the term ending 2026-04-01, but contract C-R's term now ends on 2027-04-01 (renewed or changed since): nothing recorded",
    ]);
    expect((await w.store.transaction((tx) => tx.listCases("CUST-C-R"))).filter((c) => c.kind === "renewal")).toEqual([]);
    // The right term: recorded.
    expect((await w.engine.acceptRenewal({ contractId: "C-R", termEnd: "2027-04-01" })).termEnd).toBe("2027-04-01");
  });

  it("a plain-text offer carries the signed answer link when the engine has link keys", async () => {
    const keys = { paymentLinkBase: "https://pay.example.com/p/", paymentLinkKeys: [{ id: "k1", secret: "a-test-secret-of-at-least-32-characters!" }] };
    const w = await world([fixed()], { settings: { ...BILL_FROM, ...keys } });
    await daily(w, "2026-12-27", "2027-01-01");
    const offer = (await w.store.transaction((tx) => tx.listMessages("CUST-C-R"))).find((m) => m.kind === "renewalOffer");
    const link = /Renew or decline securely: (\S+)/.exec(offer?.text ?? "")?.[1] ?? "";
    expect(link.startsWith("https://pay.example.com/renewal/")).toBe(true);
    const verified = await w.engine.verifyRenewalLink(link.slice(link.lastIndexOf("/") + 1));
    expect(verified.valid && [verified.contractId, verified.termEnd, verified.state]).toEqual(["C-R", "2027-04-01", "open"]);
    // Without keys the offer asks for a reply or a call.
    const plain = await world([fixed()], { settings: BILL_FROM });
    await daily(plain, "2026-12-27", "2027-01-01");
    expect((await plain.store.transaction((tx) => tx.listMessages("CUST-C-R"))).find((m) => m.kind === "renewalOffer")?.text).toContain("Reply to this message or call us to renew.");
  });

  it("a second renewal raises the rate in force (after earlier changes), not the contract's first rate", async () => {
    const raised = alarmContract("C-R", {
      term: { start: "2026-04-01", end: "2027-04-01", autoRenew: true },
      customer: { channels: ["email"] },
      lines: [{ ...monitoring("L-mon", "39.99"), priceChanges: [{ effective: "2026-10-01", rate: "41.19" }] }, equipment("L-panel", "12.50")],
    });
    const w = await world([raised], { settings: { ...BILL_FROM, renewal: { priceIncreasePercent: "3", upgrades: [] } } });
    await daily(w, "2026-12-27", "2027-03-28");
    const april = (await w.store.transaction((tx) => tx.listContractInvoices("C-R"))).find((s) => s.invoice.period.start === "2027-04-01");
    // 41.19 × 1.03 = 42.4257 → 42.43; 12.50 × 1.03 = 12.875 → 12.88: 55.31.
    expect(toDecimalString(april!.invoice.total)).toBe("55.31");
  });

  it("a crash at every step of the sales-alert run records the alert and its exception together, once each", async () => {
    const setUp = async () => {
      const w = await world([fixed()], { settings: BILL_FROM });
      await daily(w, "2026-12-27", "2027-03-01");
      w.clock.set("2027-03-02T15:00:00Z");
      return w;
    };
    const { steps } = await crashAtEveryStep(setUp, () => [fixed()], { settings: BILL_FROM }, async () => undefined);
    expect(steps).toBeGreaterThan(3);
    // After each crash and rerun: the event, and the open exception for a person, exactly once.
    for (let at = 1; at <= steps; at++) {
      const w = await setUp();
      const f = faulty(w.store, w.gateway, w.notifier, at);
      await createBillingEngine({ store: f.store, gateway: f.gateway, notifier: f.notifier, clock: w.clock, settings: BILL_FROM }).run().catch((error: unknown) => {
        if (!(error instanceof Crash)) throw error;
      });
      await w.engine.run();
      const [events, cases] = await w.store.transaction(async (tx) => [await tx.listActivity("CUST-C-R"), await tx.listCases("CUST-C-R")] as const);
      expect({ at, alerts: events.filter((e) => e.kind === "renewal.salesAlert").length, exceptions: cases.filter((c) => c.kind === "exception" && c.status === "open").map((c) => c.id) }).toEqual({
        at,
        alerts: 1,
        exceptions: ["exception:contract:C-R:2027-04-01:salesOutreach"],
      });
    }
  });

  it("a crash at every step of the renewing run renews once and bills the new term once", async () => {
    const options = { settings: { ...BILL_FROM, renewal: { priceIncreasePercent: "3", upgrades: [] } } };
    const contracts = () => [fixed(true)];
    const setUp = async () => {
      const w = await world(contracts(), options);
      await daily(w, "2026-12-27", "2027-03-26");
      w.clock.set("2027-03-27T15:00:00Z");
      return w;
    };
    const { expected } = await crashAtEveryStep(setUp, contracts, options, async () => undefined);
    // Renewed with +3 % (announced 30 days ahead): 54.07 for April, once.
    expect(expected.invoices.filter((i: string) => i.includes(" 2027-04-01 ")).map((i: string) => i.split(" ").slice(1, 4).join(" "))).toEqual(["cycle 2027-04-01 5407"]);
  });
});
