// The one vitest run behind the README's test command: every package and app as a project,
// closed by the plain "N passed, N failed" line that CI reads.
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { PlainSummaryReporter } from "./plain-summary-reporter.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  root,
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts"],
    // Most files spend their time waiting — on PostgreSQL, on the CLI's and the server's processes, on Chromium —
    // so files run two at a time even on two cores (vitest's default, cores − 1, ran them one by one there).
    maxWorkers: Math.max(2, availableParallelism()),
    reporters: ["default", new PlainSummaryReporter()],
    coverage: {
      // The domain promises ≥ 95 % line coverage; the run fails below it.
      enabled: true,
      provider: "v8",
      include: ["packages/domain/src/**/*.ts"],
      exclude: ["**/*.test.ts", "**/*.test-d.ts", "packages/domain/src/index.ts"],
      reporter: ["text-summary"],
      reportsDirectory: "packages/testing/.coverage",
      thresholds: { lines: 95 },
    },
  },
});
