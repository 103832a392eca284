// Issue 13's import line on PostgreSQL: `importRows` of N generated deal rows (the crash test's rows, default
// 100,000; the service's default batch, BATCH=n for another) into a fresh database, beside the limit: a plain COPY
// of the same rows into a table of their own plus one jsonb event each, in one transaction, by psql. Prints both,
// the ratio (limit / product; the goal is ≥ 0.3×) and the load average before and after. Not a test.
//
//   pnpm turbo run build --filter=@accountable/service...
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node packages/service/bench/import-copy.bench.mjs [rows]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@accountable/store";
import { createTestDatabase } from "@accountable/store/testing";
import { createService } from "../dist/index.js";
import { generatedRow, generatedRows, seedGeneratedWorkspace } from "../test/crash/generated-rows.mjs";

const rows = Number(process.argv[2] ?? 100_000);
const now = "2026-11-20T10:00:00.000Z";
const url = process.env.DATABASE_URL;
if (!url) throw new Error("set DATABASE_URL to a PostgreSQL server");
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
const psql = (db, ...commands) => {
  const r = spawnSync("psql", [db, "-q", "-v", "ON_ERROR_STOP=1", ...commands.flatMap((c) => ["-c", c])], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(r.stderr);
};
const before = load();

// The product: importRows on a fresh database.
const product = await createTestDatabase(url);
let productMs;
try {
  const handle = await openDatabase({ kind: "postgres", url: product.url });
  try {
    const service = createService({ db: handle.db, clock: () => now });
    await seedGeneratedWorkspace(service, "ws-bench", now);
    const started = performance.now();
    const r = await service.importRows("ws-bench", "m-admin", generatedRows(rows), {
      source: "bench",
      ...(process.env.BATCH ? { batchSize: Number(process.env.BATCH) } : {}),
    });
    productMs = performance.now() - started;
    if (!r.ok) throw new Error(r.error.message);
    console.error(
      `imported ${r.value.imported}, rejected ${r.value.rejected}, in ${r.value.batches} batches`,
    );
  } finally {
    await handle.close();
  }
} finally {
  await product.drop();
}

// The limit: the same rows as COPY's text, into a plain table, and one jsonb event each.
const copyText = (v) =>
  String(v).replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]);
const deals = [];
const events = [];
for (let i = 1; i <= rows; i++) {
  const r = generatedRow(i);
  const cells = [r.externalId, r.name, r.accountName, r.amount, r.currency, r.stage, r.closeDate, r.owner];
  deals.push(cells.map(copyText).join("\t"));
  events.push(
    `${copyText(r.externalId)}\t${copyText(JSON.stringify({ type: "OpportunityImported", ...r }))}`,
  );
}
const work = mkdtempSync(join(tmpdir(), "accountable-import-copy-"));
const limit = await createTestDatabase(url);
let limitMs;
try {
  const dealsFile = join(work, "deals.tsv");
  const eventsFile = join(work, "events.tsv");
  writeFileSync(dealsFile, `${deals.join("\n")}\n`);
  writeFileSync(eventsFile, `${events.join("\n")}\n`);
  psql(
    limit.url,
    "create table plain_deals (id text primary key, name text, account text, amount text, currency text, stage text, close_date date, owner text)",
    "create table plain_events (seq bigint generated always as identity primary key, stream_id text, payload jsonb)",
  );
  const started = performance.now();
  psql(
    limit.url,
    "begin",
    `\\copy plain_deals from '${dealsFile}'`,
    `\\copy plain_events (stream_id, payload) from '${eventsFile}'`,
    "commit",
  );
  limitMs = performance.now() - started;
} finally {
  await limit.drop();
  rmSync(work, { recursive: true, force: true });
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `import ${rows.toLocaleString("en")} deal rows on PostgreSQL: product ${s(productMs)}, plain COPY of the rows + one jsonb event each (psql, one transaction) ${s(limitMs)}, ratio ${(limitMs / productMs).toFixed(3)}× (goal ≥ 0.3×) [load average ${before} → ${load()}]`,
);
