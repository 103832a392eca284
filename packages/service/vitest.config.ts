import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "service",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // PGlite boots a WASM PostgreSQL (seconds, not milliseconds); PostgreSQL runs create a database each.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
