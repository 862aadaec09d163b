import type { CalendarDate } from "../calendar/index.js";
import { fromMinorUnits, type Money, type Ratio } from "../money/index.js";
import { monthIndex } from "./days.js";
import { share } from "./exact.js";
import { checkRange } from "./daysToPay.js";
import type { ContractFact, InvoiceFact, RecurringCharge } from "./types.js";

const WHOLE: readonly [number, number] = [1, 1];

/** A fraction `"n/d"`, `"1"` or a decimal string as integers; `undefined` when unreadable. */
const NO_PIECES: Piece[] = [];

function readFraction(text: string | undefined): readonly [number, number] | undefined {
  if (text === undefined || text === "1") return WHOLE;
  const slash = /^(\d+)\/(\d+)$/.exec(text);
  if (slash !== null) return [Number(slash[1]), Number(slash[2])];
  const dec = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (dec === null) return undefined;
  const places = (dec[2] ?? "").length;
  return [Number(`${dec[1]}${dec[2] ?? ""}`), 10 ** places];
}

/** `a / b` rounded half to even, for non-negative-denominator integers in the safe range. */
function divHalfEven(a: number, b: number): number {
  const q = Math.floor(a / b);
  const r = a - q * b;
  if (2 * r > b || (2 * r === b && q % 2 !== 0)) return q + 1;
  return q;
}

/** Whole months from one cycle date to the next (the dates are valid calendar dates, as issued). */
function monthsOf(start: CalendarDate, end: CalendarDate): number {
  const months = monthIndex(end) - monthIndex(start);
  return months > 0 ? months : 1;
}

interface Piece {
  from: CalendarDate;
  to: CalendarDate;
  minor: number;
  /** How far the implied monthly rate can be off, in minor units, from rounding a prorated line. */
  slack: number;
  description: string;
}

/**
 * RMR as recurring charges, read from the recurring lines of issued invoices (cycle and final
 * invoices; never a void one). Each line's monthly rate is its net (after discounts, before tax)
 * ÷ its proration fraction ÷ the months of its billing cycle, rounded half to even to the minor
 * unit: a quarterly 90.00 is 30.00 a month, an annual 120.00 is 10.00. Consecutive periods of a
 * line at one rate become one charge; a prorated stub whose implied rate is within its rounding of
 * the neighbouring full period's joins it.
 *
 * A line billed from the contract's first billed day ran before it at the same rate, from the
 * contract's start (a portfolio taken over mid-term). A charge reaching its contract's last billed day runs on (no `until`) while the contract is in
 * service by `contracts`; it ends on the contract's end (with the termination reason, or `"term
 * ended"`). A line that stopped before the others ends with `"line removed"`. Without a contract
 * fact, charges end with their last billed period (`"no later invoice"`).
 *
 * @example
 * ```ts
 * // one invoice of 31.00 for January's monitoring
 * const usd = (amount: string) => money(amount, "USD");
 * const january = { start: "2027-01-01", end: "2027-02-01" };
 * const line: InvoiceFactLine = { id: "L-1", lineId: "monitoring", siteId: "S-1", kind: "recurring", description: "Monitoring", servicePeriod: january, net: usd("31.00"), explanation: { fraction: "1" } };
 * const invoices: InvoiceFact[] = [{ accountId: "A-1", invoice: { number: "INV-1", contractId: "C-1", customerName: "Acme", currency: "USD", kind: "cycle", status: "open",
 *   issueDate: "2027-01-01", dueDate: "2027-01-31", total: usd("31.00"), period: { ...january, fullStart: january.start, fullEnd: january.end }, lines: [line] } }];
 * // in service through the last period billed
 * recurringCharges(invoices).map((c) => [c.contractId, c.lineKey, toDecimalString(c.monthly), c.from, c.until]); // → [["C-1", "S-1/monitoring", "31.00", "2027-01-01", "2027-02-01"]]
 * ```
 */
export function recurringCharges(invoices: readonly InvoiceFact[], contracts: readonly ContractFact[] = []): RecurringCharge[] {
  const byContract = new Map<string, ContractFact>();
  for (const c of contracts) byContract.set(c.id, c);
  // A group per (contract, site, line); a contract's groups are few, so they are a chain from its
  // first (which also keeps the contract's last billed day and first billed day), not a map per
  // contract: the insight bench's 83,334 contracts each had two maps, then a node and a list
  // (≈ 40 MiB discarded). The last group found is tried first (a contract's invoices usually come
  // together, or a line's next period follows), so most lines look nothing up.
  type Group = {
    contractId: string;
    accountId: string;
    name: string;
    siteId: string;
    lineId: string;
    lineKey: string;
    currency: string;
    pieces: Piece[];
    sibling: Group | undefined;
    lastEnd: CalendarDate;
    firstFrom: CalendarDate;
    /** The contract's number, in the order contracts first appear (as {@link contractsOf} numbers them). */
    contract: number;
  };
  const contractIds: string[] = [];
  const groups: Group[] = [];
  const firstGroup = new Map<string, Group>();
  let lastContract: string | undefined;
  let head: Group | undefined;
  let lastGroup: Group | undefined;
  for (const fact of invoices) {
    const inv = fact.invoice;
    if (inv.status === "void" || (inv.kind !== "cycle" && inv.kind !== "final") || inv.lines === undefined) continue;
    const months = inv.period === undefined ? 1 : monthsOf(inv.period.fullStart, inv.period.fullEnd);
    for (const line of inv.lines) {
      if (line.kind !== "recurring" || line.servicePeriod === undefined) continue;
      const fraction = readFraction(line.explanation?.fraction);
      if (fraction === undefined || fraction[0] === 0) continue;
      const n = fraction[0];
      const d = fraction[1];
      const minor = n === d && months === 1 ? line.net.minor : divHalfEven(line.net.minor * d, n * months);
      const slack = n === d ? 0 : Math.ceil(d / (n * months));
      const period = line.servicePeriod;
      if (inv.contractId !== lastContract) {
        head = firstGroup.get(inv.contractId);
        lastContract = inv.contractId;
        lastGroup = undefined;
      }
      let g: Group | undefined;
      if (lastGroup !== undefined && line.siteId === lastGroup.siteId && line.lineId === lastGroup.lineId) g = lastGroup;
      else {
        let tail: Group | undefined;
        for (let c = head; c !== undefined; c = c.sibling) {
          if (c.siteId === line.siteId && c.lineId === line.lineId) g = c;
          tail = c;
        }
        if (g === undefined) {
          // Lists made with their first item hold one (an empty list that is pushed to holds 17).
          g = { contractId: inv.contractId, accountId: fact.accountId, name: inv.customerName, siteId: line.siteId, lineId: line.lineId, lineKey: `${line.siteId}/${line.lineId}`, currency: line.net.currency, pieces: NO_PIECES, sibling: undefined, lastEnd: period.end, firstFrom: period.start, contract: head?.contract ?? contractIds.length };
          if (head === undefined) contractIds.push(inv.contractId);
          if (tail === undefined) firstGroup.set(inv.contractId, (head = g));
          else tail.sibling = g;
          groups.push(g);
        }
        lastGroup = g;
      }
      const contract = head as Group;
      const prev = g.pieces[g.pieces.length - 1];
      // The usual case: the next period of the line at the same rate, which only moves the end.
      if (prev !== undefined && prev.to === period.start && prev.minor === minor && slack === 0 && prev.slack === 0) prev.to = period.end;
      else {
        const piece = { from: period.start, to: period.end, minor, slack, description: line.description };
        if (g.pieces.length === 0) g.pieces = [piece];
        else g.pieces.push(piece);
        // Where the contract's billing (as stored) starts: a line billed from then ran before it, since the contract's start.
        if (period.start < contract.firstFrom) contract.firstFrom = period.start;
      }
      if (contract.lastEnd < period.end) contract.lastEnd = period.end;
    }
  }
  const out: RecurringCharge[] = [];
  const contractOf: number[] = [];
  // Rates repeat (a price list): one shared (read-only) amount per rate, not one per charge.
  const rates = new Map<string, Map<number, Money>>();
  const rate = (minor: number, currency: string): Money => {
    let byMinor = rates.get(currency);
    if (byMinor === undefined) rates.set(currency, (byMinor = new Map()));
    let m = byMinor.get(minor);
    if (m === undefined) byMinor.set(minor, (m = fromMinorUnits(minor, currency)));
    return m;
  };
  for (const g of groups) {
    // Merged in place: the pieces are this function's own.
    const merged = g.pieces;
    if (merged.length > 1) {
      merged.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
      let k = 0;
      for (let j = 1; j < merged.length; j++) {
        const prev = merged[k] as Piece;
        const p = merged[j] as Piece;
        if (prev.to >= p.from && Math.abs(prev.minor - p.minor) <= Math.max(prev.slack, p.slack)) {
          if (p.to > prev.to) prev.to = p.to;
          if (p.slack < prev.slack) [prev.minor, prev.slack] = [p.minor, p.slack];
        } else merged[++k] = p;
      }
      merged.length = k + 1;
    }
    const contract = byContract.get(g.contractId);
    const contractHead = firstGroup.get(g.contractId) as Group;
    const end = contractHead.lastEnd;
    const first = merged[0] as Piece;
    if (contract !== undefined && contract.start < first.from && first.from === contractHead.firstFrom) first.from = contract.start;
    const customerName = contract?.customerName ?? g.name;
    for (let i = 0; i < merged.length; i++) {
      const p = merged[i] as Piece;
      const charge = (until: CalendarDate | undefined, endReason: string | undefined): RecurringCharge => {
        const monthly = rate(p.minor, g.currency);
        if (until === undefined) return { contractId: g.contractId, accountId: g.accountId, customerName, lineKey: g.lineKey, description: p.description, monthly, from: p.from };
        if (endReason === undefined) return { contractId: g.contractId, accountId: g.accountId, customerName, lineKey: g.lineKey, description: p.description, monthly, from: p.from, until };
        return { contractId: g.contractId, accountId: g.accountId, customerName, lineKey: g.lineKey, description: p.description, monthly, from: p.from, until, endReason };
      };
      const next = merged[i + 1];
      if (next !== undefined) {
        // A gap between two rates of one line: it stopped, then came back.
        out.push(next.from > p.to ? charge(p.to, "line removed") : charge(next.from, undefined));
        continue;
      }
      if (p.to < end) out.push(charge(p.to, "line removed"));
      else if (contract === undefined) out.push(charge(p.to, "no later invoice"));
      else if (contract.end !== undefined && contract.end <= p.to) out.push(charge(contract.end > p.from ? contract.end : p.to, contract.endReason ?? "term ended"));
      else out.push(contract.end === undefined ? charge(undefined, undefined) : charge(contract.end, contract.endReason ?? "term ended"));
    }
    while (contractOf.length < out.length) contractOf.push(g.contract);
  }
  numbered.set(out, { ids: contractIds, of: Int32Array.from(contractOf) });
  return out;
}

/**
 * Monthly recurring revenue at the start of `day`: every charge in force that day.
 *
 * @example
 * ```ts
 * // Acme's 30.00 a month since January; Bolt's 20.00 a month for February only
 * const usd = (amount: string) => money(amount, "USD");
 * const charges: RecurringCharge[] = [
 *   { contractId: "C-1", accountId: "A-1", customerName: "Acme", lineKey: "monitoring", description: "Monitoring", monthly: usd("30.00"), from: "2027-01-01" },
 *   { contractId: "C-2", accountId: "A-2", customerName: "Bolt", lineKey: "monitoring", description: "Monitoring", monthly: usd("20.00"), from: "2027-02-01", until: "2027-03-01", endReason: "moved" },
 * ];
 * toDecimalString(rmrAt(charges, "2027-01-15", "USD")); // → "30.00"
 * toDecimalString(rmrAt(charges, "2027-02-15", "USD")); // → "50.00"
 * toDecimalString(rmrAt(charges, "2027-03-15", "USD")); // → "30.00"
 * ```
 */
export function rmrAt(charges: readonly RecurringCharge[], day: CalendarDate, currency: string): Money {
  let total = 0;
  for (const c of charges) if (c.from <= day && (c.until === undefined || c.until > day)) total += c.monthly.minor;
  return fromMinorUnits(total, currency);
}

/** The RMR change of one contract between two days, and why. */
export interface RmrChange {
  /** The contract. */
  readonly contractId: string;
  /** The account. */
  readonly accountId: string;
  /** The customer's name. */
  readonly customerName: string;
  /** `new` (no RMR before), `expansion`, `contraction`, `churn` (no RMR after). */
  readonly kind: "new" | "expansion" | "contraction" | "churn";
  /** RMR after less RMR before. */
  readonly change: Money;
  /** Why, from the lines: `"line added: …"`, `"rate up: …"`, `"line removed: …"`, a termination reason. */
  readonly reasons: readonly string[];
}

/** RMR movement between two days. */
export interface RmrMovement {
  /** The first day. */
  readonly from: CalendarDate;
  /** The second day. */
  readonly to: CalendarDate;
  /** RMR at `from`. */
  readonly start: Money;
  /** RMR at `to`. */
  readonly end: Money;
  /** RMR of contracts that had none at `from`. */
  readonly new: Money;
  /** Increases of contracts with RMR at both days. */
  readonly expansion: Money;
  /** Decreases of those (positive). */
  readonly contraction: Money;
  /** RMR lost with contracts that have none at `to` (positive): the alarm industry's attrition. */
  readonly churn: Money;
  /** Churn ÷ RMR at `from`, exactly; undefined without RMR. */
  readonly churnRate: Ratio | undefined;
  /** Every contract whose RMR changed, largest change first. */
  readonly changes: readonly RmrChange[];
}

/** Charges made by {@link recurringCharges}, with their contracts numbered as {@link contractsOf} does. */
const numbered = new WeakMap<readonly RecurringCharge[], ChargeContracts>();

/** The contracts of a list of charges: their ids in the order they first appear, and each charge's contract (its index in `ids`). */
interface ChargeContracts {
  readonly ids: readonly string[];
  readonly of: Int32Array;
}

function contractsOf(charges: readonly RecurringCharge[]): ChargeContracts {
  // Charges made by recurringCharges come numbered (checked: the list may have been changed since).
  const known = numbered.get(charges);
  if (known !== undefined && known.of.length === charges.length) {
    let same = true;
    for (let k = 0; k < charges.length && same; k++) same = (charges[k] as RecurringCharge).contractId === known.ids[known.of[k] as number];
    if (same) return known;
  }
  const index = new Map<string, number>();
  const ids: string[] = [];
  const of = new Int32Array(charges.length);
  let lastId: string | undefined;
  let last = -1;
  for (let k = 0; k < charges.length; k++) {
    const id = (charges[k] as RecurringCharge).contractId;
    if (id !== lastId) {
      let n = index.get(id);
      if (n === undefined) {
        n = ids.length;
        index.set(id, n);
        ids.push(id);
      }
      [lastId, last] = [id, n];
    }
    of[k] = last;
  }
  return { ids, of };
}

/**
 * RMR movement from the start of `from` to the start of `to`, contract by contract: new +
 * expansion − contraction − churn is exactly the change in RMR.
 *
 * @example
 * ```ts
 * // Acme's 30.00 a month since January; Bolt's 20.00 a month for February only
 * const usd = (amount: string) => money(amount, "USD");
 * const charges: RecurringCharge[] = [
 *   { contractId: "C-1", accountId: "A-1", customerName: "Acme", lineKey: "monitoring", description: "Monitoring", monthly: usd("30.00"), from: "2027-01-01" },
 *   { contractId: "C-2", accountId: "A-2", customerName: "Bolt", lineKey: "monitoring", description: "Monitoring", monthly: usd("20.00"), from: "2027-02-01", until: "2027-03-01", endReason: "moved" },
 * ];
 * const move = rmrMovement(charges, "2027-01-15", "2027-02-15", "USD");
 * [toDecimalString(move.start), toDecimalString(move.new), toDecimalString(move.end)]; // → ["30.00", "20.00", "50.00"]
 * const churn = rmrMovement(charges, "2027-02-15", "2027-03-15", "USD");
 * [toDecimalString(churn.churn), toDecimalString(churn.end)]; // → ["20.00", "30.00"]
 * ```
 */
export function rmrMovement(charges: readonly RecurringCharge[], from: CalendarDate, to: CalendarDate, currency: string): RmrMovement {
  return rmrMovementOf(charges, contractsOf(charges), from, to, currency);
}

/** {@link rmrMovement}, with the charges' contracts numbered. */
function rmrMovementOf(charges: readonly RecurringCharge[], contracts: ChargeContracts, from: CalendarDate, to: CalendarDate, currency: string): RmrMovement {
  checkRange({ from, to });
  const at = (c: RecurringCharge, day: CalendarDate): boolean => c.from <= day && (c.until === undefined || c.until > day);
  const { ids, of } = contracts;
  // Each contract's RMR at both days; only contracts whose RMR changed are looked at line by line.
  const before = new Float64Array(ids.length);
  const after = new Float64Array(ids.length);
  const first = new Int32Array(ids.length).fill(-1);
  for (let k = 0; k < charges.length; k++) {
    const c = charges[k] as RecurringCharge;
    const a = at(c, from);
    const b = at(c, to);
    if (!a && !b) continue;
    const n = of[k] as number;
    if ((first[n] as number) < 0) first[n] = k;
    if (a) before[n] = (before[n] as number) + c.monthly.minor;
    if (b) after[n] = (after[n] as number) + c.monthly.minor;
  }
  type Line = { key: string; before: number; after: number; description: string; endReason: string | undefined };
  const lines = new Map<number, Line[]>();
  // Why charges stopped between the two days, per changed contract, in the order they stopped.
  const stopped = new Map<number, { until: CalendarDate; why: string }[]>();
  for (let k = 0; k < charges.length; k++) {
    const n = of[k] as number;
    if ((first[n] as number) < 0 || before[n] === after[n]) continue;
    const c = charges[k] as RecurringCharge;
    if (c.until !== undefined && c.endReason !== undefined && c.until > from && c.until <= to) {
      const list = stopped.get(n) ?? [];
      list.push({ until: c.until, why: c.endReason });
      stopped.set(n, list);
    }
    const a = at(c, from);
    const b = at(c, to);
    if (!a && !b) continue;
    let list = lines.get(n);
    if (list === undefined) lines.set(n, (list = []));
    let line: Line | undefined;
    for (const l of list) if (l.key === c.lineKey) line = l;
    if (line === undefined) list.push((line = { key: c.lineKey, before: 0, after: 0, description: c.description, endReason: undefined }));
    if (a) {
      line.before += c.monthly.minor;
      line.endReason = c.endReason;
    }
    if (b) line.after += c.monthly.minor;
  }
  let start = 0;
  let end = 0;
  const sums = { new: 0, expansion: 0, contraction: 0, churn: 0 };
  const changes: RmrChange[] = [];
  for (let n = 0; n < ids.length; n++) {
    const k0 = first[n] as number;
    if (k0 < 0) continue;
    const was = before[n] as number;
    const is = after[n] as number;
    start += was;
    end += is;
    const delta = is - was;
    if (delta === 0) continue;
    const kind = was === 0 ? "new" : is === 0 ? "churn" : delta > 0 ? "expansion" : "contraction";
    sums[kind] += Math.abs(delta);
    const reasons: string[] = [];
    for (const l of lines.get(n) ?? []) {
      if (l.before === l.after) continue;
      if (kind === "new") {
        if (reasons.length === 0) reasons.push("new contract");
      } else if (kind === "churn") {
        if (reasons.length === 0) {
          const whys = (stopped.get(n) ?? []).sort((x, y) => (x.until < y.until ? -1 : x.until > y.until ? 1 : 0)).map((x) => x.why);
          const last = whys[whys.length - 1];
          reasons.push(last ?? l.endReason ?? "ended");
        }
      } else if (l.before === 0) reasons.push(`line added: ${l.description}`);
      else if (l.after === 0) reasons.push(`line removed: ${l.description}${l.endReason === undefined || l.endReason === "line removed" ? "" : ` (${l.endReason})`}`);
      else reasons.push(`${l.after > l.before ? "rate up" : "rate down"}: ${l.description}`);
    }
    const c0 = charges[k0] as RecurringCharge;
    changes.push({ contractId: ids[n] as string, accountId: c0.accountId, customerName: c0.customerName, kind, change: fromMinorUnits(delta, currency), reasons });
  }
  changes.sort((a, b) => Math.abs(b.change.minor) - Math.abs(a.change.minor) || (a.contractId < b.contractId ? -1 : 1));
  const m = (minor: number): Money => fromMinorUnits(minor, currency);
  return {
    from,
    to,
    start: m(start),
    end: m(end),
    new: m(sums.new),
    expansion: m(sums.expansion),
    contraction: m(sums.contraction),
    churn: m(sums.churn),
    churnRate: share(sums.churn, start),
    changes,
  };
}

/** RMR on one day and the movement that led to it from the day before it in a {@link rmrTrend}. */
export interface RmrTrendPoint {
  /** The day. */
  readonly day: CalendarDate;
  /** RMR on it. */
  readonly rmr: Money;
  /** RMR of contracts that had none on the previous day. */
  readonly new: Money;
  /** Increases of contracts with RMR on both days. */
  readonly expansion: Money;
  /** Decreases of those (positive). */
  readonly contraction: Money;
  /** RMR lost with contracts that have none on the day (positive). */
  readonly churn: Money;
}

/**
 * RMR on each of `days` (in order) and its movement from the previous one — the totals of
 * {@link rmrMovement}, without the per-contract detail, for a trend: charges are grouped by
 * contract once and each step reads them without allocating. The first day's movement is from
 * `before`.
 *
 * @example
 * ```ts
 * // Acme's 30.00 a month since January; Bolt's 20.00 a month for February only
 * const usd = (amount: string) => money(amount, "USD");
 * const charges: RecurringCharge[] = [
 *   { contractId: "C-1", accountId: "A-1", customerName: "Acme", lineKey: "monitoring", description: "Monitoring", monthly: usd("30.00"), from: "2027-01-01" },
 *   { contractId: "C-2", accountId: "A-2", customerName: "Bolt", lineKey: "monitoring", description: "Monitoring", monthly: usd("20.00"), from: "2027-02-01", until: "2027-03-01", endReason: "moved" },
 * ];
 * rmrTrend(charges, "2026-12-31", ["2027-01-01", "2027-02-01", "2027-03-01"], "USD").map((p) => `${p.day}: ${toDecimalString(p.rmr)}`); // → ["2027-01-01: 30.00", "2027-02-01: 50.00", "2027-03-01: 30.00"]
 * ```
 */
export function rmrTrend(charges: readonly RecurringCharge[], before: CalendarDate, days: readonly CalendarDate[], currency: string): RmrTrendPoint[] {
  return rmrTrendOf(charges, contractsOf(charges), before, days, currency);
}

/** {@link rmrTrend}, with the charges' contracts numbered. */
function rmrTrendOf(charges: readonly RecurringCharge[], contracts: ChargeContracts, before: CalendarDate, days: readonly CalendarDate[], currency: string): RmrTrendPoint[] {
  const { ids, of } = contracts;
  // Each contract's RMR on a day, summed into one reused array per day.
  const sumsAt = (day: CalendarDate, sums: Float64Array): Float64Array => {
    sums.fill(0);
    for (let k = 0; k < charges.length; k++) {
      const c = charges[k] as RecurringCharge;
      if (c.from <= day && (c.until === undefined || c.until > day)) sums[of[k] as number] = (sums[of[k] as number] as number) + c.monthly.minor;
    }
    return sums;
  };
  const m = (minor: number): Money => fromMinorUnits(minor, currency);
  const out: RmrTrendPoint[] = [];
  let previous: Float64Array = sumsAt(before, new Float64Array(ids.length));
  let now: Float64Array = new Float64Array(ids.length);
  for (const day of days) {
    let rmr = 0;
    let added = 0;
    let up = 0;
    let down = 0;
    let lost = 0;
    sumsAt(day, now);
    for (let i = 0; i < ids.length; i++) {
      const a = previous[i] as number;
      const b = now[i] as number;
      rmr += b;
      if (a === b) continue;
      if (a === 0) added += b;
      else if (b === 0) lost += a;
      else if (b > a) up += b - a;
      else down += a - b;
    }
    out.push({ day, rmr: m(rmr), new: m(added), expansion: m(up), contraction: m(down), churn: m(lost) });
    [previous, now] = [now, previous];
  }
  return out;
}

/** The RMR trend and the movement over one list of charges, its contracts numbered once. */
export function rmrTrendAndMovement(
  charges: readonly RecurringCharge[],
  trend: { readonly before: CalendarDate; readonly days: readonly CalendarDate[] },
  movement: { readonly from: CalendarDate; readonly to: CalendarDate },
  currency: string,
): { trend: RmrTrendPoint[]; movement: RmrMovement } {
  const contracts = contractsOf(charges);
  return { trend: rmrTrendOf(charges, contracts, trend.before, trend.days, currency), movement: rmrMovementOf(charges, contracts, movement.from, movement.to, currency) };
}
