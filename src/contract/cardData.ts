import type { ValidationIssue } from "../errors/index.js";
import { ErrorCodes } from "../errors/index.js";

// A run of 13–19 digits, optionally grouped by single spaces or dashes, not part of a longer number.
const CARD_LIKE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])/g;
const SECRET_KEYS = /^(cvv2?|cvc2?|cid|csc|securitycode|cardsecuritycode|cardnumber|pan|card_number|cc_?number)$/i;

/** Luhn checksum over the digits of `text`. */
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
export function findCardData(input: unknown, path: (string | number)[] = [], out: ValidationIssue[] = []): ValidationIssue[] {
  if (typeof input === "string" || typeof input === "number") {
    const text = String(input);
    const found = text.match(CARD_LIKE)?.some((run) => luhnValid(run)) ?? false;
    if (found) {
      out.push({
        path: [...path],
        code: ErrorCodes.cardData,
        message: "looks like a card number: store the payment gateway's token, never card numbers",
      });
    }
  } else if (Array.isArray(input)) {
    input.forEach((item, i) => findCardData(item, [...path, i], out));
  } else if (typeof input === "object" && input !== null) {
    for (const [key, value] of Object.entries(input)) {
      if (SECRET_KEYS.test(key)) {
        out.push({ path: [...path, key], code: ErrorCodes.cardData, message: "card numbers and security codes (CVV) must never be sent to billing: store the gateway's token" });
        continue;
      }
      findCardData(value, [...path, key], out);
    }
  }
  return out;
}
