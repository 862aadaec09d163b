import { stringify } from "csv-stringify";
import type { Contract, Line } from "../contract/index.js";
import type { BillingStore } from "../ports/index.js";
import { writeDate } from "./dates.js";
import { GENERIC_MAPPING, IMPORT_FIELDS, type ImportField, type ImportMapping } from "./mapping.js";

/** Options of {@link exportCsv} and {@link contractRows}. */
export interface ExportOptions {
  /** The column mapping to write with (default {@link GENERIC_MAPPING}): its columns, first spellings and first date format. */
  readonly mapping?: ImportMapping | undefined;
  /**
   * The day whose rates and quantities are written (a line's price versions in force then). By
   * default the last version of each: the rate the CRM should now hold.
   */
  readonly asOf?: string | undefined;
  /** Start the file with a byte-order mark, for spreadsheet programs (default false). */
  readonly bom?: boolean | undefined;
}

/** The first spelling the mapping gives a value, or the value itself. */
const spell = (values: Partial<Record<string, string[]>>, value: string): string => values[value]?.[0] ?? value;

/** The per-unit rate and quantity a recurring line has on a day ("" when a price model or price key is in force). */
function rateAndQuantity(line: Exclude<Line, { kind: "oneTime" }>, day: string): { rate: string; quantity: number } {
  let rate: string | undefined = line.rate;
  for (const change of line.priceChanges ?? []) if (change.effective <= day) rate = change.rate;
  let quantity = line.quantity;
  for (const change of line.quantityChanges ?? []) if (change.effective <= day) quantity = change.quantity;
  return { rate: rate ?? "", quantity };
}

/**
 * The columns (field and column name) a mapping writes, in the order of {@link IMPORT_FIELDS}.
 *
 * @example
 * ```ts
 * exportColumns(GENERIC_MAPPING)[0]; // ["contractId", "Contract ID"]
 * ```
 */
export function exportColumns(mapping: ImportMapping = GENERIC_MAPPING): [ImportField, string][] {
  return IMPORT_FIELDS.flatMap((field) => {
    const column = mapping.columns[field];
    return column === undefined ? [] : [[field, column] as [ImportField, string]];
  });
}

/**
 * A contract as CSV rows (one per line item, cells in the order of {@link exportColumns}),
 * written with the mapping's first spellings and first date format. Only what the mapping has a
 * column for is written; the rest (discounts, price books, price models, seasons) stays in the
 * store, and a re-import of the rows keeps it.
 *
 * @example
 * ```ts
 * contractRows(contract).length; // one row per line item
 * ```
 */
export function contractRows(contract: Contract, options: ExportOptions = {}): string[][] {
  const mapping = options.mapping ?? GENERIC_MAPPING;
  const columns = exportColumns(mapping);
  const day = options.asOf ?? "9999-12-31";
  const yes = mapping.values.boolean.true[0] as string;
  const no = mapping.values.boolean.false[0] as string;
  const date = (value: string | undefined): string => (value === undefined ? "" : writeDate(value, mapping.dateFormats[0] as string));
  const bool = (value: boolean | undefined): string => (value === undefined ? "" : value ? yes : no);
  const c = contract;
  const cycle = typeof c.billing.cycle === "string" ? spell(mapping.values.cycle, c.billing.cycle) : `every ${c.billing.cycle.everyMonths} months`;
  const method = c.paymentMethod;
  const contractCells: Partial<Record<ImportField, string>> = {
    contractId: c.id,
    notes: c.notes ?? "",
    customerId: c.customer.id,
    customerName: c.customer.name,
    contactName: c.customer.contact.name ?? "",
    email: c.customer.contact.email ?? "",
    phone: c.customer.contact.phone ?? "",
    smsConsent: bool(c.customer.contact.smsConsent),
    channels: c.customer.channels.map((ch) => spell(mapping.values.channel, ch)).join(mapping.values.listSeparator),
    locale: c.customer.locale,
    timeZone: c.customer.timeZone,
    currency: c.billing.currency,
    cycle,
    anchorDay: c.billing.anchorDay === undefined ? "" : String(c.billing.anchorDay),
    invoiceSeries: c.billing.invoiceSeries,
    pricesPer: c.billing.pricesPer ?? "",
    termStart: date(c.term.start),
    termEnd: date(c.term.end),
    autoRenew: bool(c.term.autoRenew),
    renewalTermMonths: c.term.renewalTermMonths === undefined ? "" : String(c.term.renewalTermMonths),
    cancellationNoticeDays: c.term.cancellationNoticeDays === undefined ? "" : String(c.term.cancellationNoticeDays),
    paymentKind: method === undefined ? "" : spell(mapping.values.paymentKind, method.kind),
    paymentToken: method?.token ?? "",
    cardLast4: method?.last4 ?? "",
    cardExpiry: method?.expiry ?? "",
    autoPay: method === undefined ? "" : bool(method.autoPay),
  };
  const rows: string[][] = [];
  for (const site of c.sites) {
    const a = site.address;
    const siteCells: Partial<Record<ImportField, string>> = {
      siteId: site.id,
      siteName: site.name,
      addressLine1: a.line1,
      addressLine2: a.line2 ?? "",
      city: a.city,
      county: a.county ?? "",
      state: a.state ?? "",
      postalCode: a.postalCode,
      country: a.country,
    };
    for (const line of site.lines) {
      const lineCells: Partial<Record<ImportField, string>> = { lineId: line.id, lineKind: spell(mapping.values.lineKind, line.kind), taxCategory: line.taxCategory };
      if (line.kind === "oneTime") {
        Object.assign(lineCells, { lineName: line.description, rate: line.amount, quantity: String(line.quantity), lineStart: date(line.date), lineEnd: "" });
      } else {
        const { rate, quantity } = rateAndQuantity(line, day);
        const name = line.kind === "monitoring" ? line.tier : line.kind === "equipment" ? line.item : line.name;
        Object.assign(lineCells, { lineName: name, rate, quantity: String(quantity), lineStart: date(line.start), lineEnd: date(line.end) });
      }
      rows.push(columns.map(([field]) => contractCells[field] ?? siteCells[field] ?? lineCells[field] ?? ""));
    }
  }
  return rows;
}

/**
 * Writes contracts as a CSV export with a mapping's columns — the inverse of {@link importCsv}:
 * importing the text again gives the same contracts. Streams (csv-stringify): the text comes out
 * in chunks as the contracts come in.
 *
 * @example
 * ```ts
 * let text = "";
 * for await (const chunk of exportCsv(contracts)) text += chunk;
 * ```
 */
export async function* exportCsv(contracts: Iterable<Contract> | AsyncIterable<Contract>, options: ExportOptions = {}): AsyncGenerator<string> {
  const mapping = options.mapping ?? GENERIC_MAPPING;
  const stringifier = stringify({ bom: options.bom === true, header: true, columns: exportColumns(mapping).map(([, column]) => column) });
  const feeding = (async () => {
    try {
      for await (const contract of contracts as AsyncIterable<Contract>) {
        for (const row of contractRows(contract, options)) {
          if (!stringifier.write(row)) await new Promise<void>((resolve) => stringifier.once("drain", () => resolve()));
        }
      }
      stringifier.end();
    } catch (error) {
      stringifier.destroy(error as Error);
    }
  })();
  for await (const chunk of stringifier as AsyncIterable<string | Buffer>) yield typeof chunk === "string" ? chunk : chunk.toString("utf8");
  await feeding;
}

/**
 * Every contract of a store, a page at a time, as a CSV export (see {@link exportCsv}).
 *
 * @example
 * ```ts
 * for await (const chunk of exportStoreCsv(store)) process.stdout.write(chunk);
 * ```
 */
export async function* exportStoreCsv(store: BillingStore, options: ExportOptions = {}): AsyncGenerator<string> {
  async function* contracts(): AsyncGenerator<Contract> {
    let after: string | undefined;
    do {
      const page = await store.transaction((tx) => tx.listContracts(after === undefined ? { limit: 500 } : { after, limit: 500 }));
      for (const item of page.items) yield item.contract;
      after = page.next;
    } while (after !== undefined);
  }
  yield* exportCsv(contracts(), options);
}
