// The process the crash test kills: imports generated rows with the BUILT service (dist), printing a line per
// committed batch, then one result line. Configured by the environment:
//   IMPORT_DB       a PostgreSQL URL, or a PGlite data folder
//   IMPORT_WS       the workspace (seeded already), IMPORT_ROWS the number of rows, IMPORT_BATCH rows per batch
import { openDatabase } from "@accountable/store";
import { createService } from "../../dist/index.js";
import { generatedRows } from "./generated-rows.mjs";

const { IMPORT_DB: db, IMPORT_WS: ws, IMPORT_ROWS: rows, IMPORT_BATCH: batch } = process.env;
const handle = await openDatabase(
  db.startsWith("postgres") ? { kind: "postgres", url: db, poolSize: 2 } : { kind: "embedded", dataDir: db },
);
const service = createService({ db: handle.db, clock: () => "2026-11-20T10:00:00.000Z" });
process.stdout.write("ready\n");
const result = await service.importRows(ws, "m-admin", generatedRows(Number(rows)), {
  source: "crash-test",
  batchSize: Number(batch),
  onProgress: (p) => {
    process.stdout.write(`progress ${JSON.stringify(p)}\n`);
  },
});
if (!result.ok) throw new Error(result.error.message);
const { rejections, skips, ...counts } = result.value;
process.stdout.write(`result ${JSON.stringify(counts)}\n`);
await handle.close();
