/** How an SMS is encoded: GSM-7 (the GSM 03.38 alphabet, 7 bits a character) or UCS-2 (16 bits). */
export type SmsEncoding = "GSM-7" | "UCS-2";

/** The size of an SMS text. */
export interface SmsSize {
  /** The encoding a provider will use: GSM-7 when every character is in the GSM alphabet. */
  readonly encoding: SmsEncoding;
  /** How many SMS are billed: 1 up to 160 GSM-7 septets (70 UCS-2 units), else parts of 153 (67). */
  readonly segments: number;
  /** Septets (GSM-7; an extension character counts 2) or UTF-16 code units (UCS-2). */
  readonly units: number;
}

// GSM 03.38 default alphabet (basic character set) and its extension table (sent as ESC + char).
const BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const EXTENSION = new Set("\f^{}\\[~]|€");

/**
 * Counts the segments of an SMS the way carriers do: GSM-7 when every character is in the GSM
 * 03.38 alphabet (`^ { } \ [ ~ ] | €` take two septets), else UCS-2. One message holds 160 septets
 * or 70 UCS-2 units; a longer one is split into parts of 153 septets or 67 units (the rest is the
 * concatenation header), never splitting an escape pair or a surrogate pair across parts.
 *
 * @example
 * ```ts
 * smsSize("Pay $129.99 by Jan 26: https://pay.example.com/i/abc").segments; // → 1
 * smsSize("€".repeat(81)).segments; // → 2
 * smsSize("Payé ✓").encoding; // → "UCS-2"
 * ```
 */
export function smsSize(text: string): SmsSize {
  const chars = [...text];
  const gsm = chars.every((c) => BASIC.has(c) || EXTENSION.has(c));
  // The width of each character in the encoding's units.
  const widths = gsm ? chars.map((c) => (EXTENSION.has(c) ? 2 : 1)) : chars.map((c) => c.length);
  const units = widths.reduce((a, b) => a + b, 0);
  const single = gsm ? 160 : 70;
  if (units <= single) return { encoding: gsm ? "GSM-7" : "UCS-2", segments: units === 0 ? 0 : 1, units };
  const part = gsm ? 153 : 67;
  let segments = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > part) {
      segments++;
      used = 0;
    }
    used += w;
  }
  return { encoding: gsm ? "GSM-7" : "UCS-2", segments, units };
}
