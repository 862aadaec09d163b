import type { CalendarDate } from "../calendar/index.js";
import type { Contract, RecurringLine, Site } from "../contract/index.js";
import { inSeason, type PriceModel } from "../pricing/index.js";

/** The price model of a recurring line on a day, and where it came from. @internal */
export interface ResolvedPrice {
  readonly model: PriceModel;
  readonly source: string;
  readonly seasonal?: string;
  /** When this price took effect (a price change), if after the contract start. */
  readonly effective?: CalendarDate;
}

function modelOf(rate: string | undefined, price: PriceModel | undefined): PriceModel | undefined {
  if (rate !== undefined) return { model: "perUnit", unitPrice: rate };
  return price;
}

/**
 * The price of a recurring line on `date`: a seasonal rate in season, else the latest price change
 * in effect, else the line's own rate, price or price-book entry.
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
  const book = site.priceBook === undefined || !Object.hasOwn(contract.priceBooks, site.priceBook) ? undefined : contract.priceBooks[site.priceBook];
  const fromBook = line.priceKey === undefined || book === undefined || !Object.hasOwn(book, line.priceKey) ? undefined : book[line.priceKey];
  if (fromBook === undefined) {
    // parseContract guarantees a price; reaching here means an unvalidated contract.
    throw new TypeError(`line ${line.id} has no price: validate the contract with parseContract first`);
  }
  return { model: fromBook, source: `price book "${site.priceBook ?? ""}" entry "${line.priceKey ?? ""}"` };
}

/** The days inside `(start, end)` where the line's price may change. @internal */
export function priceChangeDates(line: RecurringLine, start: CalendarDate, end: CalendarDate): CalendarDate[] {
  return (line.priceChanges ?? []).map((c) => c.effective).filter((d) => d > start && d < end);
}
