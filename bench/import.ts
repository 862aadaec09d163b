/**
 * The import bench: a generated CRM export of N contracts (about four rows each: two sites, a
 * monitoring line and equipment) streamed through importCsv into the memory store — rows per
 * second and peak memory. The CSV is generated chunk by chunk as the parser asks for it, so
 * memory measures the import, not the file.
 */
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importCsv, GENERIC_MAPPING, exportColumns, type ImportField } from "../src/index.js";
import { readCsvBatches } from "../src/import/csv.js";
import { createMemoryStore } from "../src/adapters/memory/index.js";
import { prng } from "./prng.js";

/** One pass of the import over the generated file. */
export interface ImportPass {
  /** Wall-clock time. */
  readonly ms: number;
  /** CPU time of the process (user + system): the work itself, on a machine shared with others. */
  readonly cpuMs: number;
  /** Peak resident memory seen during the pass. */
  readonly peakRssMiB: number;
  /** Input rows by status. */
  readonly rows: { readonly total: number; readonly imported: number; readonly unchanged: number; readonly rejected: number };
  /** Warnings raised. */
  readonly warnings: number;
}

/** What the import bench measured. */
export interface ImportBenchResult {
  /** Contracts in the file. */
  readonly contracts: number;
  /** Size of the generated file. */
  readonly fileMiB: number;
  /** Validation only (no store): what the import itself costs, in bounded memory. */
  readonly validate: ImportPass;
  /** Synced into a memory store (whose 100,000 contracts are in the same heap). */
  readonly sync: ImportPass;
  /** The same file again: every valid row unchanged. */
  readonly reimport: ImportPass;
  /** The baseline: the import's CSV reader (papaparse) alone reading the file's records (no import), CPU ms. */
  readonly parseOnlyCpuMs: number;
}

const CYCLES = ["Monthly", "M", "mo", "Quarterly"];
const TIERS = ["basic", "cellular", "video", "fire"];

/** The CSV of `contracts` contracts, in chunks of about 64 KiB; every 50th contract has a problem. */
export function* generateExport(contracts: number, seed = 13): Generator<string> {
  const random = prng(seed);
  const columns = exportColumns(GENERIC_MAPPING);
  const quote = (cell: string): string => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  let chunk = `${columns.map(([, name]) => quote(name)).join(",")}\r\n`;
  for (let i = 0; i < contracts; i++) {
    const id = `C-${String(100000 + i)}`;
    const cycle = CYCLES[i % CYCLES.length] as string;
    const month = 1 + (i % 12);
    const start = `2026-${String(month).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
    const broken = i % 50 === 49;
    const contract: Partial<Record<ImportField, string>> = {
      contractId: id,
      notes: i % 10 === 0 ? `Gate code ${1000 + (i % 9000)}, ring twice.\nKey holder: neighbour` : "",
      customerId: `CUST-${i}`,
      customerName: i % 3 === 0 ? `Rivera, Maria ${i}` : `Customer ${i}`,
      email: i % 17 === 0 ? "" : `customer${i}@example.com`,
      phone: `(512) 555-${String(i % 10000).padStart(4, "0")}`,
      smsConsent: i % 2 === 0 ? "Y" : "N",
      timeZone: "America/Chicago",
      cycle,
      anchorDay: "1",
      termStart: start,
      termEnd: `2029-${start.slice(5)}`,
      autoRenew: "Y",
      renewalTermMonths: "12",
      paymentKind: i % 20 === 0 ? "" : "Card",
      paymentToken: i % 20 === 0 ? "" : `tok_${i}`,
      cardLast4: i % 20 === 0 ? "" : "4242",
      cardExpiry: i % 20 === 0 ? "" : i % 23 === 0 ? "01/27" : "09/29",
      autoPay: i % 20 === 0 ? "" : "Y",
    };
    const sites = [
      { siteId: "S-1", siteName: "Home", addressLine1: `${i} Barton Hills Dr`, city: "Austin", county: "Travis", state: "TX", postalCode: "78704" },
      { siteId: "S-2", siteName: "Shop", addressLine1: `${i} Congress Ave, Suite 4`, city: "Austin", county: "Travis", state: "TX", postalCode: "78701" },
    ];
    for (const site of sites) {
      const lines: Partial<Record<ImportField, string>>[] = [
        { lineId: `L-mon-${site.siteId}`, lineKind: "Monitoring", lineName: TIERS[i % TIERS.length] as string, rate: broken && site.siteId === "S-2" ? "" : (29 + Math.floor(random() * 50)).toFixed(0) + ".99", quantity: "1", taxCategory: "monitoring" },
        { lineId: `L-cam-${site.siteId}`, lineKind: "Rental", lineName: "Camera", rate: "5.00", quantity: String(1 + Math.floor(random() * 4)), taxCategory: "equipment-rental" },
      ];
      for (const line of lines) {
        const cells: Partial<Record<ImportField, string>> = { ...contract, ...site, ...line };
        chunk += `${columns.map(([field]) => quote(cells[field] ?? "")).join(",")}\r\n`;
      }
    }
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk !== "") yield chunk;
}

/** Imports a generated export of `contracts` contracts: validation only, then into a memory store, then again. */
export async function runImportBench(contracts: number): Promise<ImportBenchResult> {
  // The file first (a CRM's export on disk); each pass streams it.
  const dir = mkdtempSync(join(tmpdir(), "rmr-import-bench-"));
  const file = join(dir, "crm-export.csv");
  writeFileSync(file, "");
  for (const chunk of generateExport(contracts)) appendFileSync(file, chunk);
  const fileMiB = statSync(file).size / 1048576;
  const store = createMemoryStore();
  const pass = async (withStore: boolean): Promise<ImportPass> => {
    let peak = process.memoryUsage().rss;
    const sample = (): void => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const report = await importCsv(createReadStream(file), { asOf: "2027-01-05", keepOutcomes: false, onProgress: sample, ...(withStore ? { store } : {}) });
    const ms = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    sample();
    const r = report.counts.rows;
    return { ms, cpuMs: (used.user + used.system) / 1000, peakRssMiB: peak / 1048576, rows: { total: r.total, imported: r.imported, unchanged: r.unchanged, rejected: r.rejected }, warnings: report.counts.warnings };
  };
  try {
    const cpu = process.cpuUsage();
    let records = 0;
    for await (const batch of readCsvBatches(createReadStream(file))) records += batch.length;
    const used = process.cpuUsage(cpu);
    const parseOnlyCpuMs = (used.user + used.system) / 1000;
    const validate = await pass(false);
    const sync = await pass(true);
    const reimport = await pass(true);
    return { contracts, fileMiB, validate, sync, reimport, parseOnlyCpuMs: records > 0 ? parseOnlyCpuMs : 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
