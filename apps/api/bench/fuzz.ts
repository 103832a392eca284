// `pnpm --filter @accountable/api fuzz`: the fuzz at full size — 100,000 requests generated from /openapi.json
// per database by default — through the app in-process (see test/fuzz-engine.ts for what is sent and checked).
// Runs on PGlite, and on PostgreSQL too when DATABASE_URL is set (a database of its own, dropped afterwards).
//
//   FUZZ_REQUESTS  requests per database (default 100000)
//   FUZZ_SEED      the seed (default 20260502): the same seed sends the same requests to the same data
//   FUZZ_TARGETS   which databases: "PGlite", "PostgreSQL" or both, comma-separated (default: every one available)
//   FUZZ_BATCH     requests generated at a time; ids of existing records are read again between batches (2000)
//
// Prints, per database, the requests tried, the status histogram, the 5xx count, the 4xx that were problem+json,
// the unknown-field refusals, the seed, and one example of each distinct failure; exits 1 if anything failed.
import { execSync } from "node:child_process";
import { TARGETS } from "../test/databases.ts";
import { describeReport, distinctFailures, openFuzz } from "../test/fuzz-engine.ts";

const count = Number(process.env.FUZZ_REQUESTS ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? 20_260_502);
const batch = Number(process.env.FUZZ_BATCH ?? 2_000);
const wanted = process.env.FUZZ_TARGETS?.split(",").map((s) => s.trim().toLowerCase());
const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () => execSync("uptime").toString().trim();

let failed = false;
for (const target of TARGETS) {
  if (wanted && !wanted.includes(target.name.toLowerCase())) continue;
  if (target.skip) {
    log(`${target.name}: skipped (set DATABASE_URL to fuzz PostgreSQL too)`);
    continue;
  }
  log(`${target.name}: opening a database and seeding the demo workspace…  ${load()}`);
  const session = await openFuzz(target);
  try {
    log(
      `${target.name}: ${session.operations.length} operations, tokens ${session.tokens.join(", ")}; seed ${seed}`,
    );
    const report = await session.run({
      count,
      seed,
      batch,
      onFailure(f) {
        process.stderr.write(
          `  × ${f.operationId} [${f.kind}] ${f.status} ${f.why}\n      ${f.request}\n      → ${f.body}\n`,
        );
      },
      progress(sent, now) {
        const r = now();
        const fivexx = [...r.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
        process.stderr.write(
          `  ${target.name}: ${sent}/${count} (${(sent / (r.durationMs / 1000)).toFixed(0)} req/s), 5xx ${fivexx}, failures ${r.failures.length}\n`,
        );
      },
    });
    log(describeReport(target.name, report));
    log(`  load after: ${load()}`);
    for (const f of distinctFailures(report.failures).slice(0, 40))
      log(
        `  × ${f.count} ${f.operationId} [${f.kind}] ${f.status} ${f.why}\n      ${f.request}\n      → ${f.body}`,
      );
    if (report.failures.length > 0) failed = true;
  } finally {
    await session.close();
  }
}
process.exit(failed ? 1 : 0);
