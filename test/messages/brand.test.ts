/** The brand is data, checked with zod, every problem reported. */
import { describe, expect, it } from "vitest";
import { parseBrand, safeParseBrand, ValidationError } from "../../src/index.js";
import { brand } from "./support.js";

const valid = {
  companyName: "Lone Star Alarm Co.",
  address: { line1: "400 Lavaca St", city: "Austin", region: "TX", postalCode: "78701", country: "US" },
  supportPhone: "+1 512 555 0100",
};

describe("parseBrand", () => {
  it("fills in the default colours and no licences", () => {
    expect(parseBrand(valid)).toEqual({ ...valid, primaryColor: "#1f3a5f", accentColor: "#c8102e", licences: [] });
  });

  it("reads the example brand with its licences", () => {
    expect(brand.licences.map((l) => `${l.region} ${l.number}`)).toEqual(["TX B12345", "NY 12000345678"]);
  });

  it("reports every problem with its path, not just the first", () => {
    const result = safeParseBrand({
      companyName: "",
      logoUrl: "http://insecure.example/logo.png",
      primaryColor: "navy",
      address: { line1: "400 Lavaca St", region: "TX", postalCode: "78701", country: "USA" },
      supportPhone: "call us",
      licences: [{ region: "TX" }],
      slogan: "Safe at home",
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error).toBeInstanceOf(ValidationError);
    expect(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).sort()).toEqual(
      [
        "brand.companyName: must not be empty",
        "brand.logoUrl: must be an https:// URL",
        'brand.primaryColor: must be a colour as "#rrggbb"',
        "brand.address.city: is required",
        'brand.address.country: must be an ISO 3166-1 alpha-2 code such as "US"',
        "brand.supportPhone: must be a phone number (digits, spaces, + ( ) . -)",
        "brand.licences.0.number: is required",
        'brand.slogan: unknown field "slogan"',
      ].sort(),
    );
  });

  it("throws the ValidationError from parseBrand", () => {
    expect(() => parseBrand({ ...valid, accentColor: "#12345" })).toThrow(/brand\.accentColor: must be a colour as "#rrggbb"/);
  });
});
