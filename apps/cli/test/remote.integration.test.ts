// `accountable serve` and `accountable --api URL --token T …`: one real server for the file (the CLI's own
// `serve`, a subprocess on a temporary data folder and a free port), seeded through the API as a new user would
// (sign up, create a token, found a workspace), then the CLI's commands over HTTP, their exit codes beside the
// same commands run locally, and a clean stop on SIGTERM.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, BIN, cli, cliJson } from "./run-cli.ts";

let server: ChildProcessWithoutNullStreams;
let serverOut = "";
let serverDir: string;
let localDir: string;
let url: string;
let token: string;
const WS = "remote-agency";

/** The CLI over the API: flags for the server and token, nothing local. */
const remote = (args: readonly string[]) => ["--api", url, "--token", token, ...args];
const json = <T = Record<string, unknown>>(args: readonly string[], expected = 0) =>
  cliJson<T>(remote(args), expected, { env: { ACCOUNTABLE_DATA_DIR: localDir } });

function waitForUrl(child: ChildProcessWithoutNullStreams, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in ${ms} ms:\n${serverOut}`)), ms);
    const look = () => {
      const m = /running at (http:\/\/\S+)/.exec(serverOut);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on("data", look);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code} before listening:\n${serverOut}`));
    });
  });
}

beforeAll(async () => {
  assertBuilt();
  serverDir = mkdtempSync(join(tmpdir(), "accountable-serve-"));
  localDir = mkdtempSync(join(tmpdir(), "accountable-local-"));
  server = spawn(process.execPath, [BIN, "--data-dir", serverDir, "serve", "--port", "0"], {
    env: { ...process.env, ACCOUNTABLE_DEMO: "0", LOG_LEVEL: "warn", NO_COLOR: "1", DATABASE_URL: "" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  server.stdout.on("data", (d) => {
    serverOut += d;
  });
  server.stderr.on("data", (d) => {
    serverOut += d;
  });
  // The browser-facing routes (sign-up, tokens) want the server's own origin, as a browser would send it.
  const origin = await waitForUrl(server, 110_000);
  url = origin.replace("localhost", "127.0.0.1");

  // A new user: sign up (the session cookie), a personal token, a workspace they found as its admin.
  const signUp = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: origin },
    body: JSON.stringify({ name: "Ada Park", email: "ada@remote.test", password: "correct horse battery" }),
  });
  expect(signUp.status).toBe(200);
  const cookie = signUp.headers
    .getSetCookie()
    .find((c) => c.includes("session_token="))!
    .split(";")[0]!;
  const created = await fetch(`${url}/api/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie, Origin: origin },
    body: JSON.stringify({ name: "cli test" }),
  });
  expect(created.status).toBe(201);
  token = ((await created.json()) as { token: string }).token;
  const founded = await fetch(`${url}/api/workspaces`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: "Remote Agency", workspaceId: WS }),
  });
  expect(founded.status).toBe(201);
}, 150_000);

afterAll(() => {
  if (server && server.exitCode === null) server.kill("SIGKILL");
  for (const dir of [serverDir, localDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Executed {
  id: string;
  version: number;
  events: { type: string }[];
  state: Record<string, unknown>;
  dryRun: boolean;
}

describe("accountable serve and --api", () => {
  it("serves the API: /healthz answers", async () => {
    const res = await fetch(`${url}/healthz`);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(serverOut).toContain(`Data: the embedded database in ${serverDir}`);
  });

  it("creates an account and a deal over the API, in the token's only workspace, as its user", async () => {
    const account = await json<Executed>(["account", "create", "Acme GmbH", "--id", "acme"]);
    expect(account).toMatchObject({ id: "acme", version: 1, dryRun: false });
    const deal = await json<Executed>([
      "opp",
      "create",
      "Acme retainer 2027",
      "--account",
      "acme",
      "--amount",
      "120000 EUR",
      "--close-date",
      "2027-03-31",
      "--id",
      "acme-2027",
    ]);
    expect(deal.state).toMatchObject({ stageId: "prospecting", accountId: "acme", status: "open" });
    // The owner defaults to the acting member: the token's user in this workspace, as /api/me says.
    const me = (await (
      await fetch(`${url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as {
      workspaces: { id: string; memberId: string }[];
    };
    expect(deal.state.ownerId).toBe(me.workspaces.find((w) => w.id === WS)?.memberId);
    const shown = await json<{ version: number; state: { name: string } }>(["opp", "show", "acme-2027"]);
    expect(shown).toMatchObject({ version: 1, state: { name: "Acme retainer 2027" } });
  });

  it("moves a deal, dry runs write nothing, and a refusal exits with the same code and tag as locally", async () => {
    const dry = await json<Executed>(["opp", "move", "acme-2027", "discovery", "--dry-run"]);
    expect(dry).toMatchObject({ dryRun: true, version: 1 });
    const moved = await json<Executed>([
      "opp",
      "move",
      "acme-2027",
      "discovery",
      "--reason",
      "first call booked",
    ]);
    expect(moved.state.stageId).toBe("discovery");
    expect(moved.version).toBe(2);

    const overApi = await cli(remote(["opp", "move", "acme-2027", "proposal", "--json"]));
    const stale = await cli(
      remote(["opp", "update", "acme-2027", "--name", "x", "--expect-version", "1", "--json"]),
    );
    const missing = await cli(remote(["opp", "show", "no-such-deal", "--json"]));

    // The same moves on a local database.
    const env = { env: { ACCOUNTABLE_DATA_DIR: localDir } };
    await cliJson(
      [
        "init",
        "--workspace-id",
        "local",
        "--name",
        "Local",
        "--admin-name",
        "Ada",
        "--admin-email",
        "ada@local.test",
      ],
      0,
      env,
    );
    await cliJson(["account", "create", "Acme GmbH", "--id", "acme"], 0, env);
    await cliJson(
      [
        "opp",
        "create",
        "Acme retainer 2027",
        "--account",
        "acme",
        "--amount",
        "120000 EUR",
        "--close-date",
        "2027-03-31",
        "--id",
        "acme-2027",
      ],
      0,
      env,
    );
    await cliJson(["opp", "move", "acme-2027", "discovery"], 0, env);
    const local = await cli(["opp", "move", "acme-2027", "proposal", "--json"], env);
    const localStale = await cli(
      ["opp", "update", "acme-2027", "--name", "x", "--expect-version", "1", "--json"],
      env,
    );
    const localMissing = await cli(["opp", "show", "no-such-deal", "--json"], env);

    const tag = (out: string) => (JSON.parse(out) as { error: { _tag: string } }).error._tag;
    expect(overApi.code).toBe(6);
    expect([overApi.code, tag(overApi.stdout)]).toEqual([local.code, tag(local.stdout)]);
    expect(overApi.stderr).toMatch(/need|budget|criteria/i);
    expect([stale.code, tag(stale.stdout)]).toEqual([5, "StaleVersion"]);
    expect([localStale.code, tag(localStale.stdout)]).toEqual([5, "StaleVersion"]);
    expect([missing.code, tag(missing.stdout)]).toEqual([localMissing.code, tag(localMissing.stdout)]);
    expect(missing.code).toBe(3);
  }, 120_000);

  it("lists deals and reads the pipeline report, with the service's shapes", async () => {
    const page = await json<{ items: { id: string }[]; nextCursor: string | null }>([
      "opp",
      "list",
      "--status",
      "open",
    ]);
    expect(page.items.map((d) => d.id)).toEqual(["acme-2027"]);
    expect(page.nextCursor).toBeNull();
    const report = await json<{ pipelines: { stages: { stage: { id: string }; count: number }[] }[] }>([
      "report",
      "pipeline",
    ]);
    const discovery = report.pipelines[0]!.stages.find((s) => s.stage.id === "discovery");
    expect(discovery?.count).toBe(1);
    const bad = await cli(remote(["opp", "list", "--no-such-filter", "x"]));
    expect(bad.code).toBe(2);
  });

  it("imports a CSV over the API: the counts add up, rejects are written, a rerun skips", async () => {
    const file = join(localDir, "deals.csv");
    writeFileSync(
      file,
      [
        "Deal,Client,Value,Currency,Stage,Due",
        "Globex pilot,Globex,5000,EUR,prospecting,2027-01-15",
        "Initech audit,Initech,7500,EUR,prospecting,2027-02-01",
        "No date,Globex,1000,EUR,prospecting,someday",
      ].join("\n"),
    );
    const args = [
      "import",
      file,
      "--map",
      "Deal=name",
      "--map",
      "Client=accountName",
      "--map",
      "Value=amount",
      "--map",
      "Due=closeDate",
    ];
    const first = await json<{
      read: number;
      imported: number;
      rejected: number;
      skipped: number;
      rejectsFile: string;
      accountsCreated: number;
    }>(args, 7);
    expect(first).toMatchObject({ read: 3, imported: 2, rejected: 1, skipped: 0, accountsCreated: 2 });
    expect(existsSync(first.rejectsFile)).toBe(true);
    expect(readFileSync(first.rejectsFile, "utf8")).toMatch(/^4,.*closeDate/m);
    const again = await json<{ read: number; imported: number; skipped: number }>(args, 7);
    expect(again).toMatchObject({ read: 3, imported: 0, skipped: 2 });
    // As a person reads it (the summary table, not --json): it used to crash after the rows were written, reading
    // the list of owners made, which the parts' summaries were added up without.
    const shown = await cli(remote(args), { env: { ACCOUNTABLE_DATA_DIR: localDir } });
    expect(shown.stderr).not.toMatch(/unexpected error/);
    expect(shown.code).toBe(7);
    expect(shown.stdout).toMatch(/skipped/i);
  });

  it("forwards --create-owners over the API: an owner named by a name nobody has becomes a member", async () => {
    const file = join(localDir, "owned-deals.csv");
    writeFileSync(
      file,
      ["Deal,Client,Value,Due,Owner", "Hooli pilot,Hooli,900,2027-01-15,Zora Unknown-Owner"].join("\n"),
    );
    const args = ["import", file, "--map", "Deal=name,Client=accountName,Value=amount,Due=closeDate"];
    // A dry run over the API is the server's real run, rolled back: the same counts, nothing kept.
    const dry = await json<{ rejected: number; dryRun: boolean }>([...args, "--dry-run"], 8);
    expect(dry).toMatchObject({ rejected: 1, dryRun: true });
    const refused = await json<{ rejected: number }>(args, 8);
    expect(refused).toMatchObject({ rejected: 1 });
    const wouldMake = await json<{ imported: number; ownersCreated: unknown[] }>([
      ...args,
      "--create-owners",
      "--dry-run",
    ]);
    expect(wouldMake).toMatchObject({ imported: 1, ownersCreated: [expect.anything()] });
    const made = await json<{ imported: number; ownersCreated: { name: string; role: string }[] }>([
      ...args,
      "--create-owners",
      "--owner-role",
      "account_manager",
    ]);
    expect(made.imported).toBe(1);
    expect(made.ownersCreated).toEqual([
      expect.objectContaining({ name: "Zora Unknown-Owner", role: "account_manager" }),
    ]);
  });

  it("imports a file over the API with the summary the local import gives: Excel serials, decimal commas, parents set", async () => {
    const file = join(localDir, "mixed.csv");
    writeFileSync(
      file,
      [
        "Kind;Name;Account;Parent;Amount;Close Date;Owner",
        "opportunity;Delta pilot;Delta Sub;;1.500,00;46388;Nina Ferreira",
        // Its account exists (the row above made it) and waits for its parent, named with an accent.
        "account;Delta Sub;;Délta Group;;;",
        "account;Delta Group;;;;;",
        "opportunity;Delta extra;DELTA GROUP;;12.50;46400;",
      ].join("\n"),
    );
    const args = [
      "import",
      file,
      "--kind",
      "by-column",
      // Not an account executive: the server's workspace would then ask every later account create for an owner.
      "--create-owners",
      "--owner-role",
      "account_manager",
      "--source",
      "mixed",
      "--rejects",
      join(localDir, "mixed.rejects.csv"),
    ];
    // What depends on the run, not on the rows: its time.
    const rowsOnly = ({ elapsedMs: _e, rowsPerSecond: _r, ...rest }: Record<string, unknown>) => rest;
    const overApi = rowsOnly(await json(args, 7));
    expect(overApi).toMatchObject({
      read: 4,
      imported: 2,
      rejected: 1,
      skipped: 1,
      excelSerialFields: ["closeDate"],
      decimalMark: ",",
      parentsSet: [{ row: 3, accountId: expect.any(String), parentId: expect.any(String) }],
    });
    // The same file, imported locally into a workspace of the same shape: on the embedded database, and on
    // PostgreSQL when DATABASE_URL is set.
    const drivers: { name: string; env: Record<string, string>; drop?: () => Promise<void> }[] = [];
    const embedded = mkdtempSync(join(tmpdir(), "accountable-local-import-"));
    drivers.push({ name: "embedded", env: { ACCOUNTABLE_DATA_DIR: embedded, DATABASE_URL: "" } });
    if (process.env.DATABASE_URL) {
      const { createTestDatabase } = await import("@accountable/store/testing");
      const database = await createTestDatabase(process.env.DATABASE_URL);
      const dir = mkdtempSync(join(tmpdir(), "accountable-local-import-pg-"));
      drivers.push({
        name: "postgres",
        env: { ACCOUNTABLE_DATA_DIR: dir, DATABASE_URL: database.url },
        drop: () => database.drop(),
      });
    }
    try {
      for (const driver of drivers) {
        await cliJson(
          [
            "init",
            "--workspace-id",
            WS,
            "--name",
            "Remote Agency",
            "--admin-name",
            "Ada Park",
            "--admin-email",
            "ada@remote.test",
          ],
          0,
          { env: driver.env },
        );
        const local = rowsOnly(await cliJson(args, 7, { env: driver.env }));
        expect(local, driver.name).toEqual(overApi);
      }
    } finally {
      for (const driver of drivers) {
        await driver.drop?.();
        rmSync(driver.env.ACCOUNTABLE_DATA_DIR!, { recursive: true, force: true });
      }
    }
  });

  it("sweeps as the workspace's admin, with the token from the environment", async () => {
    const ran = await cli(["sweep", "--at", "2027-01-01", "--json"], {
      env: { ACCOUNTABLE_API_URL: url, ACCOUNTABLE_TOKEN: token, ACCOUNTABLE_DATA_DIR: localDir },
    });
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ workspaceId: WS, today: "2027-01-01" });
  });

  it("says so when the token is refused (exit 4) or the server cannot be reached (exit 1)", async () => {
    const refused = await cli(["--api", url, "--token", "acct_not-a-token", "opp", "list"]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(`The server at ${url} did not accept the token`);
    const away = await cli(["--api", "http://127.0.0.1:9", "--token", token, "opp", "list", "--json"]);
    expect(away.code).toBe(1);
    expect(away.stderr).toContain("Cannot reach the Accountable server at http://127.0.0.1:9");
    expect(JSON.parse(away.stdout).error._tag).toBe("ApiUnavailable");
    const noToken = await cli(["--api", url, "opp", "list"], { env: { ACCOUNTABLE_TOKEN: "" } });
    expect(noToken.code).toBe(2);
    const otherWs = await cli(remote(["--workspace", "someone-elses", "opp", "list"]));
    expect(otherWs.code).toBe(3);
    const init = await cli(remote(["init", "--name", "X", "--admin-name", "Y", "--admin-email", "y@x.test"]));
    expect(init.code).toBe(2);
    expect(init.stderr).toContain("not over --api");
  });

  it("creates, reads, rotates and stops the member's calendar feed over the API", async () => {
    expect(await json(["calendar", "status"])).toEqual({ active: false, createdAt: null });
    const feed = await json<{ url: string; createdAt: string }>(["calendar", "create"]);
    // The server's own URL: its origin, the secret, .ics.
    expect(feed.url).toMatch(/^http:\/\/[^/]+\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/);
    const ics = await fetch(feed.url.replace(/^http:\/\/[^/]+/, url));
    expect(ics.status).toBe(200);
    expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
    expect(await json(["calendar", "status"])).toMatchObject({ active: true, createdAt: feed.createdAt });
    const rotated = await json<{ url: string }>(["calendar", "create"]);
    expect(rotated.url).not.toBe(feed.url);
    expect((await fetch(feed.url.replace(/^http:\/\/[^/]+/, url))).status).toBe(404);
    expect(await json(["calendar", "stop"])).toEqual({ stopped: true });
    expect((await fetch(rotated.url.replace(/^http:\/\/[^/]+/, url))).status).toBe(404);
    expect(await json(["calendar", "stop"])).toEqual({ stopped: false });
  });

  it("reads and marks the inbox over the API as the token's member", async () => {
    await json(["task", "create", "Call the client", "--id", "remote-t1", "--due", "2020-01-01"]);
    const inbox = await json<{ unread: number; items: { key: string; recordId: string }[] }>(["inbox"]);
    const item = inbox.items.find((i) => i.recordId === "remote-t1")!;
    expect(item).toBeDefined();
    expect(await json(["inbox", "read", "--all"])).toMatchObject({ marked: inbox.items.length, unread: 0 });
    expect((await json<{ items: unknown[] }>(["inbox", "--unread"])).items).toEqual([]);
    expect(await json(["inbox", "unread", item.key])).toEqual({ marked: 1, unread: 1 });
  });

  it("searches over the API as the token's member, and refuses bad input with exit 2", async () => {
    await json(["account", "create", "Remote Search Holdings", "--id", "remote-search"]);
    const found = await json<{ hits: { kind: string; id: string }[] }>(["search", "remote serch"]);
    expect(found.hits[0]).toMatchObject({ kind: "account", id: "remote-search" });
    const refused = await cli(remote(["search", "x"]), { env: { ACCOUNTABLE_DATA_DIR: localDir } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("type at least 2 characters");
  });

  it("stops on SIGTERM, closing the database, with exit code 0", async () => {
    const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
    server.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect((await fetch(`${url}/healthz`).catch(() => null))?.ok ?? false).toBe(false);
  }, 60_000);
});
