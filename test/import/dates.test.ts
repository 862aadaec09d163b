import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/calendar/index.js";
import { compileDateFormat, readCardExpiry, readDate, sameShapeSwapped, writeDate } from "../../src/import/dates.js";
import { normalizeAmount, normalizePhone } from "../../src/import/build.js";

describe("date formats of a mapping", () => {
  it("reads each allowed format into a calendar date", () => {
    const formats = ["YYYY-MM-DD", "MM/DD/YYYY", "M/D/YYYY", "DD.MM.YYYY"];
    expect(readDate("2027-01-31", formats)).toBe("2027-01-31");
    expect(readDate("01/31/2027", formats)).toBe("2027-01-31");
    expect(readDate("1/31/2027", formats)).toBe("2027-01-31");
    expect(readDate("31.01.2027", formats)).toBe("2027-01-31");
    expect(readDate("2/29/2028", formats)).toBe("2028-02-29");
  });

  it("refuses a day that does not exist and a shape no format allows", () => {
    expect(readDate("02/29/2027", ["MM/DD/YYYY"])).toBeUndefined();
    expect(readDate("2027-02-30", ["YYYY-MM-DD"])).toBeUndefined();
    expect(readDate("31/01/2027", ["MM/DD/YYYY"])).toBeUndefined();
    expect(readDate("Jan 31, 2027", ["YYYY-MM-DD", "MM/DD/YYYY"])).toBeUndefined();
  });

  it("knows which formats are formats, and which read a day two ways", () => {
    expect(compileDateFormat("YYYY/MM/DD")?.order).toEqual(["Y", "M", "D"]);
    expect(compileDateFormat("DD-MM-YYYY")?.order).toEqual(["D", "M", "Y"]);
    expect(compileDateFormat("YYYY-MM")).toBeUndefined();
    expect(compileDateFormat("YYYY-MM-DD hh:mm")).toBeUndefined();
    expect(sameShapeSwapped("MM/DD/YYYY", "DD/MM/YYYY")).toBe(true);
    expect(sameShapeSwapped("M/D/YYYY", "DD/MM/YYYY")).toBe(true);
    expect(sameShapeSwapped("MM/DD/YYYY", "M/D/YYYY")).toBe(false);
    expect(sameShapeSwapped("MM/DD/YYYY", "DD.MM.YYYY")).toBe(false);
  });

  it("reads back every day it writes, in every format", () => {
    fc.assert(
      fc.property(fc.integer({ min: -40_000, max: 40_000 }), fc.constantFrom("YYYY-MM-DD", "MM/DD/YYYY", "M/D/YYYY", "DD.MM.YYYY", "D.M.YYYY", "YYYY/MM/DD"), (n, format) => {
        const day = addDays("2027-01-01", n);
        expect(readDate(writeDate(day, format), [format])).toBe(day);
      }),
    );
  });

  it("reads card expiries written the usual ways", () => {
    expect(readCardExpiry("2028-09")).toBe("2028-09");
    expect(readCardExpiry("09/28")).toBe("2028-09");
    expect(readCardExpiry("9/2028")).toBe("2028-09");
    expect(readCardExpiry("09-28")).toBe("2028-09");
    expect(readCardExpiry("13/28")).toBeUndefined();
    expect(readCardExpiry("Sept 28")).toBeUndefined();
  });
});

describe("cells read plainly", () => {
  it("gives a local phone number its calling code, and keeps an international one", () => {
    expect(normalizePhone("(512) 555-0142", "1")).toBe("+15125550142");
    expect(normalizePhone("512.555.0142", "1")).toBe("+15125550142");
    expect(normalizePhone("1 512 555 0142", "1")).toBe("+15125550142");
    expect(normalizePhone("+44 20 7946 0958", "1")).toBe("+442079460958");
    expect(normalizePhone("0044 20 7946 0958", "1")).toBe("+442079460958");
    expect(normalizePhone("555-0142", undefined)).toBe("555-0142");
  });

  it("drops a currency sign and thousands separators, and leaves anything else to the schema", () => {
    expect(normalizeAmount("$1,234.50")).toBe("1234.50");
    expect(normalizeAmount("€ 89.00")).toBe("89.00");
    expect(normalizeAmount("39.99")).toBe("39.99");
    expect(normalizeAmount("12,50")).toBe("12,50");
    expect(normalizeAmount("1,23,456")).toBe("1,23,456");
  });
});
