// Issue 13's CLI lines, run first by `pnpm bench` (apps/cli's bench script, after a build). Not a test: it prints
// one line per figure, each the product's median beside the median of a limit run in turn with it (A B A B …, so a
// change of machine load hits both alike), their ratio and the issue's goal, with the load average before and after:
//
//   1. `accountable opp list --json`, cold, embedded demo, no server  vs  PGlite's own open–query–close
//   2. the same with a server running on the folder (the command goes through it)  vs  a bare node process
//      sending the same request to that server
//   3. `accountable init` on a new folder  vs  PGlite's own open–query–close of a copy of the template folder
//
// BENCH_RUNS (default 7) runs of each. Wall time of whole processes, started as a user starts them.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../dist/accountable.js", import.meta.url));
const TEMPLATE = fileURLToPath(new URL("../dist/pglite-template/data", import.meta.url));
if (!existsSync(BIN)) {
  console.error(`${BIN} is missing: build first (pnpm turbo run build --filter=@accountable/cli...)`);
  process.exit(1);
}
const runs = Number(process.env.BENCH_RUNS ?? 7);
const ENV = { ...process.env, DATABASE_URL: "", NO_COLOR: "1" };

function time(command, args, env = {}) {
  const started = performance.now();
  const r = spawnSync(command, args, {
    env: { ...ENV, ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const s = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status}\n${r.stderr}`);
  return { s, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const load = () => loadavg()[0].toFixed(1);

/** Runs product and limit in turn `runs` times (after one warm-up each) and prints the line. */
function line(what, product, limit, limitWhat, goal) {
  const before = load();
  product();
  limit();
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(product());
    b.push(limit());
  }
  const ratios = a.map((x, i) => x / b[i]);
  const p = median(a);
  const met = goal.check(p) ? "met" : "not met";
  console.log(
    `issue 13 | ${what} | product ${p.toFixed(3)} s (min ${Math.min(...a).toFixed(3)}, max ${Math.max(...a).toFixed(3)}) | limit ${median(b).toFixed(3)} s, ${limitWhat} | ratio ${median(ratios).toFixed(2)}× | goal ${goal.text}: ${met} on this run | ${runs} runs each, load ${before} → ${load()}`,
  );
}

const work = mkdtempSync(join(tmpdir(), "accountable-bench13-"));
const pgliteAlone = join(work, "pglite-alone.mjs");
writeFileSync(
  pgliteAlone,
  `const { PGlite } = await import(${JSON.stringify(import.meta.resolve("@electric-sql/pglite"))});
const { pg_trgm } = await import(${JSON.stringify(import.meta.resolve("@electric-sql/pglite/contrib/pg_trgm"))});
if (process.argv[3]) (await import("node:fs")).cpSync(process.argv[3], process.argv[2], { recursive: true });
const db = await PGlite.create(process.argv[2], { extensions: { pg_trgm } });
await db.query(process.argv[3] ? "select 1" : "select data from opportunities order by close_date, id limit 51");
await db.close();
`,
);
let server;
try {
  const demoDir = join(work, "demo");
  const seeded = JSON.parse(time(process.execPath, [BIN, "--data-dir", demoDir, "demo", "--json"]).stdout);
  const list = () => time(process.execPath, [BIN, "--data-dir", demoDir, "opp", "list", "--json"]).s;

  // 1. Without a server.
  line(
    `opp list --json, cold, embedded demo (${seeded.opportunities} deals), no server`,
    list,
    () => time(process.execPath, [pgliteAlone, join(demoDir, "db")]).s,
    "PGlite's own open–query–close of the same folder",
    { text: "< 1 s on an idle machine", check: (s) => s < 1 },
  );

  // 2. With a server running on the folder.
  server = spawn(process.execPath, [BIN, "--data-dir", demoDir, "serve", "--port", "0"], {
    env: { ...ENV, ACCOUNTABLE_DEMO: "0", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 300_000);
    server.stdout.on("data", (d) => {
      out += d;
      if (out.includes("running at")) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.once("exit", (code) => reject(new Error(`serve exited ${code}:\n${out}`)));
  });
  const file = JSON.parse(readFileSync(join(demoDir, "db", "accountable.server"), "utf8"));
  const fetchAlone = join(work, "fetch-alone.mjs");
  writeFileSync(
    fetchAlone,
    `const r = await fetch(${JSON.stringify(`${file.address}/api/workspaces/${seeded.workspaceId}/opportunities`)}, {
  headers: { Authorization: ${JSON.stringify(`Local ${file.credential}`)}, "X-Accountable-Member": ${JSON.stringify(seeded.login.memberId)} },
});
if (!r.ok) throw new Error(String(r.status));
process.stdout.write(await r.text());
`,
  );
  line(
    `opp list --json, cold, embedded demo, a server running on the folder`,
    list,
    () => time(process.execPath, [fetchAlone]).s,
    "a bare node process sending the same request to that server",
    { text: "< 1 s", check: (s) => s < 1 },
  );
  server.kill("SIGTERM");
  await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once("exit", resolve)));
  server = undefined;

  // 3. init on a new folder.
  let n = 0;
  const fresh = () => join(work, `new-${n++}`);
  line(
    "init, embedded, a new folder",
    () =>
      time(process.execPath, [
        BIN,
        "--data-dir",
        fresh(),
        "init",
        "--name",
        "Bench",
        "--admin-name",
        "Bea",
        "--admin-email",
        "bea@bench.test",
      ]).s,
    () => time(process.execPath, [pgliteAlone, join(fresh(), "db"), TEMPLATE]).s,
    "PGlite's own open–query–close of a new copy of the template folder",
    { text: "< 2 s", check: (s) => s < 2 },
  );
} finally {
  server?.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
