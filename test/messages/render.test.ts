/** renderMessage: every kind in every locale, escaping, locale money and dates, overrides. */
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  add,
  formatAmount,
  fromMinorUnits,
  MESSAGE_KINDS,
  MESSAGE_LOCALES,
  money,
  renderMessage,
  smsSize,
  TEMPLATE_IDS,
  ValidationError,
  type MessageKind,
  type MessageModels,
  type TemplateOverrides,
} from "../../src/index.js";
import { REMINDERS, SAMPLES } from "../../examples/messages/samples.js";
import { brand } from "./support.js";

const NBSP = "\u00a0";

/** Every template's sample: each kind, and the reminder at each tone. */
const ALL: readonly { kind: MessageKind; model: MessageModels[MessageKind] }[] = [
  ...MESSAGE_KINDS.filter((k) => k !== "paymentReminder").map((kind) => ({ kind, model: SAMPLES[kind] })),
  ...REMINDERS.map((model) => ({ kind: "paymentReminder" as const, model })),
];

/** The link a sample's message must carry (its call to action), if it has one. */
function linkOf(model: object): string | undefined {
  const entry = Object.entries(model).find(([k]) => k.endsWith("Link"));
  return entry?.[1] as string | undefined;
}

describe("renderMessage", () => {
  it("has a template for every kind and tone", () => {
    expect(ALL.length).toBe(TEMPLATE_IDS.length);
    expect(TEMPLATE_IDS).toHaveLength(23);
  });

  describe.each(MESSAGE_LOCALES)("in %s", (locale) => {
    it.each(ALL.map((s) => [s.kind === "paymentReminder" ? `paymentReminder.${(s.model as MessageModels["paymentReminder"]).tone}` : s.kind, s] as const))("renders %s as HTML, text and SMS", async (_id, { kind, model }) => {
      const m = await renderMessage(kind, model, { brand, locale, timeZone: "America/Chicago" });
      for (const part of [m.subject, m.html, m.text, m.sms.text]) {
        expect(part).not.toMatch(/\{\{|\}\}|undefined|\[object Object\]|NaN/);
      }
      expect(m.locale).toBe(locale);
      expect(m.subject.length).toBeGreaterThan(10);
      expect(m.subject).not.toMatch(/\n/);
      expect(m.html).toMatch(/^<!doctype html>/i);
      expect(m.html).toContain(`lang="${locale}"`);
      expect(m.html).toContain("Maria Garza");
      expect(m.html).toContain("Lone Star Alarm Co.");
      expect(m.html).toContain("@media"); // MJML's responsive columns
      expect(m.text).toContain("Maria Garza");
      expect(m.text).toContain("+1 512 555 0100");
      expect(m.text).not.toMatch(/<[a-z]/);
      const link = linkOf(model);
      if (link !== undefined) {
        expect(m.text).toContain(link);
        expect(m.sms.text).toContain(link);
        expect(m.html).toContain(link.replace(/=/g, "&#x3D;").replace(/&(?!#)/g, "&amp;"));
      }
      expect(m.sms.text.startsWith("Lone Star Alarm Co.")).toBe(true);
      expect(m.sms).toEqual({ text: m.sms.text, ...smsSize(m.sms.text) });
      expect(m.sms.segments).toBeGreaterThanOrEqual(1);
      expect(m.sms.segments).toBeLessThanOrEqual(2);
    });
  });

  it("renders a customer called <script> or Smith & Sons as text: escaped in HTML, as typed in text and SMS", async () => {
    const model = { ...SAMPLES.invoice, customerName: "<script>alert(1)</script> Smith & Sons", invoiceNumber: 'INV-"1"' };
    const m = await renderMessage("invoice", model, { brand, locale: "en-US" });
    expect(m.html).not.toContain("<script>alert(1)");
    expect(m.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Smith &amp; Sons");
    expect(m.html).toContain("INV-&quot;1&quot;");
    expect(m.text).toContain("Hello <script>alert(1)</script> Smith & Sons,");
    expect(m.subject).toBe('Invoice INV-"1" from Lone Star Alarm Co.: $54.11');
    const sms = await renderMessage("paymentReminder", { ...SAMPLES.paymentReminder, customerName: "Smith & Sons" }, { brand: { ...brand, companyName: "A&B <Alarms>" }, locale: "en-US" });
    expect(sms.sms.text).toBe(`A&B <Alarms>: reminder, $54.11 due soon. Pay: ${SAMPLES.paymentReminder.paymentLink}`);
    expect(sms.html).toContain("A&amp;B &lt;Alarms&gt;");
  });

  it("folds the SMS into GSM-7 on request: one message of 160 instead of two of 67", async () => {
    const model = { ...SAMPLES.renewalOffer, customerName: "José" };
    const brandEs = { ...brand, companyName: "Alarmas Martínez" };
    const asWritten = await renderMessage("renewalOffer", model, { brand: brandEs, locale: "es-US" });
    const folded = await renderMessage("renewalOffer", model, { brand: brandEs, locale: "es-US", smsAlphabet: "gsm" });
    expect([asWritten.sms.encoding, asWritten.sms.segments]).toEqual(["UCS-2", 2]);
    expect([folded.sms.encoding, folded.sms.segments]).toEqual(["GSM-7", 1]);
    expect(folded.sms.text).toBe(`Alarmas Martinez: su contrato termina el 1 de junio de 2027. Renueve a $41.19/mes: ${SAMPLES.renewalOffer.respondLink}`);
  });

  test.prop([fc.string({ maxLength: 60 })], { numRuns: 60 })("never lets a customer's name out of the HTML's text", async (name) => {
    const m = await renderMessage("invoice", { ...SAMPLES.invoice, customerName: name }, { brand, locale: "en-US" });
    const escaped = name.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;").replace(/`/g, "&#x60;").replace(/=/g, "&#x3D;");
    expect(m.html).toContain(`Hello ${escaped},`);
    expect(m.text).toContain(`Hello ${name},`);
  });

  it("names a time zone that does not exist", async () => {
    await expect(renderMessage("receipt", SAMPLES.receipt, { brand, locale: "en-US", timeZone: "America/Atlantis" })).rejects.toThrow(/timeZone: "America\/Atlantis" is not an IANA time zone/);
  });

  it("writes money in the customer's locale from the exact amount", async () => {
    const total = money("1234567.89", "USD");
    const of = async (locale: string) => (await renderMessage("invoice", { ...SAMPLES.invoice, total }, { brand, locale })).subject;
    expect(await of("en-US")).toBe("Invoice RES-2027-000042 from Lone Star Alarm Co.: $1,234,567.89");
    expect(await of("es-US")).toBe("Factura RES-2027-000042 de Lone Star Alarm Co.: $1,234,567.89");
    expect(await of("fr-CA")).toBe(`Facture RES-2027-000042 de Lone Star Alarm Co. : 1${NBSP}234${NBSP}567,89${NBSP}$${NBSP}US`);
    expect(formatAmount(total, "fr-CA")).toBe(`1${NBSP}234${NBSP}567,89${NBSP}$${NBSP}US`);
    expect(formatAmount(total, "es-US")).toBe("$1,234,567.89");
  });

  it("adds 0.10 and 0.20 to exactly 0.30 and prints the largest exact amount as it is", () => {
    // 0.1 + 0.2 is 0.30000000000000004 in floats; money adds minor units.
    expect(formatAmount(add(money("0.1", "USD"), money("0.2", "USD")), "en-US")).toBe("$0.30");
    // 2^53 − 1 minor units: a float of the major amount (90071992547409.91) would print ….92.
    expect(formatAmount(fromMinorUnits(Number.MAX_SAFE_INTEGER, "USD"), "en-US")).toBe("$90,071,992,547,409.91");
    expect(formatAmount(fromMinorUnits(-5, "USD"), "en-US")).toBe("-$0.05");
    expect(formatAmount(money("1234", "JPY"), "en-US")).toBe("¥1,234");
  });

  test.prop([fc.maxSafeInteger()])("prints every amount's digits exactly (en-US)", (minor) => {
    const text = formatAmount(fromMinorUnits(minor, "USD"), "en-US");
    const digits = text.replace(/[$,]/g, "");
    const abs = String(Math.abs(minor)).padStart(3, "0");
    expect(digits).toBe(`${minor < 0 ? "-" : ""}${abs.slice(0, -2).replace(/^0+(?=\d)/, "")}.${abs.slice(-2)}`);
  });

  it("writes dates in words in the customer's language", async () => {
    const of = async (locale: string) => (await renderMessage("invoice", SAMPLES.invoice, { brand, locale })).text;
    expect(await of("en-US")).toContain("It is due on January 26, 2027.");
    expect(await of("es-US")).toContain("Vence el 26 de enero de 2027.");
    expect(await of("fr-CA")).toContain("payable au plus tard le 26 janvier 2027.");
    const statement = await renderMessage("accountStatement", SAMPLES.accountStatement, { brand, locale: "fr-CA" });
    expect(statement.text).toContain("voici votre compte du 1er mars 2027 au 31 mars 2027.");
    expect(statement.text).toContain("Solde à payer\u00a0: 108,22\u00a0$\u00a0US");
  });

  it("puts a moment on the customer's clock: 03:30Z on January 27 is the evening of the 26th in Los Angeles", async () => {
    const receipt = { ...SAMPLES.receipt, paidAt: "2027-01-27T03:30:00Z" };
    expect((await renderMessage("receipt", receipt, { brand, locale: "en-US", timeZone: "America/Los_Angeles" })).text).toContain("on January 26, 2027 at 7:30 PM for invoice");
    expect((await renderMessage("receipt", receipt, { brand, locale: "en-US", timeZone: "America/New_York" })).text).toContain("on January 26, 2027 at 10:30 PM for invoice");
    expect((await renderMessage("receipt", receipt, { brand, locale: "fr-CA", timeZone: "UTC" })).text).toContain("le 27 janvier 2027 à 03 h 30");
  });

  it("takes a due date given as an instant as the customer's calendar day", async () => {
    const m = await renderMessage("invoice", { ...SAMPLES.invoice, dueDate: "2027-01-27T03:00:00Z" }, { brand, locale: "en-US", timeZone: "America/Los_Angeles" });
    expect(m.subject).toBe("Invoice RES-2027-000042 from Lone Star Alarm Co.: $54.11");
    expect(m.text).toContain("It is due on January 26, 2027.");
  });

  it("falls back to a built-in locale of the same language, and to en-US", async () => {
    const mx = await renderMessage("invoice", SAMPLES.invoice, { brand, locale: "es-MX" });
    expect([mx.locale, mx.text.includes("Vence el 26 de enero de 2027")]).toEqual(["es-US", true]);
    const de = await renderMessage("invoice", SAMPLES.invoice, { brand, locale: "de-DE" });
    expect(de.locale).toBe("en-US");
    expect(de.subject).toBe(`Invoice RES-2027-000042 from Lone Star Alarm Co.: 54,11${NBSP}$`);
  });

  it("picks the reminder's template by its tone", async () => {
    const subjects = await Promise.all(REMINDERS.map(async (model) => (await renderMessage("paymentReminder", model, { brand, locale: "en-US" })).subject));
    expect(subjects).toEqual(["Coming up: $54.11 due soon", "Due today: $54.11", "Past due: $54.11", "Urgent: $54.11 overdue"]);
  });

  it("lists every overdue invoice and the total in a dunning notice", async () => {
    const m = await renderMessage("finalNotice", SAMPLES.finalNotice, { brand, locale: "en-US" });
    expect(m.text).toContain("- Invoice RES-2027-000042, due January 26, 2027: $54.11\n- Invoice RES-2027-000057, due February 26, 2027: $54.11\nTotal: $108.22");
    expect(m.text).toContain("Unless it is paid, your monitoring service will be suspended on March 15, 2027.");
    expect(m.sms.text).toBe(`Lone Star Alarm Co.: FINAL NOTICE, $108.22 overdue. Service suspended March 15, 2027 unless paid. ${SAMPLES.finalNotice.paymentLink}`);
  });

  it("prints the statement's open invoices, payments, credits, aging and balance", async () => {
    const m = await renderMessage("accountStatement", SAMPLES.accountStatement, { brand, locale: "en-US" });
    expect(m.text).toContain("Payments:\n- March 4, 2027 Payment, card ending 4242: $54.11");
    expect(m.text).toContain("Credits:\n- March 10, 2027 Credit note CN-2027-000003: $12.50");
    expect(m.text).toContain("Aging: Current $0.00 · 1–30 days $54.11 · 31–60 days $54.11 · 61–90 days $0.00 · Over 90 days $0.00");
    expect(m.text).toContain("Balance due: $108.22");
    expect(m.html).toContain("Over 90 days");
  });

  it("prints the brand's licences in the footer", async () => {
    const m = await renderMessage("invoice", SAMPLES.invoice, { brand, locale: "en-US" });
    expect(m.text).toContain("Texas Private Security Bureau licence B12345");
    expect(m.html).toContain("Texas Private Security Bureau licence B12345");
  });

  it("names the model field a template needed and did not get", async () => {
    const broken = { ...SAMPLES.invoice, total: "54.11" } as unknown as MessageModels["invoice"];
    await expect(renderMessage("invoice", broken, { brand, locale: "en-US" })).rejects.toThrow(/\{\{money\}\} needs an amount/);
  });
});

describe("template overrides", () => {
  const overrides: TemplateOverrides = {
    invoice: {
      "es-US": { subject: "Su factura de {{brand.companyName}} ya está aquí ({{money total}})" },
      "*": { sms: "{{brand.companyName}}: {{invoiceNumber}} {{money total}} {{paymentLink}}" },
    },
    "paymentReminder.urgent": {
      "en-US": { html: '<mj-text font-size="18px">Dear {{customerName}}, please pay {{money total}} today.</mj-text><mj-button href="{{paymentLink}}">Pay</mj-button>', text: "Dear {{customerName}}, please pay {{money total}}: {{paymentLink}}" },
    },
  };

  it("replaces only the parts and locales given", async () => {
    const es = await renderMessage("invoice", SAMPLES.invoice, { brand, locale: "es-US", overrides });
    expect(es.subject).toBe("Su factura de Lone Star Alarm Co. ya está aquí ($54.11)");
    expect(es.text).toContain("Vence el 26 de enero de 2027.");
    // "*" applies where no locale of its own is given: in en-US too, but es-US has its own entry.
    expect(es.sms.text).toBe(`Lone Star Alarm Co.: factura RES-2027-000042, $54.11, vence el 26 de enero de 2027. ${SAMPLES.invoice.paymentLink}`);
    const en = await renderMessage("invoice", SAMPLES.invoice, { brand, locale: "en-US", overrides });
    expect(en.subject).toBe("Invoice RES-2027-000042 from Lone Star Alarm Co.: $54.11");
    expect(en.sms.text).toBe(`Lone Star Alarm Co.: RES-2027-000042 $54.11 ${SAMPLES.invoice.paymentLink}`);
  });

  it("puts an HTML override inside the brand's layout, escaped like the built-in ones", async () => {
    const model = { ...REMINDERS[3], customerName: "<b>Smith & Sons</b>" } as MessageModels["paymentReminder"];
    const m = await renderMessage("paymentReminder", model, { brand, locale: "en-US", overrides });
    expect(m.html).toContain("Dear &lt;b&gt;Smith &amp; Sons&lt;/b&gt;, please pay $54.11 today.");
    expect(m.html).toContain("Texas Private Security Bureau licence B12345");
    expect(m.text).toBe(`Dear <b>Smith & Sons</b>, please pay $54.11: ${SAMPLES.paymentReminder.paymentLink}`);
    expect(m.subject).toBe("Urgent: $54.11 overdue");
  });

  it("reports an override's MJML errors with the template's path", async () => {
    const bad: TemplateOverrides = { receipt: { "en-US": { html: '<mj-text padding="huge">Thanks</mj-text>' } } };
    const error = await renderMessage("receipt", SAMPLES.receipt, { brand, locale: "en-US", overrides: bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toEqual(["overrides", "receipt", "html"]);
  });
});
