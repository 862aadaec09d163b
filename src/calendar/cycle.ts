import { ErrorCodes, type IssueCollector, type IssuePath } from "../errors/index.js";

/**
 * How often a contract is billed. `{ everyMonths: N }` covers any other whole number of months
 * (e.g. every 2 months); the named cycles are 1, 3, 6 and 12 months.
 */
export type Cycle =
  | "monthly"
  | "quarterly"
  | "semiannual"
  | "annual"
  | {
      /** Months in each cycle, 1–120. */
      readonly everyMonths: number;
    };

/** Longest cycle accepted by {@link cycleMonths}: ten years. */
export const MAX_CYCLE_MONTHS = 120;

// A Map, not an object literal: "toString" or "constructor" must not read as a cycle.
const NAMED: ReadonlyMap<string, number> = new Map([
  ["monthly", 1],
  ["quarterly", 3],
  ["semiannual", 6],
  ["annual", 12],
]);

/** The months of a valid cycle, or undefined. */
function monthsOf(value: unknown): number | undefined {
  if (typeof value === "string") return NAMED.get(value);
  if (typeof value === "object" && value !== null) {
    const n = (value as { readonly everyMonths?: unknown }).everyMonths;
    if (isMonthCount(n)) return n;
  }
  return undefined;
}

/**
 * The length of a cycle in months.
 *
 * @example
 * ```ts
 * cycleMonths("quarterly");        // 3
 * cycleMonths({ everyMonths: 2 }); // 2
 * ```
 */
export function cycleMonths(cycle: Cycle): number {
  const months = monthsOf(cycle);
  if (months === undefined) throw new TypeError(`invalid billing cycle ${JSON.stringify(cycle)}`);
  return months;
}

function isMonthCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_CYCLE_MONTHS;
}

/** Validates a cycle, adding a problem to `issues`; returns its months or undefined. @internal */
export function checkCycle(value: unknown, path: IssuePath, issues: IssueCollector): number | undefined {
  const months = monthsOf(value);
  if (months !== undefined) return months;
  if (typeof value === "object" && value !== null && "everyMonths" in value) {
    const n = (value as { everyMonths: unknown }).everyMonths;
    const expected = `expected a whole number of months from 1 to ${MAX_CYCLE_MONTHS}, got ${JSON.stringify(n)}`;
    const code = typeof n !== "number" || !Number.isInteger(n) ? ErrorCodes.invalidType : n < 1 ? ErrorCodes.tooSmall : ErrorCodes.tooBig;
    issues.add([...path, "everyMonths"], code, expected);
    return undefined;
  }
  issues.add(path, ErrorCodes.invalidOption, `expected "monthly", "quarterly", "semiannual", "annual" or { everyMonths: N }, got ${JSON.stringify(value)}`);
  return undefined;
}
