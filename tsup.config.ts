import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: {
      index: "src/index.ts",
      memory: "src/adapters/memory/index.ts",
      postgres: "src/adapters/postgres/index.ts",
      testing: "src/testing/index.ts",
      smtp: "src/adapters/smtp/index.ts",
      "sms-http": "src/adapters/sms-http/index.ts",
    },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    treeshake: true,
    splitting: false,
  },
  {
    // The `rmr-billing` command: ESM only, with a shebang.
    entry: { cli: "src/cli/index.ts" },
    format: ["esm"],
    dts: false,
    sourcemap: true,
    clean: false,
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
