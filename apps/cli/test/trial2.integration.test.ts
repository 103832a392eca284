// What the second new-user trial of the CLI tripped over, in real processes on both drivers (PostgreSQL with
// DATABASE_URL): a stage by its label and a deal type by its words on opp create, --account on every list that
// filters by account (with a did-you-mean that never names the flag typed), an import owner given by a last name
// only one member has, an id-like column suggested as the source id, and history's moments read to the minute.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@accountable/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cli, cliJson } from "./run-cli.ts";

const SLOW = 240_000;
const serverUrl = process.env.DATABASE_URL;

interface Executed {
  readonly id: string;
  readonly state: Record<string, unknown>;
}

const DRIVERS = [
  { name: "the embedded database", postgres: false },
  { name: "PostgreSQL", postgres: true },
] as const;

describe.each(DRIVERS)("the second trial's findings on $name", ({ postgres }) => {
  const skip = postgres && !serverUrl;
  let database: TestDatabase | undefined;
  let dataDir: string;
  const env = () => ({
    ACCOUNTABLE_DATA_DIR: dataDir,
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  const run = (...args: string[]) => cli(args, { env: env() });
  const json = <T = Executed>(args: string[], expected = 0) => cliJson<T>(args, expected, { env: env() });
  let atlas = "";

  beforeAll(async () => {
    if (skip) return;
    assertBuilt();
    if (postgres) database = await createTestDatabase(serverUrl!);
    dataDir = mkdtempSync(join(tmpdir(), "accountable-cli-trial2-"));
    await json([
      "init",
      "--name",
      "Trial Agency",
      "--admin-name",
      "Ada Park",
      "--admin-email",
      "ada@trial.test",
    ]);
    for (const [name, email] of [
      ["Amir Andersen", "amir@trial.test"],
      ["Kim Lee", "kim@trial.test"],
      ["Bo Lee", "bo@trial.test"],
    ] as const)
      await json(["member", "create", name, "--email", email, "--role", "account_executive"]);
    atlas = (await json(["account", "create", "Atlas Market", "--owner", "amir@trial.test"])).id;
  }, SLOW);

  afterAll(async () => {
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(skip)(
    "opp create takes a stage by its label and a deal type by its words, any case; a miss names the nearest",
    async () => {
      const deal = await json([
        "opp",
        "create",
        "Test",
        "--account",
        "Atlas Market",
        "--amount",
        "1000",
        "--close-date",
        "2027-01-31",
        "--stage",
        "Prospecting",
        "--type",
        "New-Business",
      ]);
      expect(deal.state).toMatchObject({ stageId: "prospecting", type: "new_business" });
      const byWords = await json([
        "opp",
        "create",
        "Second",
        "--account",
        atlas,
        "--amount",
        "500",
        "--close-date",
        "2027-02-28",
        "--stage",
        " PROSPECTING",
        "--type",
        "new business",
      ]);
      expect(byWords.state).toMatchObject({ stageId: "prospecting", type: "new_business" });
      const stage = await run(
        "opp",
        "create",
        "X",
        "--account",
        atlas,
        "--stage",
        "Propsal",
        "--type",
        "upsell",
      );
      expect(stage.code).toBe(2);
      // Only the stages a new deal may start in are suggested; the one meant is said as a move for later.
      expect(stage.stderr).toContain(
        '--stage "Propsal" is not a stage new deals of the New business pipeline start in (they start in prospecting (Prospecting)); Proposal comes later',
      );
      const type = await run("opp", "create", "X", "--account", atlas, "--type", "new-busines");
      expect(type.code).toBe(2);
      expect(type.stderr).toContain('--type "new-busines" is not a deal type — did you mean new_business?');
      const update = await run("opp", "update", deal.id, "--type", "Renewal");
      expect(update.code, update.stderr).toBe(0);
      // The list filter reads a label as well.
      const listed = await json<{ items: { id: string }[] }>([
        "opp",
        "list",
        "--stage",
        "Prospecting,Negotiation",
      ]);
      expect(listed.items.map((d) => d.id).sort()).toEqual([deal.id, byWords.id].sort());
    },
    SLOW,
  );

  it.skipIf(skip)(
    "every list filters by account with --account (the old --account-id still works); a misspelt filter gets the nearest, never itself",
    async () => {
      const byName = await run("activity", "list", "--account", "Atlas Market");
      expect(byName.code, byName.stderr).toBe(0);
      const byOld = await run("activity", "list", "--account-id", atlas);
      expect(byOld.code, byOld.stderr).toBe(0);
      expect(byName.stdout).toBe(byOld.stdout);
      const tasks = await run("task", "list", "--account", "atlas market");
      expect(tasks.code, tasks.stderr).toBe(0);
      const typo = await run("activity", "list", "--acount", atlas);
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain("has no filter --acount (did you mean --account");
      const none = await run("member", "list", "--account", atlas);
      expect(none.code).toBe(2);
      expect(none.stderr).not.toContain("did you mean --account?");
    },
    SLOW,
  );

  it.skipIf(skip)(
    "an import reads an owner by a last name one member has, refuses one two share naming them, and suggests an id column as the source id",
    async () => {
      const file = join(dataDir, "deals.csv");
      writeFileSync(
        file,
        [
          "Deal ID,Deal,Account,Owner,Amount,Close Date,Stage",
          "D-1,Atlas renewal,Atlas Market,Andersen,1000,2027-03-31,proposal",
          "D-2,Atlas upsell,Atlas Market,Lee,2000,2027-04-30,proposal",
        ].join("\n"),
      );
      const dry = await run("import", file, "--kind", "opportunity", "--map", "Deal=name", "--dry-run");
      expect(dry.stderr).toContain(
        'Column "Deal ID" looks like sourceId: to read it, add --map "Deal ID=sourceId"',
      );
      expect(dry.stderr).not.toContain("looks like name");
      const real = await run(
        "import",
        file,
        "--kind",
        "opportunity",
        "--map",
        "Deal=name",
        "--map",
        "Deal ID=sourceId",
      );
      expect(real.code, real.stderr).toBe(7);
      const rejects = readFileSync(join(dataDir, "deals.rejects.csv"), "utf8");
      expect(rejects).toContain('""Lee"" could be 2 members');
      expect(rejects).toContain("kim@trial.test");
      expect(rejects).not.toContain("Andersen,1000");
      const amir = await json<{ items: { name: string; ownerId: string }[] }>([
        "opp",
        "list",
        "--owner",
        "amir",
      ]);
      expect(amir.items.map((d) => d.name)).toContain("Atlas renewal");
    },
    SLOW,
  );

  it.skipIf(skip)(
    "history prints its moments to the minute in UTC in the table, ISO in --json",
    async () => {
      const table = await run("account", "history", atlas);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toContain("at (UTC)");
      // The "at" column, not the payload's own moments in details.
      expect(table.stdout).toMatch(/^1\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+AccountCreated/m);
      const history = await json<{ items: { at: string }[] }>(["account", "history", atlas]);
      expect(history.items[0]?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    },
    SLOW,
  );
});
