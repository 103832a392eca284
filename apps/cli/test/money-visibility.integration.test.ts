// Who sees money through the CLI, generated from the CLI's own command tree and the domain's permission matrix.
// Every read command — each `report`, each list `export` writes, each `<aggregate> list`, `show` and `history` —
// runs as a member of every role of PERMISSION_MATRIX, on the demo, on the embedded database and, with
// DATABASE_URL, on PostgreSQL. A read command added tomorrow is covered the day it is added: every leaf of the
// tree is either a read run here or named below as one that prints no record data.
//
// What each role must see comes from the domain, not from the reader under test: the member is resolved by the
// service (`service.viewer`), each record is described as its commands describe it (`recordResource`: its spec's
// `resource` over the account it is under) and
// `can()` decides (`service.viewerCan`) under the rule `moneyRuleOf` gives its kind. Then, in every JSON output:
// - a role whose `finance.read` and `quota.read` are both `never` sees no money value at all (every one masked),
//   except a brief's budgets, which the domain declares the client's figures, read with the brief by a role that
//   works on briefs (the planner), and masked from one that does not (the viewer: `maySeeClientFigures`);
// - a role granted both on every record (admin, director, finance) sees every value admin sees, none masked;
// - any other role sees, on every record a value belongs to, exactly what `can()` allows on that record: none
//   masked that it allows, none shown that it denies (totals over records are the reader's, computed over what
//   the member may see, and are counted, not judged here; a role reading only its own records may meet no
//   money it may not see);
// - a record the member may not read appears nowhere in a list or export.
// Tables, the client report and CSV print `masked` (never a figure) for the roles that see no money.
//
// Speed: the demo is seeded once per database by a real subprocess, and CSV exports run as real subprocesses
// (every list for the viewer, the deals for the other roles that see no money); every other case calls the CLI's program in-process (the same parse, the same command modules), so the
// cost is the commands' own, not a node start each.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ACTIONS,
  type Action,
  type Actor,
  mayEverSee,
  maySeeClientFigures,
  moneyRuleOf,
  PERMISSION_MATRIX,
  type ResourceKind,
  ROLES,
  type Role,
} from "@accountable/domain";
import { type AggregateType, createService, REGISTRY, recordResource } from "@accountable/service";
import { openDatabase } from "@accountable/store";
import { createTestDatabase, type TestDatabase } from "@accountable/store/testing";
import { CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGGREGATE_LISTS, AGGREGATE_NAMES } from "../src/aggregates.ts";
import { CsvParser } from "../src/csv.ts";
import { buildProgram } from "../src/program.ts";
import { keepDatabasesOpen } from "../src/runtime.ts";
import {
  EXPORTS,
  isRead,
  LEAVES,
  MONEY_TEXT,
  moneyIn,
  NOT_READ_VERBS,
  NOT_READS,
  REPORTS,
  readCommands,
  recordIdsIn,
  withVerb,
} from "./read-commands.ts";
import { assertBuilt, cli, cliJson } from "./run-cli.ts";

const serverUrl = process.env.DATABASE_URL;
interface Ran {
  readonly code: number;
  readonly stdout: string;
}

/** The CLI's program in this process, its output captured. */
async function inProcess(args: readonly string[], env: { databaseUrl?: string }): Promise<Ran> {
  let stdout = "";
  const write = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  const savedUrl = process.env.DATABASE_URL;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  if (env.databaseUrl) process.env.DATABASE_URL = env.databaseUrl;
  else delete process.env.DATABASE_URL;
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync(["node", "accountable", ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } finally {
    process.stdout.write = write;
    process.stderr.write = errWrite;
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout };
}

/** How far a role's money rules reach, from the matrix. */
type Reach = "all" | "none" | "some";
const reachOf = (role: Role): Reach => {
  if (role === "admin") return "all";
  const rules = [PERMISSION_MATRIX[role]["finance.read"], PERMISSION_MATRIX[role]["quota.read"]];
  if (rules.every((r) => r === "always")) return "all";
  if (rules.every((r) => r === "never")) return "none";
  return "some";
};

/** What the domain says a member may see of each record: read it at all, and its money. */
interface Expected {
  readonly readable: ReadonlySet<string>;
  readonly money: ReadonlySet<string>;
}

/** The figures of one role's run, for the closing table. */
interface Figures {
  commands: number;
  refused: number;
  shown: number;
  masked: number;
  briefFigures: number;
  totals: number;
  leaks: string[];
}

const DRIVERS = [
  { name: "the embedded database", skip: false, postgres: false },
  { name: "PostgreSQL (DATABASE_URL)", skip: !serverUrl, postgres: true },
] as const;

for (const driver of DRIVERS) {
  describe.skipIf(driver.skip)(`who sees money through the CLI, on ${driver.name}`, () => {
    let dataDir: string;
    let database: TestDatabase | undefined;
    let account: string;
    const memberOf = new Map<Role, string>();
    /** Every record of the demo by id, with its aggregate (read as admin). */
    const known = new Map<string, AggregateType>();
    const records = new Map<AggregateType, { id: string }[]>();
    const expected = new Map<Role, Expected>();
    /** What admin saw per command (the money values), for the roles that must see the same. */
    const adminSaw = new Map<string, number>();
    const figures = new Map<Role, Figures>();
    const env = () => ({
      ACCOUNTABLE_DATA_DIR: dataDir,
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    const run = (args: readonly string[]) =>
      inProcess(["--data-dir", dataDir, ...args], database ? { databaseUrl: database.url } : {});
    // The in-process commands share one open database (an embedded one would otherwise boot ~700 times); it is
    // released before a command runs in a process of its own, which must be able to open the folder.
    let kept: ReturnType<typeof keepDatabasesOpen>;
    const inOwnProcess: typeof cli = async (...args) => {
      await kept.release();
      return cli(...args);
    };

    beforeAll(async () => {
      assertBuilt();
      kept = keepDatabasesOpen();
      dataDir = mkdtempSync(join(tmpdir(), "accountable-cli-money-"));
      if (driver.postgres) database = await createTestDatabase(serverUrl!);
      await cliJson(["demo", "--deals", "60", "--seed", "5"], 0, { env: env() });
      // Every record, as admin reads it (admin sees all): what the other roles are judged against.
      for (const aggregate of AGGREGATE_NAMES) {
        const list = AGGREGATE_LISTS[aggregate];
        const rows =
          list === null
            ? [{ id: "demo" }]
            : JSON.parse((await run(["--json", "export", list, "--format", "json"])).stdout);
        records.set(aggregate, rows);
        for (const r of rows) known.set(r.id, aggregate);
      }
      for (const m of records.get("member") as { id: string; role: Role; active: boolean }[])
        if (m.active && !memberOf.has(m.role)) memberOf.set(m.role, m.id);
      account = records.get("account")![0]!.id;

      // The domain's answer for each role's member, with the database open here (the CLI's kept one closed).
      await kept.release();
      const handle = await openDatabase(
        database
          ? { kind: "postgres", url: database.url }
          : { kind: "embedded", dataDir: join(dataDir, "db") },
      );
      try {
        const service = createService({ db: handle.db });
        for (const [role, memberId] of memberOf) {
          const found = await service.viewer("demo", memberId);
          if (!found.ok) throw new Error(`${memberId}: ${found.error.message}`);
          const viewer = found.value;
          const actor: Actor = viewer.actor;
          const readable = new Set<string>();
          const money = new Set<string>();
          for (const [aggregate, rows] of records) {
            // One aggregate's spec, as the checks below use it (REGISTRY's union is too wide to call through).
            const spec = REGISTRY[aggregate];
            const kind: ResourceKind = spec.resourceKind;
            const rule = moneyRuleOf(kind);
            const full = rows as unknown as { id: string; status: string }[];
            // A record is the member's to read by `<kind>.read` on it; a kind with no read action (the people,
            // the workspace) every member reads.
            const read = `${kind}.read`;
            for (const row of full) {
              // Described as its commands describe it (its owner, its account's owner and team).
              const resource = () => recordResource(viewer.scope, spec, row);
              if (
                (ACTIONS as readonly string[]).includes(read) &&
                !(await service.viewerCan(viewer, read as Action, await resource())).allowed
              )
                continue;
              readable.add(row.id);
              const sees =
                rule.by === "client"
                  ? maySeeClientFigures(actor)
                  : rule.by === "role"
                    ? mayEverSee(actor, rule.guard)
                    : (await service.viewerCan(viewer, rule.guard, { ...(await resource()), kind })).allowed;
              if (sees) money.add(row.id);
            }
          }
          expected.set(role, { readable, money });
        }
      } finally {
        await handle.close();
      }
    }, 400_000);

    afterAll(async () => {
      await kept?.stop();
      if (figures.size > 0) {
        const rows = [...figures].map(
          ([role, f]) =>
            `${role.padEnd(18)} ${reachOf(role).padEnd(5)} ${String(f.commands).padStart(4)} commands, ${String(f.refused).padStart(3)} refused, ${String(f.shown).padStart(6)} shown, ${String(f.masked).padStart(6)} masked, ${String(f.briefFigures).padStart(4)} brief figures, ${String(f.totals).padStart(5)} totals, ${f.leaks.length} leaks`,
        );
        process.stdout.write(`\nMoney through the CLI on ${driver.name}:\n${rows.join("\n")}\n`);
      }
      await database?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it("covers every read command of the CLI, and has a member of every role of the matrix", () => {
      const unclassified = LEAVES.map(([p]) => p).filter(
        (p) => !isRead(p) && !NOT_READS.has(p.split(" ")[0]!) && !NOT_READ_VERBS.has(p.split(" ")[1] ?? ""),
      );
      expect(unclassified).toEqual([]);
      expect(REPORTS.map((c) => c.name())).toEqual(
        expect.arrayContaining(["pnl", "client", "pipeline", "metrics"]),
      );
      expect(EXPORTS).toEqual(expect.arrayContaining(["opportunities", "contracts", "invoices", "costs"]));
      expect(withVerb("history").length).toBe(AGGREGATE_NAMES.length);
      for (const role of ROLES) expect(memberOf.get(role), role).toBeDefined();
      expect(ROLES.filter((r) => reachOf(r) === "none")).toEqual(
        expect.arrayContaining(["viewer", "assistant", "account_planner"]),
      );
    });

    const commands = () => readCommands(records, account);

    // Admin first: what it sees is what the roles granted everything must see.
    const ORDERED = [...ROLES].sort((a, b) => (a === "admin" ? -1 : b === "admin" ? 1 : 0));

    it.each(ORDERED)(
      "a member whose role is %s sees the money the matrix lets them see, and no other",
      async (role) => {
        const reach = reachOf(role);
        const mine = expected.get(role)!;
        const f: Figures = {
          commands: 0,
          refused: 0,
          shown: 0,
          masked: 0,
          briefFigures: 0,
          totals: 0,
          leaks: [],
        };
        figures.set(role, f);
        const as = ["--as", memberOf.get(role)!];
        for (const c of commands()) {
          const ran = await run([...as, "--json", ...c.args]);
          f.commands++;
          // Refused (a report the role may not read: 4) or not found (a record it may not read: 3) shows nothing.
          if (ran.code === 3 || ran.code === 4) {
            f.refused++;
            if (reach === "all")
              f.leaks.push(`${c.name}: refused (exit ${ran.code}) to a role that reads everything`);
            if (c.target && ran.code === 3 && mine.readable.has(c.target))
              f.leaks.push(`${c.name}: not found, though the member may read it`);
            continue;
          }
          expect(ran.code, `${c.name} as ${role}`).toBe(0);
          const json = JSON.parse(ran.stdout);
          if (c.target && !mine.readable.has(c.target))
            f.leaks.push(`${c.name}: shown to a member who may not read it`);
          if (c.name.startsWith("export ") || c.name.endsWith(" list"))
            for (const id of recordIdsIn(json, known))
              if (!mine.readable.has(id))
                f.leaks.push(`${c.name}: lists ${id}, which the member may not read`);
          const found = moneyIn(json, known, c.target);
          if (reach === "all" && role !== "admin" && found.length !== adminSaw.get(c.name))
            f.leaks.push(`${c.name}: ${found.length} money values, admin sees ${adminSaw.get(c.name)}`);
          if (role === "admin") adminSaw.set(c.name, found.length);
          for (const m of found) {
            if (m.shown) f.shown++;
            else f.masked++;
            const brief = m.recordId !== undefined && known.get(m.recordId) === "brief";
            if (m.recordId === undefined) f.totals++;
            if (brief && m.shown) f.briefFigures++;
            const where = `${c.name} ${m.path}${m.recordId ? ` (${m.recordId})` : ""}`;
            if (reach === "all") {
              if (!m.shown) f.leaks.push(`${where}: masked from a role that sees all money`);
            } else if (reach === "none") {
              // The only money such a role may see is a brief's budgets, which the domain says are the client's,
              // and only if its role works on briefs (the planner; never the viewer).
              if (m.shown && !(brief && maySeeClientFigures({ role })))
                f.leaks.push(`${where}: shown to a role that sees no money`);
            } else if (m.recordId !== undefined) {
              const allowed = mine.money.has(m.recordId);
              if (m.shown && !allowed) f.leaks.push(`${where}: shown, though can() denies it`);
              if (!m.shown && allowed) f.leaks.push(`${where}: masked, though can() allows it`);
            }
          }
        }
        expect(f.leaks).toEqual([]);
        if (reach !== "none") expect(f.shown).toBeGreaterThan(0);
        if (reach === "all") expect(f.masked).toBe(0);
        // (A role that reads only its own records, such as an account manager, may meet no money it may not see.)
        if (reach === "none") expect(f.masked).toBeGreaterThan(0);
        if (!maySeeClientFigures({ role })) expect(f.briefFigures).toBe(0);
      },
      900_000,
    );

    const blind = ROLES.filter((r) => reachOf(r) === "none");

    it.each(blind)(
      "a member whose role is %s reads tables and the client report with every figure 'masked'",
      async (role) => {
        const as = ["--as", memberOf.get(role)!];
        const leaks: string[] = [];
        let printed = 0;
        // The renderers: every report and every list (a record's page prints its fields with the same `show`).
        for (const c of commands().filter((x) => x.name.startsWith("report ") || x.name.endsWith(" list"))) {
          // Briefs carry the client's budgets, which the domain shows with the brief to a role that works on
          // briefs (the client report's table of briefs too: a line naming a brief is left out below for it).
          const clientFigures = maySeeClientFigures({ role });
          if (clientFigures && c.name.startsWith("brief ")) continue;
          const ran = await run([...as, ...c.args]);
          if (ran.code !== 0) continue;
          printed++;
          const briefs = clientFigures
            ? (records.get("brief") as unknown as { title: string }[]).map((b) => b.title)
            : [];
          const line = ran.stdout
            .split("\n")
            .find((l) => MONEY_TEXT.test(l) && !briefs.some((title) => l.includes(title)));
          if (line) leaks.push(`${c.name}: ${line.trim()}`);
        }
        expect(leaks).toEqual([]);
        expect(printed).toBeGreaterThan(0);
      },
      900_000,
    );

    // Every list for the viewer (who reads every record), the deals for the other roles that see no money.
    it.each(blind)(
      "a member whose role is %s gets CSV exports, in a real process, with 'masked' in every amount cell",
      async (role) => {
        const leaks: string[] = [];
        let masked = 0;
        // Each list readable, and the deals also in the import's format.
        const exports = [
          ...(role === "viewer" ? EXPORTS : ["opportunities"]).map((list) => [list]),
          ["opportunities", "--format", "import"],
        ];
        for (const [list, ...format] of exports) {
          if (list === "briefs" && maySeeClientFigures({ role })) continue; // the client's budgets: see above
          const ran = await inOwnProcess(["--as", memberOf.get(role)!, "export", list!, ...format], {
            env: env(),
          });
          expect(ran.code, `${list}: ${ran.stderr}`).toBe(0);
          const parser = new CsvParser(",");
          const [header = [], ...rows] = [...parser.push(ran.stdout), ...parser.end()].filter(
            (r) => r.length > 1,
          );
          for (const row of rows)
            header.forEach((h, i) => {
              const cell = row[i] ?? "";
              if (cell === "masked") masked++;
              if (/currency$/i.test(h) && cell !== "") leaks.push(`${list} ${h}: ${cell}`);
              if (/"amount":\s*\d/.test(cell) || MONEY_TEXT.test(cell)) leaks.push(`${list} ${h}: ${cell}`);
            });
        }
        expect(leaks).toEqual([]);
        expect(masked).toBeGreaterThan(0);
      },
      300_000,
    );

    it("sweep, which writes and prints what it did, is refused (exit 4) to every role that may not change the settings, as the API refuses it", async () => {
      const refused = ROLES.filter(
        (r) => r !== "admin" && PERMISSION_MATRIX[r]["settings.write"] === "never",
      );
      expect(refused.length).toBeGreaterThan(0);
      for (const role of refused) {
        const ran = await run(["--as", memberOf.get(role)!, "--json", "sweep"]);
        expect(ran.code, role).toBe(4);
        expect(JSON.parse(ran.stdout).error._tag, role).toBe("NotPermitted");
      }
    }, 300_000);

    it("an admin's CSV export, in a real process, writes a figure in every amount cell", async () => {
      const ran = await inOwnProcess(["--as", memberOf.get("admin")!, "export", "opportunities"], {
        env: env(),
      });
      expect(ran.code, ran.stderr).toBe(0);
      const parser = new CsvParser(",");
      const [header, ...rows] = [...parser.push(ran.stdout), ...parser.end()].filter((r) => r.length > 1);
      const amount = header!.indexOf("amount");
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row[amount]).toMatch(/^\d+(\.\d+)?$/);
    }, 120_000);
  });
}
