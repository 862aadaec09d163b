/** `npm run example:messages` writes what it says: every message kind in three locales, the invoice PDF and HTML. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeMessageSamples } from "../../examples/messages/samples-to-folder.js";
import { TEMPLATE_IDS } from "../../src/index.js";

const folder = mkdtempSync(join(tmpdir(), "rmr-messages-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("examples/messages", () => {
  it("writes an email and a text file per template and locale, the invoice as PDF and HTML, and an index", async () => {
    const { files } = await writeMessageSamples(folder);
    expect(files).toHaveLength(TEMPLATE_IDS.length * 3 * 2 + 3);
    for (const locale of ["en-US", "es-US", "fr-CA"]) for (const id of TEMPLATE_IDS) expect(files).toContain(`${locale}/${id}.html`);
    expect(readFileSync(join(folder, "invoice.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
    expect(readFileSync(join(folder, "invoice.html"), "utf8")).toContain("$1,100.91");
    expect(readFileSync(join(folder, "en-US/paymentReminder.urgent.txt"), "utf8")).toMatch(/^Subject: Urgent: \$54\.11 overdue\n/);
    expect(readFileSync(join(folder, "en-US/paymentReminder.urgent.txt"), "utf8")).toContain("--- SMS (GSM-7, ");
    const index = readFileSync(join(folder, "index.html"), "utf8");
    expect(index.match(/<tr><td>/g)).toHaveLength(TEMPLATE_IDS.length * 3);
  });
});
