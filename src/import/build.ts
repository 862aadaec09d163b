import { luhnValid } from "../contract/index.js";
import { ErrorCodes, type ErrorCode } from "../errors/index.js";
import { readCardExpiry, readDate } from "./dates.js";
import { IMPORT_FIELDS, type ImportField, type ImportMapping } from "./mapping.js";
import type { ImportProblem } from "./report.js";

/** One CSV record and the line it starts on. */
export interface InputRow {
  /** The line of the file where the record starts. */
  readonly row: number;
  /**
   * The record's cells by column, as read (mapped cells trimmed, but the notes). A field's cell is
   * read with {@link cellOf}: the header's column order is the CRM's, not ours.
   */
  readonly cells: readonly string[];
}

/**
 * The cell of a field (by its index in {@link IMPORT_FIELDS}) in a row: "" where the field has no
 * column or the record is short. (Rows keep the parser's own array: copying each into field
 * order showed in the import bench at 0.2–0.6 s of 400,000 rows.)
 */
export function cellOf(row: InputRow, index: number, ctx: BuildContext): string {
  const at = ctx.at[index] as number;
  return at < 0 ? "" : (row.cells[at] ?? "");
}

/** Where each part of a built document came from, to name the row and field of a problem. */
export interface DocumentOrigin {
  /** The contract's first row. */
  readonly firstRow: number;
  /** The row each contract-level field was read from, by field index. */
  readonly contractFields: readonly (number | undefined)[];
  /** Per site (in document order): its first row, the row of each site field (by field index) and the row of each line. */
  readonly sites: readonly { readonly row: number; readonly fields: readonly (number | undefined)[]; readonly lines: readonly number[] }[];
}

/** A contract document built from rows, where its parts came from, and the problems found building it. */
export interface BuiltDocument {
  /** The contract as the contract schema reads it (only what the rows say). */
  readonly doc: Record<string, unknown>;
  /** Where its parts came from. */
  readonly origin: DocumentOrigin;
  /** Conversion problems (errors) and duplicate rows (warnings). */
  readonly problems: ImportProblem[];
  /** Fields that already have an error: the schema's report on them is left out. */
  readonly failed: ReadonlySet<string>;
}

/** The field's index in a row's cells. */
export const FIELD_INDEX: Readonly<Record<ImportField, number>> = Object.fromEntries(IMPORT_FIELDS.map((f, i) => [f, i])) as Record<ImportField, number>;

// The contract-level fields lead IMPORT_FIELDS, up to the first site field.
const CONTRACT_FIELDS: readonly ImportField[] = IMPORT_FIELDS.slice(0, IMPORT_FIELDS.indexOf("siteId"));
const SITE_FIELDS: readonly ImportField[] = ["siteId", "siteName", "addressLine1", "addressLine2", "city", "county", "state", "postalCode", "country"];
const LINE_FIELDS: readonly ImportField[] = ["lineId", "lineKind", "lineName", "rate", "quantity", "taxCategory", "lineStart", "lineEnd"];

const BOOLEAN_FIELDS = new Set<ImportField>(["smsConsent", "autoRenew", "autoPay"]);
const INTEGER_FIELDS = new Set<ImportField>(["anchorDay", "renewalTermMonths", "cancellationNoticeDays", "quantity"]);
const DATE_FIELDS = new Set<ImportField>(["termStart", "termEnd", "lineStart", "lineEnd"]);

/** A value read from a cell, or why it could not be read. */
type Read = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

/** The lookup tables of a mapping's spellings, compiled once. */
export interface Spelling {
  readonly cycle: ReadonlyMap<string, string>;
  readonly lineKind: ReadonlyMap<string, string>;
  readonly paymentKind: ReadonlyMap<string, string>;
  readonly channel: ReadonlyMap<string, string>;
  readonly boolean: ReadonlyMap<string, boolean>;
}

/** Compiles a mapping's spellings (the canonical names are always accepted too). */
export function compileSpelling(mapping: ImportMapping): Spelling {
  const table = (values: Partial<Record<string, string[]>>, canonical: readonly string[]): Map<string, string> => {
    const map = new Map<string, string>();
    for (const name of canonical) map.set(name.toLowerCase(), name);
    for (const [name, spellings] of Object.entries(values)) for (const s of spellings ?? []) map.set(s.trim().toLowerCase(), name);
    return map;
  };
  const boolean = new Map<string, boolean>();
  for (const s of mapping.values.boolean.true) boolean.set(s.trim().toLowerCase(), true);
  for (const s of mapping.values.boolean.false) boolean.set(s.trim().toLowerCase(), false);
  return {
    cycle: table(mapping.values.cycle, ["monthly", "quarterly", "semiannual", "annual"]),
    lineKind: table(mapping.values.lineKind, ["monitoring", "equipment", "addon", "oneTime"]),
    paymentKind: table(mapping.values.paymentKind, ["card", "ach", "check", "cash", "portal"]),
    channel: table(mapping.values.channel, ["email", "sms", "portal"]),
    boolean,
  };
}

const spellingsOf = (values: Partial<Record<string, string[]>>, canonical: readonly string[]): string =>
  [...canonical.flatMap((c) => values[c] ?? [c])].map((s) => JSON.stringify(s)).join(", ");

/**
 * Whether a cell holds a run of 13–19 digits (spaces or dashes between them allowed) that passes
 * the Luhn check. Used where a cell that could not be read would be quoted back: such a cell is
 * refused as card data and never echoed (the contract module checks the cells it receives itself).
 */
export function looksLikeCardNumber(cell: string): boolean {
  // Fewer than 13 digits hold no card number: the regular expression is not run (the import checks every row's contract id).
  let digits = 0;
  for (let i = 0; i < cell.length && digits < 13; i++) {
    const c = cell.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits < 13) return false;
  for (const match of cell.matchAll(/\d(?:[ -]?\d){12,18}/g)) if (luhnValid(match[0].replace(/[ -]/g, ""))) return true;
  return false;
}

const CARD_DATA: Read = { ok: false, code: ErrorCodes.cardData, message: "looks like a card number: store the payment gateway's token, never card numbers" };

/** Reads one cell of a field into the value the contract schema expects; a cell that cannot be read and looks like a card number is refused as card data. */
function readCell(field: ImportField, cell: string, mapping: ImportMapping, spelling: Spelling): Read {
  const read = readCellValue(field, cell, mapping, spelling);
  return !read.ok && looksLikeCardNumber(cell) ? CARD_DATA : read;
}

function readCellValue(field: ImportField, cell: string, mapping: ImportMapping, spelling: Spelling): Read {
  if (BOOLEAN_FIELDS.has(field)) {
    const value = spelling.boolean.get(cell.toLowerCase());
    if (value !== undefined) return { ok: true, value };
    return { ok: false, code: ErrorCodes.invalidOption, message: `"${cell}" is not a yes or no: expected one of ${[...mapping.values.boolean.true, ...mapping.values.boolean.false].map((s) => JSON.stringify(s)).join(", ")}` };
  }
  if (INTEGER_FIELDS.has(field)) {
    if (/^\d{1,9}$/.test(cell)) return { ok: true, value: Number(cell) };
    return { ok: false, code: ErrorCodes.invalidType, message: `"${cell}" is not a whole number` };
  }
  if (DATE_FIELDS.has(field)) {
    const date = readDate(cell, mapping.dateFormats);
    if (date !== undefined) return { ok: true, value: date };
    return { ok: false, code: ErrorCodes.invalidDate, message: `"${cell}" is not a date that exists in the mapping's formats (${mapping.dateFormats.join(", ")})` };
  }
  switch (field) {
    case "cycle": {
      const value = spelling.cycle.get(cell.toLowerCase());
      if (value !== undefined) return { ok: true, value };
      const every = /^every\s+(\d{1,3})\s+months?$/i.exec(cell);
      if (every !== null) return { ok: true, value: { everyMonths: Number(every[1]) } };
      return { ok: false, code: ErrorCodes.invalidOption, message: `unknown billing cycle "${cell}": expected one of ${spellingsOf(mapping.values.cycle, ["monthly", "quarterly", "semiannual", "annual"])} or "every N months"` };
    }
    case "lineKind": {
      const value = spelling.lineKind.get(cell.toLowerCase());
      if (value !== undefined) return { ok: true, value };
      return { ok: false, code: ErrorCodes.invalidOption, message: `unknown item type "${cell}": expected one of ${spellingsOf(mapping.values.lineKind, ["monitoring", "equipment", "addon", "oneTime"])}` };
    }
    case "paymentKind": {
      const value = spelling.paymentKind.get(cell.toLowerCase());
      if (value !== undefined) return { ok: true, value };
      return { ok: false, code: ErrorCodes.invalidOption, message: `unknown payment method "${cell}": expected one of ${spellingsOf(mapping.values.paymentKind, ["card", "ach", "check", "cash", "portal"])}` };
    }
    case "channels": {
      const out: string[] = [];
      for (const part of cell.split(mapping.values.listSeparator)) {
        const name = part.trim();
        if (name === "") continue;
        const value = spelling.channel.get(name.toLowerCase());
        if (value === undefined) return { ok: false, code: ErrorCodes.invalidOption, message: `unknown channel "${name}": expected ${spellingsOf(mapping.values.channel, ["email", "sms", "portal"])}, separated by "${mapping.values.listSeparator}"` };
        if (!out.includes(value)) out.push(value);
      }
      return { ok: true, value: out };
    }
    case "cardExpiry": {
      const value = readCardExpiry(cell);
      if (value !== undefined) return { ok: true, value };
      return { ok: false, code: ErrorCodes.invalidValue, message: `"${cell}" is not a card expiry: expected "YYYY-MM", "MM/YY" or "MM/YYYY"` };
    }
    case "phone":
      return { ok: true, value: normalizePhone(cell, mapping.defaults.phoneCountryCode) };
    case "rate":
      return { ok: true, value: normalizeAmount(cell) };
    default:
      return { ok: true, value: cell };
  }
}

/** "(512) 555-0142" → "+15125550142" with calling code "1"; a number with "+" keeps its own code. Anything else is left for the schema to refuse. */
export function normalizePhone(cell: string, callingCode: string | undefined): string {
  const compact = cell.replace(/[\s().-]/g, "");
  if (/^\+\d+$/.test(compact)) return compact;
  if (/^\d+$/.test(compact) && callingCode !== undefined) {
    if (compact.startsWith("00")) return `+${compact.slice(2)}`;
    if (compact.startsWith(callingCode) && compact.length > 10) return `+${compact}`;
    return `+${callingCode}${compact}`;
  }
  return cell;
}

/** "$1,234.50" → "1234.50": a currency sign and thousands separators are dropped; anything else is left for the schema to refuse. */
export function normalizeAmount(cell: string): string {
  const bare = cell.replace(/^[$€£]\s*/, "");
  return /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(bare) ? bare.replace(/,/g, "") : bare;
}

/** What the builder needs besides the rows. */
export interface BuildContext {
  readonly mapping: ImportMapping;
  readonly spelling: Spelling;
  /** The column name of each mapped field present in the header. */
  readonly columns: ReadonlyMap<ImportField, string>;
  /** Whether each field (by index) has a column in the header. */
  readonly mapped: readonly boolean[];
  /** The column of each field (by index) in the records, -1 where the header has none. */
  readonly at: readonly number[];
}

/** What {@link readFields} read: values and source rows by field index (undefined where the rows say nothing). */
interface ReadFields {
  readonly values: unknown[];
  readonly from: (number | undefined)[];
}

/** How each field (by index) is read: plainly (the cell itself) or through {@link readCell}. */
const PLAIN_FIELDS: readonly boolean[] = IMPORT_FIELDS.map((f) => !BOOLEAN_FIELDS.has(f) && !INTEGER_FIELDS.has(f) && !DATE_FIELDS.has(f) && !["cycle", "lineKind", "paymentKind", "channels", "cardExpiry", "phone", "rate"].includes(f));
const CONTRACT_INDEXES = CONTRACT_FIELDS.map((f) => FIELD_INDEX[f]);
const SITE_INDEXES = SITE_FIELDS.map((f) => FIELD_INDEX[f]);
const LINE_INDEXES = LINE_FIELDS.map((f) => FIELD_INDEX[f]);

/**
 * The reads of cells already read, by field index then cell, per build context: an export
 * repeats its dates, cycles, kinds, yes/no and rates on every row, and the import bench showed
 * reading them again (a regular expression or a lookup and an object each) among its costs.
 * Only reads whose value is not an object are kept, so no two documents share a part.
 */
const readCaches = new WeakMap<BuildContext, Map<string, Read>[]>();

function readCached(index: number, cell: string, ctx: BuildContext): Read {
  let caches = readCaches.get(ctx);
  if (caches === undefined) {
    caches = IMPORT_FIELDS.map(() => new Map<string, Read>());
    readCaches.set(ctx, caches);
  }
  const cache = caches[index] as Map<string, Read>;
  let read = cache.get(cell);
  if (read === undefined) {
    read = readCell(IMPORT_FIELDS[index] as ImportField, cell, ctx.mapping, ctx.spelling);
    if (!read.ok || typeof read.value !== "object") {
      if (cache.size >= 4096) cache.clear();
      cache.set(cell, read);
    }
  }
  return read;
}

/** Reads a set of fields (by index) over some rows: the first non-blank cell wins, and a later different one is an error. */
function readFields(rows: readonly InputRow[], indexes: readonly number[], what: "contract" | "site" | "line", ctx: BuildContext, problems: ImportProblem[], failed: Set<string>): ReadFields {
  const values: unknown[] = new Array(IMPORT_FIELDS.length);
  const from: (number | undefined)[] = new Array(IMPORT_FIELDS.length);
  for (let k = 0; k < indexes.length; k++) {
    const index = indexes[k] as number;
    if (!ctx.mapped[index]) continue;
    let first: string | undefined;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as InputRow;
      const cell = cellOf(row, index, ctx);
      if (cell === "" || cell === first) continue;
      const field = IMPORT_FIELDS[index] as ImportField;
      if (first === undefined) {
        first = cell;
        from[index] = row.row;
        if (PLAIN_FIELDS[index]) {
          values[index] = cell;
          continue;
        }
        const read = readCached(index, cell, ctx);
        if (read.ok) values[index] = read.value;
        else {
          problems.push({ row: row.row, field, column: ctx.columns.get(field), severity: "error", code: read.code, message: read.message });
          failed.add(field);
        }
      } else {
        const a = readCell(field, first, ctx.mapping, ctx.spelling);
        const b = readCell(field, cell, ctx.mapping, ctx.spelling);
        if (!(a.ok && b.ok && JSON.stringify(a.value) === JSON.stringify(b.value))) {
          problems.push({ row: row.row, field, column: ctx.columns.get(field), severity: "error", code: ErrorCodes.invalidValue, message: `differs from row ${from[index]} of the same ${what}: ${field === "notes" || looksLikeCardNumber(cell) || looksLikeCardNumber(first) ? "the values differ" : `"${cell}" here, "${first}" there`}` });
          failed.add(field);
        }
      }
    }
  }
  return { values, from };
}

/** Sets `obj[key]` when the value is defined. */
function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) obj[key] = value;
}

/**
 * Builds one contract document from its rows (one row per line item, grouped into sites by site
 * id): contract-level cells must agree across the rows, site-level cells across the site's rows.
 * A row repeating another line exactly is a duplicate (a warning, counted once); a line id used
 * twice with different values is an error.
 */
export function buildDocument(rows: readonly InputRow[], ctx: BuildContext): BuiltDocument {
  const problems: ImportProblem[] = [];
  const failed = new Set<string>();
  const { mapping } = ctx;
  const defaults = mapping.defaults;
  const { values: c, from: contractFields } = readFields(rows, CONTRACT_INDEXES, "contract", ctx, problems, failed);
  const get = (f: ImportField): unknown => c[FIELD_INDEX[f]];

  const contact: Record<string, unknown> = {};
  put(contact, "name", get("contactName"));
  put(contact, "email", get("email"));
  put(contact, "phone", get("phone"));
  put(contact, "smsConsent", get("smsConsent"));
  const customer: Record<string, unknown> = {};
  put(customer, "id", get("customerId"));
  put(customer, "name", get("customerName"));
  customer["contact"] = contact;
  let channels = get("channels") as string[] | undefined;
  if (channels === undefined || channels.length === 0) {
    if (failed.has("channels")) channels = undefined;
    else {
      channels = [];
      if (contact["email"] !== undefined) channels.push("email");
      if (contact["phone"] !== undefined && contact["smsConsent"] === true) channels.push("sms");
      if (channels.length === 0) channels.push("portal");
    }
  }
  put(customer, "channels", channels);
  put(customer, "locale", get("locale") ?? defaults.locale);
  put(customer, "timeZone", get("timeZone") ?? defaults.timeZone);

  const billing: Record<string, unknown> = {};
  put(billing, "currency", get("currency") ?? defaults.currency);
  put(billing, "cycle", get("cycle"));
  put(billing, "anchorDay", get("anchorDay"));
  put(billing, "invoiceSeries", get("invoiceSeries"));
  const cycle = get("cycle");
  put(billing, "pricesPer", get("pricesPer") ?? (cycle !== undefined && cycle !== "monthly" ? defaults.pricesPer : undefined));

  const term: Record<string, unknown> = {};
  put(term, "start", get("termStart"));
  put(term, "end", get("termEnd"));
  put(term, "autoRenew", get("autoRenew"));
  put(term, "renewalTermMonths", get("renewalTermMonths"));
  put(term, "cancellationNoticeDays", get("cancellationNoticeDays"));

  const doc: Record<string, unknown> = { id: cellOf(rows[0] as InputRow, FIELD_INDEX.contractId, ctx), customer, billing, term };

  const paymentFields: ImportField[] = ["paymentKind", "paymentToken", "cardLast4", "cardExpiry", "autoPay"];
  if (paymentFields.some((f) => c[FIELD_INDEX[f]] !== undefined || failed.has(f))) {
    const method: Record<string, unknown> = {};
    put(method, "kind", get("paymentKind"));
    put(method, "token", get("paymentToken"));
    put(method, "last4", get("cardLast4"));
    put(method, "expiry", get("cardExpiry"));
    put(method, "autoPay", get("autoPay"));
    doc["paymentMethod"] = method;
  }
  put(doc, "notes", get("notes"));

  // Sites and lines, in the order they first appear.
  const siteRows = new Map<string, InputRow[]>();
  for (const row of rows) {
    const siteId = cellOf(row, FIELD_INDEX.siteId, ctx);
    if (siteId === "") {
      problems.push({ row: row.row, field: "siteId", column: ctx.columns.get("siteId"), severity: "error", code: ErrorCodes.required, message: "the site id is blank: every line item belongs to a site" });
      continue;
    }
    const list = siteRows.get(siteId);
    if (list === undefined) siteRows.set(siteId, [row]);
    else list.push(row);
  }
  const sites: Record<string, unknown>[] = [];
  const siteOrigins: { row: number; fields: readonly (number | undefined)[]; lines: number[] }[] = [];
  for (const [siteId, list] of siteRows) {
    const { values: sv, from } = readFields(list, SITE_INDEXES, "site", ctx, problems, failed);
    const address: Record<string, unknown> = {};
    put(address, "line1", sv[FIELD_INDEX.addressLine1]);
    put(address, "line2", sv[FIELD_INDEX.addressLine2]);
    put(address, "city", sv[FIELD_INDEX.city]);
    put(address, "county", sv[FIELD_INDEX.county]);
    put(address, "state", sv[FIELD_INDEX.state]);
    put(address, "postalCode", sv[FIELD_INDEX.postalCode]);
    put(address, "country", sv[FIELD_INDEX.country] ?? defaults.country);
    const site: Record<string, unknown> = { id: siteId };
    put(site, "name", sv[FIELD_INDEX.siteName]);
    site["address"] = address;
    const lines: Record<string, unknown>[] = [];
    const lineRows: number[] = [];
    const lineCells = new Map<string, InputRow>();
    for (const row of list) {
      const lineId = cellOf(row, FIELD_INDEX.lineId, ctx);
      if (lineId === "") {
        problems.push({ row: row.row, field: "lineId", column: ctx.columns.get("lineId"), severity: "error", code: ErrorCodes.required, message: "the item id is blank: every line item needs a stable id to sync" });
        continue;
      }
      const earlier = lineCells.get(lineId);
      if (earlier !== undefined) {
        const same = ctx.at.every((_, i) => cellOf(row, i, ctx) === cellOf(earlier, i, ctx));
        if (same) problems.push({ row: row.row, field: "lineId", column: ctx.columns.get("lineId"), severity: "warning", code: "duplicateRow", message: `repeats row ${earlier.row} exactly: counted once` });
        else {
          problems.push({ row: row.row, field: "lineId", column: ctx.columns.get("lineId"), severity: "error", code: ErrorCodes.invalidReference, message: `line ${lineId} of site ${siteId} is also on row ${earlier.row}, with other values` });
          failed.add("lineId");
        }
        continue;
      }
      lineCells.set(lineId, row);
      const { values: lv } = readFields([row], LINE_INDEXES, "line", ctx, problems, failed);
      const kind = (lv[FIELD_INDEX.lineKind] as string | undefined) ?? (failed.has("lineKind") ? undefined : defaults.lineKind);
      const line: Record<string, unknown> = { id: lineId };
      put(line, "kind", kind);
      const name = lv[FIELD_INDEX.lineName];
      const taxCategory = lv[FIELD_INDEX.taxCategory] ?? (kind === undefined ? undefined : defaults.taxCategory[kind as "monitoring"]);
      if (kind === "oneTime") {
        put(line, "description", name);
        put(line, "amount", lv[FIELD_INDEX.rate]);
        put(line, "date", lv[FIELD_INDEX.lineStart]);
        if (lv[FIELD_INDEX.lineEnd] !== undefined) problems.push({ row: row.row, field: "lineEnd", column: ctx.columns.get("lineEnd"), severity: "error", code: ErrorCodes.invalidValue, message: "a one-time charge falls on one day (its start): it has no end" });
      } else {
        put(line, kind === "equipment" ? "item" : kind === "addon" ? "name" : "tier", name);
        put(line, "rate", lv[FIELD_INDEX.rate]);
        put(line, "start", lv[FIELD_INDEX.lineStart]);
        put(line, "end", lv[FIELD_INDEX.lineEnd]);
      }
      put(line, "quantity", lv[FIELD_INDEX.quantity]);
      put(line, "taxCategory", taxCategory);
      lines.push(line);
      lineRows.push(row.row);
    }
    site["lines"] = lines;
    sites.push(site);
    siteOrigins.push({ row: (list[0] as InputRow).row, fields: from, lines: lineRows });
  }
  doc["sites"] = sites;
  return { doc, origin: { firstRow: (rows[0] as InputRow).row, contractFields, sites: siteOrigins }, problems, failed };
}

/** The field a contract path is read from (CSV): the longest known prefix of the path. */
const CONTRACT_PATHS: Readonly<Record<string, ImportField>> = {
  id: "contractId",
  notes: "notes",
  "customer.id": "customerId",
  "customer.name": "customerName",
  "customer.contact.name": "contactName",
  "customer.contact.email": "email",
  "customer.contact.phone": "phone",
  "customer.contact.smsConsent": "smsConsent",
  "customer.contact": "email",
  "customer.channels": "channels",
  "customer.locale": "locale",
  "customer.timeZone": "timeZone",
  "billing.currency": "currency",
  "billing.cycle": "cycle",
  "billing.anchorDay": "anchorDay",
  "billing.invoiceSeries": "invoiceSeries",
  "billing.pricesPer": "pricesPer",
  "term.start": "termStart",
  "term.end": "termEnd",
  "term.autoRenew": "autoRenew",
  "term.renewalTermMonths": "renewalTermMonths",
  "term.cancellationNoticeDays": "cancellationNoticeDays",
  "paymentMethod.kind": "paymentKind",
  "paymentMethod.token": "paymentToken",
  "paymentMethod.last4": "cardLast4",
  "paymentMethod.expiry": "cardExpiry",
  "paymentMethod.autoPay": "autoPay",
  paymentMethod: "paymentKind",
};
const SITE_PATHS: Readonly<Record<string, ImportField>> = {
  id: "siteId",
  name: "siteName",
  "address.line1": "addressLine1",
  "address.line2": "addressLine2",
  "address.city": "city",
  "address.county": "county",
  "address.state": "state",
  "address.postalCode": "postalCode",
  "address.country": "country",
};
const LINE_PATHS: Readonly<Record<string, ImportField>> = {
  id: "lineId",
  kind: "lineKind",
  tier: "lineName",
  item: "lineName",
  name: "lineName",
  description: "lineName",
  rate: "rate",
  amount: "rate",
  price: "rate",
  priceChanges: "rate",
  quantity: "quantity",
  quantityChanges: "quantity",
  taxCategory: "taxCategory",
  start: "lineStart",
  date: "lineStart",
  end: "lineEnd",
};

function longest(table: Readonly<Record<string, ImportField>>, parts: readonly (string | number)[]): ImportField | undefined {
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).filter((p) => typeof p === "string").join(".");
    const field = table[key];
    if (field !== undefined) return field;
  }
  return undefined;
}

/** The row and field of a problem at a contract path, from where the document's parts came from. */
export function locate(path: readonly (string | number)[], origin: DocumentOrigin): { row: number; field: ImportField | undefined } {
  if (path[0] === "sites" && typeof path[1] === "number") {
    const site = origin.sites[path[1]];
    if (site === undefined) return { row: origin.firstRow, field: undefined };
    if (path[2] === "lines" && typeof path[3] === "number") {
      const row = site.lines[path[3]];
      return row === undefined ? { row: site.row, field: undefined } : { row, field: longest(LINE_PATHS, path.slice(4)) ?? (path.length === 4 ? "lineId" : undefined) };
    }
    const field = longest(SITE_PATHS, path.slice(2)) ?? (path.length === 2 || path[2] === "lines" ? "siteId" : undefined);
    return { row: (field === undefined ? undefined : site.fields[FIELD_INDEX[field]]) ?? site.row, field };
  }
  const field = longest(CONTRACT_PATHS, path);
  return { row: (field === undefined ? undefined : origin.contractFields[FIELD_INDEX[field]]) ?? origin.firstRow, field };
}
