import { isCalendarDate } from "../calendar/index.js";
import { ErrorCodes, type ValidationIssue } from "../errors/index.js";
import { compareRatios, isCurrencyCode, money, ratio } from "../money/index.js";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const dateOf = (value: unknown): string | undefined => (isCalendarDate(value) ? value : undefined);
/** A well-formed name or id (a non-empty string): an empty one is left to the schema's message. */
const nameOf = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
/** A well-formed currency code. */
const currencyOf = (value: unknown): string | undefined => (typeof value === "string" && isCurrencyCode(value) ? value : undefined);
/** A well-formed `everyMonths` (a whole number of months, 1–120). */
const monthsOf = (value: unknown): number | undefined => (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 120 ? value : undefined);

/**
 * Rules that need the whole contract: references, uniqueness, dates inside the term, one currency.
 *
 * Works on the raw input, reading only what is well-formed, so these problems are reported
 * together with shape problems elsewhere in the same contract (a bad currency and a duplicate line
 * id in one report). A value that is itself malformed is left to the schema's message.
 * @internal
 */
export function checkContract(input: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isObject(input)) return issues;
  const add = (path: (string | number)[], code: ValidationIssue["code"], message: string): void => {
    issues.push({ path, code, message });
  };
  const term = isObject(input["term"]) ? input["term"] : {};
  const billing = isObject(input["billing"]) ? input["billing"] : {};
  /** A well-formed percentage above 100 %. */
  const checkPercent = (value: unknown, path: (string | number)[], what: string): void => {
    if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value) && compareRatios(ratio(value), ratio(100)) > 0) add(path, ErrorCodes.tooBig, `${what} cannot exceed 100 %, got ${value}`);
  };
  /** A well-formed amount finer than the contract currency's smallest unit. */
  const checkAmount = (value: unknown, path: (string | number)[]): void => {
    const currencyCode = currencyOf(billing["currency"]);
    if (typeof value !== "string" || !/^\d+(\.\d+)?$/.test(value) || currencyCode === undefined) return;
    try {
      money(value, currencyCode);
    } catch {
      add(path, ErrorCodes.tooPrecise, `${value} is finer than the smallest unit of ${currencyCode}`);
    }
  };
  const termStart = dateOf(term["start"]);
  const termEnd = dateOf(term["end"]);
  const currency = currencyOf(billing["currency"]);
  const priceBooks = isObject(input["priceBooks"]) ? input["priceBooks"] : {};
  // "__proto__" cannot be a key of a parsed object (JavaScript gives it a meaning): refuse it as a
  // name rather than lose the book or price it names.
  for (const [name, book] of Object.entries(priceBooks)) {
    if (name === "__proto__") {
      add(["priceBooks", name], ErrorCodes.invalidValue, 'a price book cannot be named "__proto__"');
      continue;
    }
    if (!isObject(book)) continue;
    const prices = isObject(book["prices"]) ? book["prices"] : undefined;
    if (prices !== undefined && Object.hasOwn(prices, "__proto__")) add(["priceBooks", name, "prices", "__proto__"], ErrorCodes.invalidValue, 'a price cannot be named "__proto__"');
    // Versions: in date order, each existing-contract date on or after its new-contract date, and
    // each changing a price the book has.
    let previous: string | undefined;
    arrayOf(book["versions"]).forEach((version, v) => {
      if (!isObject(version)) return;
      const at = ["priceBooks", name, "versions", v];
      const from = dateOf(version["newContractsFrom"]);
      if (from !== undefined) {
        if (previous !== undefined && from <= previous) add([...at, "newContractsFrom"], ErrorCodes.invalidValue, `price book versions must be in date order: ${from} is not after ${previous}`);
        previous = from;
        const existing = dateOf(version["existingContractsFrom"]);
        if (existing !== undefined && existing < from) {
          add([...at, "existingContractsFrom"], ErrorCodes.invalidValue, `existing contracts cannot move to a version (${existing}) before new contracts get it (${from})`);
        }
      }
      const changed = isObject(version["prices"]) ? version["prices"] : {};
      for (const key of Object.keys(changed)) {
        if (key === "__proto__") add([...at, "prices", key], ErrorCodes.invalidValue, 'a price cannot be named "__proto__"');
        else if (prices !== undefined && !Object.hasOwn(prices, key)) {
          add([...at, "prices", key], ErrorCodes.invalidReference, `price book "${name}" has no price "${key}" for this version to change: add it to the book's prices`);
        }
      }
    });
  }
  // The term is [start, end): a day of service is on or after the start and before the end; a
  // line may end (exclusive) at the term's end at the latest.
  const serviceDay = (date: string): boolean => (termStart === undefined || date >= termStart) && (termEnd === undefined || date < termEnd);
  const endDay = (date: string): boolean => (termStart === undefined || date > termStart) && (termEnd === undefined || date <= termEnd);
  const siteIds = new Set<string>();
  const lineIds = new Set<string>();
  // Rules between fields live here, not in zod refinements: zod skips an object's refinement once
  // any of its fields is malformed, and every problem must be reported together.
  if (termStart !== undefined && termEnd !== undefined && termEnd <= termStart) {
    add(["term", "end"], ErrorCodes.endBeforeStart, "the term must end after it starts");
  }

  arrayOf(input["sites"]).forEach((site, s) => {
    if (!isObject(site)) return;
    const siteId = nameOf(site["id"]);
    if (siteId !== undefined) {
      if (siteIds.has(siteId)) add(["sites", s, "id"], ErrorCodes.invalidReference, `duplicate site id "${siteId}"`);
      siteIds.add(siteId);
    }
    const bookName = nameOf(site["priceBook"]);
    // Own entries only: a book or price named "constructor" or "__proto__" is not inherited.
    const bookEntry = bookName === undefined || bookName === "__proto__" || !Object.hasOwn(priceBooks, bookName) ? undefined : priceBooks[bookName];
    // A book whose prices are missing or malformed is reported there; its price keys are not checked.
    const book = isObject(bookEntry) ? (isObject(bookEntry["prices"]) ? bookEntry["prices"] : null) : undefined;
    if (bookName !== undefined && book === undefined) {
      add(["sites", s, "priceBook"], ErrorCodes.invalidReference, `no price book named "${bookName}" in priceBooks`);
    }
    arrayOf(site["lines"]).forEach((line, l) => {
      if (!isObject(line)) return;
      const at = ["sites", s, "lines", l];
      const lineId = nameOf(line["id"]);
      if (lineId !== undefined) {
        if (lineIds.has(lineId)) add([...at, "id"], ErrorCodes.invalidReference, `duplicate line id "${lineId}": line ids are unique in a contract`);
        lineIds.add(lineId);
      }
      const lineCurrency = currencyOf(line["currency"]);
      if (lineCurrency !== undefined && currency !== undefined && lineCurrency !== currency) {
        add([...at, "currency"], ErrorCodes.currencyMismatch, `the line is in ${lineCurrency} but the contract bills in ${currency}: an invoice has one currency`);
      }
      if (line["kind"] === "oneTime") {
        const date = dateOf(line["date"]);
        if (date !== undefined && !serviceDay(date)) add([...at, "date"], ErrorCodes.invalidValue, `${date} is outside the term, so it would never be billed`);
        return;
      }
      const priceKey = nameOf(line["priceKey"]);
      if (priceKey !== undefined) {
        // A malformed priceBook is the schema's problem, not also this line's.
        if (bookName === undefined) {
          if (site["priceBook"] === undefined) add([...at, "priceKey"], ErrorCodes.invalidReference, "a priceKey needs the site to name a priceBook");
        } else if (isObject(book) && (priceKey === "__proto__" || !Object.hasOwn(book, priceKey) || book[priceKey] === undefined)) {
          add([...at, "priceKey"], ErrorCodes.invalidReference, `price book "${bookName}" has no price "${priceKey}"`);
        }
      }
      const start = dateOf(line["start"]);
      const end = dateOf(line["end"]);
      if (start !== undefined && end !== undefined && end <= start) add([...at, "end"], ErrorCodes.endBeforeStart, "the line's end must be after its start");
      if (start !== undefined && !serviceDay(start)) add([...at, "start"], ErrorCodes.invalidValue, `${start} is outside the term, so the line would never be billed`);
      if (end !== undefined && !endDay(end)) add([...at, "end"], ErrorCodes.invalidValue, `${end} is outside the term`);
      let previousQuantity = start ?? termStart;
      arrayOf(line["quantityChanges"]).forEach((change, c) => {
        const effective = isObject(change) ? dateOf(change["effective"]) : undefined;
        if (effective === undefined) return;
        // The first change may take effect on the line's first day; each later one after the one before.
        if (previousQuantity !== undefined && (c === 0 ? effective < previousQuantity : effective <= previousQuantity)) {
          add([...at, "quantityChanges", c, "effective"], ErrorCodes.invalidValue, c === 0 ? `a quantity change cannot take effect before the line starts (${previousQuantity})` : `quantity changes must be in date order, each after the one before (${previousQuantity})`);
        } else if ((end !== undefined && effective >= end) || (termEnd !== undefined && effective >= termEnd)) {
          add([...at, "quantityChanges", c, "effective"], ErrorCodes.invalidValue, `${effective} is after the line ends, so the change would never be billed`);
        }
        previousQuantity = effective;
      });
      let previous = start ?? termStart;
      arrayOf(line["priceChanges"]).forEach((change, c) => {
        const effective = isObject(change) ? dateOf(change["effective"]) : undefined;
        if (effective === undefined) return;
        // The first change may take effect on the line's first day; each later one after the one before.
        if (previous !== undefined && (c === 0 ? effective < previous : effective <= previous)) {
          add([...at, "priceChanges", c, "effective"], ErrorCodes.invalidValue, c === 0 ? `a price change cannot take effect before the line starts (${previous})` : `price changes must be in date order, each after the one before (${previous})`);
        }
        previous = effective;
      });
    });
  });

  const discountIds = new Set<string>();
  arrayOf(input["discounts"]).forEach((discount, d) => {
    if (!isObject(discount)) return;
    const id = nameOf(discount["id"]);
    if (id !== undefined) {
      if (discountIds.has(id)) add(["discounts", d, "id"], ErrorCodes.invalidReference, `duplicate discount id "${id}"`);
      discountIds.add(id);
    }
    if (discount["kind"] === "percent") checkPercent(discount["percent"], ["discounts", d, "percent"], "a percent discount");
    if (discount["kind"] === "fixed") checkAmount(discount["amount"], ["discounts", d, "amount"]);
    const scope = isObject(discount["appliesTo"]) ? discount["appliesTo"] : undefined;
    if (scope?.["scope"] !== "line") return;
    arrayOf(scope["lineIds"]).forEach((value, i) => {
      const id = nameOf(value);
      if (id !== undefined && !lineIds.has(id)) add(["discounts", d, "appliesTo", "lineIds", i], ErrorCodes.invalidReference, `no line with id "${id}"`);
    });
  });
  const stacking = isObject(input["discountStacking"]) ? input["discountStacking"] : {};
  checkPercent(stacking["capPercent"], ["discountStacking", "capPercent"], "a cap on discounts");
  checkAmount(stacking["capAmount"], ["discountStacking", "capAmount"]);
  const early = isObject(term["earlyTermination"]) ? term["earlyTermination"] : {};
  const fee = isObject(early["fee"]) ? early["fee"] : {};
  if (fee["kind"] === "fixed") checkAmount(fee["amount"], ["term", "earlyTermination", "fee", "amount"]);
  if (fee["kind"] === "remainingValue") checkPercent(fee["percent"], ["term", "earlyTermination", "fee", "percent"], "a fee of the remaining value");
  checkAmount(early["capAmount"], ["term", "earlyTermination", "capAmount"]);
  const termination = isObject(input["termination"]) ? input["termination"] : undefined;
  const terminatedOn = termination === undefined ? undefined : dateOf(termination["date"]);
  if (terminatedOn !== undefined) {
    if (termStart !== undefined && terminatedOn <= termStart) add(["termination", "date"], ErrorCodes.invalidValue, `the termination date ${terminatedOn} must be after the term starts (${termStart})`);
    if (termEnd !== undefined && terminatedOn >= termEnd) add(["termination", "date"], ErrorCodes.invalidValue, `the termination date ${terminatedOn} must be before the term ends (${termEnd}): a term that runs out is not terminated`);
  }
  const custom = isObject(input["customFields"]) ? input["customFields"] : {};
  if (Object.hasOwn(custom, "__proto__")) add(["customFields", "__proto__"], ErrorCodes.invalidValue, 'a custom field cannot be named "__proto__"');
  arrayOf(billing["invoiceFields"]).forEach((value, k) => {
    const key = nameOf(value);
    if (key !== undefined && (key === "__proto__" || !Object.hasOwn(custom, key))) add(["billing", "invoiceFields", k], ErrorCodes.invalidReference, `no custom field "${key}" in customFields`);
  });
  const cycle = billing["cycle"];
  const monthly = cycle === "monthly" || (isObject(cycle) && cycle["everyMonths"] === 1);
  const everyMonths = isObject(cycle) ? monthsOf(cycle["everyMonths"]) : undefined;
  const knownCycle = typeof cycle === "string" ? ["quarterly", "semiannual", "annual"].includes(cycle) : everyMonths !== undefined;
  if (!monthly && knownCycle && billing["pricesPer"] === undefined) {
    add(["billing", "pricesPer"], ErrorCodes.required, `a ${typeof cycle === "string" ? cycle : `${String(everyMonths)}-month`} contract must say what its prices are per: "month" (a cycle bills that many months) or "cycle"`);
  }
  if (billing["anchorMonth"] !== undefined && everyMonths !== undefined && 12 % everyMonths !== 0) {
    add(["billing", "anchorMonth"], ErrorCodes.invalidOption, `an anchor month needs a cycle that divides the year (1, 2, 3, 4, 6 or 12 months), not ${everyMonths} months`);
  }
  if (term["autoRenew"] === true && term["end"] === undefined) {
    add(["term", "autoRenew"], ErrorCodes.invalidValue, "an auto-renewing contract needs a term end to renew at");
  }
  return issues;
}

