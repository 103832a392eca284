// The CLI on each supported Node.js line, side by side in one run (issue 16). Not a test: it prints figures.
//
//   1. `accountable --help`, cold (a new process each time), with V8's compile cache (22+) and without it
//   2. `accountable opp list --json`, cold, on the embedded database holding the demo workspace
//   3. PGlite alone (open, one query, close) with V8's default WASM tiering and on the baseline compiler only,
//      the difference behind the CLI's choice in src/wasm-tiering.ts
//
// The runs are interleaved (every variant once, then again…) so a change of machine load hits all alike; each
// line gives the median, min and max wall time of a whole process. The Node.js binaries: this process's own (the
// machine's), and the npm registry's `node` package at the pinned versions below (`npx -y node@…`, as .ci/run
// gets 24); BENCH_NODES="path path …" names others instead. BENCH_RUNS (default 7) runs per variant.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PINNED = ["22.23.3", "24.21.0"];
const BIN = fileURLToPath(new URL("../dist/accountable.js", import.meta.url));
if (!existsSync(BIN)) {
  console.error(`${BIN} is missing: build first (pnpm turbo run build --filter=@accountable/cli...)`);
  process.exit(1);
}
const runs = Number(process.env.BENCH_RUNS ?? 7);

const nodes = (
  process.env.BENCH_NODES?.split(/\s+/).filter(Boolean) ?? [
    process.execPath,
    ...PINNED.map((v) =>
      execFileSync("npx", ["-y", `node@${v}`, "-p", "process.execPath"], { encoding: "utf8" }).trim(),
    ),
  ]
).map((path) => ({
  path,
  version: execFileSync(path, ["-p", "process.versions.node"], { encoding: "utf8" }).trim(),
}));

const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${cpus().length} CPUs`;

function time(node, args, env = {}) {
  const started = performance.now();
  const r = spawnSync(node, args, {
    env: { ...process.env, DATABASE_URL: "", NO_COLOR: "1", ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${node} ${args.join(" ")} exited ${r.status}\n${r.stderr}`);
  return ms;
}

const work = mkdtempSync(join(tmpdir(), "accountable-runtimes-"));
try {
  const demoDir = join(work, "demo");
  time(process.execPath, [BIN, "--data-dir", demoDir, "demo", "--json"]);
  const pgliteAlone = join(work, "pglite-alone.mjs");
  writeFileSync(
    pgliteAlone,
    `import { setFlagsFromString } from "node:v8";
if (process.argv[3] === "baseline") for (const f of ["--no-wasm-tier-up", "--no-wasm-dynamic-tiering"]) setFlagsFromString(f);
const { PGlite } = await import(${JSON.stringify(import.meta.resolve("@electric-sql/pglite"))});
const { pg_trgm } = await import(${JSON.stringify(import.meta.resolve("@electric-sql/pglite/contrib/pg_trgm"))});
const db = await PGlite.create(process.argv[2], { extensions: { pg_trgm } });
await db.query("select data from opportunities order by close_date, id limit 51");
await db.close();
`,
  );

  const variants = [];
  for (const n of nodes) {
    const major = Number.parseInt(n.version, 10);
    variants.push({ what: "--help", label: `${n.version}`, run: () => time(n.path, [BIN, "--help"]) });
    if (major >= 22)
      variants.push({
        what: "--help",
        label: `${n.version}, no compile cache`,
        run: () => time(n.path, [BIN, "--help"], { NODE_DISABLE_COMPILE_CACHE: "1" }),
      });
  }
  for (const n of nodes)
    variants.push({
      what: "opp list --json",
      label: n.version,
      run: () => time(n.path, [BIN, "--data-dir", demoDir, "opp", "list", "--json"]),
    });
  for (const n of nodes)
    for (const tiering of ["default", "baseline"])
      variants.push({
        what: "PGlite open, query, close",
        label: `${n.version}, ${tiering === "default" ? "default WASM tiering" : "baseline compiler only"}`,
        run: () => time(n.path, [pgliteAlone, join(demoDir, "db"), tiering]),
      });

  console.log(
    `Node.js ${nodes.map((n) => n.version).join(", ")}; ${runs} runs each, interleaved; at start: ${load()}`,
  );
  for (const v of variants) v.run(); // one warm-up each: the file cache, and the compile cache where there is one
  const times = variants.map(() => []);
  for (let i = 0; i < runs; i++) for (const [j, v] of variants.entries()) times[j].push(v.run());

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const ms = (x) => `${Math.round(x)} ms`;
  let what = "";
  for (const [j, v] of variants.entries()) {
    if (v.what !== what) {
      what = v.what;
      console.log(what);
    }
    const xs = times[j];
    console.log(
      `  Node.js ${v.label.padEnd(44)} median ${ms(median(xs)).padStart(8)}  min ${ms(Math.min(...xs)).padStart(8)}  max ${ms(Math.max(...xs)).padStart(8)}`,
    );
  }
  console.log(`at end: ${load()}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
