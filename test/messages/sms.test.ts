/** SMS segment counting: GSM-7 or UCS-2, single and concatenated parts. */
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { smsSize, toGsmAlphabet } from "../../src/index.js";

describe("smsSize", () => {
  it("fits 160 GSM-7 characters in one message and splits 161 into two parts of 153", () => {
    expect(smsSize("a".repeat(160))).toEqual({ encoding: "GSM-7", segments: 1, units: 160 });
    expect(smsSize("a".repeat(161))).toEqual({ encoding: "GSM-7", segments: 2, units: 161 });
    expect(smsSize("a".repeat(306)).segments).toBe(2);
    expect(smsSize("a".repeat(307)).segments).toBe(3);
  });

  it("counts the extension characters ^ { } \\ [ ~ ] | € twice", () => {
    expect(smsSize("€".repeat(80))).toEqual({ encoding: "GSM-7", segments: 1, units: 160 });
    expect(smsSize("€".repeat(81))).toEqual({ encoding: "GSM-7", segments: 2, units: 162 });
    expect(smsSize("^{}\\[~]|").units).toBe(16);
  });

  it("never splits an escape pair across parts", () => {
    // 152 septets, then € (2): it cannot end part 1 at 153, so it opens part 2. The 306 septets
    // would fit two parts of 153 if the pair could be split; they take three.
    const text = `${"a".repeat(152)}€${"a".repeat(152)}`;
    expect(smsSize(text)).toEqual({ encoding: "GSM-7", segments: 3, units: 306 });
  });

  it("keeps the accented letters of Spanish and French that GSM-7 has (é è à ñ ü Ç) in GSM-7", () => {
    expect(smsSize("Añadimos el recargo: pagué, déjà vu, Ça, über").encoding).toBe("GSM-7");
  });

  it("switches to UCS-2 for any other character, 70 units in one message and 67 a part", () => {
    expect(smsSize("ê".repeat(70))).toEqual({ encoding: "UCS-2", segments: 1, units: 70 });
    expect(smsSize("ê".repeat(71))).toEqual({ encoding: "UCS-2", segments: 2, units: 71 });
    expect(smsSize("ê".repeat(134)).segments).toBe(2);
    expect(smsSize("ê".repeat(135)).segments).toBe(3);
    expect(smsSize("Payé ✓").encoding).toBe("UCS-2");
  });

  it("counts an emoji as two UCS-2 units and never splits it", () => {
    expect(smsSize("😀".repeat(35))).toEqual({ encoding: "UCS-2", segments: 1, units: 70 });
    // 66 units then an emoji (2): part 1 holds 66, the emoji opens part 2.
    expect(smsSize(`${"ê".repeat(66)}😀${"ê".repeat(66)}`)).toEqual({ encoding: "UCS-2", segments: 3, units: 134 });
  });

  it("counts nothing for an empty text", () => {
    expect(smsSize("")).toEqual({ encoding: "GSM-7", segments: 0, units: 0 });
  });

  test.prop([fc.string({ unit: fc.constantFrom(..."abcXYZ019 .,:/?!-@£$"), minLength: 1, maxLength: 1000 })])("GSM-7 basic text: one part up to 160, else ⌈n / 153⌉", (text) => {
    const n = [...text].length;
    expect(smsSize(text)).toEqual({ encoding: "GSM-7", units: n, segments: n <= 160 ? 1 : Math.ceil(n / 153) });
  });

  test.prop([fc.string({ unit: fc.constantFrom(..."aêôîû✓ 1"), minLength: 1, maxLength: 800 })])("UCS-2 text of the basic plane: one part up to 70, else ⌈n / 67⌉", (text) => {
    fc.pre(/[êôîû✓]/.test(text));
    const n = text.length;
    expect(smsSize(text)).toEqual({ encoding: "UCS-2", units: n, segments: n <= 70 ? 1 : Math.ceil(n / 67) });
  });
});

describe("toGsmAlphabet", () => {
  it("folds what has a GSM-7 look-alike and keeps the accents GSM-7 has", () => {
    expect(toGsmAlphabet("Pagó el día 5 — ¡gracias!")).toBe("Pago el dia 5 - ¡gracias!");
    expect(toGsmAlphabet("Reçu, merci, à bientôt")).toBe("Recu, merci, à bientot");
    expect(toGsmAlphabet("Martínez “Sons” … l’été")).toBe(`Martinez "Sons" ... l'été`);
    expect(toGsmAlphabet("1\u00a0234,56\u202f$")).toBe("1 234,56 $");
  });

  it("keeps a character with no look-alike, and the text stays UCS-2", () => {
    expect(toGsmAlphabet("Paid 😀")).toBe("Paid 😀");
    expect(smsSize(toGsmAlphabet("Paid 😀")).encoding).toBe("UCS-2");
  });

  test.prop([fc.string({ unit: fc.constantFrom(..."aáeêiíoóuúçñé€ “”—'\"-z"), maxLength: 300 })])("gives GSM-7 text for Latin letters, accents and punctuation, in no more segments (… → ... aside, which grows)", (text) => {
    const folded = toGsmAlphabet(text);
    expect(smsSize(folded).encoding).toBe("GSM-7");
    expect(smsSize(folded).segments).toBeLessThanOrEqual(Math.max(smsSize(text).segments, folded === "" ? 0 : 1));
  });
});
