/** The invoice as HTML and as a PDF: every figure printed, the PDF's text and a rendered page checked with poppler, the payment link's QR code module for module. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import qrcode from "qrcode-generator";
import { afterAll, describe, expect, it } from "vitest";
import { computeInvoices, contractPeriods, issueInvoice, money, renderInvoiceHtml, renderInvoicePdf } from "../../src/index.js";
import { QR_PDF } from "../../src/messages/invoicePdf.js";
import { QR_QUIET_ZONE, qrSvg } from "../../src/messages/qr.js";
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

/** qrcode-generator's own matrix for a link, as the documents are to draw it (byte mode, level M). */
function expectedMatrix(text: string): boolean[][] {
  const qr = qrcode(0, "M");
  qr.addData(text, "Byte");
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
}

/** The module matrix an SVG's path draws: each `M x y h len v1 h-len z` is a run of dark modules, after the quiet zone. */
function svgMatrix(svg: string): boolean[][] {
  const side = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const n = side - 2 * QR_QUIET_ZONE;
  const m = Array.from({ length: n }, () => Array.from({ length: n }, () => false));
  for (const [, x, y, len] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let c = 0; c < Number(len); c++) (m[Number(y) - QR_QUIET_ZONE] as boolean[])[Number(x) - QR_QUIET_ZONE + c] = true;
  }
  return m;
}

describe("the payment link's QR code", () => {
  it("is an inline SVG next to the link in the HTML, labelled, drawing qrcode-generator's matrix for the link", () => {
    const html = renderInvoiceHtml(invoice, brand, options);
    const figure = /<figure class="qr">(<svg [^]*?<\/svg>)<figcaption>Scan to pay<\/figcaption><\/figure>/.exec(html);
    expect(figure).not.toBeNull();
    const svg = figure?.[1] ?? "";
    expect(html.indexOf(svg)).toBeGreaterThan(html.indexOf("<h2>How to pay</h2>"));
    expect(html.indexOf(svg)).toBeLessThan(html.indexOf('<section class="stub">'));
    // Nothing fetched: no href, no src, no url() in it.
    expect(svg).not.toMatch(/href|src=|url\(/);
    const expected = expectedMatrix(link);
    expect(expected.length).toBeGreaterThanOrEqual(21);
    expect(svgMatrix(svg)).toEqual(expected);
    expect(svg).toContain(`viewBox="0 0 ${expected.length + 8} ${expected.length + 8}"`);
    expect(renderInvoiceHtml(invoice, brand, { ...options, locale: "es-US" })).toContain("<figcaption>Escanee para pagar</figcaption>");
  });

  it("encodes a link with markup in it without writing it into the SVG, and escapes its label", () => {
    const hostile = 'https://pay.example.com/i/"><script>alert(1)</script>&x=1';
    const html = renderInvoiceHtml(invoice, brand, { ...options, paymentLink: hostile });
    expect(html).not.toContain("<script>");
    const svg = /<svg [^]*?<\/svg>/.exec(html)?.[0] ?? "";
    expect(svg).not.toContain("script");
    expect(svgMatrix(svg)).toEqual(expectedMatrix(hostile));
    const labelled = qrSvg(link, { label: `<b>"Scan" & pay</b>` });
    expect(labelled).toContain('aria-label="&#60;b&#62;&#34;Scan&#34; &#38; pay&#60;/b&#62;"');
    expect(labelled).not.toContain("<b>");
  });

  it("is not printed without a payment link", async () => {
    const html = renderInvoiceHtml(invoice, brand, { ...options, paymentLink: undefined });
    expect(html).not.toContain("<svg");
    expect(html).not.toContain("Scan to pay");
    expect(pdfText(await renderInvoicePdf(invoice, brand, { ...options, paymentLink: undefined }), "no-link")).not.toContain("Scan to pay");
  });

  it("is drawn on the PDF, module for module, above its label", async () => {
    // As long as a signed link (key id, claims, HMAC): version 9, 53 modules a side.
    const signed = `https://pay.lonestar-alarm.example/invoice/k1.${"eyJ2IjoxLCJpIjoiSU5WLTIwMjYtMDAwMDAxIiwiYSI6NTI0OSwiYyI6IlVTRCIsImUiOjE4MDAwMDAwMDB9"}.${"x".repeat(43)}`;
    const pdf = await renderInvoicePdf(invoice, brand, { ...options, paymentLink: signed });
    const file = join(dir, "qr.pdf");
    writeFileSync(file, pdf);
    // Where poppler finds the label: the QR code is the square of QR_PDF.size points above it, at the right margin.
    const bbox = execFileSync("pdftotext", ["-bbox", file, "-"], { encoding: "utf8" });
    const pages = bbox.split("<page ").slice(1);
    const pageIndex = pages.findIndex((p) => />Scan</.test(p));
    expect(pageIndex).toBeGreaterThanOrEqual(0);
    const scanTop = Number(/yMin="([\d.]+)"[^>]*>Scan</.exec(pages[pageIndex] ?? "")?.[1]);
    const dpi = 216; // 3 pixels a point
    const scale = dpi / 72;
    execFileSync("pdftoppm", ["-gray", "-r", String(dpi), "-f", String(pageIndex + 1), "-l", String(pageIndex + 1), "-singlefile", file, join(dir, "qr")]);
    const pgm = readFileSync(join(dir, "qr.pgm"));
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 32).toString("latin1"));
    if (header === null) throw new Error("not a PGM");
    const width = Number(header[1]);
    const pixels = pgm.subarray(header[0].length);
    const dark = (x: number, y: number): boolean => (pixels[Math.round(y) * width + Math.round(x)] ?? 255) < 128;
    // The dark modules' bounding box inside the square above the label (the finder patterns make its three corners dark).
    const right = 612 - 48;
    const box = { x0: (right - QR_PDF.size - 4) * scale, x1: (right + 4) * scale, y0: (scanTop - QR_PDF.size - 6) * scale, y1: (scanTop - 1) * scale };
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let y = Math.ceil(box.y0); y < box.y1; y++) {
      for (let x = Math.ceil(box.x0); x < box.x1; x++) {
        if (!dark(x, y)) continue;
        [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
      }
    }
    const expected = expectedMatrix(signed);
    const n = expected.length;
    expect(n).toBe(53);
    const cell = (maxX + 1 - minX) / n;
    // A module is QR_PDF.size / (n + 8) points; the box found is n of them, square.
    expect(cell).toBeCloseTo((QR_PDF.size / (n + 2 * QR_QUIET_ZONE)) * scale, 0);
    expect((maxY + 1 - minY) / n).toBeCloseTo(cell, 0);
    const drawn = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => dark(minX + (c + 0.5) * cell, minY + (r + 0.5) * cell)));
    expect(drawn).toEqual(expected);
    expect(pdfText(pdf, "qr-text")).toContain("Scan to pay");
  });
});
