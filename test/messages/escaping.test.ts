/**
 * Every template, in every locale, treats what customers and staff typed as text: the customer's
 * name and every free-text field of a model (a dispute's explanation, a credit's reason, a late
 * fee's explanation, a renewal option's label) are escaped in the HTML and kept as typed in the
 * text and the SMS. And the amounts the engine gives as numbers (an auto-pay incentive, a
 * credit) are written in the customer's locale, to the cent.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { formatAmount, fromMinorUnits, MESSAGE_KINDS, MESSAGE_LOCALES, money, renderMessage, type MessageKind, type MessageModels } from "../../src/index.js";
import { REMINDERS, SAMPLES } from "../../examples/messages/samples.js";
import { brand } from "./support.js";

const HOSTILE = "<script>alert(1)</script> Smith & Sons";
const ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; Smith &amp; Sons";
const nbsp = (s: string) => s.replace(/\u00a0/g, " ");

/** A model with the customer's name and every free-text field made hostile. */
function hostile<K extends MessageKind>(kind: K): MessageModels[K] {
  const model = (kind === "paymentReminder" ? REMINDERS[3] : SAMPLES[kind]) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { ...model, customerName: HOSTILE };
  for (const field of ["reason", "explanation", "method", "incentive", "agency"]) if (field in model) out[field] = HOSTILE;
  if (Array.isArray(model.options)) out.options = (model.options as { label: string }[]).map((o) => ({ ...o, label: HOSTILE }));
  return out as unknown as MessageModels[K];
}

describe("escaping in every template", () => {
  describe.each(MESSAGE_LOCALES)("in %s", (locale) => {
    it.each(MESSAGE_KINDS.map((k) => [k]))("%s: typed text is text in HTML, text and SMS", async (kind) => {
      const m = await renderMessage(kind, hostile(kind), { brand: { ...brand, companyName: "A&B <Alarms>" }, locale, timeZone: "America/Chicago" });
      expect(m.html).not.toContain("<script>");
      expect(m.html).not.toContain("A&B <Alarms>");
      expect(m.html).toContain(ESCAPED);
      expect(m.html).toContain("A&amp;B &lt;Alarms&gt;");
      expect(m.text).toContain(HOSTILE);
      expect(m.text).not.toContain("&amp;");
      expect(m.sms.text.startsWith("A&B <Alarms>")).toBe(true);
    });
  });
});

describe("amounts the engine gives as numbers", () => {
  const invitation = { customerName: "Maria Garza", enrollLink: "https://pay.example.com/autopay/C-1" };

  it("words a percentage incentive in each language", async () => {
    const texts = await Promise.all(MESSAGE_LOCALES.map(async (locale) => (await renderMessage("autoPayInvitation", { ...invitation, incentivePercent: "5" }, { brand, locale })).text));
    expect(texts.map(nbsp)).toEqual([
      expect.stringContaining("You also save 5% on your monitoring while auto-pay is on."),
      expect.stringContaining("Además ahorra un 5 % en su monitoreo mientras tenga el pago automático."),
      expect.stringContaining("Vous économisez aussi 5 % sur votre surveillance tant que le paiement automatique est actif."),
    ]);
  });

  it("writes an amount incentive in the customer's money, and says it in the SMS too", async () => {
    const model = { ...invitation, incentiveAmount: money("3.00", "USD") };
    const en = await renderMessage("autoPayInvitation", model, { brand, locale: "en-US" });
    expect(en.text).toContain("You also save $3.00 on each invoice while auto-pay is on.");
    expect(en.sms.text).toBe("Lone Star Alarm Co.: turn on auto-pay and save $3.00 an invoice: https://pay.example.com/autopay/C-1");
    const fr = await renderMessage("autoPayInvitation", model, { brand, locale: "fr-CA" });
    expect(nbsp(fr.text)).toContain("Vous économisez aussi 3,00 $ US sur chaque facture");
    const es = await renderMessage("autoPayInvitation", model, { brand, locale: "es-US" });
    expect(es.sms.text).toBe("Lone Star Alarm Co.: active el pago automático y ahorre $3.00 por factura: https://pay.example.com/autopay/C-1");
  });

  it("keeps a free-text incentive, and says nothing of one when there is none", async () => {
    expect((await renderMessage("autoPayInvitation", { ...invitation, incentive: "a free month" }, { brand, locale: "en-US" })).text).toContain("You also get a free month.");
    const none = await renderMessage("autoPayInvitation", invitation, { brand, locale: "en-US" });
    expect(none.text).not.toMatch(/save|get/);
    expect(none.sms.text).toBe("Lone Star Alarm Co.: turn on auto-pay: https://pay.example.com/autopay/C-1");
  });

  it("names the credited amount in a dispute answer", async () => {
    const model = { ...SAMPLES.disputeAnswer, creditedAmount: money("13.59", "USD") };
    expect((await renderMessage("disputeAnswer", model, { brand, locale: "en-US" })).text).toContain("we have issued credit note CN-2027-000003 for $13.59: the panel was offline");
    expect((await renderMessage("disputeAnswer", model, { brand, locale: "es-US" })).text).toContain("emitimos la nota de crédito CN-2027-000003 por $13.59: the panel was offline");
    expect(nbsp((await renderMessage("disputeAnswer", model, { brand, locale: "fr-CA" })).text)).toContain("nous avons émis la note de crédit CN-2027-000003 de 13,59 $ US : the panel was offline");
  });

  test.prop([fc.integer({ min: 1, max: 10_000_000_00 }), fc.constantFrom(...MESSAGE_LOCALES)], { numRuns: 40 })("prints any incentive amount exactly as the locale writes it", async (minor, locale) => {
    const amount = fromMinorUnits(minor, "USD");
    const m = await renderMessage("autoPayInvitation", { ...invitation, incentiveAmount: amount }, { brand, locale });
    expect(m.text).toContain(formatAmount(amount, locale));
    expect(m.sms.text).toContain(formatAmount(amount, locale).replace(/\s/g, " "));
  });
});
