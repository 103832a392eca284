// What a new user still tripped over in the CLI (issue 12's and 14's "what a new user would still trip over"), in
// real processes on both drivers (PostgreSQL with DATABASE_URL): lists that show what a person needs (an
// activity's day, kind and minutes; a member's role and manager; no empty owner column), `history <id>` at the top
// level and history's details by name, `opp create --stage` suggesting only the stages a deal may start in, one
// account of what an import created, contracts, tasks, briefs, escalations and invoices named by their titles and
// numbers, the contracts CSV naming their deals, a point file's "1.500" refused naming both readings, a product
// column carried to `report metrics --by service-line`, and a misspelt required flag said as the misspelling.
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

/** The line of a table that holds this text. */
const lineWith = (stdout: string, text: string) => stdout.split("\n").find((l) => l.includes(text)) ?? "";

describe.each(DRIVERS)("a new user's day in the CLI on $name", ({ postgres }) => {
  const skip = postgres && !serverUrl;
  let database: TestDatabase | undefined;
  let dataDir: string;
  const env = () => ({
    ACCOUNTABLE_DATA_DIR: dataDir,
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  const run = (...args: string[]) => cli(args, { env: env() });
  const json = <T = Executed>(args: string[], expected = 0) => cliJson<T>(args, expected, { env: env() });
  let acme = "";
  let deal = "";

  beforeAll(async () => {
    if (skip) return;
    assertBuilt();
    if (postgres) database = await createTestDatabase(serverUrl!);
    dataDir = mkdtempSync(join(tmpdir(), "accountable-cli-new-user-"));
    await json(["init", "--name", "Day Agency", "--admin-name", "Ada Park", "--admin-email", "ada@day.test"]);
    await json(["member", "create", "Sam Boss", "--email", "sam@day.test", "--role", "supervisor"]);
    await json([
      "member",
      "create",
      "Amir Andersen",
      "--email",
      "amir@day.test",
      "--role",
      "account_executive",
      "--manager",
      "Sam Boss",
    ]);
    acme = (await json(["account", "create", "Acme Foods", "--owner", "amir"])).id;
    deal = (
      await json([
        "opp",
        "create",
        "Acme relaunch",
        "--account",
        "Acme Foods",
        "--owner",
        "amir",
        "--amount",
        "40000",
        "--close-date",
        "2027-03-31",
      ])
    ).id;
  }, SLOW);

  afterAll(async () => {
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(skip)(
    "activity list shows when, what kind, by whom and the minutes; member list a role and a manager, no empty owner",
    async () => {
      await json([
        "--as",
        "amir",
        "activity",
        "do",
        "act-kickoff",
        "LogActivity",
        "--account-id",
        acme,
        "--opportunity-id",
        deal,
        "--kind",
        "meeting",
        "--subject",
        "Kickoff",
        "--at",
        "2026-11-03T09:30:00Z",
        "--minutes",
        JSON.stringify({
          summary: "Agreed the relaunch scope",
          decisions: ["Launch in March"],
          actionItems: ["Send the plan", "Book the venue"],
        }),
      ]);
      const activities = await run("activity", "list");
      expect(activities.code, activities.stderr).toBe(0);
      const header = activities.stdout.split("\n")[0]!;
      for (const column of ["at (UTC)", "kind", "subject", "account", "deal", "by", "minutes"])
        expect(header).toContain(column);
      expect(header).not.toContain("owner");
      const row = lineWith(activities.stdout, "Kickoff");
      expect(row).toContain("2026-11-03 09:30");
      expect(row).toContain("meeting");
      expect(row).toContain("Acme Foods");
      expect(row).toContain("Acme relaunch");
      expect(row).toContain("Amir Andersen");
      expect(row).toContain("Agreed the relaunch scope (1 decision, 2 action items)");
      const members = await run("member", "list");
      expect(members.code, members.stderr).toBe(0);
      expect(members.stdout.split("\n")[0]).toMatch(/^id\s+name\s+email\s+role\s+reports to\s+active$/);
      expect(lineWith(members.stdout, "Amir Andersen")).toMatch(/account executive\s+Sam Boss\s+yes/);
      // --json keeps the records as they are.
      const page = await json<{ items: { authorId: string }[] }>(["activity", "list"]);
      expect(page.items[0]!.authorId).toBe("amir");
    },
    SLOW,
  );

  it.skipIf(skip)(
    "history at the top level takes any record's id or name; its details name people, clients and stages",
    async () => {
      await json(["opp", "move", deal, "discovery"]);
      const top = await run("history", deal);
      expect(top.code, top.stderr).toBe(0);
      expect(top.stdout).toBe((await run("opp", "history", deal)).stdout);
      const created = lineWith(top.stdout, "OpportunityCreated");
      expect(created).toContain("owner: Amir Andersen");
      expect(created).toContain("account: Acme Foods");
      expect(created).not.toContain("ownerId");
      const moved = lineWith(top.stdout, "OpportunityStageChanged");
      expect(moved).toContain("fromStage: Prospecting");
      expect(moved).toContain("toStage: Discovery");
      // --json keeps the ids.
      const raw = await json<{ aggregate: string; items: { payload: Record<string, unknown> }[] }>([
        "history",
        deal,
      ]);
      expect(raw.aggregate).toBe("opportunity");
      expect(raw.items[0]!.payload.ownerId).toBe("amir");
      // By name, as `<kind> history` takes one.
      const byName = await run("history", "acme foods");
      expect(byName.code, byName.stderr).toBe(0);
      expect(byName.stdout).toContain("AccountCreated");
      // Any kind's id: a task's.
      await json(["task", "create", "Shared", "--due", "2027-01-10", "--id", "t-shared"]);
      const task = await run("history", "t-shared");
      expect(task.code, task.stderr).toBe(0);
      expect(task.stdout).toContain("TaskCreated");
      const none = await run("history", "no-such-thing");
      expect(none.code).toBe(3);
      expect(none.stderr).toContain("No record you may read has the id no-such-thing");
      // A record's command typed without its kind says where it is.
      const show = await run("show", deal);
      expect(show.code).toBe(2);
      expect(show.stderr).toContain(`did you mean: accountable opp show ${deal}?`);
    },
    SLOW,
  );

  it.skipIf(skip)(
    "opp create --stage with a misspelt stage suggests only the stages a new deal starts in",
    async () => {
      const typo = await run("opp", "create", "X", "--account", acme, "--stage", "propsal");
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain(
        '--stage "propsal" is not a stage new deals of the New business pipeline start in (they start in prospecting (Prospecting)); Proposal comes later: create the deal, then `accountable opp move <id> proposal`.',
      );
      for (const other of ["negotiation", "renewal_review", "closed_won"])
        expect(typo.stderr).not.toContain(other);
      const near = await run("opp", "create", "X", "--account", acme, "--stage", "prospectng");
      expect(near.code).toBe(2);
      expect(near.stderr).toContain("did you mean prospecting?");
      // A renewal's pipeline has its own.
      const renewal = await run(
        "opp",
        "create",
        "X",
        "--account",
        acme,
        "--type",
        "renewal",
        "--stage",
        "reveiw",
      );
      expect(renewal.code).toBe(2);
      expect(renewal.stderr).toContain("the Renewals pipeline");
      expect(renewal.stderr).toContain("renewal_review (Renewal review)");
      // A stage of the pipeline a deal may not start in: the domain's own words.
      const later = await run("opp", "create", "X", "--account", acme, "--stage", "Proposal");
      expect(later.code).toBe(2);
      expect(later.stderr).toContain(
        "New deals in the New business pipeline start in Prospecting, not in Proposal",
      );
    },
    SLOW,
  );

  it.skipIf(skip)(
    "an import says once what it created: the deals, and the accounts their rows named",
    async () => {
      const file = join(dataDir, "three-deals.csv");
      writeFileSync(
        file,
        "name,accountName,owner,stage\nOne,Globex,Amir Andersen,prospecting\nTwo,Globex,Amir Andersen,prospecting\nThree,Initech,Amir Andersen,prospecting\n",
      );
      const ran = await run("import", file);
      expect(ran.code, ran.stderr).toBe(0);
      expect(ran.stdout).toMatch(
        /created:\s+3 opportunities, 2 accounts \(named by opportunity rows: no account had those names\)\n/,
      );
      expect(ran.stdout).not.toMatch(/0 account|accounts created|imported:/);
      const again = await run("import", file);
      expect(again.stdout).toMatch(/created:\s+nothing\n/);
      const accounts = join(dataDir, "one-account.csv");
      writeFileSync(accounts, "name\nHooli\n");
      expect((await run("import", accounts, "--kind", "account")).stdout).toMatch(/created:\s+1 account\n/);
      const summary = await json<{ created: Record<string, number> }>(["import", file, "--source", "json"]);
      expect(summary.created).toEqual({ account: 0, contact: 0, opportunity: 3, member: 0 });
    },
    SLOW,
  );

  it.skipIf(skip)(
    "contracts, tasks, briefs, escalations and invoices are shown and acted on by title or number",
    async () => {
      await json([
        "contract",
        "do",
        "c-acme-2027",
        "CreateContract",
        "--data",
        JSON.stringify({
          accountId: acme,
          opportunityId: deal,
          ownerId: "amir",
          title: "Acme MSA 2027",
          value: { amount: 4_000_000, currency: "EUR" },
          startDate: "2027-01-01",
          term: { unit: "months", count: 12 },
          noticePeriod: { unit: "months", count: 3 },
          autoRenewal: false,
        }),
      ]);
      const contract = await json<{ id: string }>(["contract", "show", "acme msa 2027"]);
      expect(contract.id).toBe("c-acme-2027");
      const task = (await json(["task", "create", "Send the deck", "--due", "2027-01-15"])).id;
      expect((await json<{ id: string }>(["task", "show", "SEND THE DECK"])).id).toBe(task);
      const done = await json(["task", "do", "send the deck", "CompleteTask"]);
      expect(done.id).toBe(task);
      expect(done.state.status).toBe("done");
      await json([
        "brief",
        "do",
        "b-spring",
        "ReceiveBrief",
        "--account-id",
        acme,
        "--title",
        "Spring campaign",
        "--client-budget",
        "50000 EUR",
      ]);
      expect((await json<{ id: string }>(["brief", "history", "spring campaign"])).id).toBe("b-spring");
      await json([
        "escalation",
        "do",
        "esc-1",
        "OpenEscalation",
        "--account-id",
        acme,
        "--title",
        "Late delivery",
        "--severity",
        "high",
        "--owner-id",
        "amir",
      ]);
      expect((await json<{ id: string }>(["escalation", "show", "late delivery"])).id).toBe("esc-1");
      await json([
        "invoice",
        "do",
        "inv-1",
        "DraftInvoice",
        "--account-id",
        acme,
        "--currency",
        "EUR",
        "--due-date",
        "2027-02-28",
      ]);
      await json([
        "invoice",
        "do",
        "inv-1",
        "AddLine",
        "--line",
        JSON.stringify({
          description: "Retainer",
          quantity: "1",
          unitPrice: { amount: 100_000, currency: "EUR" },
        }),
      ]);
      await json([
        "invoice",
        "do",
        "inv-1",
        "Issue",
        "--number",
        "INV-2027-001",
        "--issued-on",
        "2027-01-31",
      ]);
      expect((await json<{ id: string }>(["invoice", "show", "inv-2027-001"])).id).toBe("inv-1");
      // A title none has is not found, with the nearest; several of one title are listed.
      const typo = await run("contract", "show", "Acme MSA 2072");
      expect(typo.code).toBe(3);
      expect(typo.stderr).toContain("no contract you may read has that title or id");
      await json(["task", "create", "Send the deck", "--due", "2027-02-15"]);
      const two = await run("task", "show", "Send the deck");
      expect(two.code).toBe(2);
      expect(two.stderr).toContain("2 tasks are titled so");
      expect(two.stderr).toContain(`[${task}]`);
      // A member an argument or a flag names who is not there is not found (exit 3), as the README says.
      expect((await run("member", "show", "Nobody Here")).code).toBe(3);
      expect(
        (await run("task", "create", "Z", "--due", "2027-01-01", "--assignee", "Nobody Here")).code,
      ).toBe(3);
    },
    SLOW,
  );

  it.skipIf(skip)("the readable contracts CSV names the deal beside its id", async () => {
    const ran = await run("export", "contracts");
    expect(ran.code, ran.stderr).toBe(0);
    const [header, ...rows] = ran.stdout.trim().split("\n");
    const columns = header!.split(",");
    expect(columns).toEqual(expect.arrayContaining(["opportunity", "opportunityId", "previousContract"]));
    const row = rows.find((r) => r.startsWith("c-acme-2027,"))!.split(",");
    expect(row[columns.indexOf("opportunity")]).toBe("Acme relaunch");
    expect(row[columns.indexOf("opportunityId")]).toBe(deal);
  });

  it.skipIf(skip)(
    'a point file\'s "1.500" is refused naming both readings, unless --decimal . or the file shows its points are decimals',
    async () => {
      const file = join(dataDir, "ambiguous.csv");
      writeFileSync(
        file,
        "name,accountName,owner,amount,closeDate,stage\nPoint deal,Acme Foods,Amir Andersen,1.500,2027-05-01,discovery\nPlain deal,Acme Foods,Amir Andersen,2500.50,2027-05-01,discovery\n",
      );
      const refused = await run("import", file, "--source", "amb");
      expect(refused.code).toBe(7);
      expect(refused.stdout).toContain(
        '"1.500" could be 1.5 (with a decimal point) or 1500 (with a point between thousands), and the file does not say which',
      );
      const rejects = readFileSync(join(dataDir, "ambiguous.rejects.csv"), "utf8");
      expect(rejects).toContain("--decimal .");
      const said = await json<{ imported: number }>(["import", file, "--decimal", ".", "--source", "amb2"]);
      expect(said.imported).toBe(2);
      const amounts = await json<{ items: { name: string; amount: { amount: number } }[] }>([
        "opp",
        "list",
        "--limit",
        "100",
      ]);
      expect(amounts.items.find((d) => d.name === "Point deal")!.amount.amount).toBe(150);
      // Another amount with a decimal point and three decimals shows the file's points are decimals.
      const shown = join(dataDir, "three-decimals.csv");
      writeFileSync(
        shown,
        "name,accountName,owner,amount,currency,closeDate,stage\nKWD deal,Acme Foods,Amir Andersen,1.500,KWD,2027-05-01,discovery\nKWD big,Acme Foods,Amir Andersen,1250.125,KWD,2027-05-01,discovery\n",
      );
      const read = await run("import", shown, "--source", "kwd");
      expect(read.code, read.stdout + read.stderr).toBe(0);
      expect(read.stdout).toMatch(
        /amounts:\s+read with a decimal point.*the file's own: row 3 has amount "1250.125", so 1.500 is one and a half/,
      );
    },
    SLOW,
  );

  it.skipIf(skip)(
    "a product column on deal rows is the deal's service line, and report metrics reads it by line",
    async () => {
      const file = join(dataDir, "lines.csv");
      const year = new Date().getUTCFullYear();
      const today = new Date().toISOString().slice(0, 10);
      writeFileSync(
        file,
        [
          "Deal,Account,Owner,Product,Amount,Stage,Close Date,Created",
          `SEO one,Lines Co,Amir Andersen,SEO,1000,closed_won,${today},${year}-01-05`,
          `SEO two,Lines Co,Amir Andersen,SEO,3000,closed_won,${today},${year}-01-05`,
          `Brand one,Lines Co,Amir Andersen,Branding,5000,closed_lost,${today},${year}-01-05`,
        ].join("\n"),
      );
      const ran = await run(
        "import",
        file,
        "--map",
        "Deal=name",
        "--map",
        "Account=accountName",
        "--map",
        "Owner=owner",
        "--map",
        "Amount=amount",
        "--map",
        "Stage=stage",
        "--map",
        "Close Date=closeDate",
        "--map",
        "Created=createdAt",
      );
      expect(ran.code, ran.stdout + ran.stderr).toBe(0);
      const deals = await json<{ items: { name: string; serviceLine: string | null }[] }>([
        "opp",
        "list",
        "--account",
        "Lines Co",
      ]);
      expect(deals.items.map((d) => [d.name, d.serviceLine]).sort()).toEqual([
        ["Brand one", "Branding"],
        ["SEO one", "SEO"],
        ["SEO two", "SEO"],
      ]);
      type Group = {
        key: string | null;
        whole: { won: number; lost: number; wonAmount: { amount: number } };
      };
      const metrics = await json<{ metrics: { groupBy: string; groups: Group[] } }>([
        "report",
        "metrics",
        "--by",
        "service-line",
        "--per",
        "year",
        "--last",
        "1",
      ]);
      expect(metrics.metrics.groupBy).toBe("serviceLine");
      const line = (key: string) => metrics.metrics.groups.find((g) => g.key === key)!.whole;
      expect(line("SEO")).toMatchObject({ won: 2, lost: 0, wonAmount: { amount: 400_000 } });
      expect(line("Branding")).toMatchObject({ won: 0, lost: 1 });
      const table = await run("report", "metrics", "--by", "service-line", "--per", "year", "--last", "1");
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toContain("SEO");
      expect(table.stdout).toContain("Branding");
    },
    SLOW,
  );

  it.skipIf(skip)("a misspelt required flag is said as the misspelling, with the flag it meant", async () => {
    const ran = await run("opp", "create", "X", "--acount", "Acme Foods");
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain("unknown option '--acount'");
    expect(ran.stderr).toContain("--account");
    expect(ran.stderr).not.toContain("required option");
    // Names in every list's member filter, as in opp list's --owner.
    const owned = await json<{ items: { id: string }[] }>(["opp", "list", "--owner", "amir andersen"]);
    expect(owned.items.map((d) => d.id)).toContain(deal);
    const tasks = await run("task", "list", "--assignee", "Ada Park");
    expect(tasks.code, tasks.stderr).toBe(0);
  });
});
