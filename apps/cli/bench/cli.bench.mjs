// The CLI's benchmark (issue 5), run by `pnpm bench` in apps/cli after a build. Not a test: it prints figures.
//
//   1. `accountable --help`, cold, beside `node -e 0` (goal ≤ 1.5×)
//   2. `accountable opp list --json`, cold, on the embedded database holding the demo workspace (goal < 1 s),
//      beside PGlite's own open–query–close, with the CLI's phases (ACCOUNTABLE_TIMING); then the same beside a
//      server running on the folder (the command goes through it) against a copy of the folder without one
//   3. `accountable import` of generated deal rows into the embedded database and into PostgreSQL
//      (DATABASE_URL; skipped without it), in rows/s
//
// Environment: BENCH_RUNS (default 20 for --help, half that for the list), BENCH_ROWS (default 100000),
// BENCH_SKIP_IMPORT=1 to stop after 2.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../dist/accountable.js", import.meta.url));
if (!existsSync(BIN)) {
  console.error(`${BIN} is missing: build first (pnpm turbo run build --filter=@accountable/cli...)`);
  process.exit(1);
}
const runs = Number(process.env.BENCH_RUNS ?? 20);
const rowCount = Number(process.env.BENCH_ROWS ?? 100_000);
const require = createRequire(import.meta.url);

function time(args, env = {}) {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, {
    // Only the PostgreSQL import names a server: everything else runs on the embedded database.
    env: { ...process.env, DATABASE_URL: "", NO_COLOR: "1", ...env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}\n${r.stderr}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}

const stats = (xs) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, sd, min: Math.min(...xs) };
};
const show = (s) => `${Math.round(s.mean)} ms ± ${Math.round(s.sd)} (min ${Math.round(s.min)})`;
const load = () => {
  try {
    return ` [load average ${require("node:os").loadavg()[0].toFixed(1)} on ${require("node:os").cpus().length} CPUs]`;
  } catch {
    return "";
  }
};

/** Alternates the commands so that a change of machine load hits both alike. */
function compare(n, ...commands) {
  const times = commands.map(() => []);
  for (let i = 0; i < n; i++) for (const [j, c] of commands.entries()) times[j].push(c().ms);
  return times.map(stats);
}

/**
 * 2b. The same read beside a server running on the folder (`accountable serve`): the command goes through it, and
 * nothing boots a database; beside it, the same command on a copy of the folder with no server, in turn.
 */
async function besideServer(demoDir, copyDir) {
  cpSync(demoDir, copyDir, { recursive: true });
  const server = spawn(process.execPath, [BIN, "--data-dir", demoDir, "serve", "--port", "0"], {
    env: { ...process.env, DATABASE_URL: "", NO_COLOR: "1", ACCOUNTABLE_DEMO: "0", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
    });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 180_000);
      server.stdout.on("data", () => {
        if (out.includes("running at")) {
          clearTimeout(timer);
          resolve();
        }
      });
      server.once("exit", (code) => reject(new Error(`serve exited ${code}:\n${out}`)));
    });
    const read = (dir) => () => time([BIN, "--data-dir", dir, "opp", "list", "--json"]);
    if (read(demoDir)().stdout !== read(copyDir)().stdout)
      throw new Error("opp list --json printed differently through the server and locally");
    const [through, local] = compare(Math.max(3, Math.round(runs / 2)), read(demoDir), read(copyDir));
    console.log(
      `opp list --json, cold, beside a server running on the folder: ${show(through)}; the same without a server: ${show(local)}; ratio ${(through.mean / local.mean).toFixed(2)}×${load()}`,
    );
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) =>
      server.exitCode !== null || server.signalCode !== null ? resolve() : server.once("exit", resolve),
    );
  }
}

// 1. --help beside node -e 0 ---------------------------------------------------------------------------------
if (!process.env.BENCH_ONLY_IMPORT) {
  time([BIN, "--help"]); // warm the file cache, as any second run would be
  const [node, help] = compare(
    runs,
    () => time(["-e", "0"]),
    () => time([BIN, "--help"]),
  );
  console.log(
    `--help cold start: ${show(help)}; node -e 0: ${show(node)}; ratio ${(help.mean / node.mean).toFixed(2)}× (goal ≤ 1.5×)${load()}`,
  );
}

// 2. opp list --json on the demo ---------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), "accountable-bench-"));
try {
  if (!process.env.BENCH_ONLY_IMPORT) {
    const demoDir = join(work, "demo");
    const seeded = JSON.parse(time([BIN, "--data-dir", demoDir, "demo", "--json"]).stdout);
    const pgliteAlone = join(work, "pglite-alone.mjs");
    writeFileSync(
      pgliteAlone,
      `const { PGlite } = await import(${JSON.stringify(import.meta.resolve("@electric-sql/pglite"))});
const { pg_trgm } = await import(${JSON.stringify(import.meta.resolve("@electric-sql/pglite/contrib/pg_trgm"))});
const db = await PGlite.create(process.argv[2], { extensions: { pg_trgm } });
await db.query("select data from opportunities order by close_date, id limit 51");
await db.close();
`,
    );
    const phases = [];
    const list = () => {
      const r = time([BIN, "--data-dir", demoDir, "opp", "list", "--json"], { ACCOUNTABLE_TIMING: "1" });
      const line = r.stderr.split("\n").find((l) => l.startsWith("timing: "));
      if (line)
        phases.push(
          Object.fromEntries(
            [...line.matchAll(/([a-z ]+?) (\d+) ms/g)].map((m) => [m[1].trim(), Number(m[2])]),
          ),
        );
      return r;
    };
    list();
    const [cli, alone, node] = compare(
      Math.max(3, Math.round(runs / 2)),
      list,
      () => time([pgliteAlone, join(demoDir, "db")]),
      () => time(["-e", "0"]),
    );
    const phase = (name) => Math.round(stats(phases.map((p) => p[name] ?? 0)).mean);
    console.log(
      `opp list --json, cold, embedded demo (${seeded.opportunities} deals): ${show(cli)} (goal < 1 s); PGlite's own open, query and close: ${show(alone)}; node -e 0: ${show(node)}${load()}`,
    );
    console.log(
      `  phases (mean): node start and command code ${phase("node start and command code")} ms, database open ${phase("database open")} ms, command ${phase("command")} ms, database close ${phase("database close")} ms`,
    );
    await besideServer(demoDir, join(work, "demo-copy"));
  }
  // 3. import ----------------------------------------------------------------------------------------------------
  if (process.env.BENCH_SKIP_IMPORT) process.exit(0);
  const csv = join(work, "deals.csv");
  writeFileSync(csv, generatedCsv(rowCount));
  // The baseline, in the same run and data folder: an import of the header alone (node start, the database's
  // open and close, the workspace's reads) — what every import pays whatever its size.
  const empty = join(work, "header-only.csv");
  writeFileSync(empty, generatedCsv(0));
  const importInto = (name, env, dataDir) => {
    time(
      [
        BIN,
        "--data-dir",
        dataDir,
        "init",
        "--name",
        "Bench",
        "--admin-name",
        "Bea",
        "--admin-email",
        "bea@bench.test",
      ],
      env,
    );
    const base = time([BIN, "--data-dir", dataDir, "import", empty, "--json"], env);
    const r = time([BIN, "--data-dir", dataDir, "import", csv, "--json"], env);
    const s = JSON.parse(r.stdout);
    console.log(
      `import ${s.read.toLocaleString("en")} rows, ${name}: ${(r.ms / 1000).toFixed(1)} s = ${Math.round(s.read / (r.ms / 1000)).toLocaleString("en")} rows/s end to end (${Math.round(s.rowsPerSecond).toLocaleString("en")} rows/s inside the import; ${s.imported} imported, ${s.rejected} rejected, ${s.skipped} skipped, ${s.accountsCreated} accounts created); baseline, the header alone in the same run: ${(base.ms / 1000).toFixed(1)} s${load()}`,
    );
  };
  importInto("embedded", {}, join(work, "embedded"));
  const url = process.env.DATABASE_URL;
  if (!url) console.log("import, PostgreSQL: skipped (DATABASE_URL is not set)");
  else {
    const pg = require("pg");
    const name = `accountable_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const target = new URL(url);
      target.pathname = `/${name}`;
      importInto("PostgreSQL", { DATABASE_URL: target.toString() }, join(work, "pg"));
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * Deal rows with the generic import's column names: 2,000 accounts named in the rows (created on import), two
 * currencies, most deals in the first stage, one in ten lost with a reason in 2025 (stages a default workspace
 * accepts for new deals); every row imports (the bench fails on another exit code). Deterministic.
 */
function generatedCsv(n) {
  const lines = ["sourceId,name,accountName,amount,currency,stage,closeDate,lossReason"];
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let i = 0; i < n; i++) {
    const lost = i % 10 === 9;
    const month = String(1 + (i % 12)).padStart(2, "0");
    lines.push(
      [
        `bench-${i}`,
        `"Deal ${i}, phase ${1 + (i % 3)}"`,
        `Account ${i % 2000}`,
        (1000 + Math.floor(rand() * 500_000) / 100).toFixed(2),
        i % 4 === 0 ? "USD" : "EUR",
        lost ? "closed_lost" : "prospecting",
        // A lost deal closed in the past (a close still ahead is refused); an open one closes next year.
        `${lost ? 2025 : 2027}-${month}-${String(1 + (i % 28)).padStart(2, "0")}`,
        lost ? "went elsewhere" : "",
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
