/**
 * With a brand, the engine sends what the templates render: a responsive HTML email with its
 * text part, a short SMS with the link, in the customer's locale; the record keeps what was sent
 * (and its template), so a crash between the intent and the notifier resends the same message.
 */
import { describe, expect, it } from "vitest";
import { parseBrand } from "../../src/messages/index.js";
import { parseTimelinePolicy } from "../../src/timeline/index.js";
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

  it("the engine's template overrides reach what it sends: the user's subject and SMS for the invoice, per locale", async () => {
    const overrides = {
      invoice: {
        "en-US": { subject: "Your {{brand.companyName}} bill {{invoiceNumber}} is ready ({{money total}})" },
        "*": { sms: "{{brand.companyName}}: {{invoiceNumber}} {{money total}} {{paymentLink}}" },
      },
    };
    const w = await world([alarmContract("C-OV", { customer: { channels: ["email"] } }), alarmContract("C-OS", { customer: { channels: ["sms"], locale: "es-US" } })], { messages: { brand, overrides } });
    await w.engine.run({ asOf: "2026-12-27T15:00:00Z" });
    const invoices = w.notifier.sent.filter((m) => m.request.kind === "invoice").map((m) => m.request);
    // C-OS sorts first: its invoice is INV-2026-000001, sent by text in es-US, which has no entry of its own ("*" applies).
    expect(invoices.find((r) => r.channel === "email")?.subject).toBe("Your Lone Star Alarm Co. bill INV-2026-000002 is ready ($52.49)");
    expect(invoices.find((r) => r.channel === "sms")?.text).toBe("Lone Star Alarm Co.: INV-2026-000001 $52.49 https://pay.example.com/invoice/INV-2026-000001");
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

/** The brand with a support email: renewal messages are answered there. */
const branded = parseBrand({
  companyName: "Lone Star Alarm Co.",
  address: { line1: "400 Lavaca St", city: "Austin", region: "TX", postalCode: "78701", country: "US" },
  supportPhone: "+1 512 555 0100",
  supportEmail: "renewals@lonestar-alarm.example",
});

const NAME = "<script>alert(1)</script> Smith & Sons";
const ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; Smith &amp; Sons";

/** The requests the notifier got, by kind, in order. */
const sentOf = (w: World, kind: string, channel = "email") => w.notifier.sent.filter((m) => m.request.kind === kind && m.request.channel === channel).map((m) => m.request);

/** A daily run at 15:00 UTC from one day to another, with something to do before a day's run. */
async function days(w: World, from: string, to: string, onDay: (day: string) => Promise<void> = async () => undefined): Promise<void> {
  for (let ms = Date.parse(`${from}T15:00:00Z`); ms <= Date.parse(`${to}T15:00:00Z`); ms += 86_400_000) {
    const at = new Date(ms).toISOString();
    w.clock.set(at);
    await onDay(at.slice(0, 10));
    await w.engine.run();
  }
}

describe("branded messages at every call site", () => {
  const renewal = { priceIncreasePercent: "3", longerTerm: { months: 36 }, upgrades: [] };
  const fixedTerm = (spec: Parameters<typeof alarmContract>[1] = {}) => alarmContract("C-R", { term: { start: "2026-04-01", end: "2027-04-01", autoRenew: false }, ...spec, customer: { name: NAME, channels: ["email", "sms"], ...spec.customer } });

  it("a fixed term: the offer and its follow-ups with both options, then the confirmation of the renewal, escaped", async () => {
    const w = await world([fixedTerm()], { messages: { brand: branded }, settings: { billFrom: "2026-12-27", renewal } });
    await days(w, "2026-12-27", "2027-03-27", async (day) => {
      if (day === "2027-03-05") await w.engine.acceptRenewal({ contractId: "C-R" });
    });
    // 39.99 × 1.03 = 41.1897 → 41.19 and 12.50 × 1.03 = 12.875 → 12.88: 54.07 a month renewed; 52.49 today.
    const [offer] = sentOf(w, "renewalOffer");
    expect(offer?.subject).toBe("Your monitoring agreement ends on April 1, 2027: renew today");
    expect(offer?.text).toContain(`Hello ${NAME},`);
    expect(offer?.text).toContain("your agreement C-R ends on April 1, 2027. Renew for 12 months at $54.07 a month (today $52.49), or choose another option:");
    expect(offer?.html).toContain(`Hello ${ESCAPED},`);
    expect(offer?.html).not.toContain("<script>alert(1)");
    for (const cell of ["12 months", "$54.07", "36 months at today&#x27;s prices", "$52.49"]) expect(offer?.html).toContain(cell);
    // "=" in an attribute is written as the entity &#x3D;, which a mail client reads back as "=".
    expect(offer?.html).toContain('href="mailto:renewals@lonestar-alarm.example?subject&#x3D;Renewal%20of%20agreement%20C-R"');
    expect(sentOf(w, "renewalFollowUp").map((m) => [m.idempotencyKey, m.subject])).toEqual([
      ["contract:C-R:2027-04-01:followUp:60:email", "Reminder: your agreement ends on April 1, 2027"],
      ["contract:C-R:2027-04-01:followUp:30:email", "Reminder: your agreement ends on April 1, 2027"],
    ]);
    // Renewed on March 27 (April's invoice is issued that day), confirmed by email — and by text, short.
    const [confirmation] = sentOf(w, "renewalConfirmation");
    expect([confirmation?.idempotencyKey, confirmation?.subject]).toEqual(["contract:C-R:2027-04-01:renew:confirmation:email", "Your agreement is renewed"]);
    expect(confirmation?.text).toContain("agreement C-R is renewed from April 1, 2027 to April 1, 2028 at $54.07 a month.");
    expect(confirmation?.html).toContain(`Hello ${ESCAPED},`);
    const records = await w.store.transaction((tx) => tx.listMessages("CUST-C-R"));
    expect(records.filter((m) => m.kind.startsWith("renewal")).map((m) => `${String(m.createdAt).slice(0, 10)} ${m.template ?? "-"} ${m.channel}`)).toEqual([
      "2027-01-01 renewalOffer email",
      "2027-01-31 renewalFollowUp email",
      "2027-03-02 renewalFollowUp email",
      "2027-03-27 renewalConfirmation email",
    ]);
    const stored = await w.store.transaction((tx) => tx.getContract("C-R"));
    expect(stored?.contract.term.end).toBe("2028-04-01");
  });

  it("an automatic renewal in Spanish: the notice with the last day to cancel, the price-increase notice, the confirmation", async () => {
    const w = await world([fixedTerm({ term: { start: "2026-04-01", end: "2027-04-01", autoRenew: true }, customer: { locale: "es-US", channels: ["email"] } })], { messages: { brand }, settings: { billFrom: "2026-12-27", renewal } });
    await days(w, "2026-12-27", "2027-03-27");
    const [notice] = sentOf(w, "renewalNotice");
    // 30 days' notice to cancel before April 1: by March 2. The brand has no email: answered by phone.
    expect(notice?.text).toContain("el contrato C-R se renueva automáticamente el 1 de abril de 2027 por 12 meses a $54.07 al mes.");
    expect(notice?.text).toContain("2 de marzo de 2027");
    expect(notice?.text).toContain("tel:+15125550100");
    const [increase] = sentOf(w, "priceIncreaseNotice");
    expect(increase?.text).toContain("$54.07");
    expect(increase?.text).toContain("$52.49");
    expect(increase?.text).toContain("1 de abril de 2027");
    const [confirmation] = sentOf(w, "renewalConfirmation");
    expect(confirmation?.text).toContain("1 de abril de 2028");
    expect(confirmation?.text).toContain("$54.07");
  });

  it("a crash at any step of the branded renewing run renews once and confirms once", async () => {
    const options = { messages: { brand }, settings: { billFrom: "2026-12-27", renewal: { priceIncreasePercent: "3", upgrades: [] } } };
    const contracts = () => [fixedTerm({ term: { start: "2026-04-01", end: "2027-04-01", autoRenew: true }, customer: { channels: ["email"] } })];
    const setUp = async () => {
      const w = await world(contracts(), options);
      await days(w, "2026-12-27", "2027-03-26");
      w.clock.set("2027-03-27T15:00:00Z");
      return w;
    };
    const { expected } = await crashAtEveryStep(setUp, contracts, options, (w) => {
      expect(w.notifier.sent.filter((m) => m.request.kind === "renewalConfirmation").map((m) => m.request.idempotencyKey)).toEqual(["contract:C-R:2027-04-01:renew:confirmation:email"]);
    });
    expect(expected.messages.filter((m: string) => m.includes(":confirmation:"))).toEqual(["contract:C-R:2027-04-01:renew:confirmation:email accepted"]);
  });

  it("the auto-pay invitation words the incentive in the customer's language, with the enrollment link", async () => {
    const percent = { invite: true, incentive: { kind: "percent" as const, percent: "5" }, enrollmentLinkBase: "https://pay.example.com/autopay/" };
    const fr = await world([alarmContract("C-FR", { customer: { name: NAME, locale: "fr-CA", channels: ["email", "sms"] } })], { messages: { brand }, settings: { autoPay: percent } });
    await fr.engine.run();
    const [invitation] = sentOf(fr, "autoPayInvitation");
    expect(invitation?.subject).toBe("Ne manquez aucun paiement : activez le paiement automatique");
    expect(invitation?.text).toContain("Vous économisez aussi 5 % sur votre surveillance tant que le paiement automatique est actif.");
    expect(invitation?.text).toContain("https://pay.example.com/autopay/C-FR");
    expect(invitation?.html).toContain(ESCAPED);
    // Marketing is never sent by text.
    expect(sentOf(fr, "autoPayInvitation", "sms")).toEqual([]);
    const fixed = { ...percent, incentive: { kind: "fixed" as const, amount: "3.00" } };
    const en = await world([alarmContract("C-EN")], { messages: { brand }, settings: { autoPay: fixed } });
    await en.engine.run();
    expect(sentOf(en, "autoPayInvitation")[0]?.text).toContain("You also save $3.00 on each invoice while auto-pay is on.");
  });

  it("the dispute answer: a credit names the note and its amount; charges upheld give each line's explanation", async () => {
    const w = await world([alarmContract("C-DC", { customer: { name: NAME, channels: ["email"] } })], { messages: { brand } });
    await days(w, "2026-12-27", "2027-01-03");
    const panel = (await w.store.transaction((tx) => tx.getInvoice("INV-2026-000001")))?.invoice.lines.find((l) => l.lineId === "L-panel");
    await w.engine.openDispute({ id: "D-2", invoiceNumber: "INV-2026-000001", lineIds: [panel?.id ?? ""], reason: "panel removed in December" });
    await w.engine.resolveDispute({ disputeId: "D-2", outcome: "credited", reason: "panel removed on 2026-12-15" });
    await days(w, "2027-01-04", "2027-01-04");
    const [credited] = sentOf(w, "disputeAnswer");
    expect(credited?.subject).toBe("About your question on invoice INV-2026-000001");
    expect(credited?.text).toContain("we have issued credit note INV-CN-2027-000001 for $12.50: panel removed on 2026-12-15.");
    // 52.49 − 12.50 = 39.99 left, and the link to pay it.
    expect(credited?.text).toContain("https://pay.example.com/invoice/INV-2026-000001");
    expect(credited?.html).toContain(ESCAPED);

    const u = await world([alarmContract("C-DU", { customer: { locale: "es-US", channels: ["email"] } })], { messages: { brand } });
    await days(u, "2026-12-27", "2027-01-02");
    await u.engine.openDispute({ id: "D-3", invoiceNumber: "INV-2026-000001", reason: "I never ordered the panel" });
    await u.engine.resolveDispute({ disputeId: "D-3", outcome: "upheld", answer: "Our technician installed it on 2026-12-20 (ticket #8812)." });
    await days(u, "2027-01-03", "2027-01-03");
    const [upheld] = sentOf(u, "disputeAnswer");
    expect(upheld?.text).toContain("revisamos la factura INV-2026-000001 y los cargos se mantienen: Our technician installed it on 2026-12-20 (ticket #8812). - ");
    expect(upheld?.text).toContain("total 12.50 USD");
    expect(upheld?.text).not.toContain("The charges stand");
  });

  it("the late-fee notice: on the next invoice (line) or on a late-fee invoice of its own, what is owed now to the cent", async () => {
    const policy = (billAs: "line" | "invoice") => parseTimelinePolicy({ lateFees: { charge: { kind: "fixed", amount: { amount: "10.00", currency: "USD" } }, graceDays: 10, billAs } });
    const w = await world([alarmContract("C-LF", { customer: { name: NAME, channels: ["email"] } })], { messages: { brand }, policy: policy("line") });
    await days(w, "2026-12-27", "2027-01-13");
    // Due Jan 1, ten days' grace: assessed Jan 12, 52.49 + 10.00 = 62.49 owed.
    const [notice] = sentOf(w, "lateFee");
    expect([notice?.idempotencyKey, notice?.subject]).toEqual(["invoice:INV-2026-000001:lateFee:2027-01-12:notice:email", "Late fee of $10.00 on invoice INV-2026-000001"]);
    expect(notice?.text).toContain("invoice INV-2026-000001 is overdue, so a late fee of $10.00 was added (fixed fee 10.00 USD).");
    expect(notice?.text).toContain("You now owe $62.49.");
    expect(notice?.html).toContain(ESCAPED);
    const own = await world([alarmContract("C-LI", { customer: { locale: "fr-CA", channels: ["email"] } })], { messages: { brand }, policy: policy("invoice") });
    await days(own, "2026-12-27", "2027-01-13");
    // fr-CA writes "10,00 $ US" with no-break spaces, as Intl does.
    const fr = sentOf(own, "lateFee")[0]?.text.replace(/\u00a0/g, " ");
    expect(fr).toContain("la facture INV-2026-000001 est en retard : des frais de 10,00 $ US ont été ajoutés (fixed fee 10.00 USD).");
    expect(fr).toContain("Vous devez maintenant 62,49 $ US.");
    // The fee's own invoice went out too, as an invoice.
    expect(sentOf(own, "invoice").map((m) => (m.subject ?? "").replace(/\u00a0/g, " "))).toContain("Facture INV-2027-000001 de Lone Star Alarm Co. : 10,00 $ US");
    // Without a brand the fee shows on the invoice that bills it, and no notice goes out.
    const plain = await world([alarmContract("C-LP")], { policy: policy("line") });
    await days(plain, "2026-12-27", "2027-01-13");
    expect(sentOf(plain, "lateFee")).toEqual([]);
  });

  it("a crash at any step of the day a late fee is assessed bills it once and sends its notice once", async () => {
    const options = { messages: { brand }, policy: parseTimelinePolicy({ lateFees: { charge: { kind: "fixed", amount: { amount: "10.00", currency: "USD" } }, graceDays: 10, billAs: "line" } }) };
    const contracts = () => [alarmContract("C-LX", { customer: { channels: ["email"] } })];
    const setUp = async () => {
      const w = await world(contracts(), options);
      await days(w, "2026-12-27", "2027-01-11");
      w.clock.set("2027-01-12T15:00:00Z");
      return w;
    };
    const { expected } = await crashAtEveryStep(setUp, contracts, options, (w) => {
      expect(w.notifier.sent.filter((m) => m.request.kind === "lateFee").map((m) => m.request.idempotencyKey)).toEqual(["invoice:INV-2026-000001:lateFee:2027-01-12:notice:email"]);
    });
    expect(expected.messages.filter((m: string) => m.includes(":notice:"))).toEqual(["invoice:INV-2026-000001:lateFee:2027-01-12:notice:email accepted"]);
  });
});
