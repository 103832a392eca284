// Issue 14's speed line: 10,000 deal rows end to end on the embedded database — `accountable import deals.csv` on
// a freshly `init`ed folder, wall clock, as a user runs it — median of BENCH_REPEATS (default 3) fresh folders,
// with the load average before and after. `init`'s own time is printed beside it (not part of the figure). Goal:
// < 3 s on an idle machine. The baseline in the same run is the import of the header alone into the same folder
// (node's start, the database's open and close, the workspace's reads): what any import pays.
//
//   node bench/import-10k.bench.mjs           (after a build; BENCH_ROWS=10000 BENCH_REPEATS=3)
//   ACCOUNTABLE_TIMING=1 … prints the CLI's phases of each import on stderr.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../dist/accountable.js", import.meta.url));
if (!existsSync(BIN)) {
  console.error(`${BIN} is missing: build first (pnpm turbo run build --filter=@accountable/cli...)`);
  process.exit(1);
}
const rows = Number(process.env.BENCH_ROWS ?? 10_000);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

function time(args) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, DATABASE_URL: "", NO_COLOR: "1" },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`accountable ${args.join(" ")} exited ${r.status}\n${r.stderr}`);
  if (process.env.ACCOUNTABLE_TIMING) process.stderr.write(r.stderr);
  return { ms, stdout: r.stdout };
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
  const before = load();
  const runs = [];
  for (let i = 0; i < repeats; i++) {
    const dir = join(work, `folder-${i}`);
    const init = time([
      "--data-dir",
      dir,
      "init",
      "--name",
      "Bench",
      "--admin-name",
      "Bea",
      "--admin-email",
      "bea@bench.test",
    ]);
    const base = time(["--data-dir", dir, "import", empty, ...args]);
    const run = time(["--data-dir", dir, "import", csv, ...args]);
    const s = JSON.parse(run.stdout);
    if (s.imported !== rows)
      throw new Error(`imported ${s.imported} of ${rows}: ${JSON.stringify(s.rejections?.[0])}`);
    runs.push({ init: init.ms, base: base.ms, run: run.ms, inside: s.elapsedMs });
    rmSync(dir, { recursive: true, force: true });
  }
  const m = (k) => median(runs.map((r) => r[k]));
  console.log(
    `import ${rows.toLocaleString("en")} deal rows end to end, embedded database, fresh init'ed folder: median ${seconds(m("run"))} of ${repeats} (${runs.map((r) => seconds(r.run)).join(", ")}); inside the import ${seconds(m("inside"))}; baseline (the header alone, same folders) ${seconds(m("base"))}; init ${seconds(m("init"))} (not counted) [load average ${before} → ${load()}]`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
