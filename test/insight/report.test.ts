import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { monthLabel } from "../../src/insight/charts.js";
import { computeInsight, formatMoney, insightSummary, insightToJson, renderInsightHtml, type InsightFacts } from "../../src/index.js";
import { invoice, payment, recurring, reminder } from "./support.js";

/** An SVG element in the page (the DOM types are not in this project's lib). */
interface Drawn {
  getBBox(): { readonly y: number; readonly height: number };
}

const OUT = fileURLToPath(new URL("./.out/", import.meta.url));

/** A small portfolio: every bucket filled, a customer whose name is markup, RMR moving over the months. */
function portfolio(): InsightFacts {
  const invoices = [];
  const payments = [];
  const contracts = [];
  const names = ["Cy's Alarms", "Bo & Co \"Security\"", "Ada <script>alert(1)</script> Lovelace", "Di Patel", "Ed Okafor", "Fay Chen"];
  for (let a = 0; a < names.length; a++) {
    const id = `CUST-${a}`;
    contracts.push({ id: `C-${a}`, accountId: id, customerName: names[a] as string, start: a === 4 ? "2027-04-01" : "2027-01-01", autoPay: a % 2 === 0, ...(a === 5 ? { end: "2027-07-01", endReason: "moved" } : {}) });
    for (let m = 1; m <= 12; m++) {
      if (a === 5 && m > 6) break;
      if (a === 4 && m < 4) continue;
      const start = `2027-${String(m).padStart(2, "0")}-01`;
      const end = m === 12 ? "2028-01-01" : `2027-${String(m + 1).padStart(2, "0")}-01`;
      const number = `INV-${a}-${m}`;
      const price = a === 3 && m >= 7 ? "50.00" : `${30 + a * 5}.00`;
      invoices.push(
        invoice(number, id, { issue: start, due: `2027-${String(m).padStart(2, "0")}-10`, total: price, name: names[a] as string, contractId: `C-${a}`, period: { start, end }, lines: [recurring("mon", price, start, end, "1", "Monitoring")], status: "open" }),
      );
      // Account 0 pays on time; 1 pays 20 days late; 2 stops paying after June; 3 after September; the rest pay on the due date.
      const late = a === 1 ? 20 : 0;
      const stops = (a === 2 && m > 6) || (a === 3 && m > 9) || (a === 1 && m > 10);
      if (!stops) payments.push(payment(`P-${a}-${m}`, id, addDaysText(`2027-${String(m).padStart(2, "0")}-10`, late), number, price, a % 2 === 0 ? "autopay" : "check"));
    }
  }
  const paid = new Set(payments.filter((p) => p.receivedOn <= "2027-12-31").map((p) => (p.allocations[0] as { invoiceNumber: string }).invoiceNumber));
  return {
    currency: "USD",
    invoices: invoices.map((i) => (paid.has(i.invoice.number) ? { ...i, invoice: { ...i.invoice, status: "paid" as const } } : i)),
    payments,
    contracts,
    messages: [
      reminder("INV-1-11", "CUST-1", 5, "2027-11-15"),
      ...invoices.map((i) => ({ key: `invoice:${i.invoice.number}:deliver:email`, accountId: i.accountId, kind: "invoice", reference: i.invoice.number, status: "accepted", createdAt: `${i.invoice.issueDate}T14:00:00Z`, events: [] })),
    ],
  };
}

function addDaysText(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});
afterAll(async () => {
  await browser?.close();
});

describe("the HTML report", () => {
  it("opens without a network and draws the charts with the figures the JSON holds", async () => {
    const report = computeInsight(portfolio(), { asOf: "2027-12-31" });
    const json = insightToJson(report) as { aging: { total: string; buckets: { bucket: string; total: string }[] }; rmr: { current: string; trend: { month: string; rmr: string }[] }; forecast: { expected: string }; workList: { customerName: string }[] };
    const html = await renderInsightHtml(report);
    mkdirSync(OUT, { recursive: true });
    writeFileSync(`${OUT}report.html`, html);
    writeFileSync(`${OUT}report.json`, JSON.stringify(json, null, 2));

    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, offline: true });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) requests.push(r.url());
    });
    await page.goto(pathToFileURL(`${OUT}report.html`).href);
    await page.screenshot({ path: `${OUT}report.png`, fullPage: true });
    expect(requests).toEqual([]);

    // The JSON in the page is the report's.
    const embedded = JSON.parse((await page.locator("#insight-data").textContent()) ?? "null");
    expect(embedded).toEqual(json);

    // Aging: one bar per bucket, heights in proportion to the bucket totals, each labelled with its total.
    const bars = await page.$$eval("#aging-chart svg path[ecmeta_data_index]", (paths) => paths.map((p) => ({ index: Number(p.getAttribute("ecmeta_data_index")), height: (p as unknown as Drawn).getBBox().height })));
    const totals = json.aging.buckets.map((b) => Number(b.total));
    expect(totals.filter((t) => t > 0).length).toBeGreaterThanOrEqual(4);
    expect(bars.map((b) => b.index)).toEqual([0, 1, 2, 3, 4]);
    const tallest = Math.max(...bars.map((b) => b.height));
    const largest = Math.max(...totals);
    for (const bar of bars) expect(Math.abs(bar.height / tallest - (totals[bar.index] as number) / largest)).toBeLessThan(0.005);
    const labels = await page.$$eval("#aging-chart svg text", (texts) => texts.map((t) => t.textContent ?? "").filter((t) => t.startsWith("$")));
    expect(labels).toEqual(json.aging.buckets.map((b) => formatMoney({ minor: Math.round(Number(b.total) * 100), currency: "USD" }, { locale: "en-US" })));

    // RMR trend: a point per month; the headline figures match the JSON.
    const months = await page.$$eval("#rmr-trend-chart svg text", (texts) => texts.map((t) => t.textContent ?? "").filter((t) => /^[A-Z][a-z]{2} \d{2}$/.test(t)));
    expect(months).toEqual(json.rmr.trend.map((p) => monthLabel(p.month)));
    // The trend's points: one per month, each as high above the axis as its RMR.
    const points = await page.$$eval("#rmr-trend-chart svg path[ecmeta_data_index]", (paths) => paths.map((p) => (p as unknown as Drawn).getBBox().y));
    expect(points.length).toBe(json.rmr.trend.length);
    const values = json.rmr.trend.map((p) => Number(p.rmr));
    const hi = values.indexOf(Math.max(...values));
    const lo = values.indexOf(Math.min(...values));
    expect(hi).not.toBe(lo);
    const perDollar = ((points[lo] as number) - (points[hi] as number)) / ((values[hi] as number) - (values[lo] as number));
    values.forEach((v, i) => expect(Math.abs((points[i] as number) - ((points[hi] as number) + ((values[hi] as number) - v) * perDollar))).toBeLessThan(0.5));
    const money = (v: string) => formatMoney({ minor: Math.round(Number(v) * 100), currency: "USD" }, { locale: "en-US" });
    expect(await page.locator("#card-receivables .value").textContent()).toBe(money(json.aging.total));
    expect(await page.locator("#card-rmr .value").textContent()).toBe(money(json.rmr.current));
    expect(await page.locator("#card-forecast .value").textContent()).toBe(money(json.forecast.expected));
    expect(await page.locator("#forecast-chart svg path").count()).toBeGreaterThan(0);
    expect(await page.locator("#rmr-movement-chart svg path[ecmeta_series_index='3']").count()).toBeGreaterThan(0);

    // Customer text is shown as text, never run: the one script is the JSON data.
    expect(await page.locator("script").count()).toBe(1);
    const rows = await page.locator("#work-list tbody tr td:nth-child(2)").allTextContents();
    expect(rows.some((r) => r.startsWith("Ada <script>alert(1)</script> Lovelace"))).toBe(true);
    expect(json.workList.map((w) => w.customerName)).toContain("Ada <script>alert(1)</script> Lovelace");
    await context.close();
  });

  it("prints a short terminal summary", () => {
    const report = computeInsight(portfolio(), { asOf: "2027-12-31" });
    const text = insightSummary(report);
    expect(text.split("\n")[0]).toBe("Receivables insight as of 2027-12-31 (USD; period 2027-01-01 → 2028-01-01)");
    expect(text).toContain(`receivables       ${formatMoney(report.aging.total, { locale: "en-US" })}`);
    expect(text.split("\n").length).toBe(12);
  });
});
