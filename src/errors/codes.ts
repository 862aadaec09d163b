/*
 * The error codes, issue shapes and error classes of rmr-billing (re-exported by index.ts).
 */

/**
 * Stable machine-readable codes for every problem the library reports.
 *
 * Codes never change meaning between versions; new codes may be added.
 */
export const ErrorCodes = {
  /** Input failed validation; the issues list says what and where. */
  validation: "validation_error",
  /** A value had the wrong type (e.g. a number where a decimal string was expected). */
  invalidType: "invalid_type",
  /** A decimal string was malformed, e.g. `"12,50"` or `"1e3"`. */
  invalidDecimal: "invalid_decimal",
  /** A JavaScript number with a fractional part was given as money: floats never enter. */
  floatAmount: "float_amount",
  /** An amount had more decimal places than its currency's minor unit allows. */
  tooPrecise: "too_precise",
  /** The currency code is not in the pinned ISO 4217 table. */
  unknownCurrency: "unknown_currency",
  /** Two amounts in different currencies were combined. */
  currencyMismatch: "currency_mismatch",
  /** An amount or intermediate result left the range where it can be represented exactly. */
  outOfRange: "out_of_range",
  /** A calendar date was malformed or does not exist (e.g. `"2026-02-30"`). */
  invalidDate: "invalid_date",
  /** An instant (timestamp) could not be read. */
  invalidInstant: "invalid_instant",
  /** The IANA time zone is unknown to this runtime. */
  unknownTimeZone: "unknown_time_zone",
  /** A number was outside its allowed range (e.g. anchor day 32). */
  tooSmall: "too_small",
  /** A number was above its allowed maximum. */
  tooBig: "too_big",
  /** An end date was not after its start date. */
  endBeforeStart: "end_before_start",
  /** Allocation or ratio input was unusable (negative, all zero, empty). */
  invalidRatio: "invalid_ratio",
  /** A value was not one of the allowed options. */
  invalidOption: "invalid_option",
  /** A recurrence rule (RRULE) was malformed or unbounded. */
  invalidRecurrence: "invalid_recurrence",
  /** Division by zero was requested. */
  divisionByZero: "division_by_zero",
  /** A tax jurisdiction's fields do not fit its level, or one jurisdiction id was defined two ways. */
  inconsistentJurisdiction: "inconsistent_jurisdiction",
  /** Two tax rules would charge the same tax of the same jurisdiction on the same category and day. */
  overlappingRules: "overlapping_rules",
  /** A line's tax category is not known to the tax provider. */
  unknownTaxCategory: "unknown_tax_category",
  /** A value breaks a rule of the format (a malformed string, a rule between fields). */
  invalidValue: "invalid_value",
  /** A field that the format does not have. */
  unknownField: "unknown_field",
  /** A required field is missing. */
  required: "required",
  /** A value breaks a rule that involves other fields (a reference to nothing, a duplicate id, …). */
  invalidReference: "invalid_reference",
  /** Card numbers or security codes were sent: only gateway tokens are accepted. */
  cardData: "card_data",
  /** An invoice or credit note was asked to move to a state it cannot reach from its current one. */
  invalidTransition: "invalid_transition",
  /** A contract that is valid data but cannot be billed (no billable line, an unknown tax category, …). */
  notBillable: "not_billable",
  /** A time of day was not a 24-hour `"HH:MM"` (e.g. `"8am"` or `"25:00"`). */
  invalidTime: "invalid_time",
  /** A window (send hours, a notice period) closes before or when it opens. */
  windowClosesBeforeOpening: "window_closes_before_opening",
  /** A maximum (a late-fee cap) is below the matching minimum. */
  maximumBelowMinimum: "maximum_below_minimum",
  /** Values that must strictly increase (or decrease) did not, e.g. reminder offsets or dunning thresholds. */
  outOfOrder: "out_of_order",
  /** A notice or workflow window is longer than the contract term it belongs to. */
  windowLongerThanTerm: "window_longer_than_term",
} as const;

/** One of the stable codes in {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Where a problem sits in the input: object keys and array indexes, outermost first. */
export type IssuePath = readonly (string | number)[];

/** One problem found in input, with where it is and what is wrong. */
export interface ValidationIssue {
  /** Path to the offending value, e.g. `["sites", 1, "lines", 0, "rate"]`. Empty for the whole input. */
  readonly path: IssuePath;
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** Human-readable explanation naming the problem. */
  readonly message: string;
}

/**
 * Formats a path the way a developer would write it: `sites[1].lines[0].rate`.
 *
 * @example
 * ```ts
 * formatPath(["sites", 1, "lines", 0, "rate"]); // "sites[1].lines[0].rate"
 * ```
 */
export function formatPath(path: IssuePath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}

/**
 * Thrown when input cannot be used. Lists every problem found, not only the first.
 *
 * @example
 * ```ts
 * try {
 *   parseCalendarDate("2026-02-30", ["start"]);
 * } catch (error) {
 *   if (error instanceof ValidationError) console.log(error.issues[0]?.code); // "invalid_date"
 * }
 * ```
 */
export class ValidationError extends Error {
  /** Always {@link ErrorCodes.validation}. */
  readonly code = ErrorCodes.validation;
  /** Every problem found, each with its path and code. */
  readonly issues: readonly ValidationIssue[];

  /** @param issues - every problem found; must not be empty. */
  constructor(issues: readonly ValidationIssue[]) {
    const list = issues.map((issue) => {
      const where = formatPath(issue.path);
      return where === "" ? issue.message : `${where}: ${issue.message}`;
    });
    super(
      issues.length === 1
        ? `Invalid input: ${list[0] ?? ""}`
        : `Invalid input (${issues.length} problems):\n- ${list.join("\n- ")}`,
    );
    this.name = "ValidationError";
    this.issues = issues;
  }
}

/**
 * Thrown when amounts in two different currencies are combined. A programmer error: the
 * currencies are checked at the boundary, so this means two unrelated amounts met.
 */
export class CurrencyMismatchError extends Error {
  /** Always {@link ErrorCodes.currencyMismatch}. */
  readonly code = ErrorCodes.currencyMismatch;
  /** The currency of the left-hand operand. */
  readonly left: string;
  /** The currency of the right-hand operand. */
  readonly right: string;

  /**
   * @param left - currency of the first amount
   * @param right - currency of the second amount
   */
  constructor(left: string, right: string) {
    super(`Cannot combine ${left} with ${right}: amounts must share one currency`);
    this.name = "CurrencyMismatchError";
    this.left = left;
    this.right = right;
  }
}

