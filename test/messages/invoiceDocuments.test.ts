/** The invoice as HTML and as a PDF: every figure printed, the PDF's text and a rendered page checked with poppler. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { afterAll, describe, expect, it } from "vitest";
import { computeInvoices, contractPeriods, issueInvoice, money, renderInvoiceHtml, renderInvoicePdf } from "../../src/index.js";
import { contractArbitrary, taxProviderArbitrary } from "../../src/testing/index.js";
import { brand, creditedInvoice, multisiteInvoice, siteAddresses } from "./support.js";

const dir = mkdtempSync(join(tmpdir(), "rmr-invoice-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const link = "https://pay.lonestar-alarm.example/i/COM-2026-000001?t=5e1f";
const { contract, invoice } = multisiteInvoice();
const options = { paymentLink: link, billTo: ["500 Main St", "Austin, TX 78701"], sites: siteAddresses(contract) };

/** Every figure of the multi-site invoice, worked by hand from its lines (see test/invoice). */
const FIGURES = ["$1,112.97", "-$98.40", "$37.30", "$5.97", "$16.72", "$18.81", "$1.57", "$1,100.91", "$645.94", "$454.97"];

function pdfText(pdf: Uint8Array, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

/** The share of non-white pixels of page 1 rendered at 50 dpi, read from poppler's greyscale PGM. */
function inkOnPageOne(pdf: Uint8Array, name: string): { width: number; height: number; ink: number } {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync("pdftoppm", ["-gray", "-r", "50", "-f", "1", "-l", "1", "-singlefile", file, join(dir, name)]);
  execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", file, join(dir, name)]);
  const pgm = readFileSync(join(dir, `${name}.pgm`));
  // P5 header: "P5\n<width> <height>\n<max>\n", then one byte a pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 32).toString("latin1"));
  if (header === null) throw new Error("not a PGM");
  const [, w, h] = header.map(Number) as [number, number, number];
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  for (const p of pixels) if (p < 200) dark++;
  return { width: w, height: h, ink: dark / (w * h) };
}

describe("renderInvoiceHtml", () => {
  const html = renderInvoiceHtml(invoice, brand, options);

  it("prints every site, line, discount, tax per jurisdiction and total", () => {
    for (const figure of FIGURES) expect(html).toContain(figure);
    expect(html).toContain("Austin office — 301 Congress Ave");
    expect(html).toContain("SoHo store — 110 Greene St");
    expect(html).toContain("Capital Metro transit tax (Capital Metro Transit Authority)");
    // Handlebars escapes "=" as well.
    expect(html).toContain("graduated: 4 × 15.00 (tier 1) + 8 × 12.00 (tier 2) (contract rate) × 3 mo &#x3D; 468.00");
    expect(html).toContain("Multi-site monitoring discount 10 %");
  });

  it("has the due date, every way to pay, the link and the remittance stub, print-ready", () => {
    expect(html).toContain("<strong>January 26, 2027</strong>");
    expect(html).toContain(`href="${link.replace(/=/g, "&#x3D;")}"`);
    expect(html).toContain("By check payable to Lone Star Alarm Co., mailed with the stub below");
    expect(html).toContain("Amount enclosed");
    expect(html).toContain("@media print");
    expect(html).toContain("@page { size: letter");
  });

  it("prints the licence of each state it bills a site in", () => {
    expect(html).toContain("Texas Private Security Bureau licence B12345");
    expect(html).toContain("NYS Department of State alarm installer licence 12000345678");
    const texasOnly = renderInvoiceHtml(invoice, brand, { ...options, sites: { "S-AUS": { lines: ["301 Congress Ave"], region: "TX" } } });
    expect(texasOnly).not.toContain("12000345678");
  });

  it("escapes the customer's name", () => {
    const { invoice: hostile } = multisiteInvoice("<script>alert(1)</script> Smith & Sons");
    const page = renderInvoiceHtml(hostile, brand, options);
    expect(page).not.toContain("<script>alert(1)");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Smith &amp; Sons");
  });

  it("prints credits applied and an amount due after payments", () => {
    const credited = creditedInvoice();
    const page = renderInvoiceHtml(credited, brand, { amountDue: money("5.00", "USD") });
    expect(page).toContain("<td>Credits applied</td><td class=\"num\">-$10.00</td>");
    expect(page).toContain("<strong>$5.00</strong>");
  });

  it("speaks the customer's language", () => {
    const fr = renderInvoiceHtml(invoice, brand, { ...options, locale: "fr-CA" });
    expect(fr).toContain('<html lang="fr-CA">');
    expect(fr).toContain("26 janvier 2027");
    expect(fr).toContain("1\u00a0100,91\u00a0$\u00a0US");
    expect(fr).toContain("Talon de paiement");
  });

  test.prop([contractArbitrary({ sites: { max: 2 }, linesPerSite: { max: 3 } }), taxProviderArbitrary()], { numRuns: 40 })("prints figures that add up to the total, for any contract", (c, tax) => {
    const [period] = contractPeriods(c, { count: 1 });
    if (period === undefined) return;
    for (const draft of computeInvoices(c, period, { tax })) {
      // invoiceView refuses to print figures that do not add up to the total.
      const page = renderInvoiceHtml(issueInvoice(draft, { counter: 1 }), brand);
      expect(page).toContain(`<tr class="strong"><td>Total</td>`);
    }
  });
});

describe("renderInvoicePdf", () => {
  it("holds every total in its text", async () => {
    const text = pdfText(await renderInvoicePdf(invoice, brand, options), "multisite");
    for (const figure of FIGURES) expect(text).toContain(figure);
    for (const words of ["INVOICE", "COM-2026-000001", "Northgate Property Group LLC", "Austin office", "SoHo store", "Subtotal", "Texas state sales tax (Texas)", "Amount due", "January 26, 2027", "How to pay", link, "Remittance", "Amount enclosed", "Texas Private Security Bureau licence B12345"]) {
      expect(text).toContain(words);
    }
  });

  it("draws a page that is not blank", async () => {
    const page = inkOnPageOne(await renderInvoicePdf(invoice, brand, options), "multisite-page");
    // US Letter at 50 dpi: 425 × 550 pixels; text and rules cover a few per cent of them.
    expect([page.width, page.height]).toEqual([425, 550]);
    expect(page.ink).toBeGreaterThan(0.02);
    expect(page.ink).toBeLessThan(0.5);
  });

  it("gives the same bytes for the same invoice", async () => {
    const a = await renderInvoicePdf(invoice, brand, options);
    const b = await renderInvoicePdf(invoice, brand, options);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("writes French amounts and dates it can draw with the standard fonts", async () => {
    const text = pdfText(await renderInvoicePdf(invoice, brand, { ...options, locale: "fr-CA" }), "multisite-fr");
    expect(text).toContain("26 janvier 2027");
    expect(text.replace(/\u00a0/g, " ")).toContain("1 100,91 $ US");
    expect(text).toContain("Talon de paiement");
  });

  it("numbers its pages and puts the remittance stub on the last", async () => {
    const text = pdfText(await renderInvoicePdf(invoice, brand, options), "pages");
    const pages = text.split("\f").filter((p) => p.trim() !== "");
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain("Invoice COM-2026-000001 · 1 / 2");
    expect(pages[1]).toContain("Invoice COM-2026-000001 · 2 / 2");
    expect(pages[1]).toContain("Remittance");
    expect(pages[0]).not.toContain("Remittance");
  });

  it("draws the logo given as bytes", async () => {
    // Any PNG will do: page 1 of the invoice itself, as poppler rendered it.
    inkOnPageOne(await renderInvoicePdf(invoice, brand, options), "for-logo");
    const logo = new Uint8Array(readFileSync(join(dir, "for-logo.png")));
    const pdf = Buffer.from(await renderInvoicePdf(invoice, brand, { ...options, logo }));
    expect(pdf.includes("/Subtype /Image")).toBe(true);
    expect(Buffer.from(await renderInvoicePdf(invoice, brand, options)).includes("/Subtype /Image")).toBe(false);
  });

  it("prints credits applied", async () => {
    const text = pdfText(await renderInvoicePdf(creditedInvoice(), brand), "credited");
    expect(text).toMatch(/Credits applied\s+-\$10\.00/);
  });
});
