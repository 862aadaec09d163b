import type { CalendarDate } from "../calendar/index.js";
import type { Contract, PriceBook, PriceBookVersion, RecurringLine, Site } from "../contract/index.js";
import { inSeason, type PriceModel } from "../pricing/index.js";

/** The price model of a recurring line on a day, and where it came from. @internal */
export interface ResolvedPrice {
  readonly model: PriceModel;
  readonly source: string;
  readonly seasonal?: string;
  /** When this price took effect (a price change, a price-book version), if after the contract start. */
  readonly effective?: CalendarDate;
}

function modelOf(rate: string | undefined, price: PriceModel | undefined): PriceModel | undefined {
  if (rate !== undefined) return { model: "perUnit", unitPrice: rate };
  return price;
}

/** The site's price book, if it names one the contract has. */
function bookOf(contract: Contract, site: Site): PriceBook | undefined {
  return site.priceBook === undefined || !Object.hasOwn(contract.priceBooks, site.priceBook) ? undefined : contract.priceBooks[site.priceBook];
}

/**
 * The first day a price-book version applies to a contract: its start for a contract that starts
 * on or after `newContractsFrom`; for one started before, the stated `existingContractsFrom`, or
 * under `"renewal"` the end of its current term (its renewal; an open-ended contract never renews,
 * so it keeps its price). Undefined when the version never applies within the contract's term.
 * @internal
 */
export function versionAppliesFrom(contract: Contract, version: PriceBookVersion): CalendarDate | undefined {
  if (contract.term.start >= version.newContractsFrom) return contract.term.start;
  return version.existingContractsFrom === "renewal" ? contract.term.end : version.existingContractsFrom;
}

function versionName(version: PriceBookVersion): string {
  return version.name === undefined ? `version for new contracts from ${version.newContractsFrom}` : `version "${version.name}" (new contracts from ${version.newContractsFrom})`;
}

/**
 * The price of a book entry on `date` for this contract: the latest version that changes the key
 * and applies to the contract by then, else the book's own price. A version that changes the key
 * but does not apply yet (the contract is grandfathered) is named in the source.
 */
function fromBook(contract: Contract, site: Site, book: PriceBook, key: string, date: CalendarDate): ResolvedPrice | undefined {
  const base = Object.hasOwn(book.prices, key) ? book.prices[key] : undefined;
  if (base === undefined) return undefined;
  const entry = `price book "${site.priceBook ?? ""}" entry "${key}"`;
  let resolved: ResolvedPrice = { model: base, source: entry };
  let pending: PriceBookVersion | undefined;
  for (const version of book.versions) {
    const model = Object.hasOwn(version.prices, key) ? version.prices[key] : undefined;
    if (model === undefined) continue;
    const from = versionAppliesFrom(contract, version);
    if (from !== undefined && from <= date) {
      const existing = contract.term.start < version.newContractsFrom;
      resolved = {
        model,
        source: `${entry}, ${versionName(version)}${existing ? `, for existing contracts from ${from}` : ""}`,
        ...(from > contract.term.start ? { effective: from } : {}),
      };
      pending = undefined;
    } else if (pending === undefined) {
      pending = version;
    }
  }
  if (pending === undefined) return resolved;
  const until = versionAppliesFrom(contract, pending);
  const kept = until === undefined ? "kept: the contract started before it and does not renew" : `kept until ${until}: the contract started before it`;
  return { ...resolved, source: `${resolved.source} (${versionName(pending)} ${kept})` };
}

/**
 * The price of a recurring line on `date`: a seasonal rate in season, else the latest price change
 * in effect, else the line's own rate, price or price-book entry (the book's latest version that
 * applies to the contract on that day: grandfathered contracts keep the earlier price).
 * @internal
 */
export function priceOn(contract: Contract, site: Site, line: RecurringLine, date: CalendarDate): ResolvedPrice {
  const season = line.seasonal?.find((s) => inSeason(s, date));
  if (season !== undefined) {
    const model = modelOf(season.rate, season.price);
    if (model !== undefined) return { model, source: `seasonal rate "${season.name}" (${season.from} to ${season.to})`, seasonal: season.name };
  }
  let change: { effective: string; rate?: string | undefined; price?: PriceModel | undefined } | undefined;
  for (const candidate of line.priceChanges ?? []) {
    if (candidate.effective <= date) change = candidate;
  }
  if (change !== undefined) {
    const model = modelOf(change.rate, change.price);
    if (model !== undefined) return { model, source: `price change effective ${change.effective}`, effective: change.effective };
  }
  const own = modelOf(line.rate, line.price);
  if (own !== undefined) return { model: own, source: "contract rate" };
  const book = bookOf(contract, site);
  const resolved = line.priceKey === undefined || book === undefined ? undefined : fromBook(contract, site, book, line.priceKey, date);
  if (resolved === undefined) {
    // parseContract guarantees a price; reaching here means an unvalidated contract.
    throw new TypeError(`line ${line.id} has no price: validate the contract with parseContract first`);
  }
  return resolved;
}

/** Whether a line's price may change inside a period: price changes, seasons or a versioned price-book entry. @internal */
export function hasDatedPrices(contract: Contract, site: Site, line: RecurringLine): boolean {
  if (line.priceChanges !== undefined || line.seasonal !== undefined) return true;
  if (line.priceKey === undefined || line.rate !== undefined || line.price !== undefined) return false;
  return (bookOf(contract, site)?.versions.length ?? 0) > 0;
}

/** The days inside `(start, end)` where the line's price may change. @internal */
export function priceChangeDates(contract: Contract, site: Site, line: RecurringLine, start: CalendarDate, end: CalendarDate): CalendarDate[] {
  const dates = (line.priceChanges ?? []).map((c) => c.effective);
  const book = line.priceKey === undefined ? undefined : bookOf(contract, site);
  for (const version of book?.versions ?? []) {
    if (line.priceKey === undefined || !Object.hasOwn(version.prices, line.priceKey)) continue;
    const from = versionAppliesFrom(contract, version);
    if (from !== undefined) dates.push(from);
  }
  return dates.filter((d) => d > start && d < end);
}
