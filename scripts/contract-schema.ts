/**
 * Writes docs/contract.schema.json — the JSON Schema of the contract format, generated from the
 * zod schemas with z.toJSONSchema, so CRMs in any language can produce valid contracts.
 * `npm run schema` regenerates it; a test fails when it is out of date.
 */
import { writeFileSync } from "node:fs";
import { contractJsonSchema } from "./contractJsonSchema.js";

writeFileSync(new URL("../docs/contract.schema.json", import.meta.url), `${JSON.stringify(contractJsonSchema(), null, 2)}\n`);
console.log("wrote docs/contract.schema.json");
