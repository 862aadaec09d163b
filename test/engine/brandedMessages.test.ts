/**
 * With a brand, the engine sends what the templates render: a responsive HTML email with its
 * text part, a short SMS with the link, in the customer's locale; the record keeps what was sent
 * (and its template), so a crash between the intent and the notifier resends the same message.
 */
import { describe, expect, it } from "vitest";
import { parseBrand } from "../../src/messages/index.js";
import { alarmContract, autoPay, crashAtEveryStep, world, type World } from "./support.js";

const brand = parseBrand({
  companyName: "Lone Star Alarm Co.",
  address: { line1: "400 Lavaca St", city: "Austin", region: "TX", postalCode: "78701", country: "US" },
  supportPhone: "+1 512 555 0100",
});

async function daily(w: World, from: string, to: string): Promise<void> {
  for (let day = new Date(`${from}T15:00:00Z`); day <= new Date(`${to}T15:00:00Z`); day = new Date(day.getTime() + 86_400_000)) {
    w.clock.set(day.toISOString());
    await w.engine.run();
  }
}

describe("branded messages", () => {
  it("the invoice goes out as the template's HTML email with its text part; the record keeps both and the template", async () => {
    const w = await world([alarmContract("C-BR", { customer: { name: "Smith & Sons <Security>" } })], { messages: { brand } });
    await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    const sent = w.notifier.sent.find((m) => m.request.kind === "invoice")?.request;
    expect(sent?.subject).toBe("Invoice INV-2026-000001 from Lone Star Alarm Co.: $52.49");
    expect(sent?.html).toContain("Hello Smith &amp; Sons &lt;Security&gt;,");
    expect(sent?.html).not.toContain("<Security>");
    expect(sent?.text).toContain("Hello Smith & Sons <Security>,");
    expect(sent?.text).toContain("https://pay.example.com/invoice/INV-2026-000001");
    const record = await w.store.transaction((tx) => tx.getMessage("invoice:INV-2026-000001:deliver:email"));
    expect([record?.template, record?.html === sent?.html, record?.text === sent?.text]).toEqual(["invoice", true, true]);
  });

  it("reminders use the tone of their step, in the customer's language; a text is the short SMS with the link", async () => {
    const w = await world([alarmContract("C-ES", { customer: { locale: "es-US", channels: ["sms", "email"] } })], { messages: { brand } });
    await daily(w, "2026-12-27", "2027-01-11");
    const reminders = w.notifier.sent.filter((m) => m.request.kind === "paymentReminder").map((m) => m.request);
    expect(reminders.map((r) => r.channel)).toEqual(["sms", "sms", "sms", "sms"]);
    expect(reminders.map((r) => r.text.split(":")[1]?.split(",")[0]?.trim())).toEqual(["recordatorio", "hoy vence $52.49. Pague", "$52.49 vencido. Pague", "URGENTE"]);
    for (const r of reminders) {
      expect(r.html).toBeUndefined();
      expect(r.text).toContain("https://pay.example.com/invoice/INV-2026-000001");
      expect(r.text.length).toBeLessThanOrEqual(306);
    }
    const records = await w.store.transaction((tx) => tx.listMessages("CUST-C-ES"));
    expect(records.filter((m) => m.kind === "paymentReminder").map((m) => m.template)).toEqual(["paymentReminder.courtesy", "paymentReminder.due", "paymentReminder.friendly", "paymentReminder.urgent"]);
    // The invoice itself went by text too, in Spanish figures: "52,49" is not how es-US writes dollars; "$52.49" is.
    expect(w.notifier.sent.find((m) => m.request.kind === "invoice")?.request.text).toContain("$52.49");
  });

  it("auto-pay: the upcoming-charge notice and the receipt from their templates", async () => {
    const w = await world([alarmContract("C-AP", { paymentMethod: autoPay("tok_ok") })], { messages: { brand } });
    await daily(w, "2026-12-27", "2027-01-01");
    const kinds = w.notifier.sent.map((m) => [m.request.kind, m.request.subject]);
    expect(kinds.map(([k]) => k)).toEqual(["invoice", "upcomingCharge", "receipt"]);
    const receipt = w.notifier.sent.find((m) => m.request.kind === "receipt")?.request;
    expect(receipt?.html).toContain("$52.49");
    expect(receipt?.text).toContain("card ending 4242");
  });

  it("a crash at any step of the branded invoice day, then a rerun, sends each message once, as rendered", async () => {
    const contracts = () => [alarmContract("C-BX")];
    const setUp = async () => world(contracts(), { messages: { brand } });
    const { expected } = await crashAtEveryStep(setUp, contracts, { messages: { brand } }, (w) => {
      const invoices = w.notifier.sent.filter((m) => m.request.kind === "invoice");
      expect(invoices.length).toBe(1);
      expect(invoices[0]?.request.html).toContain("Lone Star Alarm Co.");
    });
    expect(expected.sent).toEqual(["invoice:INV-2026-000001:deliver:email"]);
  });
});
