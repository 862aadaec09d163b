/** creditNoteMessage: the creditNote template's model from an issued credit note, rendered to the cent in each locale. */
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { createCreditNote, creditNoteMessage, formatAmount, issueCreditNote, renderMessage, toDecimalString } from "../../src/index.js";
import { brand, multisiteInvoice } from "./support.js";

const nbsp = (s: string) => s.replace(/\u00a0/g, " ");

describe("creditNoteMessage", () => {
  const { contract, invoice } = multisiteInvoice("<script>alert(1)</script> Smith & Sons");

  it("credits what the note takes back, its taxes included, as a positive amount", async () => {
    const note = issueCreditNote(createCreditNote(invoice, { amount: "100.00", reason: "Monitoring outage at the Austin site", date: "2027-01-20" }), { counter: 4 });
    const model = creditNoteMessage(note, { customerName: contract.customer.name, documentLink: "https://pay.example.com/c/4" });
    // The note's total is negative; the message says what is credited: the same cents, positive.
    expect(model.amount.minor).toBe(-note.total.minor);
    expect(model.amount.minor).toBe(-note.lines.reduce((s, l) => s + l.total.minor, 0));
    // 100.00 net spread over the six lines (11.98 + 41.52 + 5.32 + 14.63 + 19.16 + 7.39), each with
    // its Texas or New York taxes reversed: 12.97 + 44.96 + 5.75 + 15.94 + 20.86 + 8.05 = 108.53.
    expect(note.lines.map((l) => toDecimalString(l.total))).toEqual(["-12.97", "-44.96", "-5.75", "-15.94", "-20.86", "-8.05"]);
    expect(toDecimalString(model.amount)).toBe("108.53");
    expect([model.creditNoteNumber, model.invoiceNumber, model.reason]).toEqual([note.number, invoice.number, "Monitoring outage at the Austin site"]);
    const en = await renderMessage("creditNote", model, { brand, locale: "en-US" });
    expect(en.subject).toBe(`Credit note ${note.number}: ${formatAmount(model.amount, "en-US")} credited`);
    expect(en.subject).toBe(`Credit note ${note.number}: $108.53 credited`);
    expect(en.text).toContain(`we have credited $108.53 against invoice ${invoice.number}: Monitoring outage at the Austin site.`);
    expect(en.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Smith &amp; Sons");
    expect(en.sms.text).toContain("https://pay.example.com/c/4");
    const fr = await renderMessage("creditNote", model, { brand, locale: "fr-CA" });
    expect(nbsp(fr.subject)).toBe(`Note de crédit ${note.number} : 108,53 $ US crédités`);
    const es = await renderMessage("creditNote", model, { brand, locale: "es-US" });
    expect(es.text).toContain(`hemos acreditado $108.53 a la factura ${invoice.number}: Monitoring outage at the Austin site.`);
  });

  it("takes the reason given for the customer instead of the note's own", () => {
    const note = issueCreditNote(createCreditNote(invoice, { amount: "5.00", reason: "goodwill (ticket 8812)", date: "2027-01-20" }), { counter: 5 });
    expect(creditNoteMessage(note, { customerName: "x", documentLink: "https://pay.example.com/c/5", reason: "a goodwill credit" }).reason).toBe("a goodwill credit");
  });

  test.prop([fc.integer({ min: 1, max: 50_000 })], { numRuns: 40 })("any amount credited comes back positive, to the cent of the note", (cents) => {
    const amount = (cents / 100).toFixed(2);
    const note = issueCreditNote(createCreditNote(invoice, { amount, reason: "r", date: "2027-01-20" }), { counter: 1 });
    const model = creditNoteMessage(note, { customerName: "x", documentLink: "https://pay.example.com/c/1" });
    expect(model.amount).toEqual({ ...note.total, minor: -note.total.minor });
  });
});
