import { z } from "zod";
import { ContractSchema } from "../src/contract/index.js";

/** The contract format as JSON Schema (draft 2020-12), describing what a CRM may send. */
export function contractJsonSchema(): unknown {
  const schema = z.toJSONSchema(ContractSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    ...schema,
    $id: "https://rmr-billing.dev/schemas/contract.schema.json",
    title: "rmr-billing contract",
    description:
      "A recurring monitoring contract as a CRM exports it: customer, billing terms, term, sites with their lines, payment method (gateway token only), discounts and price books. Money is a decimal string; dates are YYYY-MM-DD.",
  };
}
