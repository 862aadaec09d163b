import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Property tests run >= 1,000 cases each; give slow CI machines room.
    testTimeout: 60_000,
    pool: "threads",
  },
});
