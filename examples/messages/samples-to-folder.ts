/**
 * `npm run example:messages [folder]` — writes one sample of every message kind (each reminder
 * tone too) in en-US, es-US and fr-CA — the HTML email, and a text file with the subject, the
 * plain text and the SMS with its segment count — plus the multi-site January invoice as PDF and
 * as HTML, and an index.html linking them all. It prints the folder (default: a folder in the
 * system's temporary directory).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  computeInvoices,
  createTaxTable,
  issueInvoice,
  MESSAGE_KINDS,
  MESSAGE_LOCALES,
  parseBrand,
  parseContract,
  parseTaxRules,
  periodForMonth,
  renderInvoiceHtml,
  renderInvoicePdf,
  renderMessage,
  type MessageKind,
  type MessageModels,
} from "../../src/index.js";
import { REMINDERS, SAMPLES } from "./samples.js";

const here = new URL("./", import.meta.url);
const examples = new URL("../", import.meta.url);

/** What {@link writeMessageSamples} wrote. */
export interface WrittenSamples {
  /** The folder. */
  readonly folder: string;
  /** Every file written, relative to the folder. */
  readonly files: readonly string[];
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Writes the samples into `folder` (created if needed). */
export async function writeMessageSamples(folder: string): Promise<WrittenSamples> {
  const brand = parseBrand(JSON.parse(readFileSync(new URL("brand.json", here), "utf8")));
  const files: string[] = [];
  const write = (name: string, content: string | Uint8Array): void => {
    writeFileSync(join(folder, name), content);
    files.push(name);
  };
  const rows: string[] = [];
  const samples: { kind: MessageKind; model: MessageModels[MessageKind] }[] = [
    ...MESSAGE_KINDS.filter((k) => k !== "paymentReminder").map((kind) => ({ kind, model: SAMPLES[kind] })),
    ...REMINDERS.map((model) => ({ kind: "paymentReminder" as const, model })),
  ];
  for (const locale of MESSAGE_LOCALES) {
    mkdirSync(join(folder, locale), { recursive: true });
    for (const { kind, model } of samples) {
      const m = await renderMessage(kind, model, { brand, locale, timeZone: "America/Chicago" });
      write(`${locale}/${m.templateId}.html`, m.html);
      write(`${locale}/${m.templateId}.txt`, `Subject: ${m.subject}\n\n${m.text}\n\n--- SMS (${m.sms.encoding}, ${m.sms.units} units, ${m.sms.segments} segment${m.sms.segments === 1 ? "" : "s"}) ---\n${m.sms.text}\n`);
      rows.push(`<tr><td>${locale}</td><td><a href="${locale}/${m.templateId}.html">${m.templateId}</a> · <a href="${locale}/${m.templateId}.txt">text</a></td><td>${escape(m.subject)}</td><td>${m.sms.encoding}, ${m.sms.segments}</td></tr>`);
    }
  }
  const tax = createTaxTable(parseTaxRules(JSON.parse(readFileSync(new URL("tax/us-ca-rules.json", examples), "utf8"))));
  const contract = parseContract(JSON.parse(readFileSync(new URL("contracts/commercial-multisite.json", examples), "utf8")));
  const [draft] = computeInvoices(contract, periodForMonth(contract, "2027-01"), { tax });
  if (draft === undefined) throw new Error("the multi-site contract has no January invoice");
  const invoice = issueInvoice(draft, { counter: 1 });
  const options = {
    paymentLink: `https://pay.lonestar-alarm.example/i/${invoice.number}?t=5e1f`,
    billTo: ["Accounts Payable", "500 W 2nd St", "Austin, TX 78701"],
    sites: Object.fromEntries(contract.sites.map((s) => [s.id, { lines: [s.address.line1, `${s.address.city}, ${s.address.state} ${s.address.postalCode}`], region: s.address.state }])),
  };
  write("invoice.html", renderInvoiceHtml(invoice, brand, options));
  write("invoice.pdf", await renderInvoicePdf(invoice, brand, options));
  write("index.html", `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>rmr-billing message samples</title><style>body{font:14px/1.4 Helvetica,Arial,sans-serif;margin:24px}td{padding:2px 12px 2px 0;vertical-align:top}</style></head><body><h1>Message samples</h1><p><a href="invoice.pdf">Invoice PDF</a> · <a href="invoice.html">Invoice HTML</a></p><table><tr><th>Locale</th><th>Template</th><th>Subject</th><th>SMS</th></tr>${rows.join("")}</table></body></html>`);
  return { folder, files };
}

const isMain = process.argv[1] !== undefined && new URL(import.meta.url).pathname === new URL(`file://${process.argv[1]}`).pathname;
if (isMain) {
  const folder = process.argv[2] ?? join(tmpdir(), "rmr-billing-messages");
  mkdirSync(folder, { recursive: true });
  const t0 = performance.now();
  const { files } = await writeMessageSamples(folder);
  console.log(`Wrote ${files.length} files (${files.filter((f) => f.endsWith(".html") && f.includes("/")).length} emails, invoice.pdf, invoice.html) to ${folder} in ${Math.round(performance.now() - t0)} ms`);
  console.log(`Open ${join(folder, "index.html")}`);
}
