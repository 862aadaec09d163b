/**
 * Benchmark (issue 2): the next 12 billing periods, with issue and due dates, plus the prorated
 * amount of one line, for 1,000,000 contracts with mixed cycles and anchors 1–31 — against a plain
 * integer year/month/day baseline computing the same dates and amounts. Both results are checked
 * to agree for every contract before the timings are printed.
 */
import { prng } from "./prng.js";
import { billingPeriods, type Cycle } from "../src/calendar/index.js";
import { money, multiply, round } from "../src/money/index.js";

export interface CalendarBenchResult {
  readonly contracts: number;
  readonly oursMs: number;
  readonly baselineMs: number;
  readonly ratio: number;
}

const DAY = 86_400_000;
const AS_OF = "2026-11-25";
const PERIODS = 12;
const LEAD = 5;

interface Portfolio {
  readonly n: number;
  readonly startDay: Int32Array;
  readonly endDay: Int32Array; // 0 = open-ended
  readonly anchor: Uint8Array;
  readonly months: Uint8Array;
  readonly rateMinor: Int32Array;
  // The same contracts as the library receives them: ISO dates and decimal strings.
  readonly start: string[];
  readonly end: (string | undefined)[];
  readonly rate: string[];
  readonly cycle: Cycle[];
}

const CYCLES: readonly [Cycle, number][] = [
  ["monthly", 1], ["monthly", 1], ["monthly", 1], ["monthly", 1], ["monthly", 1], ["monthly", 1],
  ["quarterly", 3], ["semiannual", 6], ["annual", 12], [{ everyMonths: 2 }, 2],
];

const iso = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

function makePortfolio(n: number): Portfolio {
  const random = prng(20261125);
  const p: Portfolio = {
    n,
    startDay: new Int32Array(n),
    endDay: new Int32Array(n),
    anchor: new Uint8Array(n),
    months: new Uint8Array(n),
    rateMinor: new Int32Array(n),
    start: new Array<string>(n),
    end: new Array<string | undefined>(n),
    rate: new Array<string>(n),
    cycle: new Array<Cycle>(n),
  };
  const first = Date.UTC(2019, 0, 1) / DAY;
  for (let i = 0; i < n; i++) {
    // Starts from 2019 to early 2027, so some contracts are still in their stub period.
    const start = first + Math.floor(random() * 3000);
    const [cycle, months] = CYCLES[Math.floor(random() * CYCLES.length)] as [Cycle, number];
    const anchor = random() < 0.5 ? new Date(start * DAY).getUTCDate() : 1 + Math.floor(random() * 31);
    const end = random() < 0.6 ? start + 365 * (1 + Math.floor(random() * 5)) + Math.floor(random() * 40) : 0;
    const rate = 1999 + Math.floor(random() * 20000);
    p.startDay[i] = start;
    p.endDay[i] = end;
    p.anchor[i] = anchor;
    p.months[i] = months;
    p.rateMinor[i] = rate;
    p.start[i] = iso(start);
    p.end[i] = end === 0 ? undefined : iso(end);
    p.rate[i] = `${Math.floor(rate / 100)}.${String(rate % 100).padStart(2, "0")}`;
    p.cycle[i] = cycle;
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Baseline: plain integers, no validation, no objects, no strings.

function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

function anchorDay(monthIndex: number, anchor: number): number {
  const y = Math.floor(monthIndex / 12);
  const m = monthIndex - y * 12 + 1;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return daysFromCivil(y, m, anchor < dim ? anchor : dim);
}

function roundHalfUp(n: number, d: number): number {
  const q = Math.floor(n / d);
  return 2 * (n - q * d) >= d ? q + 1 : q;
}

function monthIndexOf(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (m <= 2 ? 1 : 0)) * 12 + m - 1;
}

/** Writes, per contract, 12 × (start, end, issue, due) day numbers and the period count; returns the first period's amount. */
function baselineContract(p: Portfolio, i: number, asOf: number, out: Int32Array): number {
  const s = p.startDay[i] as number;
  const e = p.endDay[i] === 0 ? 2147483647 : (p.endDay[i] as number);
  const anchor = p.anchor[i] as number;
  const months = p.months[i] as number;
  const rate = p.rateMinor[i] as number;
  let m0 = monthIndexOf(s);
  if (anchorDay(m0, anchor) < s) m0 += 1;
  let count = 0;
  let amount = -1;
  const b0 = anchorDay(m0, anchor);
  if (b0 > s) {
    const pe = b0 < e ? b0 : e;
    if (pe > asOf) {
      out[0] = s;
      out[1] = pe;
      out[2] = s - LEAD;
      out[3] = s;
      amount = roundHalfUp(rate * (pe - s), b0 - anchorDay(m0 - months, anchor));
      count = 1;
    }
  }
  let k = 0;
  if (asOf > b0) k = Math.max(0, Math.floor((monthIndexOf(asOf) - m0) / months) - 1);
  let ps = anchorDay(m0 + k * months, anchor);
  while (ps < e && count < PERIODS) {
    const pe = anchorDay(m0 + (k + 1) * months, anchor);
    const end = pe < e ? pe : e;
    if (end > asOf) {
      const o = count * 4;
      out[o] = ps;
      out[o + 1] = end;
      out[o + 2] = ps - LEAD;
      out[o + 3] = ps;
      if (count === 0) amount = end === pe ? rate : roundHalfUp(rate * (end - ps), pe - ps);
      count++;
    }
    ps = pe;
    k++;
  }
  out[48] = count;
  return amount;
}

// ---------------------------------------------------------------------------------------------

function ours(p: Portfolio, i: number): { periods: ReturnType<typeof billingPeriods>; amount: number } {
  const periods = billingPeriods({
    start: p.start[i] as string,
    end: p.end[i],
    cycle: p.cycle[i] as Cycle,
    anchorDay: p.anchor[i] as number,
    from: AS_OF,
    count: PERIODS,
  });
  const first = periods[0];
  const amount = first === undefined ? -1 : round(multiply(money(p.rate[i] as string, "USD"), first.fraction), "halfUp").minor;
  return { periods, amount };
}

function timeOurs(p: Portfolio, from = 0, to = p.n): number {
  let check = 0;
  const t0 = performance.now();
  for (let i = from; i < to; i++) {
    const { periods, amount } = ours(p, i);
    check += periods.length + amount;
  }
  const ms = performance.now() - t0;
  if (check === 0) throw new Error("no work done");
  return ms;
}

function timeBaseline(p: Portfolio, asOf: number, from = 0, to = p.n): number {
  const out = new Int32Array(49);
  let check = 0;
  const t0 = performance.now();
  for (let i = from; i < to; i++) check += baselineContract(p, i, asOf, out) + (out[48] as number);
  const ms = performance.now() - t0;
  if (check === 0) throw new Error("no work done");
  return ms;
}

/** Checks every contract: our periods and amounts equal the baseline's. */
function verify(p: Portfolio, asOf: number): void {
  const out = new Int32Array(49);
  for (let i = 0; i < p.n; i++) {
    const amount = baselineContract(p, i, asOf, out);
    const got = ours(p, i);
    const count = out[48] as number;
    const fail = (what: string): never => {
      throw new Error(`contract ${i} (${p.start[i]}, anchor ${p.anchor[i]}, ${p.months[i]} months): ${what} differs from the baseline`);
    };
    if (got.periods.length !== count) fail(`period count ${got.periods.length} vs ${count}`);
    if (got.amount !== amount) fail(`prorated amount ${got.amount} vs ${amount}`);
    got.periods.forEach((period, k) => {
      const o = k * 4;
      const expected = [iso(out[o] as number), iso(out[o + 1] as number), iso(out[o + 2] as number), iso(out[o + 3] as number)];
      const actual = [period.start, period.end, period.issueDate, period.dueDate];
      if (expected.join() !== actual.join()) fail(`period ${k}: ${actual.join()} vs ${expected.join()}`);
    });
  }
}

/** Runs the calendar benchmark and prints its lines. */
export function runCalendarBench(contracts: number): CalendarBenchResult {
  const p = makePortfolio(contracts);
  const asOf = Date.parse(`${AS_OF}T00:00:00Z`) / DAY;
  verify(p, asOf);
  // Warm up both paths, then take the best of three runs of each.
  const warm = makePortfolio(Math.min(50_000, contracts));
  timeOurs(warm);
  timeBaseline(warm, asOf);
  // Three rounds; in each, ours and the baseline alternate over chunks of the same contracts, so
  // both see the same machine (a virtual machine's speed drifts during a run). The median round
  // (by ratio) is reported.
  const CHUNK = 50_000;
  const rounds: { ours: number; base: number }[] = [];
  for (let run = 0; run < 3; run++) {
    let ours = 0;
    let base = 0;
    for (let from = 0; from < p.n; from += CHUNK) {
      const to = Math.min(p.n, from + CHUNK);
      base += timeBaseline(p, asOf, from, to);
      ours += timeOurs(p, from, to);
    }
    rounds.push({ ours, base });
  }
  rounds.sort((a, b) => a.ours / a.base - b.ours / b.base);
  const median = rounds[1] as { ours: number; base: number };
  const oursMs = median.ours;
  const baselineMs = median.base;
  return { contracts, oursMs, baselineMs, ratio: oursMs / baselineMs };
}
