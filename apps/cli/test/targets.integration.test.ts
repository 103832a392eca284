// `accountable target funnel <list>` and `accountable target add-matching <list>` on the built binary, on the demo's
// target lists: locally, then the same commands beside a running server (through its API: GET …/targets/{id}/funnel,
// GET and POST …/targets/{id}/add-matching), compared with the local answers byte for byte.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cli, cliJson, type Ran } from "./run-cli.ts";
import { type Serving, serve } from "./serving.ts";

let dataDir: string;
const env = () => ({ ACCOUNTABLE_DATA_DIR: dataDir });
const run = (...args: string[]) => cli(args, { env: env() });
const json = <T>(args: string[], expected = 0) => cliJson<T>(args, expected, { env: env() });
const running: Serving[] = [];
const LIST = "tl-agency-new-clients";

interface Funnel {
  list: { id: string; name: string; status: string; goal: string };
  steps: { step: string; count: number; conversionBasisPoints: number | null }[];
  members: {
    accountId: string;
    name: string | null;
    step: string;
    source: string;
    fit: { score: number; fits: boolean; reasons: { text: string; matched: boolean }[] };
  }[];
}
interface AddMatching {
  listId: string;
  dryRun: boolean;
  matched: { accountId: string; name: string }[];
  added: number;
  version: number | null;
}

beforeAll(async () => {
  assertBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "accountable-cli-targets-"));
  await json(["demo", "--deals", "60", "--seed", "5"]);
}, 180_000);

afterAll(async () => {
  for (const s of running) await s.kill9();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("accountable target funnel", () => {
  it("--json: the service's report — four steps, the first counting every member, each no more than the one before", async () => {
    const r = await json<Funnel>(["target", "funnel", LIST]);
    expect(r.list.id).toBe(LIST);
    expect(r.steps.map((s) => s.step)).toEqual(["target", "met", "opportunity", "won"]);
    expect(r.members.length).toBeGreaterThan(0);
    expect(r.steps[0]!.count).toBe(r.members.length);
    for (let i = 1; i < r.steps.length; i++) {
      expect(r.steps[i]!.count).toBeLessThanOrEqual(r.steps[i - 1]!.count);
      const before = r.steps[i - 1]!.count;
      expect(r.steps[i]!.conversionBasisPoints).toBe(
        before === 0 ? null : Math.round((r.steps[i]!.count * 10_000) / before),
      );
    }
    for (const step of r.steps)
      expect(
        r.members.filter(
          (m) => ["target", "met", "opportunity", "won"].indexOf(m.step) >= r.steps.indexOf(step),
        ).length,
      ).toBe(step.count);
    for (const m of r.members) expect(m.fit.score).toBeGreaterThanOrEqual(0);
  });

  it("prints the steps with their conversion, then the members with their step and fit", async () => {
    const r = await json<Funnel>(["target", "funnel", LIST]);
    const ran = await run("target", "funnel", LIST);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain(`${r.list.name} (${r.list.status})`);
    expect(ran.stdout).toMatch(/step\s+accounts\s+from previous\s+avg days from previous\s+median days/);
    expect(ran.stdout).toMatch(new RegExp(`target\\s+${r.steps[0]!.count}\\s+—`));
    expect(ran.stdout).toMatch(/account\s+step\s+fit\s+source\s+added/);
    const member = r.members.find((m) => m.name !== null)!;
    expect(ran.stdout).toMatch(new RegExp(`${member.name}\\s+[a-z ]+\\s+${member.fit.score}`));
  });

  it("refuses a list that does not exist, in words (exit 3)", async () => {
    const ran = await run("target", "funnel", "no-such-list");
    expect(ran.code).toBe(3);
    expect(ran.stderr).toContain("There is no target with id no-such-list");
  });
});

describe("accountable target add-matching", () => {
  it("--dry-run names the matches and writes nothing; then adds them, and they are the list's new criteria members", async () => {
    const before = await json<Funnel>(["target", "funnel", LIST]);
    const preview = await json<AddMatching>(["target", "add-matching", LIST, "--dry-run"]);
    expect(preview).toMatchObject({ listId: LIST, dryRun: true, added: 0, version: null });
    // On the demo, the list's criteria match an account that is not on it yet.
    expect(preview.matched.length).toBeGreaterThan(0);
    const onList = new Set(before.members.map((m) => m.accountId));
    for (const m of preview.matched) expect(onList.has(m.accountId)).toBe(false);
    expect((await json<Funnel>(["target", "funnel", LIST])).members.length).toBe(before.members.length);

    const readable = await run("target", "add-matching", LIST, "--dry-run");
    expect(readable.code).toBe(0);
    expect(readable.stdout).toContain(
      preview.matched.length === 0 ? "No account matches" : "would be added (nothing written",
    );

    const done = await json<AddMatching>(["target", "add-matching", LIST]);
    expect(done.matched).toEqual(preview.matched);
    expect(done.added).toBe(preview.matched.length);
    const after = await json<Funnel>(["target", "funnel", LIST]);
    expect(after.members.length).toBe(before.members.length + preview.matched.length);
    for (const m of preview.matched) {
      const member = after.members.find((x) => x.accountId === m.accountId)!;
      expect(member).toMatchObject({ source: "criteria", name: m.name });
      expect(member.fit.fits).toBe(true);
    }
    // Nothing is left to add.
    expect((await json<AddMatching>(["target", "add-matching", LIST, "--dry-run"])).matched).toEqual([]);
  });

  it("is refused to a role that may not change target lists (finance), preview included", async () => {
    const ran = await run("--as", "demo-finance-2", "target", "add-matching", LIST, "--dry-run");
    expect(ran.code).toBe(4);
    expect(ran.stderr).toMatch(/target lists/);
  });
});

describe("beside a running server", () => {
  const CASES: readonly (readonly string[])[] = [
    ["target", "funnel", LIST, "--json"],
    ["target", "funnel", "tl-it-new-clients"],
    ["target", "funnel", "no-such-list", "--json"],
    ["target", "add-matching", "tl-it-new-clients", "--dry-run", "--json"],
    ["target", "add-matching", "no-such-list", "--dry-run"],
    ["--as", "demo-finance-2", "target", "add-matching", LIST, "--dry-run"],
  ];
  const steady = (r: Ran) => ({ code: r.code, stdout: r.stdout, stderr: r.stderr });

  it("answers through the API exactly as locally", async () => {
    const server = await serve(dataDir);
    running.push(server);
    const through: Ran[] = [];
    for (const args of CASES) through.push(await cli(args, { env: env() }));
    for (const [i, r] of through.entries()) expect(r.stderr, CASES[i]!.join(" ")).not.toContain("in use by");
    expect(through.map((r) => r.code)).toEqual([0, 0, 3, 0, 3, 4]);
    // A write through the server: the IT list takes its matches.
    const added = await cli(["target", "add-matching", "tl-it-new-clients", "--json"], { env: env() });
    expect(added.code, added.stderr).toBe(0);
    const done = JSON.parse(added.stdout) as AddMatching;
    expect(done.added).toBe(done.matched.length);
    await server.stop();

    const local: Ran[] = [];
    for (const args of CASES) local.push(await cli(args, { env: env() }));
    // The write went to the data: the preview now finds nothing; every other answer is the same.
    expect(JSON.parse(local[3]!.stdout).matched).toEqual([]);
    expect(JSON.parse(through[3]!.stdout).matched).toEqual(done.matched);
    const compared = (rs: Ran[]) => rs.filter((_, i) => i !== 3 && i !== 1).map(steady);
    expect(compared(through)).toEqual(compared(local));
  }, 240_000);
});

describe("accountable target import", () => {
  interface Imported {
    read: number;
    added: number;
    skipped: number;
    rejected: number;
    skips: { row: number; reason: string }[];
    clients: number;
    rejections: { row: number; reason: string }[];
    dryRun: boolean;
  }

  it("adds the accounts a file names by name (case and spacing aside), each row added, skipped (a client already too) or rejected: exit 7", async () => {
    const before = await json<Funnel>(["target", "funnel", LIST]);
    const member = before.members.find((m) => m.name !== null)!;
    const accounts = await json<{ items: { id: string; name: string; status: string }[] }>([
      "account",
      "list",
      "--limit",
      "200",
    ]);
    const onList = new Set(before.members.map((m) => m.accountId));
    // A list hunts new customers: a prospect is added, an active client is skipped, saying so.
    const fresh = accounts.items.find((a) => !onList.has(a.id) && a.status === "prospect")!;
    const client = accounts.items.find((a) => !onList.has(a.id) && a.status === "active")!;
    const file = join(dataDir, "trade-fair-leads.csv");
    writeFileSync(
      file,
      [
        "Company,Met at",
        `${member.name},booth`,
        `"  ${fresh.name.toUpperCase()} ",talk`,
        `${fresh.name},dinner`,
        "Nobody Ltd,booth",
        `${client.name},booth`,
      ].join("\n"),
    );

    const dry = await json<Imported>(["target", "import", LIST, file, "--dry-run"], 7);
    expect(dry).toMatchObject({ read: 5, added: 1, skipped: 3, clients: 1, rejected: 1, dryRun: true });
    expect((await json<Funnel>(["target", "funnel", LIST])).members).toHaveLength(before.members.length);

    const real = await json<Imported>(["target", "import", LIST, file], 7);
    expect(real).toMatchObject({ read: 5, added: 1, skipped: 3, clients: 1, rejected: 1, dryRun: false });
    expect(real.skips).toEqual([
      { row: 2, account: member.name, reason: "on the list already" },
      { row: 4, account: fresh.name, reason: "named earlier in the file" },
      {
        row: 6,
        account: client.name,
        reason: `${client.name} is a client already (active): a target list hunts new customers (prospects, dormant or churned accounts), so it was not added; add it by hand if it belongs on the list`,
      },
    ]);
    expect(real.rejections).toEqual([
      { row: 5, account: "Nobody Ltd", reason: 'there is no account named "Nobody Ltd"' },
    ]);
    const after = await json<Funnel>(["target", "funnel", LIST]);
    expect(after.members.find((m) => m.accountId === fresh.id)).toMatchObject({
      source: "import",
      step: "target",
    });

    // Run again: everything is on the list already or unknown, nothing added; the table says so in words.
    const again = await run("target", "import", LIST, file);
    expect(again.code).toBe(7);
    expect(again.stdout).toContain("read 5 = added 0 + skipped 4 + rejected 1");
    expect(again.stdout).toContain(
      "1 of the skipped is a client already (or archived): a target list hunts new customers",
    );
    expect(again.stdout).toContain('row 5 rejected: there is no account named "Nobody Ltd"');
  });

  it("refuses a file without a column naming the accounts, naming its columns: exit 2", async () => {
    const file = join(dataDir, "no-account-column.csv");
    writeFileSync(file, "City,Met at\nLyon,booth\n");
    const ran = await run("target", "import", LIST, file);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(
      "has no column naming the accounts (Account, Company, Name…); its columns: City, Met at",
    );
  });
});

describe("accountable target import beside a running server", () => {
  it("answers through the API's POST …/targets/{id}/import exactly as locally", async () => {
    const file = join(dataDir, "through-the-server.csv");
    writeFileSync(file, ["Account", "Nobody Ltd", "", "Nobody   LTD"].join("\n"));
    const args = ["target", "import", LIST, file, "--dry-run"];
    const server = await serve(dataDir);
    running.push(server);
    const through = [await run(...args), await run(...args, "--json")];
    await server.stop();
    const local = [await run(...args), await run(...args, "--json")];
    const steady = (r: Ran) => ({ code: r.code, stdout: r.stdout, stderr: r.stderr });
    expect(through.map(steady)).toEqual(local.map(steady));
    expect(local[0]!.code).toBe(8);
    expect(JSON.parse(local[1]!.stdout)).toMatchObject({ read: 2, rejected: 2, dryRun: true });
  }, 240_000);
});
