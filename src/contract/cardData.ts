import type { ValidationIssue } from "../errors/index.js";
import { ErrorCodes } from "../errors/index.js";

// Digits in groups joined by single spaces or dashes: "4111 1111 1111 1111", "2026-06-01".
const DIGIT_RUN = /\d+(?:[ -]\d+)*/g;
const SEPARATOR = /[ -]/;
const SECRET_KEYS = /^(cvv2?|cvc2?|cid|csc|securitycode|cardsecuritycode|cardnumber|pan|card_number|cc_?number)$/i;

/** What stands in a message or path for a card number found in the input. */
const REDACTED = "[card number removed]";

/**
 * Whether the groups `from`–`to` are written the way card numbers are: one unbroken run, groups
 * of four with a last group of one to four (4-4-4-4, 4-4-4-4-3), or 4-6-5 / 4-6-4 (American
 * Express, Diners). Dates (2026-06-01 2026-08-31) and phone numbers are grouped otherwise.
 */
function cardGrouping(lengths: readonly number[], from: number, to: number): boolean {
  if (from === to) return true;
  let fours = (lengths[to] as number) <= 4;
  for (let k = from; k < to; k++) if (lengths[k] !== 4) fours = false;
  if (fours) return true;
  return to - from === 2 && lengths[from] === 4 && lengths[from + 1] === 6 && (lengths[to] === 5 || lengths[to] === 4);
}

/**
 * Whether a run of digit groups holds a card number: 13–19 digits, grouped like one, Luhn-valid.
 *
 * Groups joined by dashes are parts of one identifier ("2026-0418400758466"): a card number is
 * looked for among them only from the run's first group. Groups set apart by spaces may hold a card
 * number between other numbers ("4111 1111 1111 1111 12/28"). After a "+", a phone number
 * (E.164: one group of at most 15 digits, or a country code of 1–3 digits and more groups) is not
 * a card number; its country code never starts one.
 */
function runHoldsCardNumber(run: string, plus = false): boolean {
  const groups = run.split(SEPARATOR);
  const lengths = groups.map((group) => group.length);
  let first = 0;
  if (plus) {
    if (groups.length === 1 && run.length <= 15) return false;
    if (groups.length > 1 && (lengths[0] as number) <= 3) first = 1;
  }
  // Where a window of groups may start and end: at the run's ends, or at a space.
  const spaced: boolean[] = [false];
  for (let k = 1, at = 0; k < groups.length; k++) {
    at += (groups[k - 1] as string).length;
    spaced.push(run.charCodeAt(at) === 32);
    at++;
  }
  const spaceBefore = (k: number): boolean => spaced[k] === true;
  for (let from = first; from < groups.length; from++) {
    if (from > first && !spaceBefore(from)) continue;
    let digits = "";
    for (let to = from; to < groups.length; to++) {
      digits += groups[to] as string;
      if (digits.length > 19) break;
      const endsAtBoundary = to === groups.length - 1 || spaceBefore(to + 1);
      if (digits.length >= 13 && endsAtBoundary && cardGrouping(lengths, from, to) && luhnValid(digits)) return true;
    }
  }
  return false;
}

/**
 * Whether a text holds something that looks like a card number anywhere in it: 13–19 digits,
 * unbroken or grouped the way cards are written, passing the Luhn check — also with more digits
 * around it ("4111 1111 1111 1111 12/28", "… 4111111111111111 123").
 */
export function containsCardNumber(text: string): boolean {
  // Most fields hold fewer than 13 digits in all (names, dates, amounts): no run can hold a card
  // number, and the regular expression is not run (a fifth of the import's card checks).
  let digits = 0;
  for (let i = 0; i < text.length && digits < 13; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits < 13) return false;
  for (const match of text.matchAll(DIGIT_RUN)) {
    if (!attached(text, match.index) && runHoldsCardNumber(match[0], afterPlus(text, match.index))) return true;
  }
  return false;
}

/**
 * Whether the run at `index` continues a word: digits right after a letter or a dash belong to an
 * identifier (an IBAN "DE17 4326 …", a reference "INV-2026-8750-…"), not to a card number.
 */
function attached(text: string, index: number): boolean {
  if (index === 0) return false;
  const before = text.charCodeAt(index - 1);
  return before === 45 || (before >= 65 && before <= 90) || (before >= 97 && before <= 122);
}

/** Whether the run at `index` follows a "+": an international phone number ("+8613800138002"). */
function afterPlus(text: string, index: number): boolean {
  return index > 0 && text.charCodeAt(index - 1) === 43;
}

/** The text with every run of digits that holds a card number replaced by a placeholder. */
export function redactCardNumbers(text: string): string {
  return text.replace(DIGIT_RUN, (run, index: number) => (!attached(text, index) && runHoldsCardNumber(run, afterPlus(text, index)) ? REDACTED : run));
}

/** The issue with any card number in its message or path replaced, so it is never echoed back. */
export function redactIssue(issue: ValidationIssue): ValidationIssue {
  const message = redactCardNumbers(issue.message);
  const path = issue.path.map((part) => (typeof part === "string" ? redactCardNumbers(part) : part));
  const changed = message !== issue.message || path.some((part, i) => part !== issue.path[i]);
  return changed ? { ...issue, path, message } : issue;
}

/**
 * Luhn checksum over the digits of `text`.
 *
 * @example
 * ```ts
 * luhnValid("4242 4242 4242 4242"); // → true
 * luhnValid("4242-4242-4242-4242"); // → true (anything but a digit is skipped)
 * luhnValid("4242 4242 4242 4241"); // → false
 * ```
 */
export function luhnValid(text: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = text.length - 1; i >= 0; i--) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) continue;
    let digit = code - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Finds card data anywhere in raw input: a value that is or contains something that looks like a
 * card number (a run of 13–19 digits, optionally grouped by spaces or dashes, passing the Luhn
 * check — also inside free text such as a description) or a field named like a card number or
 * security code. rmr-billing stores the gateway's token only; card data is refused
 * before anything else is read, and the value is never echoed back.
 */
export function findCardData(
  input: unknown,
  path: (string | number)[] = [],
  out: ValidationIssue[] = [],
  isRecord: (path: readonly (string | number)[]) => boolean = () => false,
): ValidationIssue[] {
  // One path stack for the whole walk, copied only into an issue: a contract has hundreds of
  // fields, and a new array per field was most of this walk's garbage.
  const stack = [...path];
  const walk = (value: unknown): void => {
    if (typeof value === "string" || typeof value === "number") {
      if (containsCardNumber(typeof value === "string" ? value : String(value))) {
        out.push({ path: [...stack], code: ErrorCodes.cardData, message: "looks like a card number: store the payment gateway's token, never card numbers" });
      }
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        stack.push(i);
        walk(value[i]);
        stack.pop();
      }
    } else if (typeof value === "object" && value !== null) {
      // In a record (price books by name) the keys are the user's names, not field names: a price
      // called "cid" (caller id) is not a card security code.
      const namesAreData = isRecord(stack);
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        if (!namesAreData && SECRET_KEYS.test(key)) {
          out.push({ path: [...stack, key], code: ErrorCodes.cardData, message: "card numbers and security codes (CVV) must never be sent to billing: store the gateway's token" });
          continue;
        }
        if (containsCardNumber(key)) {
          out.push({ path: [...stack, REDACTED], code: ErrorCodes.cardData, message: "a field name looks like a card number: store the payment gateway's token, never card numbers" });
          continue;
        }
        stack.push(key);
        walk((value as Record<string, unknown>)[key]);
        stack.pop();
      }
    }
  };
  walk(input);
  return out;
}
