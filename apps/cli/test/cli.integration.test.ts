import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cli, cliJson } from "./run-cli.ts";

// One data folder for the whole file: the first open of an embedded database runs initdb (seconds), so the
// tests below share the workspace `init` creates and each makes its own records in it.
let dataDir: string;
let deal1: Executed;
const env = () => ({ ACCOUNTABLE_DATA_DIR: dataDir });
const run = (...args: string[]) => cli(args, { env: env() });
const json = <T = Record<string, unknown>>(args: string[], expected = 0) =>
  cliJson<T>(args, expected, { env: env() });

interface Executed {
  aggregate: string;
  id: string;
  version: number;
  events: { type: string }[];
  state: Record<string, unknown>;
  followUps: unknown[];
  dryRun: boolean;
}

interface Refusal {
  error: { _tag: string; message: string };
}

beforeAll(async () => {
  assertBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "accountable-cli-"));
  await json([
    "init",
    "--workspace-id",
    "nw",
    "--name",
    "Northwind Agency",
    "--admin-name",
    "Ada Park",
    "--admin-email",
    "ada@northwind.test",
  ]);
  await json([
    "member",
    "do",
    "bo",
    "AddMember",
    "--name",
    "Bo Chen",
    "--email",
    "bo@northwind.test",
    "--role",
    "viewer",
  ]);
  await json(["account", "create", "Acme GmbH", "--id", "acme"]);
  deal1 = await newDeal("deal-1");
});

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function newDeal(id: string, ...more: string[]): Promise<Executed> {
  return json<Executed>([
    "opp",
    "create",
    `Deal ${id}`,
    "--id",
    id,
    "--account",
    "acme",
    "--amount",
    "120000.50 EUR",
    "--close-date",
    "2027-03-31",
    ...more,
  ]);
}

describe("accountable init", () => {
  it("records the workspace and its admin in the data folder's config", () => {
    const config = JSON.parse(readFileSync(join(dataDir, "config.json"), "utf8"));
    expect(config).toEqual({ defaultWorkspace: "nw", workspaces: { nw: { admin: "ada" } } });
  });

  it("refuses a second workspace with the same id: exit 5, the sentence on stderr", async () => {
    const ran = await run(
      "init",
      "--workspace-id",
      "nw",
      "--name",
      "Again",
      "--admin-name",
      "A",
      "--admin-email",
      "a@b.test",
    );
    expect(ran.code).toBe(5);
    expect(ran.stderr).toMatch(/already exists/);
    expect(ran.stdout).toBe("");
  });

  it("without a terminal, names the flags it needs instead of asking: exit 2", async () => {
    const ran = await run("init", "--name", "Solo");
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain("--admin-name, --admin-email");
  });

  it("--dry-run prints the workspace and admin it would create and writes nothing", async () => {
    const fresh = mkdtempSync(join(tmpdir(), "accountable-cli-dry-"));
    try {
      const out = await cliJson<{ workspace: { id: string }; admin: { role: string }; dryRun: boolean }>(
        ["init", "--name", "Dry Agency", "--admin-name", "Di", "--admin-email", "di@dry.test", "--dry-run"],
        0,
        { env: { ACCOUNTABLE_DATA_DIR: fresh } },
      );
      expect(out).toMatchObject({ workspace: { id: "dry-agency" }, admin: { role: "admin" }, dryRun: true });
      expect(existsSync(join(fresh, "db"))).toBe(false);
      expect(existsSync(join(fresh, "config.json"))).toBe(false);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});

describe("creating and moving records", () => {
  it("account create --json prints the Executed shape with the domain's Account", async () => {
    const out = await json<Executed>(["account", "create", "Globex Corp", "--industry", "Energy"]);
    expect(out).toMatchObject({
      aggregate: "account",
      id: "globex-corp",
      version: 1,
      events: [{ type: "AccountCreated" }],
      state: {
        id: "globex-corp",
        name: "Globex Corp",
        status: "prospect",
        ownerId: "ada",
        industry: "Energy",
      },
      followUps: [],
      dryRun: false,
    });
  });

  it("a second account of the same name is refused (exit 5) with the flag that adds it anyway", async () => {
    const again = await run("account", "create", "globex corp");
    expect(again.code).toBe(5);
    expect(again.stderr).toContain("--allow-duplicate");
    const spaced = await run("account", "create", "GLOBEX  Corp", "--id", "globex-2");
    expect(spaced.code).toBe(5);
    expect(spaced.stderr.trim()).toBe(
      'There is already an account named "Globex Corp" (globex-corp). To add another account with the same name, run it again with --allow-duplicate.',
    );
    const anyway = await json<Executed>(["account", "create", "Globex Corp", "--allow-duplicate"]);
    expect(anyway.id).toMatch(/^globex-corp-[0-9a-f]{4}$/);
    expect(anyway.state).toMatchObject({ name: "Globex Corp" });
  });

  it("opp create reads the amount exactly, in minor units", () => {
    expect(deal1.state).toMatchObject({
      status: "open",
      stageId: "prospecting",
      amount: { amount: 12_000_050, currency: "EUR" },
      ownerId: "ada",
    });
  });

  it("opp move refused by the exit criteria: exit 6, the sentence on stderr, the refusal as JSON", async () => {
    const ran = await run("opp", "move", "deal-1", "proposal", "--json");
    expect(ran.code).toBe(6);
    expect(ran.stderr.trim().split("\n")).toEqual([
      "Cannot move from Prospecting to Proposal yet: document at least one client need and record the client's budget.",
      "These meet them:",
      "  accountable opp do deal-1 RecordNeed --need <text>",
      "  accountable opp do deal-1 SetBudget --budget <amount>",
      "then move it again: accountable opp move deal-1 proposal",
    ]);
    const { error } = JSON.parse(ran.stdout) as Refusal & { error: { missing: string[] } };
    expect(error).toMatchObject({ _tag: "ExitCriteriaNotMet", missing: ["need_documented", "budget_known"] });
  });

  it("opp move picks the command the stage implies: MoveStage, then CloseAsLost with the reason", async () => {
    await newDeal("deal-3", "--need", "a new brand platform", "--budget", "90000");
    const moved = await json<Executed>(["opp", "move", "deal-3", "proposal", "--reason", "budget confirmed"]);
    expect(moved.events.map((e) => e.type)).toEqual(["OpportunityStageChanged"]);
    expect(moved.state).toMatchObject({
      stageId: "proposal",
      budget: { amount: 9_000_000, currency: "EUR" },
    });
    const lost = await json<Executed>(["opp", "move", "deal-3", "closed_lost", "--reason", "went in-house"]);
    expect(lost.state).toMatchObject({ status: "lost", lossReason: "went in-house" });
  });

  it("show --json prints state and version; a stale --expect-version is refused with exit 5", async () => {
    const shown = await json<{ aggregate: string; id: string; version: number; state: { status: string } }>([
      "opp",
      "show",
      "deal-1",
    ]);
    expect(shown).toMatchObject({
      aggregate: "opportunity",
      id: "deal-1",
      version: 1,
      state: { status: "open" },
    });
    const ran = await run("opp", "do", "deal-1", "RecordNeed", "--need", "SEO", "--expect-version", "7");
    expect(ran.code).toBe(5);
    expect(ran.stderr).toMatch(/changed since you loaded it/);
  });

  it("new settings without a pipeline deals are in: exit 6, naming the pipeline and its deals", async () => {
    const ws = await json<{
      state: { settings: { pipelines: { id: string; opportunityTypes: string[] }[] } };
    }>(["workspace", "show", "nw"]);
    const settings = ws.state.settings;
    const without = {
      ...settings,
      pipelines: settings.pipelines
        .filter((p) => p.id !== "new_business")
        .map((p) => ({ ...p, opportunityTypes: ["new_business", "renewal", "upsell"] })),
    };
    const ran = await run(
      "workspace",
      "do",
      "nw",
      "UpdateSettings",
      "--data",
      JSON.stringify({ settings: without }),
    );
    expect(ran.code).toBe(6);
    expect(ran.stderr).toMatch(
      /^The New business pipeline \(new_business\) still holds \d+ open deals?.* cannot be removed/,
    );
    const after = await json<typeof ws>(["workspace", "show", "nw"]);
    expect(after.state.settings.pipelines.map((p) => p.id)).toContain("new_business");
  });

  it("a record that does not exist: exit 3", async () => {
    const ran = await run("opp", "move", "no-such-deal", "proposal");
    expect(ran.code).toBe(3);
    expect(ran.stderr.trim()).toMatch(/^"no-such-deal": no deal you may read has that name or id/);
    expect(ran.stderr).toContain("`accountable search no-such-deal` finds deals by name");
  });

  it("acting as nobody of the workspace: exit 3; as a viewer: exit 4", async () => {
    expect((await run("--as", "mallory", "account", "create", "Initech")).code).toBe(3);
    const viewer = await run("--as", "bo", "account", "create", "Initech");
    expect(viewer.code).toBe(4);
    expect(viewer.stderr).toMatch(/you may not/);
  });

  it("input that does not parse: exit 2 with every problem", async () => {
    const unknownField = await run("opp", "do", "deal-1", "RecordNeed", "--needz", "x");
    expect(unknownField.code).toBe(2);
    expect(unknownField.stderr).toContain("RecordNeed has no field --needz. Its fields: --need.");
    const badDate = await run(
      "opp",
      "create",
      "Bad",
      "--account",
      "acme",
      "--amount",
      "1",
      "--close-date",
      "2027-02-30",
    );
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain("closeDate");
    const badMoney = await run("opp", "do", "deal-1", "SetBudget", "--budget", "12.345 EUR");
    expect(badMoney.code).toBe(2);
    const usage = await run("opp", "move", "deal-1");
    expect(usage.code).toBe(2);
  });
});

describe("calendar feed", () => {
  it("creates the acting member's feed locally, shows its status, rotates and stops it", async () => {
    const feed = await cliJson<{ url: string; createdAt: string }>(["calendar", "create"], 0, {
      env: { ...env(), PUBLIC_URL: "https://crm.example/" },
    });
    expect(feed.url).toMatch(/^https:\/\/crm\.example\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/);
    expect(await json(["calendar", "status"])).toEqual({ active: true, createdAt: feed.createdAt });
    const human = await run("calendar", "create");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/http:\/\/localhost:3000\/calendar\/cal_/);
    expect(human.stdout).toContain("shown only once");
    expect(await json(["calendar", "create", "--dry-run"])).toMatchObject({ dryRun: true, rotates: true });
    expect(await json(["calendar", "stop"])).toEqual({ stopped: true });
    expect((await run("calendar", "status")).stdout).toContain("You have no calendar feed");
    expect((await run("calendar", "create", "--dry-run")).stdout).toContain(
      "Would create your calendar feed",
    );
    expect(await json(["calendar", "status"])).toEqual({ active: false, createdAt: null });
  });

  it("a viewer has a feed of their own; nobody of the workspace is not found (exit 3)", async () => {
    const viewer = await cliJson<{ url: string }>(["--as", "bo", "calendar", "create"], 0, { env: env() });
    expect(viewer.url).toContain("/calendar/cal_");
    const stranger = await run("--as", "nobody", "calendar", "create");
    expect(stranger.code).toBe(3);
  });
});

describe("inbox", () => {
  it("lists what waits on the acting member, marks it read by key or all, and refuses unknown keys", async () => {
    await json([
      "task",
      "create",
      "Send the plan",
      "--id",
      "inbox-t1",
      "--assignee",
      "ada",
      "--due",
      "2020-03-01",
    ]);
    const inbox = await json<{
      unread: number;
      items: { key: string; recordId: string; overdue: boolean }[];
    }>(["inbox"]);
    const item = inbox.items.find((i) => i.recordId === "inbox-t1")!;
    expect(item).toMatchObject({ overdue: true });
    const human = await run("inbox");
    // The due day spelt as the domain spells dates (the reasons beside it spell theirs so).
    expect(human.stdout).toMatch(/1 Mar 2020\s+task\s+Send the plan/);
    expect(await json(["inbox", "read", item.key])).toMatchObject({ marked: 1 });
    const unread = await json<{ items: { recordId: string }[] }>(["inbox", "--unread"]);
    expect(unread.items.map((i) => i.recordId)).not.toContain("inbox-t1");
    const undone = await json<{ marked: number; unread: number }>(["inbox", "unread", item.key]);
    expect(undone.marked).toBe(1);
    expect(undone.unread).toBeGreaterThan(0);
    expect((await run("inbox", "read", "--all")).stdout).toMatch(/marked read; 0 unread/);
    const unknown = await run("inbox", "read", "task:nope");
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('Your inbox has no item "task:nope"');
    expect((await run("inbox", "read")).code).toBe(2);
  });
});

describe("search", () => {
  it("finds records by a misspelt name, best first, as a table or --json, and refuses bad input with exit 2", async () => {
    await json(["account", "create", "ACME Corporation", "--id", "acme-corp"]);
    await json(["account", "create", "Academy Corp", "--id", "academy"]);
    const found = await json<{ hits: { kind: string; id: string; title: string }[] }>([
      "search",
      "acme",
      "corp",
    ]);
    expect(found.hits[0]).toMatchObject({ kind: "account", id: "acme-corp", title: "ACME Corporation" });
    expect(found.hits.map((h) => h.id)).toContain("academy");
    const human = await run("search", "acme corportion", "--kind", "account", "--limit", "1");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/account\s+ACME Corporation\s+prospect\s+acme-corp/);
    expect(human.stdout).not.toContain("Academy");
    const short = await run("search", "a");
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("type at least 2 characters");
    expect((await run("search", "acme", "--kind", "invoice")).code).toBe(2);
    expect((await run("--as", "nobody", "search", "acme")).code).toBe(3);
  });
});

describe("the chain brief → deal → contract", () => {
  it("links a brief to a deal with the derived flags, and `opp show` lists the briefs that lead to it", async () => {
    await json([
      "brief",
      "do",
      "b-chain",
      "ReceiveBrief",
      "--account-id",
      "acme",
      "--title",
      "Spring campaign",
      "--client-budget",
      "50000 EUR",
    ]);
    await newDeal("deal-chain");
    const linked = await json<Executed>([
      "brief",
      "do",
      "b-chain",
      "LinkDeal",
      "--opportunity-id",
      "deal-chain",
    ]);
    expect(linked.state).toMatchObject({ opportunityId: "deal-chain", contractId: null });
    const shown = await json<{ briefs: { id: string; title: string }[]; contracts: unknown[] }>([
      "opp",
      "show",
      "deal-chain",
    ]);
    expect(shown).toMatchObject({ briefs: [{ id: "b-chain", title: "Spring campaign" }], contracts: [] });
    const human = await run("opp", "show", "deal-chain");
    expect(human.stdout).toMatch(/briefs:\s+b-chain \(Spring campaign\)/);
    const again = await run("brief", "do", "b-chain", "LinkDeal", "--opportunity-id", "deal-chain");
    expect(again.stderr).toContain("This brief already leads to the deal");
  });
});

describe("--dry-run", () => {
  it("prints the events it would record and writes nothing", async () => {
    const dry = await json<Executed>(["opp", "do", "deal-1", "RecordNeed", "--need", "SEO", "--dry-run"]);
    expect(dry).toMatchObject({ dryRun: true, version: 1, events: [{ type: "NeedRecorded" }] });
    const shown = await json<{ version: number; state: { needs: string[] } }>(["opp", "show", "deal-1"]);
    expect(shown).toMatchObject({ version: 1, state: { needs: [] } });

    await json(["account", "create", "Umbrella", "--dry-run"]);
    expect((await run("account", "show", "umbrella")).code).toBe(3);
  });
});

describe("lists", () => {
  it("opp list --json prints pages of the domain's Opportunity, filtered and followed by cursor", async () => {
    type Page = { items: { id: string; status: string }[]; nextCursor: string | null };
    const first = await json<Page>(["opp", "list", "--limit", "1"]);
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const next = await json<Page>(["opp", "list", "--limit", "1", "--cursor", first.nextCursor!]);
    expect(next.items.map((o) => o.id)).not.toContain(first.items[0]!.id);
    const lost = await json<Page>(["opp", "list", "--status", "lost"]);
    expect(lost.items.map((o) => [o.id, o.status])).toEqual([["deal-3", "lost"]]);
  });

  it("opp list as a table names the account and the owner, not their ids", async () => {
    const ran = await run("opp", "list", "--status", "lost");
    expect(ran.code).toBe(0);
    const row = ran.stdout.split("\n").find((l) => l.includes("deal-3"))!;
    expect(row).toContain("Acme GmbH");
    expect(row).toContain("Ada Park");
    expect(row).not.toMatch(/\bacme\b/);
  });

  it("refuses a filter the list does not have: exit 2", async () => {
    const ran = await run("account", "list", "--colour", "red");
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain("no filter --colour");
  });

  it("a value a filter or report flag does not take is named with the flag and what was typed: exit 2", async () => {
    const list = await run("opp", "list", "--status", "open,opn");
    expect(list.code).toBe(2);
    expect(list.stderr).toContain(
      '--status "opn" is not one of the values it takes — did you mean open? (open, won, lost)',
    );
    expect(list.stderr).not.toContain("status.1");
    const metrics = await run("report", "metrics", "--by", "ownr");
    expect(metrics.code).toBe(2);
    expect(metrics.stderr).toContain('--by "ownr" is not one of the values it takes — did you mean owner?');
    expect(metrics.stderr).not.toContain("groupBy");
  });
});

describe("accountable import", () => {
  const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
  interface Summary {
    read: number;
    imported: number;
    rejected: number;
    skipped: number;
    rejections: { row: number; reasons: { field: string; message: string }[] }[];
    skips: { row: number; reason: string }[];
    currencies: Record<string, number>;
    rejectsFile: string | null;
  }
  const map = [
    ...["Deal=name", "Client=accountName", "Value=amount", "Due=closeDate", "Owner=owner"].flatMap((m) => [
      "--map",
      m,
    ]),
    "--stage-map",
    "Engaging=prospecting",
  ];

  it("a messy CSV: every row imported, rejected with its reason, or skipped; the counts add up; reruns skip", async () => {
    const file = join(dataDir, "messy-deals.csv");
    copyFileSync(fixture("messy-deals.csv"), file);
    // The dry run takes the real run's path: the same counts and reasons, and the same exit (7: some rejected).
    const dry = await json<Summary & { dryRun: boolean }>(["import", file, ...map, "--dry-run"], 7);
    const first = await json<Summary>(["import", file, ...map], 7);
    expect(dry.dryRun).toBe(true);
    expect({ ...dry, dryRun: false, elapsedMs: 0, rowsPerSecond: 0 }).toEqual({
      ...first,
      elapsedMs: 0,
      rowsPerSecond: 0,
    });
    expect(first).toMatchObject({ read: 13, imported: 6, rejected: 6, skipped: 1 });
    expect(first.read).toBe(first.imported + first.rejected + first.skipped);
    expect(first.currencies).toEqual({ EUR: 3, USD: 2, JPY: 1 });
    expect(first.skips).toEqual([expect.objectContaining({ row: 8, reason: "duplicate_in_file" })]);
    const why = Object.fromEntries(
      first.rejections.map((r) => [r.row, r.reasons.map((x) => x.field).join()]),
    );
    // Rows 12 and 13 (negotiation, closed won) import as they stood in the other CRM; row 14, lost without a
    // reason, with the reason "not recorded in csv", listed among the values filled in.
    expect(why).toEqual({
      4: "account",
      5: "name",
      6: "closeDate",
      7: "stage",
      10: "amount",
      11: "owner",
    });
    expect((first as Summary & { defaults: unknown }).defaults).toEqual([
      { field: "lossReason", value: "not recorded in csv", rows: 1 },
    ]);
    type Listed = { items: { name: string; status: string; closedAt?: string }[] };
    const names = async (...filter: string[]) =>
      (await json<Listed>(["opp", "list", ...filter])).items.map((o) => o.name);
    expect(await names("--stage", "negotiation")).toContain("Late negotiation");
    const won = (await json<Listed>(["opp", "list", "--status", "won"])).items;
    expect(won.find((o) => o.name === "Won last year")).toMatchObject({
      closedAt: "2025-12-15T00:00:00.000Z",
    });

    // The rejects file holds each rejected record as it was, behind its row number and reason.
    const rejects = readFileSync(first.rejectsFile!, "utf8").trim().split("\n");
    expect(rejects).toHaveLength(7);
    expect(rejects[0]).toBe("row,reason,Deal,Client,Value,Currency,Stage,Due,Owner,Notes");
    expect(rejects[3]).toMatch(/^6,.*31\/02\/2027/);

    const again = await json<Summary>(["import", file, ...map], 7);
    expect(again).toMatchObject({ read: 13, imported: 0, rejected: 6, skipped: 7 });
    // As a person reads it: the exit code says some rows were rejected, and where they are.
    const shown = await run("import", file, ...map);
    expect(shown.code).toBe(7);
    expect(shown.stdout).toContain("rejected 6");
    expect(shown.stdout).toMatch(
      /Next: correct the rows in \S+\.rejects\.csv and import that file the same way/,
    );
    // What the import filled in is said as a person reads it too (a dry run as another source: nothing skipped).
    const fresh = await run("import", file, ...map, "--dry-run", "--source", "fresh");
    expect(fresh.stdout).toMatch(/filled in:\s+lossReason "not recorded in fresh" on 1 row/);
  });

  it("a NUL or half a surrogate pair in a cell rejects that row with its reason; the others import", async () => {
    const file = join(dataDir, "nul-accounts.csv");
    writeFileSync(file, "name,industry\nClean Co,Retail\nNul\u0000Corp,Retail\nAlso Clean,Media\n", "utf8");
    const ran = await json<Summary & { accountsCreated: number }>(["import", file, "--kind", "account"], 7);
    expect(ran).toMatchObject({ read: 3, imported: 2, rejected: 1, skipped: 0, accountsCreated: 2 });
    // An account import says how many accounts it created (it used to say 0), once (not "0 account" beside it).
    const shown = await run("import", file, "--kind", "account", "--source", "again");
    expect(shown.stdout).toMatch(/created:\s+nothing/);
    const other = join(dataDir, "more-accounts.csv");
    writeFileSync(other, "name\nInitech Ltd\nHooli\nNul\u0000Again\n", "utf8");
    expect((await run("import", other, "--kind", "account")).stdout).toMatch(/created:\s+2 accounts\n/);
    // Every row rejected: exit 8.
    const none = join(dataDir, "no-accounts.csv");
    writeFileSync(none, "name,industry\n,Retail\n", "utf8");
    expect((await run("import", none, "--kind", "account")).code).toBe(8);
    expect(ran.rejections).toEqual([
      {
        row: 3,
        kind: "account",
        reasons: [{ field: "name", message: "may not hold a NUL character or half of a surrogate pair" }],
      },
    ]);
  });

  it("--preset salesforce maps the export's columns; --dry-run reads the file and imports nothing", async () => {
    const out = await json<{
      read: number;
      mapping: { fields: (string | null)[]; ignored: string[] };
    }>(["import", fixture("salesforce-opportunities.csv"), "--preset", "salesforce", "--dry-run"]);
    expect(out).toMatchObject({ read: 2, imported: 2, rejected: 0, dryRun: true });
    expect(out.mapping.fields).toEqual([
      "sourceId",
      "name",
      "accountName",
      "amount",
      "currency",
      "stage",
      "closeDate",
      "owner",
      "probability",
      "createdAt",
    ]);
    // The owner column holds a person's name, which the import matches against the members.
    expect(out.mapping.ignored).toEqual([]);
  });

  it("keeps the source's own ids: shown by show, exported in their own column, and a rerun skips by them", async () => {
    const file = fixture("salesforce-opportunities.csv");
    const args = ["import", file, "--preset", "salesforce", "--source", "sf-2026"];
    expect(await json<Summary>(args)).toMatchObject({ read: 2, imported: 2, rejected: 0 });
    type Listed = { items: { id: string; name: string; sourceId?: string; source?: string }[] };
    const renewal = (await json<Listed>(["opp", "list", "--limit", "500"])).items.find(
      (o) => o.name === "Acme renewal",
    )!;
    expect(renewal).toMatchObject({ sourceId: "0065g00000AAA", source: "sf-2026" });
    expect(renewal.id).not.toBe("0065g00000AAA");
    const shown = await json<{ state: Record<string, unknown> }>(["opp", "show", renewal.id]);
    expect(shown.state).toMatchObject({ id: renewal.id, sourceId: "0065g00000AAA", source: "sf-2026" });
    expect((await run("opp", "show", renewal.id)).stdout).toMatch(/sourceId:\s+0065g00000AAA/);
    const csv = (await run("export", "opp")).stdout.trim().split("\n");
    const header = csv[0]!.split(",");
    const row = csv.find((l) => l.includes("Acme renewal"))!.split(",");
    expect(row[header.indexOf("id")]).toBe(renewal.id);
    expect(row[header.indexOf("sourceId")]).toBe("0065g00000AAA");
    expect(row[header.indexOf("source")]).toBe("sf-2026");
    const again = await json<Summary>(args);
    expect(again).toMatchObject({ read: 2, imported: 0, skipped: 2 });
    expect(again.skips.map((k) => k.reason)).toEqual(["already_imported", "already_imported"]);
  });

  it("the README's worked example runs as written, and does what the README says", async () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("### Importing from another CRM"));
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
    const lines = block.split("\n").filter((l) => l.startsWith("accountable "));
    expect(lines).toHaveLength(4);
    // The shell's words: "quoted strings" are one argument.
    const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(1);
    const cwd = new URL("..", import.meta.url).pathname;
    const ran = [];
    for (const line of lines) {
      const r = await cli([...words(line), "--json"], { env: env(), cwd });
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      ran.push(JSON.parse(r.stdout));
    }
    const [, dry, real] = ran as Summary[] & { accountsCreated: number; ownersCreated: unknown[] }[];
    for (const s of [dry, real])
      expect(s).toMatchObject({ read: 5, imported: 5, rejected: 0, skipped: 0, accountsCreated: 4 });
    expect(real!.ownersCreated).toHaveLength(3);
    const again = await cli([...words(lines[2]!), "--json"], { env: env(), cwd });
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, skipped: 5 });
  });

  it("reads a Windows-1252 file (Excel's CSV on Windows) and a UTF-16 one as the text they hold", async () => {
    const ansi = join(dataDir, "ansi-accounts.csv");
    writeFileSync(ansi, Buffer.from("name;industry\r\nCafé Müller;Gastronomie\r\n", "latin1"));
    expect(await json<Summary>(["import", ansi, "--kind", "account"])).toMatchObject({ imported: 1 });
    const unicode = join(dataDir, "unicode-accounts.csv");
    writeFileSync(
      unicode,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from("name\tindustry\r\nZoë Åström AB\tRetail\r\n", "utf16le"),
      ]),
    );
    expect(await json<Summary>(["import", unicode, "--kind", "account"])).toMatchObject({ imported: 1 });
    const names = (
      await json<{ items: { name: string }[] }>(["account", "list", "--limit", "500"])
    ).items.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(["Café Müller", "Zoë Åström AB"]));
    expect((await run("import", ansi, "--kind", "account", "--encoding", "ebcdic")).code).toBe(2);
  });

  it("refuses a file whose quote is never closed, naming the line: exit 2 (a file within one batch imports nothing)", async () => {
    const file = join(dataDir, "open-quote-accounts.csv");
    writeFileSync(
      file,
      'name;industry\nOpen Quote One;Retail\n"Open Quote Two;Media\nOpen Quote Three;Retail\n',
    );
    const ran = await run("import", file, "--kind", "account");
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`${file}: the quoted cell opening on line 3 is never closed`);
    const listed = await json<{ items: { name: string }[] }>(["account", "list", "--limit", "500"]);
    expect(listed.items.map((a) => a.name).filter((n) => n.startsWith("Open Quote"))).toEqual([]);
  });

  it("refuses a --map to a field rows do not have: exit 2", async () => {
    const ran = await run("import", fixture("messy-deals.csv"), "--map", "Deal=title");
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('an opportunity row has no field "title"');
  });

  it("--fields lists every field a column may be mapped to, with what it holds", async () => {
    const deals = await json<{ kind: string; field: string; type: string }[]>([
      "import",
      "--fields",
      "--kind",
      "opportunity",
    ]);
    expect(deals.every((f) => f.kind === "opportunity" && f.type.length > 0)).toBe(true);
    expect(deals.find((f) => f.field === "closeDate")?.type).toMatch(/YYYY-MM-DD/);
    expect(deals.map((f) => f.field)).toEqual(
      expect.arrayContaining(["sourceId", "amount", "owner", "stage"]),
    );
    const all = await json<{ kind: string }[]>(["import", "--fields"]);
    expect(new Set(all.map((f) => f.kind))).toEqual(new Set(["account", "contact", "opportunity", "member"]));
    const shown = await run("import", "--fields", "--kind", "account");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/account\s+website\s+text/);
    expect((await run("import")).code).toBe(2);
  });
});

describe("accountable machine", () => {
  it("--mermaid prints the opportunity machine's diagram", async () => {
    const ran = await run("machine", "opportunity", "--mermaid");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^stateDiagram-v2\n/);
    expect(ran.stdout).toContain("open --> won: close as won");
    const bare = await run("machine", "opp", "--mermaid", "--no-guards");
    expect(bare.stdout).toContain("open --> won: close as won\n");
    expect(bare.stdout).not.toMatch(/: [^\n]*\[/);
  });

  it("--json lists every machine, and one machine's transition table", async () => {
    const all = await cliJson<{ name: string }[]>(["machine"]);
    expect(all.map((m) => m.name)).toEqual(expect.arrayContaining(["opportunity", "contract", "account"]));
    const one = await cliJson<{ name: string; transitions: { command: string; from: string[] }[] }>([
      "machine",
      "contract",
    ]);
    expect(one.name).toBe("contract");
    expect(one.transitions.length).toBeGreaterThan(5);
  });

  it("an unknown machine: exit 2", async () => {
    expect((await cli(["machine", "spaceship"])).code).toBe(2);
  });
});

describe("completion", () => {
  const hasShell = (shell: string) => spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;

  for (const shell of ["bash", "zsh", "fish"] as const) {
    it(`prints a ${shell} script that the shell parses`, async () => {
      const ran = await cli(["completion", shell]);
      expect(ran.code).toBe(0);
      expect(ran.stdout).toContain("opportunity");
      expect(ran.stdout).toContain("--dry-run");
      if (hasShell(shell)) {
        const file = join(dataDir, `completion.${shell}`);
        writeFileSync(file, ran.stdout);
        const check = spawnSync(shell, ["-n", file]);
        expect(check.stderr.toString()).toBe("");
        expect(check.status).toBe(0);
      }
    });
  }

  it("bash completes the subcommands of opp", async () => {
    if (!hasShell("bash")) return;
    const script = (await cli(["completion", "bash"])).stdout;
    const probe = `${script}\nCOMP_WORDS=(accountable opp m); COMP_CWORD=2; _accountable; echo "\${COMPREPLY[@]}"`;
    const out = spawnSync("bash", ["-c", probe]).stdout.toString().trim();
    expect(out).toBe("move");
  });
});

describe("colour", () => {
  const withColour = (extra: Record<string, string | undefined>, ...args: string[]) =>
    cli(["machine", ...args], { env: { NO_COLOR: undefined, FORCE_COLOR: "1", ...extra } });

  it("colours when forced, and never with NO_COLOR or --no-color", async () => {
    expect((await withColour({})).stdout).toContain("\u001b[");
    expect((await withColour({ NO_COLOR: "1" })).stdout).not.toContain("\u001b[");
    expect((await withColour({}, "--no-color")).stdout).not.toContain("\u001b[");
  });
});

describe("--help", () => {
  it("starts without opening a database and shows examples", async () => {
    const ran = await cli(["--help"], { env: { ACCOUNTABLE_DATA_DIR: "/nonexistent/accountable" } });
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain("Examples:");
    expect(ran.stdout).toContain("Exit codes:");
  });
});
