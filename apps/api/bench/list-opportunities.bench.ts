// `pnpm bench` (50,000 deals) and `pnpm bench:large` (1,000,000): the authenticated list endpoint against a bare
// route, on PostgreSQL with the demo workspace at that many deals (the first argument or BENCH_DEALS; the database
// `accountable_bench_list_<deals>` is built once and kept). The API runs
// as the real server (dist/server.js, or the sources through tsx) with a real personal API token; the bare route
// (bench/bare-server.ts) runs the same keyset query through `pg`. autocannon drives both from this process, at 10
// and 50 connections, then at a fixed 300 requests per second, in interleaved repeats (medians printed, with the
// load average before and after). Not a timed test: it prints lines to paste.
import { type ChildProcess, execSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon, { type Result } from "autocannon";
import pg from "pg";
import { serverEntry } from "../test/server-entry.ts";
import { cpuSeconds, demoAdminToken, freePort, start } from "./api-process.ts";
import { BENCH_WORKSPACE, openBenchDatabase } from "./bench-database.ts";

const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const deals = Number(process.env.BENCH_DEALS ?? process.argv[2] ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
/** Interleaved repeats of every run; the lines print their medians. */
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const logLevel = process.env.BENCH_LOG_LEVEL ?? "info";
/** A folder to write a CPU profile of the API process to (then only the 10-connection API run is made). */
const profileDir = process.env.BENCH_PROFILE;
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

// One database a size (BENCH_DATABASE names another), so `pnpm bench` (50,000) and `bench:large` (1,000,000) keep both.
const {
  handle,
  url,
  deals: size,
} = await openBenchDatabase(
  serverUrl,
  deals,
  log,
  process.env.BENCH_DATABASE ?? `accountable_bench_list_${deals}`,
);
await handle.close();

// The stage with the most deals: the heaviest page filter the board runs.
const client = new pg.Client({ connectionString: url });
await client.connect();
const stage = (
  await client.query<{ stage_id: string; n: string }>(
    "select stage_id, count(*) as n from opportunities where workspace_id = $1 group by 1 order by 2 desc limit 1",
    [BENCH_WORKSPACE],
  )
).rows[0]!;
const total = (
  await client.query<{ n: string }>("select count(*) as n from opportunities where workspace_id = $1", [
    BENCH_WORKSPACE,
  ])
).rows[0]!.n;
await client.end();

const apiPort = await freePort();
const barePort = await freePort();
const entry = serverEntry();
const password = "bench-password-1";
const api = await start(
  "the API",
  [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), ...entry.args],
  {
    ...process.env,
    DATABASE_URL: url,
    PORT: String(apiPort),
    ACCOUNTABLE_DEMO: "1",
    DEMO_PASSWORD: password,
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    LOG_LEVEL: logLevel,
    // The sweep walks every deal; keep it out of the measurement.
    SWEEP_EVERY_MINUTES: "1440",
  },
  /running at/,
);
const bare: ChildProcess = await start(
  "the bare route",
  ["--import", "tsx", here("bare-server.ts"), url, String(barePort)],
  process.env,
  /listening/,
);

try {
  const base = `http://127.0.0.1:${apiPort}`;
  const token = await demoAdminToken(apiPort, password);

  const query = `stageId=${encodeURIComponent(stage.stage_id)}&sort=closeDate&limit=50`;
  const apiUrl = `${base}/api/workspaces/${BENCH_WORKSPACE}/opportunities?${query}`;
  const bareUrl = `http://127.0.0.1:${barePort}/bare/${BENCH_WORKSPACE}/opportunities?${query}`;
  const headers = { Authorization: `Bearer ${token}` };

  // Both answer the same page.
  const a = (await (await fetch(apiUrl, { headers })).json()) as { items: { id: string }[] };
  const b = (await (await fetch(bareUrl)).json()) as { items: { id: string }[] };
  if (
    a.items.length !== 50 ||
    JSON.stringify(a.items.map((i) => i.id)) !== JSON.stringify(b.items.map((i) => i.id))
  )
    throw new Error(`the two routes answer different pages: ${a.items.length} vs ${b.items.length} items`);

  const cpuPerRequest = new Map<Result, number>();
  const runOne = async (target: string, connections: number, overallRate?: number): Promise<Result> => {
    const h = target === apiUrl ? headers : {};
    const pid = target === apiUrl ? api.pid : bare.pid;
    // A short warm-up (JIT, pool connections, PostgreSQL's buffers), then the measured run.
    await autocannon({ url: target, connections, duration: 2, headers: h });
    const cpuBefore = cpuSeconds(pid);
    const r = await autocannon({
      url: target,
      connections,
      duration: seconds,
      headers: h,
      ...(overallRate ? { overallRate } : {}),
    });
    cpuPerRequest.set(r, ((cpuSeconds(pid) - cpuBefore) * 1000) / r.requests.total);
    if (r.non2xx > 0 || r.errors > 0)
      log(`  warning: ${r.non2xx} non-2xx and ${r.errors} errors against ${target}`);
    return r;
  };

  if (profileDir) {
    const r = await runOne(apiUrl, 10);
    log(
      `profiled: ${Math.round(r.requests.average)} rps; the profile is written to ${profileDir} when the API exits`,
    );
    await new Promise<void>((resolve) => {
      api.once("exit", () => resolve());
      api.kill("SIGTERM");
    });
    bare.kill("SIGTERM");
    process.exit(0);
  }
  // Interleaved repeats (api, bare, api, bare…) and the median of each figure: a burst of load from elsewhere on
  // the machine lands on both sides rather than on one.
  const median = (xs: readonly number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  interface Figures {
    readonly rps: number;
    readonly p50: number;
    readonly p99: number;
    readonly cpu: number;
  }
  const summarise = (rs: readonly Result[]): Figures => ({
    rps: median(rs.map((r) => r.requests.average)),
    p50: median(rs.map((r) => r.latency.p50)),
    p99: median(rs.map((r) => r.latency.p99)),
    cpu: median(rs.map((r) => cpuPerRequest.get(r) ?? Number.NaN)),
  });
  const shapes = [
    { label: "10 connections", connections: 10 },
    { label: "50 connections", connections: 50 },
    { label: "fixed 300 rps ", connections: 10, rate: 300 },
  ] as const;
  const runs = new Map<string, { api: Result[]; bare: Result[] }>(
    shapes.map((s) => [s.label, { api: [], bare: [] }]),
  );
  const loadBefore = execSync("uptime").toString().trim();
  for (let i = 0; i < repeats; i++)
    for (const s of shapes) {
      const slot = runs.get(s.label)!;
      slot.api.push(await runOne(apiUrl, s.connections, "rate" in s ? s.rate : undefined));
      slot.bare.push(await runOne(bareUrl, s.connections, "rate" in s ? s.rate : undefined));
      log(`  repeat ${i + 1}/${repeats} ${s.label} done`);
    }
  const loadAfter = execSync("uptime").toString().trim();

  const fmt = (f: Figures) =>
    `${Math.round(f.rps).toString().padStart(5)} rps  p50 ${f.p50} ms  p99 ${f.p99} ms  ` +
    `(server CPU ${f.cpu.toFixed(2)} ms/request)`;
  const lines: string[] = [
    `bench list-opportunities: PostgreSQL, workspace ${BENCH_WORKSPACE} with ${Number(total).toLocaleString("en")} opportunities ` +
      `(demo generator, ${size.toLocaleString("en")} deals), stage ${stage.stage_id} (${Number(stage.n).toLocaleString("en")} deals), ` +
      `50-row page sorted by closeDate; API ${entry.from} (LOG_LEVEL=${logLevel}) with a personal API token; ` +
      `${seconds} s per run, medians of ${repeats} interleaved repeats`,
    `  load before: ${loadBefore}`,
  ];
  for (const s of shapes) {
    const slot = runs.get(s.label)!;
    const a = summarise(slot.api);
    const b = summarise(slot.bare);
    if ("rate" in s) {
      lines.push(`  ${s.label}  api : ${fmt(a)}  goal p99 < 25 ms: ${a.p99 < 25 ? "MET" : "MISSED"}`);
      lines.push(`  ${s.label}  bare: ${fmt(b)}`);
    } else {
      const ratio = a.rps / b.rps;
      lines.push(`  ${s.label}  api : ${fmt(a)}`);
      lines.push(`  ${s.label}  bare: ${fmt(b)}`);
      lines.push(
        `  ${s.label}  ratio api/bare ${ratio.toFixed(2)}x (goal >= 0.70x) ${ratio >= 0.7 ? "MET" : "MISSED"}`,
      );
    }
  }
  lines.push(`  load after:  ${loadAfter}`);
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  api.kill("SIGTERM");
  bare.kill("SIGTERM");
}
