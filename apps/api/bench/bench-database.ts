// The benchmark's database: `accountable_bench` on the PostgreSQL server, holding the demo workspace `demo` at a
// given number of deals. Building it takes a long while (the demo generator writes ~10 events per deal), so it is
// built once and kept: a row in `bench_seeded` says it is complete and at which size. A half-built database
// (interrupted run) has no such row and is dropped and rebuilt.
import { timestamp } from "@accountable/domain";
import { createService } from "@accountable/service";
import { type DatabaseHandle, openDatabase } from "@accountable/store";
import pg from "pg";

/** The database's name (BENCH_DATABASE to keep another size beside it, or away from another run). */
export const BENCH_DATABASE = process.env.BENCH_DATABASE ?? "accountable_bench";
export const BENCH_WORKSPACE = "demo";
/** The demo's present, fixed so the same size gives the same data. */
export const BENCH_NOW = timestamp("2026-11-02T12:00:00.000Z");

/** The server URL with its database replaced by `name`. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function seededSize(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ deals: number }>(
      "select deals from bench_seeded where workspace_id = $1",
      [BENCH_WORKSPACE],
    );
    return r.rows[0]?.deals ?? null;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

/**
 * Opens the bench database, building it first when it is missing or incomplete. Answers the handle and the
 * number of deals it was built with (which may differ from `deals` when an earlier, complete build is reused).
 */
export async function openBenchDatabase(
  serverUrl: string,
  deals: number,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  name: string = BENCH_DATABASE,
  /** Fills the read table up to `deals` after the demo generator wrote `generated` of them (see forecast.bench.ts). */
  grow?: { generated: number; fill(url: string): Promise<void> },
): Promise<{ handle: DatabaseHandle; url: string; deals: number }> {
  const url = withDatabase(serverUrl, name);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1;
  const size = exists ? await seededSize(url) : null;
  if (exists && size === null) {
    log(`${name} is incomplete (an interrupted build): dropping it`);
    await admin.query(`drop database ${name} with (force)`);
  }
  if (size === null) await admin.query(`create database ${name}`);
  await admin.end();

  const handle = await openDatabase({ kind: "postgres", url, poolSize: 20 });
  if (size !== null) {
    log(`reusing ${name}: workspace ${BENCH_WORKSPACE} with ${size.toLocaleString("en")} deals`);
    return { handle, url, deals: size };
  }
  log(`building ${name}: ${deals.toLocaleString("en")} deals (kept for later runs)`);
  const started = performance.now();
  const service = createService({ db: handle.db });
  const r = await service.seedDemo({
    workspaceId: BENCH_WORKSPACE,
    seed: 1,
    now: BENCH_NOW,
    opportunities: grow?.generated ?? deals,
    onProgress: (p) =>
      log(
        `  ${p.accountsDone}/${p.accounts} accounts, ${p.events.toLocaleString("en")} events, ` +
          `${((performance.now() - started) / 1000).toFixed(0)} s`,
      ),
  });
  if (!r.ok) throw new Error(`seeding the bench workspace failed: ${r.error.message}`);
  if (grow) await grow.fill(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    "create table if not exists bench_seeded (workspace_id text primary key, deals integer)",
  );
  await client.query("insert into bench_seeded values ($1, $2)", [BENCH_WORKSPACE, deals]);
  await client.query("vacuum analyze");
  await client.end();
  log(
    `built in ${((performance.now() - started) / 1000).toFixed(0)} s: ${r.value.opportunities.toLocaleString("en")} ` +
      `opportunities, ${r.value.events.toLocaleString("en")} events`,
  );
  return { handle, url, deals };
}
