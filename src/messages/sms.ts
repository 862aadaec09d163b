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

// Characters with a GSM-7 look-alike: typographic punctuation, and letters whose accent GSM-7 lacks.
const FOLD: Readonly<Record<string, string>> = {
  "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
  "\u2026": "...", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u00ab": '"', "\u00bb": '"', "\u2022": "-", "\u00b7": "-",
  "ç": "c", "Á": "A", "Í": "I", "Ó": "O", "Ú": "U", "Ê": "E", "Â": "A", "Î": "I", "Ô": "O", "Û": "U", "È": "E", "À": "A", "Ë": "E", "Ï": "I", "Œ": "OE", "œ": "oe",
};

/**
 * The text in the GSM-7 alphabet where a look-alike exists, so it is billed as GSM-7 (160 a
 * message) rather than UCS-2 (70): typographic quotes, dashes and spaces become plain ones, and a
 * letter whose accent GSM-7 lacks loses it (`á` → `a`, `ê` → `e`, `ç` → `c`); letters GSM-7 has
 * (`é è à ù ì ò ñ ü`) stay. Characters with no look-alike (an emoji) are kept, and the text stays
 * UCS-2.
 *
 * @example
 * ```ts
 * toGsmAlphabet("Pagó el día 5 — ¡gracias!"); // → "Pago el dia 5 - ¡gracias!"
 * toGsmAlphabet("Reçu, merci, à bientôt"); // → "Recu, merci, à bientot"
 * ```
 */
export function toGsmAlphabet(text: string): string {
  let out = "";
  for (const c of text) {
    if (BASIC.has(c) || EXTENSION.has(c)) out += c;
    else if (FOLD[c] !== undefined) out += FOLD[c];
    else {
      // Strip the accent (NFD, then drop the combining marks) when what is left is GSM-7.
      const bare = c.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      out += bare !== "" && [...bare].every((b) => BASIC.has(b)) ? bare : c;
    }
  }
  return out;
}
