// Generates the demo workspace at a given size on PGlite and, when DATABASE_URL is set, on PostgreSQL, and
// prints the throughput and memory of each. Not a timed test: `pnpm bench:demo [opportunities]`.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { timestamp } from "@accountable/domain";
import { type DatabaseHandle, openDatabase } from "@accountable/store";
import { createTestDatabase } from "@accountable/store/testing";
import { createService } from "../src/index.ts";

const opportunities = Number(process.argv[2] ?? 20_000);
/** "pglite", "postgres" or both (the default). */
const only = process.argv[3];
const now = timestamp("2026-11-02T12:00:00.000Z");
const mb = (n: number) => `${Math.round(n / 1_048_576)} MB`;

async function run(name: string, open: () => Promise<DatabaseHandle & { drop?: () => Promise<void> }>) {
  const handle = await open();
  const service = createService({ db: handle.db });
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  const started = performance.now();
  const r = await service.seedDemo({
    workspaceId: "bench-demo",
    seed: 1,
    now,
    opportunities,
    onProgress: (p) => {
      sample();
      const s = (performance.now() - started) / 1000;
      process.stderr.write(
        `  ${name}: ${p.accountsDone}/${p.accounts} accounts, ${p.events} events, ${s.toFixed(1)} s\n`,
      );
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (!r.ok) throw new Error(r.error.message);
  const v = r.value;
  const written = v.events + v.streams + v.rows;
  console.log(
    `${name.padEnd(10)} ${opportunities.toLocaleString("en")} deals (${v.opportunities.toLocaleString("en")} with renewals), ` +
      `${v.events.toLocaleString("en")} events, ${v.rows.toLocaleString("en")} read rows, ${v.streams.toLocaleString("en")} streams ` +
      `in ${seconds.toFixed(1)} s: ${Math.round(written / seconds).toLocaleString("en")} rows/s ` +
      `(${Math.round(v.events / seconds).toLocaleString("en")} events/s, ${Math.round(opportunities / seconds).toLocaleString("en")} deals/s); ` +
      `peak heap ${mb(peakHeap)}, peak RSS ${mb(peakRss)}`,
  );
  // The sweep over the seeded workspace: a day later (contracts and invoices fall due), then again (nothing).
  for (const [label, at] of [
    ["next day", timestamp("2026-11-03T02:00:00.000Z")],
    ["again", timestamp("2026-11-03T02:00:00.000Z")],
  ] as const) {
    const t0 = performance.now();
    const sw = await service.sweep("bench-demo", at);
    const applied = sw.contracts.applied.length + sw.invoices.applied.length + sw.escalations.applied.length;
    const refused = sw.contracts.refused.length + sw.invoices.refused.length + sw.escalations.refused.length;
    console.log(
      `${name.padEnd(10)} sweep (${label}): ${applied} applied, ${refused} refused, ${sw.rotting.stale.length} stale deals ` +
        `of ${sw.rotting.candidates} candidates, in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
    );
  }
  await handle.close();
  await handle.drop?.();
}

// PGlite as the apps run it: file-backed, in a fresh data folder.
if (only !== "postgres")
  await run("PGlite", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "accountable-demo-bench-"));
    const handle = await openDatabase({ kind: "embedded", dataDir });
    return { ...handle, drop: () => rm(dataDir, { recursive: true, force: true }) };
  });
const url = process.env.DATABASE_URL;
if (only === "pglite") {
  // PostgreSQL not asked for.
} else if (url) {
  await run("PostgreSQL", async () => {
    const db = await createTestDatabase(url);
    const handle = await openDatabase({ kind: "postgres", url: db.url });
    return { ...handle, drop: () => db.drop() };
  });
} else console.log("PostgreSQL skipped: set DATABASE_URL");
