import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { contractJsonSchema } from "../../scripts/contractJsonSchema.js";

describe("the published JSON Schema of the contract format", () => {
  it("matches the zod schemas it is generated from (run npm run schema after changing them)", () => {
    const committed: unknown = JSON.parse(readFileSync(new URL("../../docs/contract.schema.json", import.meta.url), "utf8"));
    expect(committed).toEqual(contractJsonSchema());
  });

  it("describes money as decimal strings and dates as strings, never numbers", () => {
    const text = JSON.stringify(contractJsonSchema());
    const schema = JSON.parse(text) as { properties: { sites: { items: { properties: { lines: { items: { oneOf: { properties: Record<string, { type?: string }> }[] } } } } } } };
    const monitoring = schema.properties.sites.items.properties.lines.items.oneOf[0];
    expect(monitoring?.properties["rate"]?.type).toBe("string");
    expect(monitoring?.properties["start"]?.type).toBe("string");
    expect(monitoring?.properties["quantity"]?.type).toBe("integer");
  });
});
