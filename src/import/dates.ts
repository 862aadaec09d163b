import { isCalendarDate } from "../calendar/index.js";

/** A date format compiled: a regular expression and where the year, month and day are in it. */
export interface CompiledDateFormat {
  /** The format as written, e.g. "MM/DD/YYYY". */
  readonly format: string;
  /** Matches a whole cell in the format. */
  readonly pattern: RegExp;
  /** The capture group of the year, month and day. */
  readonly order: readonly ("Y" | "M" | "D")[];
}

const TOKENS = /YYYY|MM|DD|M|D/g;
const cache = new Map<string, CompiledDateFormat | undefined>();

/**
 * Compiles a date format made of `YYYY`, `MM`/`M` (two digits / one or two), `DD`/`D` and
 * separators; undefined when it is not one (each of year, month and day exactly once, nothing else
 * but separators).
 */
export function compileDateFormat(format: string): CompiledDateFormat | undefined {
  if (cache.has(format)) return cache.get(format);
  let compiled: CompiledDateFormat | undefined;
  const order: ("Y" | "M" | "D")[] = [];
  let source = "^";
  let last = 0;
  let ok = true;
  for (const match of format.matchAll(TOKENS)) {
    const between = format.slice(last, match.index);
    if (!/^[ ./-]*$/.test(between)) ok = false;
    source += between.replace(/[.]/g, "\\.");
    const token = match[0];
    order.push(token[0] as "Y" | "M" | "D");
    source += token === "YYYY" ? "(\\d{4})" : token.length === 2 ? "(\\d{2})" : "(\\d{1,2})";
    last = match.index + token.length;
  }
  const tail = format.slice(last);
  if (!/^[ ./-]*$/.test(tail)) ok = false;
  source += `${tail.replace(/[.]/g, "\\.")}$`;
  if (ok && order.length === 3 && new Set(order).size === 3) compiled = { format, pattern: new RegExp(source), order };
  cache.set(format, compiled);
  return compiled;
}

/** Whether two formats read the same cells with day and month swapped ("MM/DD/YYYY" and "D/M/YYYY"). */
export function sameShapeSwapped(a: string, b: string): boolean {
  const norm = (f: string): string => f.replace(/MM/g, "M").replace(/DD/g, "D");
  const swapped = norm(a).replace(/[MD]/g, (t) => (t === "M" ? "D" : "M"));
  return swapped === norm(b) && norm(a) !== norm(b);
}

/**
 * Reads a cell as a calendar date in the first of `formats` that it matches; undefined when none
 * does or the day does not exist ("02/30/2027").
 */
export function readDate(cell: string, formats: readonly string[]): string | undefined {
  for (const format of formats) {
    const compiled = compileDateFormat(format);
    if (compiled === undefined) continue;
    const match = compiled.pattern.exec(cell);
    if (match === null) continue;
    const parts: Record<string, string> = {};
    compiled.order.forEach((part, i) => (parts[part] = match[i + 1] as string));
    const date = `${parts["Y"]}-${(parts["M"] as string).padStart(2, "0")}-${(parts["D"] as string).padStart(2, "0")}`;
    return isCalendarDate(date) ? date : undefined;
  }
  return undefined;
}

/** Writes a calendar date "YYYY-MM-DD" in a format (the inverse of {@link readDate}). */
export function writeDate(date: string, format: string): string {
  const [y, m, d] = date.split("-") as [string, string, string];
  return format.replace(TOKENS, (token) => {
    switch (token) {
      case "YYYY":
        return y;
      case "MM":
        return m;
      case "DD":
        return d;
      case "M":
        return String(Number(m));
      default:
        return String(Number(d));
    }
  });
}

/** Reads a card expiry written "YYYY-MM", "MM/YY", "MM/YYYY" or "MM-YY" as "YYYY-MM"; undefined otherwise. */
export function readCardExpiry(cell: string): string | undefined {
  let match = /^(\d{4})-(\d{1,2})$/.exec(cell);
  let year: string | undefined;
  let month: string | undefined;
  if (match !== null) [year, month] = [match[1], match[2]];
  else {
    match = /^(\d{1,2})\s*[/-]\s*(\d{2}|\d{4})$/.exec(cell);
    if (match !== null) [month, year] = [match[1], (match[2] as string).length === 2 ? `20${match[2]}` : match[2]];
  }
  if (year === undefined || month === undefined) return undefined;
  const m = Number(month);
  return m >= 1 && m <= 12 ? `${year}-${String(m).padStart(2, "0")}` : undefined;
}
