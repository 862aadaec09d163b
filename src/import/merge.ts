import type { Contract } from "../contract/index.js";
import type { ImportField } from "./mapping.js";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Which parts of a contract the input speaks for: `"all"` for a JSON contract (the whole
 * document), or the fields a CSV mapping reads (mapped, or given a default). What the input does
 * not speak for is kept as stored: a CSV import never drops a contract's discounts, price books or
 * escalator.
 */
export type Owned = "all" | ReadonlySet<ImportField>;

const owns = (owned: Owned, field: ImportField): boolean => owned === "all" || owned.has(field);

/** `base[key]` set to `incoming[key]`, or removed when the input has none, for each key the input owns. */
function overlay(base: Json, incoming: Json, keys: readonly (readonly [ImportField | "always", string])[], owned: Owned): void {
  for (const [field, key] of keys) {
    if (field !== "always" && !owns(owned, field)) continue;
    if (incoming[key] !== undefined) base[key] = incoming[key];
    else delete base[key];
  }
}

/** A decimal string without leading or trailing zeros, so "39.90" and "39.9" compare equal. */
export function canonicalDecimal(value: string): string {
  const [int = "", frac = ""] = value.split(".");
  const i = int.replace(/^0+(?=\d)/, "");
  const f = frac.replace(/0+$/, "");
  return f === "" ? i : `${i}.${f}`;
}

interface PriceChange {
  readonly effective: string;
  readonly rate?: string;
  readonly price?: unknown;
}
interface QuantityChange {
  readonly effective: string;
  readonly quantity: number;
}

/** The per-unit rate a recurring line charges on a day (undefined when a price model or price key is in force then). */
function rateOn(line: Json, date: string): string | undefined {
  let rate = typeof line["rate"] === "string" ? line["rate"] : undefined;
  for (const change of (line["priceChanges"] as PriceChange[] | undefined) ?? []) {
    if (change.effective > date) break;
    rate = change.rate;
  }
  return rate;
}

/** The quantity a recurring line bills on a day. */
function quantityOn(line: Json, date: string): number {
  let quantity = typeof line["quantity"] === "number" ? line["quantity"] : 1;
  for (const change of (line["quantityChanges"] as QuantityChange[] | undefined) ?? []) {
    if (change.effective > date) break;
    quantity = change.quantity;
  }
  return quantity;
}

/** What a sync did to one contract, in words. */
export type Changes = string[];

/**
 * Merges a recurring line of the input into the stored one. A rate (or quantity) that differs
 * from the one in force on the effective date becomes a dated price (quantity) version from that
 * date, so what was billed before stays as billed; a line that has not started by then simply
 * takes the new value. Versions, seasons and price models the input does not give are kept.
 */
function mergeRecurring(stored: Json, incoming: Json, all: boolean, termStart: string, effective: string, changes: Changes, label: string): Json {
  const merged: Json = all ? { ...incoming } : { ...stored, ...incoming };
  const startsBy = (typeof stored["start"] === "string" ? stored["start"] : termStart) as string;
  const fresh = effective <= startsBy;
  // Price: a JSON line with its own versions or price model speaks for its whole price.
  const ownPrice = incoming["priceChanges"] !== undefined || incoming["price"] !== undefined || incoming["priceKey"] !== undefined;
  if (!ownPrice) {
    for (const key of ["price", "priceKey", "priceChanges"]) if (stored[key] !== undefined) merged[key] = stored[key];
    else delete merged[key];
    if (stored["rate"] !== undefined) merged["rate"] = stored["rate"];
    else delete merged["rate"];
    const rate = incoming["rate"];
    if (typeof rate === "string") {
      const inForce = rateOn(stored, effective);
      if (inForce === undefined || (inForce !== rate && canonicalDecimal(inForce) !== canonicalDecimal(rate))) {
        const versions = ((stored["priceChanges"] as PriceChange[] | undefined) ?? []).filter((c) => c.effective !== effective);
        if (fresh) {
          merged["rate"] = rate;
          delete merged["price"];
          delete merged["priceKey"];
          const later = versions.filter((c) => c.effective > effective);
          if (later.length > 0) merged["priceChanges"] = later;
          else delete merged["priceChanges"];
        } else {
          merged["priceChanges"] = [...versions.filter((c) => c.effective < effective), { effective, rate }, ...versions.filter((c) => c.effective > effective)];
        }
        changes.push(`${label}: rate ${inForce ?? "(price model)"} → ${rate}${fresh ? "" : ` from ${effective}`}`);
      }
    }
  }
  // Quantity, the same way.
  if (incoming["quantityChanges"] === undefined) {
    if (stored["quantityChanges"] !== undefined) merged["quantityChanges"] = stored["quantityChanges"];
    if (stored["quantity"] !== undefined) merged["quantity"] = stored["quantity"];
    const quantity = incoming["quantity"];
    if (typeof quantity === "number") {
      const inForce = quantityOn(stored, effective);
      if (inForce !== quantity) {
        const versions = ((stored["quantityChanges"] as QuantityChange[] | undefined) ?? []).filter((c) => c.effective !== effective);
        if (fresh) {
          merged["quantity"] = quantity;
          const later = versions.filter((c) => c.effective > effective);
          if (later.length > 0) merged["quantityChanges"] = later;
          else delete merged["quantityChanges"];
        } else merged["quantityChanges"] = [...versions.filter((c) => c.effective < effective), { effective, quantity }, ...versions.filter((c) => c.effective > effective)];
        changes.push(`${label}: quantity ${inForce} → ${quantity}${fresh ? "" : ` from ${effective}`}`);
      }
    }
  }
  // A blank start or end keeps the stored one (an import set it, or the CRM does not export it).
  for (const key of ["start", "end"]) if (incoming[key] === undefined && stored[key] !== undefined) merged[key] = stored[key];
  return merged;
}

/**
 * A stored line the input no longer lists: a recurring line ends on the effective date (one
 * that had not started by then is removed), a one-time charge dated before it stays (it may be
 * billed already) and a later one is removed. Returns undefined to remove the line.
 */
function endMissingLine(line: Json, termStart: string, termEnd: string | undefined, effective: string, changes: Changes, label: string): Json | undefined {
  if (line["kind"] === "oneTime") {
    if ((line["date"] as string) < effective) return line;
    changes.push(`${label}: one-time charge of ${String(line["date"])} removed`);
    return undefined;
  }
  const start = (typeof line["start"] === "string" ? line["start"] : termStart) as string;
  if (start >= effective) {
    changes.push(`${label}: removed (it had not started)`);
    return undefined;
  }
  const end = line["end"] as string | undefined;
  if ((end !== undefined && end <= effective) || (termEnd !== undefined && termEnd <= effective)) return line;
  changes.push(`${label}: ended on ${effective}`);
  return { ...line, end: effective };
}

/**
 * The input merged into the stored contract: what the input speaks for replaces what is stored,
 * the rest is kept; lines merge as {@link mergeRecurring} says; a line added to a running
 * contract starts on the effective date unless the input says when; lines and sites the input no
 * longer lists end on the effective date. The result is a contract document to validate, and the
 * changes in words. Nothing issued is touched: invoices are not part of a contract.
 */
export function mergeContract(stored: Contract, incoming: Json, owned: Owned, effective: string): { merged: Json; changes: Changes } {
  const changes: Changes = [];
  // Shallow: every part that changes is copied before it is changed; the stored contract is never written to.
  const base = { ...(stored as unknown as Json) };
  let merged: Json;
  if (owned === "all") {
    merged = { ...incoming };
  } else {
    merged = base;
    const customer = { ...(base["customer"] as Json) };
    const inCustomer = (incoming["customer"] as Json | undefined) ?? {};
    overlay(customer, inCustomer, [["customerId", "id"], ["customerName", "name"], ["locale", "locale"], ["timeZone", "timeZone"], ["always", "channels"]], owned);
    if (["contactName", "email", "phone", "smsConsent"].some((f) => owns(owned, f as ImportField))) {
      const contact = { ...(customer["contact"] as Json) };
      overlay(contact, (inCustomer["contact"] as Json | undefined) ?? {}, [["contactName", "name"], ["email", "email"], ["phone", "phone"], ["smsConsent", "smsConsent"]], owned);
      customer["contact"] = contact;
    }
    merged["customer"] = customer;
    const billing = { ...(base["billing"] as Json) };
    overlay(billing, (incoming["billing"] as Json | undefined) ?? {}, [["currency", "currency"], ["cycle", "cycle"], ["anchorDay", "anchorDay"], ["invoiceSeries", "invoiceSeries"], ["pricesPer", "pricesPer"]], owned);
    merged["billing"] = billing;
    const term = { ...(base["term"] as Json) };
    overlay(term, (incoming["term"] as Json | undefined) ?? {}, [["termStart", "start"], ["termEnd", "end"], ["autoRenew", "autoRenew"], ["renewalTermMonths", "renewalTermMonths"], ["cancellationNoticeDays", "cancellationNoticeDays"]], owned);
    merged["term"] = term;
    if (["paymentKind", "paymentToken", "cardLast4", "cardExpiry", "autoPay"].some((f) => owns(owned, f as ImportField))) {
      if (incoming["paymentMethod"] !== undefined) merged["paymentMethod"] = incoming["paymentMethod"];
      else delete merged["paymentMethod"];
    }
    overlay(merged, incoming, [["notes", "notes"]], owned);
  }
  const term = merged["term"] as Json;
  const termStart = (typeof term["start"] === "string" ? term["start"] : stored.term.start) as string;
  const termEnd = typeof term["end"] === "string" ? term["end"] : undefined;
  const running = effective > termStart;

  const storedSites = new Map(stored.sites.map((s) => [s.id, s as unknown as Json]));
  const incomingSites = Array.isArray(incoming["sites"]) ? (incoming["sites"] as unknown[]) : [];
  const sites: unknown[] = [];
  const seenSites = new Set<string>();
  for (const site of incomingSites) {
    if (!isObject(site) || typeof site["id"] !== "string") {
      sites.push(site);
      continue;
    }
    seenSites.add(site["id"]);
    const storedSite = storedSites.get(site["id"]);
    const inLines = Array.isArray(site["lines"]) ? (site["lines"] as unknown[]) : [];
    if (storedSite === undefined) {
      sites.push({ ...site, lines: inLines.map((line) => (running && isObject(line) && line["kind"] !== "oneTime" && line["start"] === undefined ? { ...line, start: effective } : line)) });
      if (running) changes.push(`site ${site["id"]}: added`);
      continue;
    }
    const mergedSite: Json = owned === "all" ? { ...site } : { ...storedSite };
    if (owned !== "all") {
      overlay(mergedSite, site, [["siteName", "name"]], owned);
      if (["addressLine1", "addressLine2", "city", "county", "state", "postalCode", "country"].some((f) => owns(owned, f as ImportField))) {
        const address = { ...(storedSite["address"] as Json) };
        overlay(address, (site["address"] as Json | undefined) ?? {}, [["addressLine1", "line1"], ["addressLine2", "line2"], ["city", "city"], ["county", "county"], ["state", "state"], ["postalCode", "postalCode"], ["country", "country"]], owned);
        mergedSite["address"] = address;
      }
    }
    const storedLines = new Map((storedSite["lines"] as Json[]).map((l) => [l["id"] as string, l]));
    const lines: unknown[] = [];
    const seenLines = new Set<string>();
    for (const line of inLines) {
      if (!isObject(line) || typeof line["id"] !== "string") {
        lines.push(line);
        continue;
      }
      seenLines.add(line["id"]);
      const label = `site ${site["id"]} line ${line["id"]}`;
      const old = storedLines.get(line["id"]);
      if (old === undefined) {
        lines.push(running && line["kind"] !== "oneTime" && line["start"] === undefined ? { ...line, start: effective } : line);
        if (running) changes.push(`${label}: added${line["kind"] !== "oneTime" && line["start"] === undefined ? ` from ${effective}` : ""}`);
      } else if (old["kind"] !== line["kind"] || line["kind"] === "oneTime") {
        lines.push(owned === "all" ? line : { ...line, ...(line["start"] === undefined && old["start"] !== undefined ? { start: old["start"] } : {}) });
      } else {
        lines.push(mergeRecurring(old, line, owned === "all", termStart, effective, changes, label));
      }
    }
    for (const [id, old] of storedLines) {
      if (seenLines.has(id)) continue;
      const kept = endMissingLine(old, termStart, termEnd, effective, changes, `site ${site["id"]} line ${id}`);
      if (kept !== undefined) lines.push(kept);
    }
    mergedSite["lines"] = lines;
    sites.push(mergedSite);
  }
  for (const [id, old] of storedSites) {
    if (seenSites.has(id)) continue;
    const lines = (old["lines"] as Json[]).flatMap((line) => endMissingLine(line, termStart, termEnd, effective, changes, `site ${id} line ${String(line["id"])}`) ?? []);
    if (lines.length > 0) sites.push({ ...old, lines });
    else changes.push(`site ${id}: removed (nothing of it had started)`);
  }
  merged["sites"] = sites;
  return { merged, changes };
}

/** Whether two plain values are equal, deeply (object keys in any order). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // Keys counted, not listed: a re-import compares every contract with its stored copy, and the
  // two key lists per object showed in the import bench's garbage.
  let n = 0;
  for (const k in a as Json) {
    if (!Object.prototype.hasOwnProperty.call(a, k)) continue;
    const value = (a as Json)[k];
    if (value === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(value, (b as Json)[k])) return false;
    n++;
  }
  for (const k in b as Json) if (Object.prototype.hasOwnProperty.call(b, k) && (b as Json)[k] !== undefined) n--;
  return n === 0;
}

/** The paths where two contracts differ, at most `limit` of them ("billing.cycle", "sites[0].name"). */
export function differences(a: unknown, b: unknown, limit = 10, path = "", out: string[] = []): string[] {
  if (out.length >= limit || deepEqual(a, b)) return out;
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) differences(a[key], b[key], limit, path === "" ? key : `${path}.${key}`, out);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => differences(item, b[i], limit, `${path}[${i}]`, out));
  } else out.push(path === "" ? "(contract)" : path);
  return out;
}
