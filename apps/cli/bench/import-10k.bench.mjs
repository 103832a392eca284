// Issue 14's speed line: 10,000 deal rows end to end on the embedded database — `accountable import deals.csv` on
// a freshly `init`ed folder, wall clock, as a user runs it — median of BENCH_REPEATS (default 3) fresh folders,
// with the load average before and after. `init`'s own time is printed beside it (not part of the figure). Goal:
// < 3 s on an idle machine. The baselines in the same run, on the same folders: the import of the header alone
// (node's start, the database's open and close, the workspace's reads: what any import pays), and PGlite's own
// open and close of the folder (no Accountable code at all).
//
//   node bench/import-10k.bench.mjs           (after a build; BENCH_ROWS=10000 BENCH_REPEATS=3)
//   BENCH_COMPARE=/other/checkout/apps/cli/dist/accountable.js …   also runs that build, interleaved with this
//                                             one (fresh folders for each, in turn), and prints its line too
//   ACCOUNTABLE_TIMING=1 … prints the CLI's phases of each import on stderr.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../dist/accountable.js", import.meta.url));
if (!existsSync(BIN)) {
  console.error(`${BIN} is missing: build first (pnpm turbo run build --filter=@accountable/cli...)`);
  process.exit(1);
}
const rows = Number(process.env.BENCH_ROWS ?? 10_000);
const builds = [
  { name: "this build", bin: BIN },
  ...(process.env.BENCH_COMPARE ? [{ name: process.env.BENCH_COMPARE, bin: process.env.BENCH_COMPARE }] : []),
];
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

// CPU seconds of this process's reaped children (user + system, /proc/self/stat's cutime and cstime, in clock
// ticks of 1/100 s): on a loaded machine, a run's CPU is steadier than its wall clock. null where there is no /proc.
function childCpu() {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

function time(args, bin = BIN) {
  const cpu = childCpu();
  const started = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, DATABASE_URL: "", NO_COLOR: "1" },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${bin} ${args.join(" ")} exited ${r.status}\n${r.stderr}`);
  if (process.env.ACCOUNTABLE_TIMING) process.stderr.write(r.stderr);
  return { ms, cpu: cpu === null ? null : childCpu() - cpu, stdout: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

/** Deals as a CRM exports them: names as owners' would be left out; early deals open, every tenth lost. */
function generatedCsv(n) {
  const lines = ["Deal ID,Deal,Account,Value,Currency,Stage,Close Date,Lost Because"];
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let i = 0; i < n; i++) {
    const lost = i % 10 === 9;
    const day = 1 + (i % 28);
    lines.push(
      [
        `D-${i}`,
        `"Deal ${i}, phase ${1 + (i % 3)}"`,
        `Account ${i % 2000}`,
        (1000 + Math.floor(rand() * 500_000) / 100).toFixed(2),
        i % 4 === 0 ? "USD" : "EUR",
        lost ? "closed_lost" : "prospecting",
        // Day first, as a European export writes them (day > 12 on most rows decides the format).
        `${day}/${1 + (i % 12)}/${lost ? 2025 : 2027}`,
        lost ? "went elsewhere" : "",
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

const work = mkdtempSync(join(tmpdir(), "accountable-import-10k-"));
try {
  const csv = join(work, "deals.csv");
  writeFileSync(csv, generatedCsv(rows));
  const empty = join(work, "header-only.csv");
  writeFileSync(empty, generatedCsv(0));
  const args = ["--map", "Deal ID=sourceId,Lost Because=lossReason", "--json"];
  // PGlite's own open and close of a folder, with the extension the schema uses: no Accountable code.
  const pgliteAlone = join(work, "pglite-alone.mjs");
  writeFileSync(
    pgliteAlone,
    `const { PGlite } = await import(${JSON.stringify(import.meta.resolve("@electric-sql/pglite"))});
const { pg_trgm } = await import(${JSON.stringify(import.meta.resolve("@electric-sql/pglite/contrib/pg_trgm"))});
const db = await PGlite.create(process.argv[2], { extensions: { pg_trgm } });
await db.query("select 1");
await db.close();
`,
  );
  const before = load();
  const runs = new Map(builds.map((b) => [b.name, []]));
  for (let i = 0; i < repeats; i++) {
    for (const build of builds) {
      const dir = join(work, `folder-${i}`);
      const init = time(
        [
          "--data-dir",
          dir,
          "init",
          "--name",
          "Bench",
          "--admin-name",
          "Bea",
          "--admin-email",
          "bea@bench.test",
        ],
        build.bin,
      );
      const started = performance.now();
      const alone = spawnSync(process.execPath, [pgliteAlone, join(dir, "db")], { encoding: "utf8" });
      if (alone.status !== 0) throw new Error(`PGlite alone exited ${alone.status}\n${alone.stderr}`);
      const pglite = performance.now() - started;
      const base = time(["--data-dir", dir, "import", empty, ...args], build.bin);
      const run = time(["--data-dir", dir, "import", csv, ...args], build.bin);
      const s = JSON.parse(run.stdout);
      if (s.imported !== rows)
        throw new Error(`imported ${s.imported} of ${rows}: ${JSON.stringify(s.rejections?.[0])}`);
      runs.get(build.name).push({
        init: init.ms,
        pglite,
        base: base.ms,
        run: run.ms,
        inside: s.elapsedMs,
        baseCpu: base.cpu,
        runCpu: run.cpu,
      });
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const after = load();
  for (const build of builds) {
    const all = runs.get(build.name);
    const m = (k) => median(all.map((r) => r[k]));
    console.log(
      `import ${rows.toLocaleString("en")} deal rows end to end, embedded database, fresh init'ed folder${builds.length > 1 ? ` (${build.name})` : ""}: median ${seconds(m("run"))} of ${repeats} (${all.map((r) => seconds(r.run)).join(", ")}); inside the import ${seconds(m("inside"))}; baselines on the same folders: the header alone ${seconds(m("base"))}, PGlite's own open and close ${seconds(m("pglite"))}; init ${seconds(m("init"))} (not counted)${all[0].runCpu === null ? "" : `; CPU (user + system) of the import ${seconds(m("runCpu"))}, of the header alone ${seconds(m("baseCpu"))}`} [load average ${before} → ${after}]`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
