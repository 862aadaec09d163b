/** Template overrides from JSON are checked, every problem reported with its path. */
import { describe, expect, it } from "vitest";
import { parseTemplateOverrides, renderMessage, ValidationError } from "../../src/index.js";
import { SAMPLES } from "../../examples/messages/samples.js";
import { brand } from "./support.js";

describe("parseTemplateOverrides", () => {
  it("returns overrides that check, ready for renderMessage", async () => {
    const overrides = parseTemplateOverrides(JSON.parse('{"receipt":{"*":{"subject":"Thanks, {{customerName}}: {{money amount}}"}}}'));
    expect((await renderMessage("receipt", SAMPLES.receipt, { brand, locale: "fr-CA", overrides })).subject).toBe("Thanks, Maria Garza: 54,11\u00a0$\u00a0US");
  });

  it("reports every problem with its path", () => {
    const input = {
      invoce: { "en-US": { subject: "x" } },
      invoice: { english: { subject: "x" }, "es-US": { subjet: "Factura", sms: 42, text: "Hola {{#if customerName}}" } },
      "paymentReminder.urgent": "Pay now",
    };
    let error: unknown;
    try {
      parseTemplateOverrides(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues.map((i) => `${i.path.join(".")}: ${i.message.split(" (")[0]}`);
    expect(issues).toEqual([
      'overrides.invoce: unknown template "invoce"',
      'overrides.invoice.english: is not a BCP 47 locale such as "es-US", nor "*"',
      'overrides.invoice.es-US.subjet: unknown field "subjet"',
      "overrides.invoice.es-US.sms: must be a template string",
      expect.stringMatching(/^overrides\.invoice\.es-US\.text: is not a Handlebars template: Parse error on line 1: Expecting .*got 'EOF'$/),
      "overrides.paymentReminder.urgent: must be an object of overrides by locale",
    ]);
  });

  it("refuses what is not an object", () => {
    expect(() => parseTemplateOverrides([])).toThrow(/overrides: must be an object of templates by id/);
  });
});
