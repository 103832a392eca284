// Builds (or finds) the benchmark's database without running the benchmark: `node --import tsx
// bench/build-database.ts [deals]`. `pnpm bench` does the same on its first run.
import { openBenchDatabase } from "./bench-database.ts";

const deals = Number(process.argv[2] ?? 1_000_000);
const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const { handle } = await openBenchDatabase(serverUrl, deals);
await handle.close();
