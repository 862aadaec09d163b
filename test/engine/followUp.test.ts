/** Reminders, failure notices and retries on the engine, to the day, exactly once. */
import { describe, expect, it } from "vitest";
import { money } from "../../src/money/index.js";
import { monitoring, site } from "../contract/builder.js";
import { alarmContract, autoPay, crashAtEveryStep, world, type World } from "./support.js";

// Every invoice: 52.49, issued Dec 27, due Jan 1; the customer's clock is Chicago's (runs at 15:00 UTC = 09:00).
async function daily(w: World, from: string, to: string): Promise<void> {
  for (let day = new Date(`${from}T15:00:00Z`); day <= new Date(`${to}T15:00:00Z`); day = new Date(day.getTime() + 86_400_000)) {
    w.clock.set(day.toISOString());
    await w.engine.run();
  }
}

async function messages(w: World, accountId: string) {
  return (await w.store.transaction((tx) => tx.listMessages(accountId))).map((m) => `${String(m.createdAt).slice(0, 10)} ${m.key} ${m.status}`);
}

describe("reminders", () => {
  it("go out at −3, 0, +5 and +10 days by the first channel, with rising tone", async () => {
    const w = await world([alarmContract("C-REM")]);
    await daily(w, "2026-12-27", "2027-01-15");
    expect((await messages(w, "CUST-C-REM")).filter((m) => m.includes("reminder"))).toEqual([
      "2026-12-29 invoice:INV-2026-000001:reminder:-3:email accepted",
      "2027-01-01 invoice:INV-2026-000001:reminder:0:email accepted",
      "2027-01-06 invoice:INV-2026-000001:reminder:5:email accepted",
      "2027-01-11 invoice:INV-2026-000001:reminder:10:email accepted",
    ]);
    const urgent = w.notifier.sent.find((m) => m.request.idempotencyKey.endsWith("reminder:10:email"));
    expect(urgent?.request.text).toContain("is overdue since 2027-01-01");
    expect(urgent?.request.text).toContain("52.49 USD");
  });

  it("stop once the invoice is paid", async () => {
    const w = await world([alarmContract("C-PAY")]);
    await daily(w, "2026-12-27", "2027-01-02");
    await w.engine.recordPayment({ id: "chk-1", accountId: "CUST-C-PAY", amount: money("52.49", "USD"), channel: "check", receivedOn: "2027-01-02" });
    await daily(w, "2027-01-03", "2027-01-15");
    expect((await messages(w, "CUST-C-PAY")).filter((m) => m.includes("reminder")).map((m) => m.split(" ")[1])).toEqual([
      "invoice:INV-2026-000001:reminder:-3:email",
      "invoice:INV-2026-000001:reminder:0:email",
    ]);
  });

  it("are not sent to an auto-pay customer whose charge is on track", async () => {
    const w = await world([alarmContract("C-AP", { paymentMethod: autoPay("tok_ok") })]);
    await daily(w, "2026-12-27", "2027-01-15");
    expect((await messages(w, "CUST-C-AP")).some((m) => m.includes("reminder"))).toBe(false);
  });
});

describe("reminders for several invoices on one day", () => {
  // Two sites invoiced separately: two invoices, each with its own reminder steps on the same days.
  const twoSites = (id: string) =>
    alarmContract(id, { billing: { consolidation: "perSite" }, sites: [site("S-A", [monitoring("A-mon", "30.00")]), site("S-B", [monitoring("B-mon", "20.00")])] });

  it("go out as one message listing each invoice, and each reminder is recorded as merged into it", async () => {
    const w = await world([twoSites("C-TWO")]);
    await daily(w, "2026-12-27", "2027-01-01");
    const reminders = w.notifier.sent.filter((m) => m.request.kind === "paymentReminder");
    expect(reminders.map((m) => m.request.idempotencyKey)).toEqual(["invoice:INV-2026-000001:reminder:-3:email+1", "invoice:INV-2026-000001:reminder:0:email+1"]);
    expect(reminders[0]?.request.subject).toBe("Reminder: invoices INV-2026-000001, INV-2026-000002");
    expect(reminders[0]?.request.text).toContain("- invoice INV-2026-000001 for 30.00 USD is due on 2027-01-01.");
    expect(reminders[0]?.request.text).toContain("- invoice INV-2026-000002 for 20.00 USD is due on 2027-01-01.");
    const records = await w.store.transaction((tx) => tx.listMessages("CUST-C-TWO"));
    expect(records.filter((m) => m.status === "merged").map((m) => `${m.key} → ${m.mergedInto}`)).toEqual([
      "invoice:INV-2026-000001:reminder:-3:email → invoice:INV-2026-000001:reminder:-3:email+1",
      "invoice:INV-2026-000002:reminder:-3:email → invoice:INV-2026-000001:reminder:-3:email+1",
      "invoice:INV-2026-000001:reminder:0:email → invoice:INV-2026-000001:reminder:0:email+1",
      "invoice:INV-2026-000002:reminder:0:email → invoice:INV-2026-000001:reminder:0:email+1",
    ]);
  });

  it("a payment of one invoice leaves the other's reminders, alone", async () => {
    const w = await world([twoSites("C-ONE")]);
    await daily(w, "2026-12-27", "2027-01-02");
    await w.engine.recordPayment({ id: "chk-a", accountId: "CUST-C-ONE", amount: money("30.00", "USD"), channel: "check", receivedOn: "2027-01-02", invoiceNumbers: ["INV-2026-000001"] });
    await daily(w, "2027-01-03", "2027-01-06");
    const last = w.notifier.sent.filter((m) => m.request.kind === "paymentReminder").at(-1);
    expect([last?.request.idempotencyKey, last?.request.subject]).toEqual(["invoice:INV-2026-000002:reminder:5:email", "Reminder: invoice INV-2026-000002"]);
  });

  it("a crash at any step of the merge day, then a rerun, sends the one message once", async () => {
    const contracts = () => [twoSites("C-MX")];
    const setUp = async () => {
      const w = await world(contracts());
      await daily(w, "2026-12-27", "2026-12-28");
      w.clock.set("2026-12-29T15:00:00Z");
      return w;
    };
    const { expected } = await crashAtEveryStep(setUp, contracts, {}, (w) => {
      expect(w.notifier.sent.filter((m) => m.request.kind === "paymentReminder").length).toBe(1);
    });
    expect(expected.messages.filter((m: string) => m.includes("reminder"))).not.toEqual([]);
  });
});

describe("reminders for one customer's several contracts", () => {
  // A customer with two properties, each on its own contract (both billed to CUST-HOME).
  const home = (id: string, rate: string) => alarmContract(id, { customer: { id: "CUST-HOME", name: "Dana Reyes", contact: { email: "dana@example.com" } }, lines: [monitoring(`${id}-mon`, rate)] });

  it("go out as one message a day, listing each contract's invoice", async () => {
    const w = await world([home("C-H1", "30.00"), home("C-H2", "20.00")]);
    await daily(w, "2026-12-27", "2027-01-01");
    const reminders = w.notifier.sent.filter((m) => m.request.kind === "paymentReminder");
    expect(reminders.map((m) => [String(m.request.idempotencyKey), m.request.to])).toEqual([
      ["invoice:INV-2026-000001:reminder:-3:email+1", "dana@example.com"],
      ["invoice:INV-2026-000001:reminder:0:email+1", "dana@example.com"],
    ]);
    expect(reminders[0]?.request.text).toContain("Hello Dana Reyes,");
    expect(reminders[0]?.request.text).toContain("- invoice INV-2026-000001 for 30.00 USD is due on 2027-01-01.");
    expect(reminders[0]?.request.text).toContain("- invoice INV-2026-000002 for 20.00 USD is due on 2027-01-01.");
  });

  it("one message per address: contracts that reach the customer at two addresses get one each", async () => {
    const w = await world([home("C-H3", "30.00"), alarmContract("C-H4", { customer: { id: "CUST-HOME", name: "Dana Reyes", contact: { email: "dana@work.example.com" } }, lines: [monitoring("C-H4-mon", "20.00")] })]);
    await daily(w, "2026-12-27", "2026-12-29");
    const reminders = w.notifier.sent.filter((m) => m.request.kind === "paymentReminder");
    expect(reminders.map((m) => [String(m.request.idempotencyKey), m.request.to]).sort()).toEqual([
      ["invoice:INV-2026-000001:reminder:-3:email", "dana@example.com"],
      ["invoice:INV-2026-000002:reminder:-3:email", "dana@work.example.com"],
    ]);
  });

  it("an invoice paid after its contract was handled, before the account's reminders go out, is not reminded", async () => {
    const w = await world([home("C-H5", "30.00"), home("C-H6", "20.00")]);
    await daily(w, "2026-12-27", "2026-12-28");
    w.clock.set("2026-12-29T15:00:00Z");
    // The payment lands while the run is between the two contracts (the progress callback runs after
    // each; it is not awaited, so the payment waits for the account's lock, which the memory lock
    // hands out in turn: after C-H6 is handled, before the account's reminders are sent).
    let paid = false;
    await w.engine.run({
      onProgress: async ({ contractId }) => {
        if (contractId === "C-H5" && !paid) {
          paid = true;
          await w.engine.recordPayment({ id: "chk-h5", accountId: "CUST-HOME", amount: money("30.00", "USD"), channel: "check", receivedOn: "2026-12-29", invoiceNumbers: ["INV-2026-000001"] });
        }
      },
    });
    const reminders = w.notifier.sent.filter((m) => m.request.kind === "paymentReminder");
    expect((await w.store.transaction((tx) => tx.getInvoice("INV-2026-000001")))?.invoice.status).toBe("paid");
    expect(reminders.map((m) => String(m.request.idempotencyKey))).toEqual(["invoice:INV-2026-000002:reminder:-3:email"]);
  });
});

describe("quiet hours", () => {
  const texter = (id: string) => alarmContract(id, { customer: { channels: ["sms"], timeZone: "America/Los_Angeles" } });

  it("hold a text reminder at night on the customer's clock and send it in the morning", async () => {
    const w = await world([texter("C-SMS")]);
    for (const at of ["2026-12-27T18:00:00Z", "2026-12-29T18:00:00Z"]) {
      w.clock.set(at); // 10:00 in Los Angeles: the invoice, then the −3 reminder
      await w.engine.run();
    }
    // The due-day reminder may go from Jan 1 08:00 in Los Angeles; the next run is at 21:30 there.
    w.clock.set("2027-01-02T05:30:00Z");
    const night = await w.engine.run();
    expect([night.reminders, night.messagesSent, night.heldForQuietHours]).toEqual([0, 0, 1]);
    w.clock.set("2027-01-02T16:00:00Z"); // Jan 2, 08:00 in Los Angeles
    const morning = await w.engine.run();
    expect([morning.reminders, morning.heldForQuietHours]).toEqual([1, 0]);
    expect((await w.store.transaction((tx) => tx.listMessages("CUST-C-SMS"))).map((m) => [m.key, m.channel, m.createdAt])).toEqual([
      ["invoice:INV-2026-000001:deliver:sms", "sms", "2026-12-27T18:00:00.000Z"],
      ["invoice:INV-2026-000001:reminder:-3:sms", "sms", "2026-12-29T18:00:00.000Z"],
      ["invoice:INV-2026-000001:reminder:0:sms", "sms", "2027-01-02T16:00:00.000Z"],
    ]);
  });

  it("deliver an invoice by the next channel rather than text at night, and never by both", async () => {
    const w = await world([alarmContract("C-NIGHT", { customer: { channels: ["sms", "email"], timeZone: "America/Los_Angeles" } })]);
    w.clock.set("2026-12-27T12:00:00Z"); // 04:00 in Los Angeles
    const night = await w.engine.run();
    expect([night.invoicesIssued, night.heldForQuietHours]).toEqual([1, 0]);
    w.clock.set("2026-12-27T18:00:00Z"); // 10:00: the text is allowed now, but the invoice is delivered
    await w.engine.run();
    expect(w.notifier.sent.filter((m) => m.request.kind === "invoice").map((m) => m.request.channel)).toEqual(["email"]);
  });

  it("hold an invoice whose only channel is a text until the morning", async () => {
    const w = await world([texter("C-HOLD")]);
    w.clock.set("2026-12-27T12:00:00Z");
    const night = await w.engine.run();
    expect([night.invoicesIssued, night.messagesSent, night.heldForQuietHours]).toEqual([1, 0, 1]);
    w.clock.set("2026-12-27T18:00:00Z");
    const morning = await w.engine.run();
    expect([morning.messagesSent, morning.heldForQuietHours]).toEqual([1, 0]);
    expect(w.notifier.sent.filter((m) => m.request.kind === "invoice").map((m) => m.request.channel)).toEqual(["sms"]);
  });
});

describe("failed-payment recovery", () => {
  it("a soft decline is told to the customer, retried 24 hours later, and the receipt follows", async () => {
    const w = await world([alarmContract("C-SOFT", { paymentMethod: autoPay("tok_soft") })]);
    w.gateway.script("tok_soft", { failTimes: 1, decline: "51" });
    await daily(w, "2026-12-27", "2027-01-05");
    expect(w.gateway.charges.map((c) => [c.request.idempotencyKey, new Date(c.at).toISOString(), c.answered.status])).toEqual([
      ["invoice:INV-2026-000001:autopay:1", "2027-01-01T15:00:00.000Z", "declined"],
      ["invoice:INV-2026-000001:charge:tok_soft:2", "2027-01-02T15:00:00.000Z", "succeeded"],
    ]);
    const sent = (await messages(w, "CUST-C-SOFT")).map((m) => m.split(" ").slice(0, 2).join(" "));
    expect(sent).toContain("2027-01-01 invoice:INV-2026-000001:failureNotice:invoice%3AINV-2026-000001%3Aautopay%3A1:email");
    expect(sent.filter((m) => m.includes("receipt"))).toEqual(["2027-01-02 payment:invoice:INV-2026-000001:charge:tok_soft:2:receipt:email"]);
    const [invoice] = await w.store.transaction((tx) => tx.listContractInvoices("C-SOFT"));
    expect([invoice?.invoice.status, invoice?.balance.minor]).toEqual(["paid", 0]);
  });

  it("a hard decline is never retried: the customer is asked for a new method, and later invoices are not charged", async () => {
    const w = await world([alarmContract("C-HARD", { paymentMethod: autoPay("tok_hard") })]);
    w.gateway.script("tok_hard", { decline: "54", kind: "hard" });
    await daily(w, "2026-12-27", "2027-02-03");
    expect(w.gateway.charges.map((c) => c.request.idempotencyKey)).toEqual(["invoice:INV-2026-000001:autopay:1"]);
    const sent = await messages(w, "CUST-C-HARD");
    const kinds = (await w.store.transaction((tx) => tx.listMessages("CUST-C-HARD"))).map((m) => `${m.kind} ${m.channel}`);
    // Told at once, by email and SMS, to give a new payment method; no "we will retry".
    expect(kinds.filter((k) => k.startsWith("updatePaymentMethod") || k.startsWith("paymentFailed"))).toEqual(["updatePaymentMethod email", "updatePaymentMethod sms"]);
    // January's invoice is reminded from then on; February's gets reminders instead of an auto-pay notice and charge.
    expect(sent.filter((m) => m.includes("reminder") || m.includes("upcomingCharge:")).map((m) => m.split(" ").slice(0, 2).join(" "))).toEqual([
      "2026-12-29 invoice:INV-2026-000001:upcomingCharge:email",
      "2027-01-06 invoice:INV-2026-000001:reminder:5:email",
      "2027-01-11 invoice:INV-2026-000001:reminder:10:email",
      "2027-01-29 invoice:INV-2027-000001:reminder:-3:email",
      "2027-02-01 invoice:INV-2027-000001:reminder:0:email",
    ]);
  });

  it("a crash at any step of the retry day, then a rerun, ends as a clean run does", async () => {
    const contracts = () => [alarmContract("C-X", { paymentMethod: autoPay("tok_x") })];
    const setUp = async () => {
      const w = await world(contracts());
      w.gateway.script("tok_x", { failTimes: 1, decline: "51" });
      await daily(w, "2026-12-27", "2027-01-01");
      w.clock.set("2027-01-02T15:00:00Z");
      return w;
    };
    const { steps, expected } = await crashAtEveryStep(setUp, contracts);
    expect(steps).toBeGreaterThan(10);
    expect(expected.captured).toBe(1);
  });
});
