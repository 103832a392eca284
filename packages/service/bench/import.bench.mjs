// Import throughput: generated deal rows through `importRows` of the built service, into a fresh file-backed
// PGlite data folder and into a fresh PostgreSQL database (DATABASE_URL). Not a test: it prints rows/s.
//
//   pnpm --filter @accountable/service... build
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node packages/service/bench/import.bench.mjs [rows] [batch]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@accountable/store";
import { createTestDatabase } from "@accountable/store/testing";
import { createService } from "../dist/index.js";
import { generatedRows, seedGeneratedWorkspace } from "../test/crash/generated-rows.mjs";

const rows = Number(process.argv[2] ?? 100_000);
const batchSize = Number(process.argv[3] ?? 1_000);
const now = "2026-11-20T10:00:00.000Z";

async function bench(name, open) {
  const { handle, cleanup } = await open();
  try {
    const service = createService({ db: handle.db, clock: () => now });
    await seedGeneratedWorkspace(service, "ws-bench", now);
    const started = performance.now();
    const r = await service.importRows("ws-bench", "m-admin", generatedRows(rows), {
      source: "bench",
      batchSize,
      onProgress: (p) => {
        if (p.done % (rows / 10) < batchSize)
          process.stderr.write(`  ${name}: ${p.done} rows, ${p.rowsPerSecond} rows/s\n`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    if (!r.ok) throw new Error(r.error.message);
    const s = r.value;
    console.log(
      `${name}: ${s.read} rows (${s.imported} imported, ${s.rejected} rejected, ${s.skipped} skipped, ${s.accountsCreated} accounts created) in ${seconds.toFixed(1)} s = ${Math.round(s.read / seconds)} rows/s (batch ${batchSize})`,
    );
  } finally {
    await handle.close();
    await cleanup();
  }
}

const which = process.argv[4] ?? "both";
if (which !== "postgres")
  await bench("PGlite (file-backed)", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "accountable-import-bench-"));
    return {
      handle: await openDatabase({ kind: "embedded", dataDir }),
      cleanup: () => rm(dataDir, { recursive: true, force: true }),
    };
  });
if (which !== "pglite") {
  if (!process.env.DATABASE_URL) console.log("PostgreSQL: skipped (DATABASE_URL is not set)");
  else
    await bench("PostgreSQL", async () => {
      const testDb = await createTestDatabase(process.env.DATABASE_URL);
      return {
        handle: await openDatabase({ kind: "postgres", url: testDb.url }),
        cleanup: () => testDb.drop(),
      };
    });
}
