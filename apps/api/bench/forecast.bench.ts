// `pnpm bench` (20,000 and 200,000 deals) and `pnpm bench:large` (1,000,000): the forecast of the demo's busiest
// quarter, as the product computes it (the service's query, and GET …/reports/forecast on the real server with a
// personal API token) against the hand-written SQL a person would write for the same figures, run through `pg`.
// Each size has its own database (`accountable_bench_forecast_<deals>`, built once and kept): the demo generator
// writes 20,000 deals with their events, then the read table is filled to the size with copies of them (new ids,
// same dates), as only the read table serves a forecast. Repeats are interleaved; the lines give medians and the
// ratio beside the goal (≤ 2× the hand-written SQL). Not a timed test: it prints lines to paste.
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { createService } from "@accountable/service";
import pg from "pg";
import { serverEntry } from "../test/server-entry.ts";
import { demoAdminToken, freePort, start } from "./api-process.ts";
import { BENCH_WORKSPACE, openBenchDatabase } from "./bench-database.ts";

const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const sizes = (process.argv[2] ?? "20000,200000").split(",").map(Number);
const repeats = Number(process.env.BENCH_REPEATS ?? 7);
const GENERATED = 20_000;
const PERIOD = { label: "2026-Q4", start: "2026-10-01", end: "2026-12-31" };
const log = (line: string) => process.stderr.write(`${line}\n`);

const COLUMNS =
  "workspace_id, version, updated_at, account_id, owner_id, name, type, pipeline_id, stage_id, status, " +
  "amount_minor, currency, probability, forecast_category, close_date, created_at, stage_entered_at, closed_at";

/** Fills the demo's read table up to `deals` rows with copies of the generated deals (ids suffixed `-c<k>`). */
const fillTo = (deals: number) => async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("create temp table generated as select * from opportunities where workspace_id = $1", [
      BENCH_WORKSPACE,
    ]);
    const copies = Math.ceil(deals / GENERATED);
    for (let k = 1; k < copies; k++) {
      const room = deals - GENERATED * k;
      await client.query(
        `insert into opportunities (id, data, ${COLUMNS})
         select o.id || '-c${k}', jsonb_set(o.data, '{id}', to_jsonb(o.id || '-c${k}')), ${COLUMNS}
         from (select * from generated order by id limit $1) o`,
        [Math.min(room, GENERATED)],
      );
      if (k % 10 === 0) log(`  filled ${(GENERATED * (k + 1)).toLocaleString("en")} deals`);
    }
  } finally {
    await client.end();
  }
};

/** The hand-written query: the forecast's category totals (and per owner), weighted, per currency. */
function handWritten(byOwner: boolean): string {
  return `
    select case status when 'won' then 'closed' when 'lost' then 'lost'
             when 'open' then case forecast_category when 'closed' then 'commit' else forecast_category end end as bucket,
           ${byOwner ? "owner_id" : "null"} as owner_id, currency, count(*) as deals, sum(amount_minor) as amount,
           sum(round(amount_minor * case status when 'open' then probability when 'won' then 100 else 0 end / 100.0)) as weighted
    from opportunities
    where workspace_id = $1
      and ((status = 'open' and close_date between $2 and $3)
        or (status <> 'open' and closed_at >= $4 and closed_at < $5))
    group by grouping sets ((1, 3)${byOwner ? ", (1, 2, 3)" : ""})`;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function time(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

const out: string[] = [];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
out.push(
  `bench forecast: PostgreSQL, workspace ${BENCH_WORKSPACE}, quarter ${PERIOD.label}, ${repeats} interleaved repeats, medians; load average at start ${load()}`,
);

for (const deals of sizes) {
  const name = `accountable_bench_forecast_${deals}`;
  const { handle, url } = await openBenchDatabase(serverUrl, deals, log, name, {
    generated: Math.min(deals, GENERATED),
    fill: fillTo(deals),
  });
  if (process.env.BENCH_BUILD_ONLY) {
    await handle.close();
    continue;
  }
  const service = createService({ db: handle.db });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const args = [
    BENCH_WORKSPACE,
    PERIOD.start,
    PERIOD.end,
    `${PERIOD.start}T00:00:00Z`,
    `${new Date(Date.parse(`${PERIOD.end}T00:00:00Z`) + 86_400_000).toISOString()}`,
  ];
  const inPeriod = Number(
    (
      await client.query<{ n: string }>(
        `select count(*) as n from opportunities where workspace_id = $1
          and ((status = 'open' and close_date between $2 and $3) or (status <> 'open' and closed_at >= $4 and closed_at < $5))`,
        args,
      )
    ).rows[0]!.n,
  );

  const port = await freePort();
  const entry = serverEntry();
  const password = "bench-password-1";
  const api = await start(
    "the API",
    entry.args,
    {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      ACCOUNTABLE_DEMO: "1",
      DEMO_PASSWORD: password,
      AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123",
      LOG_LEVEL: "warn",
      SWEEP_EVERY_MINUTES: "1440",
    },
    /running at/,
  );
  try {
    const token = await demoAdminToken(port, password);
    for (const byOwner of [false, true]) {
      const options = { period: PERIOD.label, ...(byOwner ? { groupBy: "owner" as const } : {}) };
      const route = `http://127.0.0.1:${port}/api/workspaces/${BENCH_WORKSPACE}/reports/forecast?period=${PERIOD.label}${byOwner ? "&groupBy=owner" : ""}`;
      let bytes = 0;
      const runs = {
        product: async () => {
          const r = await service.queries.forecast(BENCH_WORKSPACE, options);
          if (!r.ok) throw new Error(r.error.message);
        },
        sql: () => client.query(handWritten(byOwner), args),
        api: async () => {
          const r = await fetch(route, { headers: { Authorization: `Bearer ${token}` } });
          if (r.status !== 200) throw new Error(`the route answered ${r.status}: ${await r.text()}`);
          bytes = (await r.arrayBuffer()).byteLength;
        },
      };
      // Warm-up: a first run of each (JIT, pool connections, PostgreSQL's buffers), not counted.
      for (const f of Object.values(runs)) await f();
      const times: Record<keyof typeof runs, number[]> = { product: [], sql: [], api: [] };
      for (let i = 0; i < repeats; i++)
        for (const k of Object.keys(runs) as (keyof typeof runs)[]) times[k].push(await time(runs[k]));
      const [p, s, a] = [median(times.product), median(times.sql), median(times.api)];
      const verdict = (r: number) => `${r.toFixed(2)}× (goal ≤ 2×) ${r <= 2 ? "MET" : "MISSED"}`;
      const what = `${deals.toLocaleString("en")} deals (${inPeriod.toLocaleString("en")} in the quarter)${byOwner ? ", by owner" : ""}`;
      out.push(
        `  ${what}: service ${p.toFixed(1)} ms vs hand-written SQL ${s.toFixed(1)} ms: ${verdict(p / s)}`,
        `  ${what}: GET …/reports/forecast ${a.toFixed(1)} ms (${(bytes / 1024).toFixed(1)} KiB) vs hand-written SQL ${s.toFixed(1)} ms: ${verdict(a / s)}`,
      );
      log(out[out.length - 2]!);
      log(out[out.length - 1]!);
    }
  } finally {
    api.kill("SIGTERM");
    await client.end();
    await handle.close();
  }
}
out.push(`  load average at end ${load()} (${execFileSync("nproc").toString().trim()} cores)`);
process.stdout.write(`${out.join("\n")}\n`);
