import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "cli",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The tests run the built binary; the first open of an embedded data folder runs initdb (seconds).
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
