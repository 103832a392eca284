// `pnpm --filter @accountable/api bench:search`: global search through the API (the real server, a personal API
// token, GET …/search) over a workspace of 1,000,000 searchable records on PostgreSQL (the database
// `accountable_search_bench` is built once and kept: bench/search-database.ts), beside a baseline: the very SQL
// statement the service runs (same ranking, same threshold), sent straight through `pg` in the same run. Each
// round sends every query once to each, in shuffled order and alternating which goes first; the latencies are
// the client's wall-clock per request. Not a timed test: it prints lines to paste.
import { loadavg } from "node:os";
import { SEARCH_SETTINGS, searchStatementText } from "@accountable/service";
import pg from "pg";
import { serverEntry } from "../test/server-entry.ts";
import { demoAdminToken, freePort, start } from "./api-process.ts";
import { BENCH_WORKSPACE } from "./bench-database.ts";
import { openSearchBenchDatabase, SEARCH_BENCH_SIZES } from "./search-database.ts";

const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
const log = (line: string) => process.stderr.write(`${line}\n`);

const { handle, url } = await openSearchBenchDatabase(serverUrl, log);
await handle.close();

const client = new pg.Client({ connectionString: url });
await client.connect();
const one = async (sql: string) => (await client.query<{ v: string }>(sql)).rows[0]!.v;
const records = Number(
  await one(
    `select (select count(*) from accounts) + (select count(*) from contacts) + (select count(*) from opportunities)
      + (select count(*) from contracts) + (select count(*) from briefs)
      + (select count(*) from activities where kind = 'note') as v`,
  ),
);
// What people type: names (whole, partial, misspelt), an e-mail address, an id, a title's words, a note's subject.
const QUERIES = [
  "acme corp",
  "jon",
  "john smith",
  "garcia",
  "maria muller",
  await one("select email as v from contacts where id = 'bcon-4242'"),
  "bopp-123456",
  "globx",
  "northwind logistics",
  "wayne enterprises",
  "pricing objections",
  "spring launch 2027",
  "master services agreement",
  "renewal 2027",
  "qbr",
  "hooli media group",
];

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
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
    SWEEP_EVERY_MINUTES: "1440",
  },
  /running at/,
);

const percentile = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const fmt = (xs: readonly number[]) =>
  `p50 ${percentile(xs, 50).toFixed(1)} ms  p95 ${percentile(xs, 95).toFixed(1)} ms  max ${Math.max(...xs).toFixed(1)} ms`;

try {
  const base = `http://127.0.0.1:${port}`;
  const token = await demoAdminToken(port, password);
  const headers = { Authorization: `Bearer ${token}` };

  // The API: GET …/search?q=… as the demo's admin (who reads every record: the statement is not narrowed).
  const viaApi = async (q: string) => {
    const res = await fetch(`${base}/api/workspaces/${BENCH_WORKSPACE}/search?q=${encodeURIComponent(q)}`, {
      headers,
    });
    if (res.status !== 200) throw new Error(`search "${q}" answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { hits: { kind: string; id: string }[] }).hits.map(
      (h) => `${h.kind}:${h.id}`,
    );
  };
  // The baseline: the service's own statement for the admin, through pg, with the settings it runs under.
  const viaSql = async (q: string) => {
    const text = q.replace(/\s+/g, " ").trim();
    const { sql, params } = searchStatementText(BENCH_WORKSPACE, { text }, { perKind: 20, limit: 20 });
    await client.query("begin");
    try {
      for (const [name, setting] of Object.entries(SEARCH_SETTINGS))
        await client.query("select set_config($1, $2, true)", [name, setting]);
      const r = await client.query<{ kind: string; id: string }>(sql, params);
      return r.rows.map((h) => `${h.kind}:${h.id}`);
    } finally {
      await client.query("commit");
    }
  };

  // Both find the same records, in the same order (a check, not a measurement).
  for (const q of QUERIES) {
    const [a, b] = [await viaApi(q), await viaSql(q)];
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`"${q}": the API and the SQL disagree`);
    if (a.length === 0) log(`  note: "${q}" finds nothing`);
  }
  // Warm-up: JIT, the pool's connections, PostgreSQL's buffers.
  for (let i = 0; i < 2; i++) for (const q of QUERIES) await Promise.all([viaApi(q), viaSql(q)]);

  const timed = { api: [] as number[], sql: [] as number[] };
  const perQuery = new Map<string, number[]>();
  const time = async (f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    return performance.now() - t;
  };
  for (let round = 0; round < rounds; round++) {
    const order = [...QUERIES].sort(() => Math.random() - 0.5);
    for (const q of order) {
      const apiFirst = round % 2 === 0;
      const first = await time(() => (apiFirst ? viaApi(q) : viaSql(q)));
      const second = await time(() => (apiFirst ? viaSql(q) : viaApi(q)));
      const [a, s] = apiFirst ? [first, second] : [second, first];
      timed.api.push(a);
      timed.sql.push(s);
      perQuery.set(q, [...(perQuery.get(q) ?? []), a]);
    }
  }
  const [l1, l5, l15] = loadavg().map((l) => l.toFixed(2));
  const lines = [
    `bench search: PostgreSQL, workspace ${BENCH_WORKSPACE} with ${records.toLocaleString("en")} searchable records ` +
      `(${Object.entries(SEARCH_BENCH_SIZES)
        .map(([k, v]) => `${v.toLocaleString("en")} ${k}`)
        .join(", ")}, plus the small demo's); ${QUERIES.length} queries × ${rounds} rounds, interleaved; ` +
      `API ${entry.from} with a personal API token, as the admin; 20 hits`,
    `  api (GET …/search)      : ${fmt(timed.api)}`,
    `  baseline (same SQL, pg) : ${fmt(timed.sql)}`,
    `  ratio api/baseline      : p50 ${(percentile(timed.api, 50) / percentile(timed.sql, 50)).toFixed(2)}×  p95 ${(percentile(timed.api, 95) / percentile(timed.sql, 95)).toFixed(2)}×`,
    `  slowest queries (api p95): ${[...perQuery]
      .map(([q, xs]) => [q, percentile(xs, 95)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([q, p]) => `"${q}" ${p.toFixed(1)} ms`)
      .join(", ")}`,
    `  load average: ${l1} ${l5} ${l15}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  await client.end();
  api.kill("SIGTERM");
}
