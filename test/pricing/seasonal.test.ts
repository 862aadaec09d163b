import { describe, expect, it } from "vitest";
import { inSeason, seasonBoundaries, type Season } from "../../src/pricing/index.js";

const SUMMER: Season = { from: "06-01", to: "09-01" };
const WINTER: Season = { from: "11-01", to: "05-01" };

describe("inSeason", () => {
  it.each([
    ["2027-05-31", false],
    ["2027-06-01", true],
    ["2027-08-31", true],
    ["2027-09-01", false],
  ])("places %s in a June-to-August season: %s (from inclusive, to exclusive)", (date, expected) => {
    expect(inSeason(SUMMER, date)).toBe(expected);
  });

  it.each([
    ["2027-10-31", false],
    ["2027-11-01", true],
    ["2027-12-31", true],
    ["2028-01-01", true],
    ["2028-04-30", true],
    ["2028-05-01", false],
  ])("places %s in a season wrapping the year end (11-01 to 05-01): %s", (date, expected) => {
    expect(inSeason(WINTER, date)).toBe(expected);
  });
});

describe("seasonBoundaries", () => {
  it("finds where a season starts inside a period", () => {
    expect(seasonBoundaries([SUMMER], "2027-05-15", "2027-06-15")).toEqual(["2027-06-01"]);
  });

  it("ignores a boundary on the period's first day or its end", () => {
    expect(seasonBoundaries([SUMMER], "2027-06-01", "2027-07-01")).toEqual([]);
    expect(seasonBoundaries([SUMMER], "2027-08-01", "2027-09-01")).toEqual([]);
  });

  it("finds both ends of a season across the year end, sorted", () => {
    expect(seasonBoundaries([WINTER], "2026-10-15", "2027-05-15")).toEqual(["2026-11-01", "2027-05-01"]);
  });

  it("moves a Feb 29 boundary to Mar 1 in a common year and keeps it in a leap year", () => {
    const leapDay: Season = { from: "02-29", to: "04-01" };
    expect(seasonBoundaries([leapDay], "2027-02-15", "2027-03-15")).toEqual(["2027-03-01"]);
    expect(seasonBoundaries([leapDay], "2028-02-15", "2028-03-15")).toEqual(["2028-02-29"]);
    expect(inSeason(leapDay, "2027-02-28")).toBe(false);
    expect(inSeason(leapDay, "2027-03-01")).toBe(true);
  });
});
