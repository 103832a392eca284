// Who sees money through the CLI. Every report (the subcommands of `report` in the CLI's own command tree) and
// every export (each list `export` writes) runs for members of the roles granted `finance.read` and `quota.read`
// on every record, on the demo, on the embedded database and, with DATABASE_URL, on PostgreSQL: they see every
// amount, nothing masked. A report or list added tomorrow is covered the day it is added. (The other half — a
// role never granted `finance.read` sees no amount — needs the CLI's local reads to go through the service's
// reader; it comes with that change.)
//
// Speed: the demo is seeded once per database by a real subprocess, and one real subprocess per database runs
// a CSV export; every other case calls the CLI's program in-process (the same parse, the same command modules),
// so the cost is the commands' own, not a node start each.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMasked, PERMISSION_MATRIX, ROLES, type Role } from "@accountable/domain";
import { createTestDatabase, type TestDatabase } from "@accountable/store/testing";
import { type Command, CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGGREGATE_LISTS } from "../src/aggregates.ts";
import { CsvParser } from "../src/csv.ts";
import { buildProgram } from "../src/program.ts";
import { assertBuilt, cli, cliJson } from "./run-cli.ts";

const serverUrl = process.env.DATABASE_URL;

/** The reports, as the CLI declares them. */
const REPORTS: readonly Command[] =
  buildProgram()
    .commands.find((c) => c.name() === "report")
    ?.commands.filter((c) => c.commands.length === 0) ?? [];
/** The lists `export` writes, as the CLI declares them. */
const EXPORTS = Object.values(AGGREGATE_LISTS).filter((l): l is NonNullable<typeof l> => l !== null);

const quarterOf = (d: Date) => `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
const now = new Date();
const lastQuarter = quarterOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 15)));

/** What a report's required arguments and period option are given (an unknown one fails the test by name). */
function reportArgs(cmd: Command, account: string): string[] {
  const args = ["report", cmd.name()];
  for (const a of cmd.registeredArguments) {
    if (!a.required) continue;
    if (a.name() !== "account") throw new Error(`report ${cmd.name()}: say what <${a.name()}> to give here`);
    args.push(account);
  }
  if (cmd.options.some((o) => o.long === "--period")) args.push("--period", lastQuarter);
  for (const o of cmd.options)
    if (o.mandatory && o.long !== "--period")
      throw new Error(`report ${cmd.name()}: say what ${o.long} to give here`);
  return args;
}

/** Every money value in a JSON value: `{ amount: number, currency }` objects, and how many were masked. */
function moneyIn(value: unknown, found = { shown: 0, masked: 0 }): { shown: number; masked: number } {
  if (isMasked(value)) found.masked++;
  else if (Array.isArray(value)) for (const v of value) moneyIn(v, found);
  else if (typeof value === "object" && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o.amount === "number" && typeof o.currency === "string") found.shown++;
    else for (const v of Object.values(o)) moneyIn(v, found);
  }
  return found;
}

/** The roles granted `finance.read` and `quota.read` on every record, from the matrix. */
const SEEING = ROLES.filter(
  (r) =>
    r === "admin" ||
    (PERMISSION_MATRIX[r]["finance.read"] === "always" && PERMISSION_MATRIX[r]["quota.read"] === "always"),
);

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
    const env = () => ({
      ACCOUNTABLE_DATA_DIR: dataDir,
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    const run = (args: readonly string[]) =>
      inProcess(["--data-dir", dataDir, ...args], database ? { databaseUrl: database.url } : {});

    beforeAll(async () => {
      assertBuilt();
      dataDir = mkdtempSync(join(tmpdir(), "accountable-cli-money-"));
      if (driver.postgres) database = await createTestDatabase(serverUrl!);
      await cliJson(["demo", "--deals", "60", "--seed", "5"], 0, { env: env() });
      const members = await cliJson<{ id: string; role: Role; active: boolean }[]>(
        ["export", "members", "--format", "json"],
        0,
        { env: env() },
      );
      for (const m of members) if (m.active && !memberOf.has(m.role)) memberOf.set(m.role, m.id);
      const accounts = await cliJson<{ id: string }[]>(["export", "accounts", "--format", "json"], 0, {
        env: env(),
      });
      account = accounts[0]!.id;
    }, 240_000);

    afterAll(async () => {
      await database?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it("has every report and export to try, and a member of each role to try them as", () => {
      expect(REPORTS.map((c) => c.name())).toEqual(expect.arrayContaining(["pnl", "client", "pipeline"]));
      expect(EXPORTS).toEqual(expect.arrayContaining(["opportunities", "contracts", "invoices", "costs"]));
      expect(SEEING).toEqual(expect.arrayContaining(["admin", "finance"]));
      for (const role of SEEING) expect(memberOf.get(role), role).toBeDefined();
    });

    /** Every command, as JSON: the report's arguments or the export's list. */
    const commands = () => [
      ...REPORTS.map((c) => ({ name: `report ${c.name()}`, args: reportArgs(c, account) })),
      ...EXPORTS.map((l) => ({ name: `export ${l}`, args: ["export", l, "--format", "json"] })),
    ];

    it.each(SEEING)(
      "a member whose role is %s sees every amount, none masked",
      async (role) => {
        const as = ["--as", memberOf.get(role)!];
        let shown = 0;
        const hidden: string[] = [];
        for (const c of commands()) {
          const json = await run([...as, "--json", ...c.args]);
          expect(json.code, `${c.name} as ${role}`).toBe(0);
          const money = moneyIn(JSON.parse(json.stdout));
          shown += money.shown;
          if (money.masked > 0) hidden.push(`${c.name}: ${money.masked} masked`);
        }
        expect(hidden).toEqual([]);
        expect(shown).toBeGreaterThan(0);
      },
      600_000,
    );

    it("an admin's CSV export, in a real process, writes a figure in every amount cell", async () => {
      const ran = await cli(["--as", memberOf.get("admin")!, "export", "opportunities"], { env: env() });
      expect(ran.code, ran.stderr).toBe(0);
      const parser = new CsvParser(",");
      const [header, ...rows] = [...parser.push(ran.stdout), ...parser.end()].filter((r) => r.length > 1);
      const amount = header!.indexOf("amount");
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row[amount]).toMatch(/^\d+(\.\d+)?$/);
    }, 120_000);
  });
}
