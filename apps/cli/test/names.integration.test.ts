// Records named as people name them, in real processes, on both drivers (PostgreSQL with DATABASE_URL) and
// through a running server: every flag and argument that names a member, an account, a contact or a deal takes
// its id, its exact name (accents, case and spacing aside) or a member's e-mail; a name several records share is
// refused listing them, a name none has is refused with the nearest (records.ts). Also the reports' enum flags
// in any case with a did-you-mean, the stale report's planned activity by its subject, and the forecast's
// cumulative figures named by what they add up.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "@accountable/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cli, cliJson } from "./run-cli.ts";
import { type Serving, serve } from "./serving.ts";

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

describe.each(DRIVERS)("names for ids on $name", ({ postgres }) => {
  const skip = postgres && !serverUrl;
  let database: TestDatabase | undefined;
  let dataDir: string;
  const env = () => ({
    ACCOUNTABLE_DATA_DIR: dataDir,
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  const run = (...args: string[]) => cli(args, { env: env() });
  const json = <T = Executed>(args: string[], expected = 0) => cliJson<T>(args, expected, { env: env() });
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    if (skip) return;
    assertBuilt();
    if (postgres) database = await createTestDatabase(serverUrl!);
    dataDir = mkdtempSync(join(tmpdir(), "accountable-cli-names-"));
    await json([
      "init",
      "--name",
      "Names Agency",
      "--admin-name",
      "Ada Park",
      "--admin-email",
      "ada@names.test",
    ]);
    for (const [name, email, role] of [
      ["Béatrice Lambert", "beatrice@names.test", "account_executive"],
      ["David Lefebvre", "david@names.test", "account_executive"],
      ["Gaspard Lefebvre", "gaspard@names.test", "supervisor"],
    ] as const)
      await json(["member", "create", name, "--email", email, "--role", role]);
    for (const name of ["Zoë Café", "Ember Airways", "Ember Travel", "Acme"])
      ids[name] = (await json(["account", "create", name, "--owner", "david@names.test"])).id;
    ids["Acme 2"] = (
      await json(["account", "create", "Acme", "--owner", "david@names.test", "--allow-duplicate"])
    ).id;
    ids.dana = (await json(["contact", "create", "Dana Øster", "--account", "zoe cafe"])).id;
  }, SLOW);

  afterAll(async () => {
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(skip)(
    "task create takes the assignee and the account by name, whatever the case and accents",
    async () => {
      const task = await json([
        "task",
        "create",
        "Send the deck",
        "--due",
        "2027-01-15",
        "--assignee",
        "beatrice LAMBERT",
        "--account",
        "  zoe   CAFE ",
      ]);
      expect(task.state).toMatchObject({ assigneeId: "beatrice", accountId: ids["Zoë Café"] });
      // An e-mail and an id work as before.
      const byMail = await json([
        "task",
        "create",
        "Call",
        "--due",
        "2027-01-16",
        "--assignee",
        "david@names.test",
      ]);
      expect(byMail.state.assigneeId).toBe("david");
      const byId = await json(["task", "create", "Visit", "--due", "2027-01-17", "--account", ids.Acme!]);
      expect(byId.state.accountId).toBe(ids.Acme);
      // The contact created in beforeAll was filed under the account its name named.
      const dana = await json<{ state: { accountId: string } }>(["contact", "show", ids.dana!]);
      expect(dana.state.accountId).toBe(ids["Zoë Café"]);
    },
    SLOW,
  );

  it.skipIf(skip)(
    "a name several records share is refused listing them; a name none has gets the nearest",
    async () => {
      const twoMembers = await run("task", "create", "X", "--due", "2027-01-15", "--assignee", "lefebvre");
      expect(twoMembers.code).toBe(2);
      expect(twoMembers.stderr).toContain("David Lefebvre");
      expect(twoMembers.stderr).toContain("Gaspard Lefebvre");
      // "acme" is the first one's id (an id wins); "ACME" is only a name, which two accounts have.
      expect(
        (await json(["task", "create", "Y", "--due", "2027-01-15", "--account", "acme"])).state.accountId,
      ).toBe(ids.Acme);
      const twoAccounts = await run("task", "create", "X", "--due", "2027-01-15", "--account", "ACME");
      expect(twoAccounts.code).toBe(2);
      expect(twoAccounts.stderr).toContain('--account "ACME": 2 accounts are named so');
      expect(twoAccounts.stderr).toContain(`[${ids.Acme}]`);
      expect(twoAccounts.stderr).toContain(`[${ids["Acme 2"]}]`);
      const typo = await run("opp", "create", "Deal", "--account", "Embr Travel");
      expect(typo.code).toBe(3);
      expect(typo.stderr).toContain('--account "Embr Travel": no account you may read has that name or id');
      expect(typo.stderr).toContain(`did you mean Ember Travel [${ids["Ember Travel"]}]`);
      // Not a word about the characters an id may hold.
      for (const r of [twoMembers, twoAccounts, typo]) expect(r.stderr).not.toMatch(/letters, digits/);
    },
    SLOW,
  );

  it.skipIf(skip)(
    "reports, list filters and contact flags read names too: report client <account>, --account, --owner, --reports-to",
    async () => {
      const report = await run("report", "client", "ZOË café", "--period", "2026");
      expect(report.code, report.stderr).toBe(0);
      expect(report.stdout).toContain("# Zoë Café");
      const deal = await json(["opp", "create", "Café rebrand", "--account", "zoë café", "--owner", "david"]);
      expect(deal.state.accountId).toBe(ids["Zoë Café"]);
      const listed = await json<{ items: { id: string }[] }>(["opp", "list", "--account", "Zoe Cafe"]);
      expect(listed.items.map((d) => d.id)).toEqual([deal.id]);
      const renewals = await run("report", "renewals", "--account", "zoe cafe", "--owner", "David Lefebvre");
      expect(renewals.code, renewals.stderr).toBe(0);
      const boss = await json([
        "contact",
        "create",
        "Lee Poe",
        "--account",
        "Zoë Café",
        "--reports-to",
        "dana oster",
      ]);
      expect(boss.state.reportsToId).toBe(ids.dana);
      // show and history find a record by its name, and history says who acted by name.
      const shown = await json<{ state: { id: string } }>(["account", "show", "zoe café"]);
      expect(shown.state.id).toBe(ids["Zoë Café"]);
      const history = await run("account", "history", "ZOË CAFÉ");
      expect(history.code, history.stderr).toBe(0);
      expect(history.stdout).toContain("Ada Park");
      expect(history.stdout).toContain("AccountCreated");
      const unknown = await run("report", "health", "Nowhere Ltd");
      expect(unknown.code).toBe(3);
      expect(unknown.stderr).toMatch(/^"Nowhere Ltd": no account you may read/m);
    },
    SLOW,
  );

  it.skipIf(skip)(
    "report --by in any case, a misspelt value refused with the nearest (as the list filters are)",
    async () => {
      const typo = await run("report", "metrics", "--by", "ownr");
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain('--by "ownr" is not one of the values it takes — did you mean owner?');
      const cased = await json<{ metrics: { groupBy: string } }>([
        "report",
        "metrics",
        "--by",
        "SERVICE-LINE",
      ]);
      expect(cased.metrics.groupBy).toBe("serviceLine");
      const forecastBy = await run("report", "forecast", "--period", "2026", "--by", "ownr");
      expect(forecastBy.code).toBe(2);
      expect(forecastBy.stderr).toContain("did you mean owner?");
      const band = await run("report", "health", "--band", "Critcal");
      expect(band.code).toBe(2);
      expect(band.stderr).toContain("did you mean critical?");
      expect((await run("report", "health", "--band", "AT_RISK")).code).toBe(0);
    },
    SLOW,
  );

  it.skipIf(skip)(
    "the forecast names its cumulative figures by what they add up: 'best case' alone is the category",
    async () => {
      const year = String(new Date().getUTCFullYear());
      const ran = await run("report", "forecast", "--period", year);
      expect(ran.code, ran.stderr).toBe(0);
      expect(ran.stdout).toContain("best case + most likely + commit + won");
      expect(ran.stdout).toContain("commit + won");
      expect(ran.stdout).not.toMatch(/^best case:/m);
      const byOwner = await run("report", "forecast", "--period", year, "--by", "Owner");
      expect(byOwner.stdout).toContain("best case + most likely + commit + won");
    },
    SLOW,
  );

  it.skipIf(skip)(
    "report stale names the planned activity that spares a deal by its subject and day, not its id",
    async () => {
      const deal = await json([
        "opp",
        "create",
        "Ember pilot",
        "--account",
        "ember airways",
        "--owner",
        "david",
      ]);
      const at = new Date(Date.now() + 60 * 86_400_000).toISOString();
      await json([
        "activity",
        "do",
        "act-pilot-review",
        "PlanActivity",
        "--account-id",
        ids["Ember Airways"]!,
        "--opportunity-id",
        deal.id,
        "--kind",
        "meeting",
        "--subject",
        "Pilot review",
        "--at",
        at,
      ]);
      // Judged a month and a half on: idle past its stage's days, spared by the meeting still to come.
      const judged = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
      const report = await json<{ spared: { opportunityId: string; plannedActivityId: string }[] }>([
        "report",
        "stale",
        "--at",
        judged,
      ]);
      expect(report.spared).toContainEqual(
        expect.objectContaining({ opportunityId: deal.id, plannedActivityId: "act-pilot-review" }),
      );
      const table = await run("report", "stale", "--at", judged);
      const line = table.stdout.split("\n").find((l) => l.includes("Ember pilot"))!;
      expect(line).toContain(`"Pilot review" on ${at.slice(0, 10)}`);
      expect(line).not.toContain("act-pilot-review");
    },
    SLOW,
  );

  it.skipIf(skip || postgres)(
    "through a running server (a local command goes through it), names resolve alike",
    async () => {
      let server: Serving | undefined;
      try {
        server = await serve(dataDir);
        const task = await json([
          "task",
          "create",
          "Through the server",
          "--due",
          "2027-02-01",
          "--assignee",
          "Béatrice",
          "--account",
          "EMBER travel",
        ]);
        expect(task.state).toMatchObject({ assigneeId: "beatrice", accountId: ids["Ember Travel"] });
        const typo = await run("report", "client", "Embr Airways", "--period", "2026");
        expect(typo.code).toBe(3);
        expect(typo.stderr).toContain(`did you mean Ember Airways [${ids["Ember Airways"]}]`);
        const two = await run("opp", "list", "--account", "Acme");
        expect(two.code).toBe(2);
        expect(two.stderr).toContain("2 accounts are named so");
      } finally {
        await server?.stop();
      }
    },
    SLOW,
  );
});
