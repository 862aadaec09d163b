import { z } from "zod";
import { isCalendarDate, isValidTimeZone } from "../calendar/index.js";
import { BillingTermsSchema, safeParseContract, type Contract, type SafeParseContractResult } from "../contract/index.js";

/*
 * A hand-written check of the contracts an import builds, in front of zod.
 *
 * The import bench (100,000 contracts, 400,000 rows) spent 38 % of its validating pass in
 * `safeParseContract` (zod's parse, the card-data walk and the cross-field checks: 4.2 s of 11.1 s
 * CPU), once per contract. This proves the plain contracts a CSV row set makes valid — and builds
 * exactly the contract zod would return, defaults and key order included — in a few microseconds;
 * anything it does not know (discounts, price books, price models, an escalator, a termination, a
 * value it cannot prove well-formed) is left to zod. Zod stays the authority: a contract this
 * cannot prove valid is parsed by `safeParseContract`, so every error is zod's own, word for word.
 * `test/import/fastContract.test.ts` checks that the two agree on random documents.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

const NON_NEGATIVE_DECIMAL = /^\d+(\.\d+)?$/;
const TAX_CATEGORY = /^[a-z][a-z0-9-]*$/;
const PHONE = /^\+[1-9]\d{6,14}$/;
const LAST4 = /^\d{4}$/;
const EXPIRY = /^\d{4}-(0[1-9]|1[0-2])$/;
const COUNTRY = /^[A-Z]{2}$/;
// The contract schema's email check is zod's own `z.email()`, whose default pattern this is.
const EMAIL = z.regexes.email;

/** Thrown inside the check: the contract is not one this proves valid (zod decides). */
const UNKNOWN = Symbol("not proven");

const fail = (): never => {
  throw UNKNOWN;
};

/** Tags already checked, as the contract schema's locale check does. */
const locales = new Map<string, boolean>();
function isLocale(tag: string): boolean {
  let valid = locales.get(tag);
  if (valid === undefined) {
    try {
      valid = Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      valid = false;
    }
    if (locales.size > 1000) locales.clear();
    locales.set(tag, valid);
  }
  return valid;
}

/** Only these keys (an explicit undefined value is left to zod, which keeps the key). */
function keysIn(obj: Json, allowed: ReadonlySet<string>): void {
  for (const key in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    if (!allowed.has(key) || obj[key] === undefined) fail();
  }
  if (Object.getPrototypeOf(obj) !== Object.prototype) fail();
}

/**
 * Whether a text has 13 digits or more: only such a text can hold a card number, and whether it
 * does is the contract module's to say (the fast path leaves it to zod and its card-data check).
 */
function manyDigits(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++digits >= 13) return true;
  }
  return false;
}

/** A string that cannot hold a card number. */
function text(value: unknown, min = 1, max = Infinity): string {
  if (typeof value !== "string" || value.length < min || value.length > max || manyDigits(value)) fail();
  return value as string;
}

/** Currency codes already asked of the contract schema (a portfolio bills in one or two). */
const currencies = new Map<string, boolean>();
function isCurrency(code: string): boolean {
  let known = currencies.get(code);
  if (known === undefined) {
    known = BillingTermsSchema.safeParse({ currency: code, cycle: "monthly" }).success;
    if (currencies.size > 100) currencies.clear();
    currencies.set(code, known);
  }
  return known;
}
const optText = (value: unknown, min = 1): string | undefined => (value === undefined ? undefined : text(value, min));
const matching = (value: unknown, pattern: RegExp): string => {
  const s = text(value, 0);
  if (!pattern.test(s)) fail();
  return s;
};
const optMatching = (value: unknown, pattern: RegExp): string | undefined => (value === undefined ? undefined : matching(value, pattern));
const date = (value: unknown): string => {
  if (!isCalendarDate(value)) fail();
  return value as string;
};
const optDate = (value: unknown): string | undefined => (value === undefined ? undefined : date(value));
/** A whole number in a range; below 10^12, so it holds no card number. */
const int = (value: unknown, min: number, max: number): number => {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max || value >= 1e12) fail();
  return value as number;
};
const optInt = (value: unknown, min: number, max: number): number | undefined => (value === undefined ? undefined : int(value, min, max));
const bool = (value: unknown, fallback: boolean): boolean => {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") fail();
  return value as boolean;
};
function oneOf<T extends string>(value: unknown, options: readonly T[], fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== "string" || !(options as readonly string[]).includes(value)) fail();
  return value as T;
}
/** An empty array, or undefined (the schema's default of a list this does not check). */
const emptyList = (value: unknown): [] => {
  if (value !== undefined && !(Array.isArray(value) && value.length === 0)) fail();
  return [];
};
/** An empty object, or undefined. */
const emptyRecord = (value: unknown): Record<string, never> => {
  if (value !== undefined && !(isObject(value) && Object.keys(value).length === 0 && Object.getPrototypeOf(value) === Object.prototype)) fail();
  return {};
};

/** A new array of each item read (a hole, which zod refuses, is not read). */
function each<T>(list: readonly unknown[], read: (item: unknown) => T): T[] {
  const out: T[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) fail();
    out[i] = read(list[i]);
  }
  return out;
}

/** Sets a key when the value is defined (zod leaves an absent optional key out). */
function put(obj: Json, key: string, value: unknown): void {
  if (value !== undefined) obj[key] = value;
}

const CONTRACT_KEYS = new Set(["id", "customer", "billing", "term", "sites", "paymentMethod", "discounts", "discountStacking", "notes", "customFields", "priceBooks"]);
const CUSTOMER_KEYS = new Set(["id", "name", "contact", "channels", "locale", "timeZone", "taxExemptions"]);
const CONTACT_KEYS = new Set(["name", "email", "phone", "smsConsent"]);
const BILLING_KEYS = new Set(["currency", "cycle", "anchorDay", "timing", "leadDays", "paymentTerms", "stub", "dayCount", "pricesPer", "midPeriodChanges", "consolidation", "invoiceSeries", "taxInclusive", "invoiceFields"]);
const TERM_KEYS = new Set(["start", "end", "autoRenew", "renewalTermMonths", "cancellationNoticeDays", "earlyTermination"]);
const EARLY_KEYS = new Set(["credit", "waivedFor", "taxCategory", "description"]);
const PAYMENT_KEYS = new Set(["kind", "token", "last4", "expiry", "autoPay"]);
const STACKING_KEYS = new Set(["mode"]);
const SITE_KEYS = new Set(["id", "name", "address", "lines"]);
const ADDRESS_KEYS = new Set(["line1", "line2", "city", "county", "state", "postalCode", "country"]);
const RECURRING_KEYS = { monitoring: "tier", equipment: "item", addon: "name" } as const;
const RECURRING_LINE_KEYS = Object.fromEntries(
  Object.entries(RECURRING_KEYS).map(([kind, nameKey]) => [kind, new Set(["kind", nameKey, "id", "description", "quantity", "taxCategory", "rate", "start", "end", "escalate"])]),
) as Record<keyof typeof RECURRING_KEYS, Set<string>>;
const ONE_TIME_KEYS = new Set(["kind", "id", "description", "quantity", "taxCategory", "amount", "date"]);
const CHANNELS = ["email", "sms", "portal"] as const;

function customerOf(c: unknown): Json {
  if (!isObject(c)) return fail();
  keysIn(c, CUSTOMER_KEYS);
  const contactIn = c["contact"];
  if (!isObject(contactIn)) return fail();
  keysIn(contactIn, CONTACT_KEYS);
  const contact: Json = {};
  put(contact, "name", optText(contactIn["name"]));
  if (contactIn["email"] !== undefined) contact["email"] = matching(contactIn["email"], EMAIL);
  put(contact, "phone", optMatching(contactIn["phone"], PHONE));
  contact["smsConsent"] = bool(contactIn["smsConsent"], false);
  // A billing contact needs an email or a phone; SMS consent needs a phone.
  if (contact["email"] === undefined && contact["phone"] === undefined) fail();
  if (contact["smsConsent"] === true && contact["phone"] === undefined) fail();
  let channels: string[] = ["email"];
  if (c["channels"] !== undefined) {
    const list = c["channels"];
    if (!Array.isArray(list) || list.length === 0) return fail();
    channels = each(list, (ch) => oneOf(ch, CHANNELS));
  }
  const locale = c["locale"] === undefined ? "en-US" : text(c["locale"]);
  if (!isLocale(locale)) fail();
  const timeZone = text(c["timeZone"]);
  if (!isValidTimeZone(timeZone)) fail();
  return { id: text(c["id"], 1, 200), name: text(c["name"]), contact, channels, locale, timeZone, taxExemptions: emptyList(c["taxExemptions"]) };
}

function billingOf(b: unknown): Json {
  if (!isObject(b)) return fail();
  keysIn(b, BILLING_KEYS);
  const currency = text(b["currency"]);
  if (!isCurrency(currency)) fail();
  let cycle: unknown = b["cycle"];
  let monthly: boolean;
  if (typeof cycle === "string") {
    oneOf(cycle, ["monthly", "quarterly", "semiannual", "annual"]);
    monthly = cycle === "monthly";
  } else if (isObject(cycle)) {
    keysIn(cycle, new Set(["everyMonths"]));
    const everyMonths = int(cycle["everyMonths"], 1, 120);
    cycle = { everyMonths };
    monthly = everyMonths === 1;
  } else return fail();
  const out: Json = { currency, cycle };
  put(out, "anchorDay", optInt(b["anchorDay"], 1, 31));
  out["timing"] = oneOf(b["timing"], ["advance", "arrears"], "advance");
  put(out, "leadDays", optInt(b["leadDays"], 0, 366));
  const terms = b["paymentTerms"];
  if (terms === undefined) out["paymentTerms"] = { kind: "onCycleDate" };
  else {
    if (!isObject(terms)) return fail();
    if (terms["kind"] === "onCycleDate") {
      keysIn(terms, new Set(["kind"]));
      out["paymentTerms"] = { kind: "onCycleDate" };
    } else if (terms["kind"] === "net") {
      keysIn(terms, new Set(["kind", "days"]));
      out["paymentTerms"] = { kind: "net", days: int(terms["days"], 0, 366) };
    } else return fail();
  }
  out["stub"] = oneOf(b["stub"], ["prorate", "full", "nextAnchor"], "prorate");
  out["dayCount"] = oneOf(b["dayCount"], ["actual", "30/360"], "actual");
  const pricesPer = b["pricesPer"] === undefined ? undefined : oneOf(b["pricesPer"], ["month", "cycle"]);
  // A cycle longer than a month must say what its prices are per.
  if (!monthly && pricesPer === undefined) fail();
  put(out, "pricesPer", pricesPer);
  out["midPeriodChanges"] = oneOf(b["midPeriodChanges"], ["nextInvoice", "immediate", "none"], "nextInvoice");
  out["consolidation"] = oneOf(b["consolidation"], ["consolidated", "perSite"], "consolidated");
  out["invoiceSeries"] = b["invoiceSeries"] === undefined ? "INV" : text(b["invoiceSeries"]);
  out["taxInclusive"] = bool(b["taxInclusive"], false);
  // Invoice fields name custom fields: left to zod and the contract checks.
  out["invoiceFields"] = emptyList(b["invoiceFields"]);
  return out;
}

function termOf(t: unknown): Json {
  if (!isObject(t)) return fail();
  keysIn(t, TERM_KEYS);
  const start = date(t["start"]);
  const end = optDate(t["end"]);
  if (end !== undefined && end <= start) fail();
  const out: Json = { start };
  put(out, "end", end);
  out["autoRenew"] = bool(t["autoRenew"], false);
  // An auto-renewing contract needs an end to renew at.
  if (out["autoRenew"] === true && t["end"] === undefined) fail();
  put(out, "renewalTermMonths", optInt(t["renewalTermMonths"], 1, 120));
  put(out, "cancellationNoticeDays", optInt(t["cancellationNoticeDays"], 0, 366));
  const early = t["earlyTermination"];
  if (early === undefined) out["earlyTermination"] = { credit: "prorate", waivedFor: [], taxCategory: "fee", description: "Early termination fee" };
  else {
    if (!isObject(early)) return fail();
    keysIn(early, EARLY_KEYS);
    out["earlyTermination"] = {
      credit: oneOf(early["credit"], ["prorate", "wholeMonths", "none"], "prorate"),
      waivedFor: emptyList(early["waivedFor"]),
      taxCategory: early["taxCategory"] === undefined ? "fee" : matching(early["taxCategory"], TAX_CATEGORY),
      description: early["description"] === undefined ? "Early termination fee" : text(early["description"]),
    };
  }
  return out;
}

function paymentOf(m: unknown): Json {
  if (!isObject(m)) return fail();
  keysIn(m, PAYMENT_KEYS);
  const out: Json = { kind: oneOf(m["kind"], ["card", "ach", "check", "cash", "portal"]) };
  put(out, "token", optText(m["token"]));
  put(out, "last4", optMatching(m["last4"], LAST4));
  put(out, "expiry", optMatching(m["expiry"], EXPIRY));
  out["autoPay"] = bool(m["autoPay"], false);
  if (out["autoPay"] === true && out["token"] === undefined) fail();
  return out;
}

function lineOf(line: unknown, termStart: string, termEnd: string | undefined): Json {
  if (!isObject(line)) return fail();
  const kind = line["kind"];
  const common = (out: Json): void => {
    put(out, "description", optText(line["description"]));
    out["quantity"] = line["quantity"] === undefined ? 1 : int(line["quantity"], 0, Number.MAX_SAFE_INTEGER);
    out["taxCategory"] = matching(line["taxCategory"], TAX_CATEGORY);
  };
  if (kind === "oneTime") {
    keysIn(line, ONE_TIME_KEYS);
    const out: Json = { kind, id: text(line["id"], 1, 200) };
    common(out);
    if (out["description"] === undefined) fail();
    out["amount"] = matching(line["amount"], NON_NEGATIVE_DECIMAL);
    const day = date(line["date"]);
    // A one-time charge falls on a day of service.
    if (day < termStart || (termEnd !== undefined && day >= termEnd)) fail();
    out["date"] = day;
    return out;
  }
  if (kind !== "monitoring" && kind !== "equipment" && kind !== "addon") return fail();
  keysIn(line, RECURRING_LINE_KEYS[kind]);
  const nameKey = RECURRING_KEYS[kind];
  const out: Json = { kind, [nameKey]: text(line[nameKey]), id: text(line["id"], 1, 200) };
  common(out);
  // A plain rate: price models, price keys and versions are left to zod.
  out["rate"] = matching(line["rate"], NON_NEGATIVE_DECIMAL);
  const start = optDate(line["start"]);
  const end = optDate(line["end"]);
  if (start !== undefined && (start < termStart || (termEnd !== undefined && start >= termEnd))) fail();
  if (end !== undefined && (end <= termStart || (termEnd !== undefined && end > termEnd))) fail();
  if (start !== undefined && end !== undefined && end <= start) fail();
  put(out, "start", start);
  put(out, "end", end);
  out["escalate"] = bool(line["escalate"], true);
  return out;
}

/**
 * The contract zod would return for `doc`, when this proves it valid; undefined when it cannot
 * (the caller then asks zod, which says why).
 */
export function fastContract(doc: unknown): Contract | undefined {
  try {
    if (!isObject(doc)) return undefined;
    keysIn(doc, CONTRACT_KEYS);
    const customer = customerOf(doc["customer"]);
    const billing = billingOf(doc["billing"]);
    const term = termOf(doc["term"]);
    const termStart = term["start"] as string;
    const termEnd = term["end"] as string | undefined;
    const sitesIn = doc["sites"];
    if (!Array.isArray(sitesIn) || sitesIn.length === 0) return undefined;
    const siteIds = new Set<string>();
    const lineIds = new Set<string>();
    const sites = each(sitesIn, (site): Json => {
      if (!isObject(site)) return fail();
      keysIn(site, SITE_KEYS);
      const id = text(site["id"], 1, 200);
      if (siteIds.has(id)) fail();
      siteIds.add(id);
      const a = site["address"];
      if (!isObject(a)) return fail();
      keysIn(a, ADDRESS_KEYS);
      const address: Json = { line1: text(a["line1"]) };
      put(address, "line2", optText(a["line2"], 0));
      address["city"] = text(a["city"]);
      put(address, "county", optText(a["county"]));
      put(address, "state", optText(a["state"]));
      address["postalCode"] = text(a["postalCode"]);
      address["country"] = matching(a["country"], COUNTRY);
      const linesIn = site["lines"];
      if (!Array.isArray(linesIn) || linesIn.length === 0) return fail();
      const lines = each(linesIn, (line) => {
        const out = lineOf(line, termStart, termEnd);
        const lineId = out["id"] as string;
        if (lineIds.has(lineId)) fail();
        lineIds.add(lineId);
        return out;
      });
      return { id, name: text(site["name"]), address, lines };
    });
    const out: Json = { id: text(doc["id"], 1, 200), customer, billing, term, sites };
    if (doc["paymentMethod"] !== undefined) out["paymentMethod"] = paymentOf(doc["paymentMethod"]);
    out["discounts"] = emptyList(doc["discounts"]);
    const stacking = doc["discountStacking"];
    if (stacking !== undefined) {
      if (!isObject(stacking)) return undefined;
      keysIn(stacking, STACKING_KEYS);
    }
    out["discountStacking"] = { mode: oneOf(isObject(stacking) ? stacking["mode"] : undefined, ["compound", "additive"], "compound") };
    if (doc["notes"] !== undefined) out["notes"] = text(doc["notes"], 0);
    out["customFields"] = emptyRecord(doc["customFields"]);
    out["priceBooks"] = emptyRecord(doc["priceBooks"]);
    return out as unknown as Contract;
  } catch (error) {
    if (error === UNKNOWN) return undefined;
    throw error;
  }
}

/** {@link safeParseContract}, with {@link fastContract} in front of it: the same result, sooner. */
export function parseImported(doc: Record<string, unknown>): SafeParseContractResult {
  const contract = fastContract(doc);
  return contract === undefined ? safeParseContract(doc) : { success: true, data: contract };
}
