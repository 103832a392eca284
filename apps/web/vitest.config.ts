import react from "@vitejs/plugin-react";
import { defineProject } from "vitest/config";

// The "web" project: component tests (happy-dom, chosen per file with `// @vitest-environment happy-dom`) and the
// end-to-end tests in e2e/ (the built app in Debian's Chromium, served by the real API on the embedded database;
// skipped, and counted as skipped, when there is no Chromium or no build).
export default defineProject({
  plugins: [react()],
  test: {
    name: "web",
    include: ["src/**/*.test.{ts,tsx}", "e2e/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // expect.poll waits for the page up to 10 s (vitest's default is 1 s): a command's round trip through the
    // real API and the database takes more than a second when two shared cores are busy.
    expect: { poll: { timeout: 10_000 } },
  },
});
