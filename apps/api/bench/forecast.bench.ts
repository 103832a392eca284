// `pnpm bench` (20,000 and 200,000 deals) and `pnpm bench:large` (1,000,000): the forecast of the demo's busiest
// quarter, the quota attainment of the last whole quarter, the stale deals at the demo's present and the
// workspace's P&L, as the product computes them (the service's query, and GET …/reports/… on the real server with
// a personal API token) against the hand-written SQL a person would write for the same figures, run through `pg`.
// Each size has its own database (`accountable_bench_forecast_<deals>`, built once and kept): the demo generator
// writes 20,000 deals with their events, then the read tables are filled to the size with copies of them (new ids,
// same dates): the deals, and the accounts, contracts, invoices and costs the P&L sums. Repeats are interleaved;
// the lines give medians and the ratio beside the goal (≤ 2× the hand-written SQL). Not a timed test: it prints
// lines to paste. BENCH_ONLY picks reports; BENCH_BUILD_ONLY=1 builds the databases and stops.
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { createService } from "@accountable/service";
import pg from "pg";
import { serverEntry } from "../test/server-entry.ts";
import { demoAdminToken, freePort, start } from "./api-process.ts";
import { BENCH_NOW, BENCH_WORKSPACE, openBenchDatabase } from "./bench-database.ts";

const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const sizes = (process.argv[2] ?? "20000,200000").split(",").map(Number);
const repeats = Number(process.env.BENCH_REPEATS ?? 7);
const GENERATED = 20_000;
const PERIOD = { label: "2026-Q4", start: "2026-10-01", end: "2026-12-31" };
const QUOTA_PERIOD = { label: "2026-Q3", start: "2026-07-01", end: "2026-09-30" };
/** BENCH_ONLY=forecast,quota,stale,pnl: only the reports whose line starts so. */
const only = process.env.BENCH_ONLY?.split(",").map((w) => w.trim());
const log = (line: string) => process.stderr.write(`${line}\n`);

const COLUMNS =
  "workspace_id, version, updated_at, account_id, owner_id, name, type, pipeline_id, stage_id, status, " +
  "amount_minor, currency, probability, forecast_category, close_date, created_at, stage_entered_at, closed_at";

/** The read tables the P&L sums, grown with the deals. */
const MONEY_TABLES = ["accounts", "contracts", "invoices", "costs"] as const;

/** Fills the demo's read table up to `deals` rows with copies of the generated deals (ids suffixed `-c<k>`). */
const fillTo = (deals: number) => async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("create temp table generated as select * from opportunities where workspace_id = $1", [
      BENCH_WORKSPACE,
    ]);
    for (const table of MONEY_TABLES)
      await client.query(
        `create temp table generated_${table} as select * from ${table} where workspace_id = $1`,
        [BENCH_WORKSPACE],
      );
    const copies = Math.ceil(deals / GENERATED);
    for (let k = 1; k < copies; k++) {
      const room = deals - GENERATED * k;
      await client.query(
        `insert into opportunities (id, data, ${COLUMNS})
         select o.id || '-c${k}', jsonb_set(o.data, '{id}', to_jsonb(o.id || '-c${k}')), ${COLUMNS}
         from (select * from generated order by id limit $1) o`,
        [Math.min(room, GENERATED)],
      );
      // The P&L's tables grow with the deals: the accounts, contracts, invoices and costs copied as often,
      // each copy naming its own copies (`-c<k>` on every id and on the account and contract it names).
      const suffix = `'-c${k}'`;
      for (const table of MONEY_TABLES) {
        const columns = (
          await client.query<{ c: string }>(
            "select column_name as c from information_schema.columns where table_schema = 'public' and table_name = $1 and column_name not in ('id', 'data') order by ordinal_position",
            [table],
          )
        ).rows.map((r) => r.c);
        const value = (c: string) => (c === "account_id" || c === "contract_id" ? `${c} || ${suffix}` : c);
        let data = `jsonb_set(data, '{id}', to_jsonb(id || ${suffix}))`;
        if (columns.includes("account_id"))
          data = `jsonb_set(${data}, '{accountId}', to_jsonb(account_id || ${suffix}))`;
        if (columns.includes("contract_id"))
          data = `jsonb_set(${data}, '{contractId}', coalesce(to_jsonb(contract_id || ${suffix}), 'null'::jsonb))`;
        await client.query(
          `insert into ${table} (id, data, ${columns.join(", ")})
           select id || ${suffix}, ${data}, ${columns.map(value).join(", ")} from generated_${table}`,
        );
      }
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

/**
 * Quota attainment as a person would write it: each quota of the period in force, with its member's deals won
 * in it counted and summed per currency (the product also converts each deal; it lists them only when asked).
 */
const QUOTA_SQL = `
  select q.member_id, q.data->'amount' as target, w.currency, coalesce(w.deals, 0) as deals, w.won
  from quotas q
  left join (
    select owner_id, currency, count(*) as deals, sum(amount_minor) as won from opportunities
    where workspace_id = $1 and status = 'won' and closed_at >= $2 and closed_at < $3
    group by owner_id, currency) w on w.owner_id = q.member_id
  where q.workspace_id = $1 and q.period = $4 and q.status <> 'retired'
  order by q.member_id`;

/** The same quotas with each won deal listed (the figures the report answers, unconverted): the rows it sends. */
const QUOTA_DEALS_SQL = `
  select q.member_id, q.data->'amount' as target, o.id, o.amount_minor, o.currency, o.closed_at
  from quotas q
  join opportunities o on o.workspace_id = q.workspace_id and o.owner_id = q.member_id and o.status = 'won'
    and o.closed_at >= $2 and o.closed_at < $3
  where q.workspace_id = $1 and q.period = $4 and q.status <> 'retired'
  order by q.member_id, o.closed_at, o.id`;

const quotaArgs = (p: typeof QUOTA_PERIOD) => [
  BENCH_WORKSPACE,
  `${p.start}T00:00:00Z`,
  new Date(Date.parse(`${p.end}T00:00:00Z`) + 86_400_000).toISOString(),
  p.label,
];

async function wonIn(client: pg.Client, p: typeof QUOTA_PERIOD): Promise<number> {
  const r = await client.query<{ n: string }>(
    "select count(*) as n from opportunities where workspace_id = $1 and status = 'won' and closed_at >= $2 and closed_at < $3",
    quotaArgs(p).slice(0, 3),
  );
  return Number(r.rows[0]!.n);
}

/**
 * Stale deals as a person would write them: open deals in a stage with rotting days whose entry, last activity and
 * last done activity all lie more than those days back, with the earliest planned activity not yet overdue.
 */
async function staleSql(
  client: pg.Client,
): Promise<{ text: string; args: unknown[]; open: number; rotting: number }> {
  const settings = (
    await client.query<{
      settings: { pipelines: { id: string; stages: { id: string; rottingDays: number | null }[] }[] };
    }>("select settings from workspaces where id = $1", [BENCH_WORKSPACE])
  ).rows[0]!.settings;
  const stages = settings.pipelines.flatMap((p) =>
    p.stages.filter((s) => s.rottingDays !== null).map((s) => [p.id, s.id, s.rottingDays]),
  );
  const text = `
    with s(pipeline_id, stage_id, cutoff) as (
      select x->>0, x->>1, $2::timestamptz - ((x->>2)::int + 1) * interval '1 day' from jsonb_array_elements($3::jsonb) x)
    select o.id, o.data, o.stage_entered_at, p.id as planned_id, p.at as planned_at
    from opportunities o
    join s on s.pipeline_id = o.pipeline_id and s.stage_id = o.stage_id
    left join lateral (select max(at) as at from activities a where a.workspace_id = o.workspace_id
      and a.opportunity_id = o.id and a.status = 'done' and a.at <= $2) d on true
    left join lateral (select id, at from activities a where a.workspace_id = o.workspace_id
      and a.opportunity_id = o.id and a.status = 'planned' and a.at >= $2 order by at limit 1) p on true
    where o.workspace_id = $1 and o.status = 'open' and o.stage_entered_at <= s.cutoff
      and coalesce((o.data->>'lastActivityAt')::timestamptz <= s.cutoff, true)
      and (d.at is null or d.at <= s.cutoff)`;
  const args = [BENCH_WORKSPACE, BENCH_NOW, JSON.stringify(stages)];
  const rotting = (await client.query(text, args)).rowCount ?? 0;
  const open = Number(
    (
      await client.query<{ n: string }>(
        "select count(*) as n from opportunities where workspace_id = $1 and status = 'open'",
        [BENCH_WORKSPACE],
      )
    ).rows[0]!.n,
  );
  return { text, args, open, rotting };
}

/**
 * The P&L as a person would write it: billed invoice lines (quantity × unit price) and recorded costs summed per
 * account, contract, tower and currency, and each account's contracts with what their plan is made of (value,
 * own planned cost, towers, term); the product also converts each line and prorates each plan.
 */
const PNL_SUMS_SQL = `
  select i.account_id, i.contract_id, l->>'towerId' as tower_id, l->'unitPrice'->>'currency' as currency,
    count(*) as n, sum(round((l->'unitPrice'->>'amount')::numeric * (l->>'quantity')::numeric)) as total
  from invoices i cross join lateral jsonb_array_elements(i.data->'lines') l
  where i.workspace_id = $1 and i.status in ('issued', 'overdue', 'paid', 'written_off')
  group by 1, 2, 3, 4
  union all
  select account_id, contract_id, tower_id, data->'amount'->>'currency', count(*), sum((data->'amount'->>'amount')::bigint)
  from costs where workspace_id = $1 and status <> 'voided'
  group by 1, 2, 3, 4`;
const PNL_CONTRACTS_SQL = `
  select a.id, a.name, k.id as contract_id, k.title, k.status, k.value_minor, k.currency, k.start_date, k.end_date,
    k.data->'plannedCost' as planned_cost, k.data->'towers' as towers, k.data->>'endedAt' as ended_at
  from accounts a join contracts k on k.workspace_id = a.workspace_id and k.account_id = a.id
  where a.workspace_id = $1 order by a.name, a.id, k.id`;

interface BenchCase {
  readonly what: string;
  /** The route's path under the workspace, as the line names it. */
  readonly path: string;
  product(): Promise<unknown>;
  sql(): Promise<unknown>;
  /** A second baseline: hand-written SQL answering rows for everything the report lists. */
  readonly same?: { readonly what: string; run(): Promise<unknown> };
  /** The report through the real server; answers the response's size in bytes. */
  api(): Promise<number>;
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
  `bench reports: PostgreSQL, workspace ${BENCH_WORKSPACE}, ${repeats} interleaved repeats, medians; load average at start ${load()}`,
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
  const server = await start(
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
    const viaRoute = (path: string) => async () => {
      const r = await fetch(`http://127.0.0.1:${port}/api/workspaces/${BENCH_WORKSPACE}/${path}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (r.status !== 200) throw new Error(`${path} answered ${r.status}: ${await r.text()}`);
      return (await r.arrayBuffer()).byteLength;
    };
    const ok = async (r: Promise<{ ok: boolean; error?: { message: string } }>) => {
      const x = await r;
      if (!x.ok) throw new Error(x.error?.message);
    };
    const quarter = `${deals.toLocaleString("en")} deals (${inPeriod.toLocaleString("en")} in ${PERIOD.label})`;
    const cases: BenchCase[] = [false, true].map((byOwner) => ({
      what: `forecast, ${quarter}${byOwner ? ", by owner" : ""}`,
      product: () =>
        ok(
          service.queries.forecast(BENCH_WORKSPACE, {
            period: PERIOD.label,
            ...(byOwner ? { groupBy: "owner" as const } : {}),
          }),
        ),
      sql: () => client.query(handWritten(byOwner), args),
      path: "reports/forecast",
      api: viaRoute(`reports/forecast?period=${PERIOD.label}${byOwner ? "&groupBy=owner" : ""}`),
    }));
    // Quota attainment of the last whole quarter (the demo sets every executive a quota for it).
    const won = await wonIn(client, QUOTA_PERIOD);
    cases.push({
      what: `quota attainment ${QUOTA_PERIOD.label}, ${deals.toLocaleString("en")} deals (${won.toLocaleString("en")} won in it)`,
      product: () => ok(service.queries.quotaAttainment(BENCH_WORKSPACE, { period: QUOTA_PERIOD.label })),
      sql: () => client.query(QUOTA_SQL, quotaArgs(QUOTA_PERIOD)),
      same: {
        what: "hand-written SQL listing the same deals",
        run: () => client.query(QUOTA_DEALS_SQL, quotaArgs(QUOTA_PERIOD)),
      },
      path: "reports/quota-attainment",
      api: viaRoute(`reports/quota-attainment?period=${QUOTA_PERIOD.label}`),
    });
    // Stale deals at the demo's present, against the stages' rotting days of its settings.
    const stale = await staleSql(client);
    cases.push({
      what: `stale deals, ${deals.toLocaleString("en")} deals (${stale.open.toLocaleString("en")} open, ${stale.rotting.toLocaleString("en")} rotting)`,
      product: () => ok(service.queries.staleDeals(BENCH_WORKSPACE, { now: BENCH_NOW })),
      sql: () => client.query(stale.text, stale.args),
      path: "reports/stale-deals",
      api: viaRoute(`reports/stale-deals?now=${encodeURIComponent(BENCH_NOW)}`),
    });
    // The workspace's P&L: every account with money on record, its contracts and towers, planned and actual.
    const money = (
      await client.query<{ accounts: string; contracts: string; lines: string; costs: string }>(
        `select (select count(*) from accounts where workspace_id = $1) as accounts,
           (select count(*) from contracts where workspace_id = $1) as contracts,
           (select coalesce(sum(jsonb_array_length(data->'lines')), 0) from invoices where workspace_id = $1) as lines,
           (select count(*) from costs where workspace_id = $1) as costs`,
        [BENCH_WORKSPACE],
      )
    ).rows[0]!;
    const n = (x: string) => Number(x).toLocaleString("en");
    cases.push({
      what: `pnl, ${deals.toLocaleString("en")} deals (${n(money.accounts)} accounts, ${n(money.contracts)} contracts, ${n(money.lines)} invoice lines, ${n(money.costs)} costs)`,
      product: () => ok(service.queries.pnl(BENCH_WORKSPACE)),
      sql: async () => {
        await client.query(PNL_SUMS_SQL, [BENCH_WORKSPACE]);
        await client.query(PNL_CONTRACTS_SQL, [BENCH_WORKSPACE]);
      },
      path: "reports/pnl",
      api: viaRoute("reports/pnl"),
    });
    for (const c of cases) {
      if (only && !only.some((w) => c.what.startsWith(w))) continue;
      let bytes = 0;
      const runs = {
        product: c.product,
        sql: c.sql,
        same: c.same?.run ?? (async () => {}),
        api: async () => {
          bytes = await c.api();
        },
      };
      // Warm-up: a first run of each (JIT, pool connections, PostgreSQL's buffers), not counted.
      for (const f of Object.values(runs)) await f();
      const times: Record<keyof typeof runs, number[]> = { product: [], sql: [], same: [], api: [] };
      for (let i = 0; i < repeats; i++)
        for (const k of Object.keys(runs) as (keyof typeof runs)[]) times[k].push(await time(runs[k]));
      const [p, s, a] = [median(times.product), median(times.sql), median(times.api)];
      const verdict = (r: number) => `${r.toFixed(2)}× (goal ≤ 2×) ${r <= 2 ? "MET" : "MISSED"}`;
      out.push(
        `  ${c.what}: service ${p.toFixed(1)} ms vs hand-written SQL ${s.toFixed(1)} ms: ${verdict(p / s)}`,
        `  ${c.what}: GET …/${c.path} ${a.toFixed(1)} ms (${(bytes / 1024).toFixed(1)} KiB) vs hand-written SQL ${s.toFixed(1)} ms: ${verdict(a / s)}`,
      );
      if (c.same) {
        const m = median(times.same);
        out.push(
          `  ${c.what}: service ${p.toFixed(1)} / GET ${a.toFixed(1)} ms vs ${c.same.what} ${m.toFixed(1)} ms: ${(p / m).toFixed(2)}× / ${(a / m).toFixed(2)}×`,
        );
        log(out[out.length - 1]!);
      }
      log(out[out.length - 2 - (c.same ? 1 : 0)]!);
      log(out[out.length - 1 - (c.same ? 1 : 0)]!);
    }
  } finally {
    server.kill("SIGTERM");
    await client.end();
    await handle.close();
  }
}
out.push(`  load average at end ${load()} (${execFileSync("nproc").toString().trim()} cores)`);
process.stdout.write(`${out.join("\n")}\n`);
