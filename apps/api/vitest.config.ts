import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "api",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Each suite opens an embedded PostgreSQL (PGlite) and, with DATABASE_URL, a schema on the server.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
