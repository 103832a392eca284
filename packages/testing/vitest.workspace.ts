// The one vitest run behind the README's test command: every package and app as a project,
// closed by the plain "N passed, N failed" line that CI reads.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { PlainSummaryReporter } from "./plain-summary-reporter.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  root,
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts"],
    reporters: ["default", new PlainSummaryReporter()],
  },
});
