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

const NAMED: Readonly<Record<string, number>> = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 };

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
  if (typeof cycle === "string") {
    const months = NAMED[cycle];
    if (months !== undefined) return months;
  } else if (typeof cycle === "object" && cycle !== null && isMonthCount(cycle.everyMonths)) {
    return cycle.everyMonths;
  }
  throw new TypeError(`invalid billing cycle ${JSON.stringify(cycle)}`);
}

function isMonthCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_CYCLE_MONTHS;
}

/** Validates a cycle, adding a problem to `issues`; returns its months or undefined. @internal */
export function checkCycle(value: unknown, path: IssuePath, issues: IssueCollector): number | undefined {
  if (typeof value === "string") {
    const months = NAMED[value];
    if (months !== undefined) return months;
  } else if (typeof value === "object" && value !== null && "everyMonths" in value) {
    const n = (value as { everyMonths: unknown }).everyMonths;
    if (isMonthCount(n)) return n;
    issues.add([...path, "everyMonths"], ErrorCodes.tooBig, `expected a whole number of months from 1 to ${MAX_CYCLE_MONTHS}, got ${JSON.stringify(n)}`);
    return undefined;
  }
  issues.add(path, ErrorCodes.invalidOption, `expected "monthly", "quarterly", "semiannual", "annual" or { everyMonths: N }, got ${JSON.stringify(value)}`);
  return undefined;
}
