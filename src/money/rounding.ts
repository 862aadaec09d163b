import { ErrorCodes, fail, type IssuePath } from "../errors/index.js";

/**
 * How an exact amount is rounded to the currency's minor unit. Nothing in rmr-billing rounds
 * implicitly: every rounding names one of these modes, usually taken from a policy.
 *
 * - `halfUp` — to nearest, ties away from zero (2.345 → 2.35, −2.345 → −2.35). Common for invoices.
 * - `halfEven` — to nearest, ties to the even neighbour (banker's rounding: 2.345 → 2.34, 2.355 → 2.36).
 * - `halfDown` — to nearest, ties towards zero (2.345 → 2.34).
 * - `up` — away from zero (2.341 → 2.35, −2.341 → −2.35).
 * - `down` — towards zero, i.e. truncation (2.349 → 2.34, −2.349 → −2.34).
 */
export type RoundingMode = "halfUp" | "halfEven" | "halfDown" | "up" | "down";

/** Every rounding mode, in a stable order. */
export const ROUNDING_MODES: readonly RoundingMode[] = ["halfUp", "halfEven", "halfDown", "up", "down"];

/**
 * Checks that `value` names a rounding mode.
 *
 * @throws {@link ValidationError} with code `invalid_option` otherwise
 * @example
 * ```ts
 * parseRoundingMode("halfEven"); // "halfEven"
 * ```
 */
export function parseRoundingMode(value: unknown, path: IssuePath = ["roundingMode"]): RoundingMode {
  if (typeof value === "string" && (ROUNDING_MODES as readonly string[]).includes(value)) {
    return value as RoundingMode;
  }
  return fail(path, ErrorCodes.invalidOption, `expected one of ${ROUNDING_MODES.join(", ")}, got ${JSON.stringify(value)}`);
}
