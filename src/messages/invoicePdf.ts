import type { Invoice, InvoiceDraft } from "../invoice/index.js";
import type { Brand } from "./brand.js";
import { invoiceView, type InvoiceDocumentOptions, type InvoiceView } from "./invoiceView.js";
import { QR_QUIET_ZONE, qrMatrix, qrRuns } from "./qr.js";

// The PDF's standard fonts (Helvetica) are encoded in WinAnsi: Latin-1 plus these.
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
const REPLACE: Readonly<Record<string, string>> = { "\u202f": "\u00a0", "\u2212": "-", "→": "->", "↳": ">", "≤": "<=", "≥": ">=", "✂": "" };

/** Text the standard PDF fonts can draw: Latin-1 and WinAnsi as is, a few symbols spelled out, anything else as `?`. @internal */
export function pdfText(text: string): string {
  let out = "";
  for (const c of text) {
    const replaced = REPLACE[c];
    if (replaced !== undefined) out += replaced;
    else if ((c.codePointAt(0) ?? 0) <= 0xff || WIN_ANSI_EXTRA.has(c)) out += c;
    else out += "?";
  }
  return out;
}

type Doc = PDFKit.PDFDocument;

const PAGE = { width: 612, height: 792, margin: 48 };
const CONTENT = PAGE.width - 2 * PAGE.margin;
const AMOUNT_W = 110;

let pdfkit: Promise<typeof import("pdfkit")> | undefined;

/**
 * The invoice as a PDF (US Letter) made with pdfkit in plain Node: the same content as
 * {@link renderInvoiceHtml} — letterhead and licences, bill-to, each site with its lines and
 * their explanations, discounts and taxes, taxes per jurisdiction, credits applied, totals, the
 * amount and date due, every way to pay, the payment link (clickable) with its QR code ("Scan to
 * pay", drawn as filled rectangles) and a remittance stub for a mailed check. The document is
 * dated on the invoice's issue date, so the same invoice gives the same bytes.
 *
 * @example
 * ```ts
 * const pdf = await renderInvoicePdf(invoice, brand, { paymentLink: "https://pay.example.com/i/abc" });
 * ```
 */
export async function renderInvoicePdf(invoice: Invoice | InvoiceDraft, brand: Brand, options: InvoiceDocumentOptions = {}): Promise<Uint8Array> {
  const view = invoiceView(invoice, brand, options);
  pdfkit ??= import("pdfkit").then((m) => (m as unknown as { default: typeof import("pdfkit") }).default ?? m);
  const PDFDocument = await pdfkit;
  const doc = new PDFDocument({
    size: "LETTER",
    margin: PAGE.margin,
    bufferPages: true,
    info: { Title: pdfText(`${view.title} ${view.number}`), Author: pdfText(brand.companyName), Subject: pdfText(`${view.customerName} ${view.contractId}`), CreationDate: new Date(`${invoice.issueDate}T00:00:00Z`) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });
  draw(doc, view, options);
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    doc.page.margins.bottom = 0;
    doc.font("Helvetica").fontSize(7.5).fillColor("#888888").text(pdfText(`${view.title} ${view.number} · ${i + 1} / ${pages.count}`), PAGE.margin, PAGE.height - PAGE.margin + 14, { width: CONTENT, align: "right" });
  }
  doc.end();
  return done;
}

/** The QR code on the PDF: its side in points, quiet zone included. @internal */
export const QR_PDF = { size: 108 } as const;

/**
 * Draws a QR code's dark modules as filled rectangles (one a run of a row, one fill for all) on a
 * white square with the quiet zone, its top-left corner at (`x`, `y`).
 */
function drawQr(doc: Doc, matrix: readonly (readonly boolean[])[], x: number, y: number): void {
  const module = QR_PDF.size / (matrix.length + 2 * QR_QUIET_ZONE);
  doc.rect(x, y, QR_PDF.size, QR_PDF.size).fillColor("#ffffff").fill();
  const origin = QR_QUIET_ZONE * module;
  for (const [row, col, length] of qrRuns(matrix)) doc.rect(x + origin + col * module, y + origin + row * module, length * module, module);
  doc.fillColor("#000000").fill();
}

function ensure(doc: Doc, height: number): void {
  if (doc.y + height > PAGE.height - PAGE.margin) doc.addPage();
}

/** A row: text on the left (wrapped), an amount on the right, on the same line. */
function row(doc: Doc, left: string, amount: string, style: { size: number; color: string; bold?: boolean; indent?: number }): void {
  const indent = style.indent ?? 0;
  doc.font(style.bold === true ? "Helvetica-Bold" : "Helvetica").fontSize(style.size).fillColor(style.color);
  const width = CONTENT - AMOUNT_W - indent - 8;
  const height = doc.heightOfString(pdfText(left), { width });
  ensure(doc, height + 2);
  const y = doc.y;
  doc.text(pdfText(left), PAGE.margin + indent, y, { width });
  const after = doc.y;
  if (amount !== "") doc.text(pdfText(amount), PAGE.margin + CONTENT - AMOUNT_W, y, { width: AMOUNT_W, align: "right" });
  doc.x = PAGE.margin;
  doc.y = Math.max(after, doc.y) + 1;
}

function rule(doc: Doc, color: string, width = 0.5): void {
  doc.moveTo(PAGE.margin, doc.y).lineTo(PAGE.margin + CONTENT, doc.y).lineWidth(width).strokeColor(color).stroke();
  doc.y += 4;
}

function draw(doc: Doc, v: InvoiceView, options: InvoiceDocumentOptions): void {
  const { brand, labels } = v;
  const top = PAGE.margin;
  // Letterhead.
  if (options.logo !== undefined) doc.image(Buffer.from(options.logo), PAGE.margin, top, { fit: [180, 48] });
  else doc.font("Helvetica-Bold").fontSize(18).fillColor(brand.primaryColor).text(pdfText(brand.companyName), PAGE.margin, top, { width: 300 });
  doc.font("Helvetica").fontSize(8.5).fillColor("#555555");
  const address = [`${brand.address.line1}${brand.address.line2 === undefined ? "" : `, ${brand.address.line2}`}`, `${brand.address.city}, ${brand.address.region} ${brand.address.postalCode}`, `${brand.supportPhone}${brand.supportEmail === undefined ? "" : ` · ${brand.supportEmail}`}`, ...v.licences.map((l) => `${l.label ?? "Licence"} ${l.number}`)];
  doc.text(pdfText(address.join("\n")), PAGE.margin, top + (options.logo === undefined ? 24 : 52), { width: 300 });
  const leftBottom = doc.y;
  doc.font("Helvetica-Bold").fontSize(20).fillColor(brand.primaryColor).text(pdfText(v.title.toUpperCase()), PAGE.margin + 300, top, { width: CONTENT - 300, align: "right" });
  doc.font("Helvetica-Bold").fontSize(11).fillColor("#111111").text(pdfText(v.number), { width: CONTENT - 300, align: "right" });
  doc.font("Helvetica").fontSize(9).fillColor("#555555").text(pdfText(v.status), { width: CONTENT - 300, align: "right" });
  doc.x = PAGE.margin;
  doc.y = Math.max(leftBottom, doc.y) + 8;
  doc.moveTo(PAGE.margin, doc.y).lineTo(PAGE.margin + CONTENT, doc.y).lineWidth(2).strokeColor(brand.primaryColor).stroke();
  doc.y += 12;

  // Bill to and the invoice's facts.
  const metaTop = doc.y;
  doc.font("Helvetica-Bold").fontSize(9).fillColor(brand.primaryColor).text(pdfText(labels.billTo.toUpperCase()), PAGE.margin, metaTop, { width: 260 });
  doc.font("Helvetica-Bold").fontSize(10).fillColor("#111111").text(pdfText(v.customerName), { width: 260 });
  doc.font("Helvetica").fontSize(9.5).text(pdfText(v.billTo.join("\n")), { width: 260 });
  const billBottom = doc.y;
  const facts: [string, string][] = [[labels.customer, v.customerId], [labels.contract, v.contractId], [labels.issued, v.issued], [labels.due, v.due], [labels.period, v.period], ...v.fields.map((f): [string, string] => [f.name, f.value])];
  let y = metaTop;
  for (const [k, value] of facts) {
    doc.font("Helvetica").fontSize(9).fillColor("#666666").text(pdfText(k), PAGE.margin + 290, y, { width: 90 });
    doc.font(k === labels.due ? "Helvetica-Bold" : "Helvetica").fillColor("#111111").text(pdfText(value), PAGE.margin + 385, y, { width: CONTENT - 385 });
    y = doc.y + 1;
  }
  doc.x = PAGE.margin;
  doc.y = Math.max(billBottom, y) + 14;

  // Sites and their lines.
  for (const site of v.sites) {
    ensure(doc, 60);
    doc.font("Helvetica-Bold").fontSize(11).fillColor(brand.primaryColor).text(pdfText(`${site.name}  [${site.id}]`), PAGE.margin, doc.y, { width: CONTENT });
    if (site.address.length > 0) doc.font("Helvetica").fontSize(8.5).fillColor("#666666").text(pdfText(site.address.join(", ")), { width: CONTENT });
    doc.y += 3;
    rule(doc, "#bbbbbb");
    for (const line of site.lines) {
      row(doc, `${line.description}${line.detail === "" ? "" : `  ·  ${line.detail}`}`, line.amount, { size: 9.5, color: "#111111" });
      for (const a of line.adjustments) row(doc, a.label, a.amount, { size: 8.5, color: "#444444", indent: 14 });
      row(doc, line.explanation, "", { size: 7.5, color: "#777777", indent: 14 });
      doc.y += 3;
    }
    rule(doc, "#dddddd");
    row(doc, labels.siteTotal, site.total, { size: 9.5, color: "#111111", bold: true });
    doc.y += 10;
  }

  // Totals.
  ensure(doc, 20 * v.totals.length + 60);
  const totalsLeft = PAGE.margin + Math.round(CONTENT * 0.4);
  for (const t of v.totals) {
    if (t.strong === true) {
      doc.moveTo(totalsLeft, doc.y).lineTo(PAGE.margin + CONTENT, doc.y).lineWidth(1.5).strokeColor(brand.primaryColor).stroke();
      doc.y += 4;
    }
    const yy = doc.y;
    doc.font(t.strong === true ? "Helvetica-Bold" : "Helvetica").fontSize(t.strong === true ? 12 : 9.5).fillColor("#111111");
    doc.text(pdfText(t.label), totalsLeft, yy, { width: PAGE.margin + CONTENT - AMOUNT_W - totalsLeft });
    const after = doc.y;
    doc.text(pdfText(t.amount), PAGE.margin + CONTENT - AMOUNT_W, yy, { width: AMOUNT_W, align: "right" });
    doc.x = PAGE.margin;
    doc.y = Math.max(after, doc.y) + 2;
  }
  doc.y += 8;
  const boxTop = doc.y;
  doc.rect(PAGE.margin, boxTop, CONTENT, 34).fillColor("#f5f5f5").fill();
  doc.rect(PAGE.margin, boxTop, 4, 34).fillColor(brand.accentColor).fill();
  doc.font("Helvetica").fontSize(10).fillColor("#111111").text(pdfText(`${labels.amountDue} · ${labels.due} ${v.due}`), PAGE.margin + 14, boxTop + 11, { width: 300 });
  doc.font("Helvetica-Bold").fontSize(16).fillColor(brand.accentColor).text(pdfText(v.amountDue), PAGE.margin + CONTENT - 200, boxTop + 8, { width: 190, align: "right" });
  doc.x = PAGE.margin;
  doc.y = boxTop + 46;

  // How to pay, with the payment link's QR code on the right.
  const qr = v.paymentLink === undefined ? undefined : qrMatrix(v.paymentLink);
  ensure(doc, qr === undefined ? 90 : QR_PDF.size + 24);
  const payTop = doc.y;
  const textWidth = qr === undefined ? CONTENT : CONTENT - QR_PDF.size - 16;
  doc.font("Helvetica-Bold").fontSize(11).fillColor(brand.primaryColor).text(pdfText(labels.howToPay), PAGE.margin, doc.y, { width: textWidth });
  doc.font("Helvetica").fontSize(9.5).fillColor("#111111").text(pdfText(v.paymentText), { width: textWidth });
  doc.y += 2;
  for (const o of v.paymentOptions) doc.text(pdfText(`•  ${o}`), PAGE.margin + 6, doc.y, { width: textWidth - 6 });
  if (v.paymentLink !== undefined) {
    doc.y += 2;
    doc.font("Helvetica-Bold").fillColor(brand.primaryColor).text(pdfText(v.paymentLink), PAGE.margin, doc.y, { width: textWidth, link: v.paymentLink, underline: true });
  }
  if (qr !== undefined && v.paymentLink !== undefined) {
    const textBottom = doc.y;
    const left = PAGE.margin + CONTENT - QR_PDF.size;
    drawQr(doc, qr, left, payTop);
    doc.link(left, payTop, QR_PDF.size, QR_PDF.size, v.paymentLink);
    doc.font("Helvetica-Bold").fontSize(8.5).fillColor(brand.primaryColor).text(pdfText(labels.scanToPay), left - 10, payTop + QR_PDF.size + 3, { width: QR_PDF.size + 20, align: "center" });
    doc.x = PAGE.margin;
    doc.y = Math.max(textBottom, doc.y);
  }

  // Remittance stub, at the foot of the last page.
  const stubHeight = 150;
  if (doc.y + 20 > PAGE.height - PAGE.margin - stubHeight) doc.addPage();
  const stubTop = PAGE.height - PAGE.margin - stubHeight;
  doc.moveTo(PAGE.margin, stubTop).lineTo(PAGE.margin + CONTENT, stubTop).dash(4, { space: 3 }).lineWidth(1).strokeColor("#888888").stroke().undash();
  doc.font("Helvetica").fontSize(7.5).fillColor("#777777").text(pdfText(labels.stubDetach), PAGE.margin, stubTop + 4, { width: CONTENT, align: "center" });
  doc.font("Helvetica-Bold").fontSize(11).fillColor(brand.primaryColor).text(pdfText(labels.stubTitle), PAGE.margin, stubTop + 20, { width: CONTENT });
  const left = stubTop + 38;
  doc.font("Helvetica").fontSize(8.5).fillColor("#666666").text(pdfText(labels.payableTo), PAGE.margin, left, { width: 240 });
  doc.font("Helvetica-Bold").fontSize(10).fillColor("#111111").text(pdfText(brand.companyName), { width: 240 });
  doc.font("Helvetica").fontSize(9.5).text(pdfText(`${brand.address.line1}${brand.address.line2 === undefined ? "" : `, ${brand.address.line2}`}\n${brand.address.city}, ${brand.address.region} ${brand.address.postalCode}`), { width: 240 });
  const stubFacts: [string, string][] = [[labels.customer, `${v.customerName} (${v.customerId})`], [labels.invoice, v.number], [labels.reference, v.reference], [labels.due, v.due], [labels.amountDue, v.amountDue], [labels.amountEnclosed, ""]];
  let sy = left;
  for (const [k, value] of stubFacts) {
    doc.font("Helvetica").fontSize(9).fillColor("#666666").text(pdfText(k), PAGE.margin + 270, sy, { width: 100 });
    if (value === "") doc.moveTo(PAGE.margin + 375, sy + 10).lineTo(PAGE.margin + CONTENT, sy + 10).lineWidth(0.75).strokeColor("#333333").stroke();
    else doc.font(k === labels.amountDue ? "Helvetica-Bold" : "Helvetica").fillColor("#111111").text(pdfText(value), PAGE.margin + 375, sy, { width: CONTENT - 375 });
    sy = Math.max(doc.y, sy + 12) + 3;
  }
}
