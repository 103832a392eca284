// Who sees money through the CLI over --api: the CLI's own server (`accountable serve`, a subprocess with the
// demo), a viewer who joined it as a new user would (invited by the demo's admin, signed up, accepted, minted a
// token), and every read command of the CLI's command tree (see read-commands.ts) run as a real subprocess with
// that token: no money value reaches the viewer (not even a brief's budgets, the client's figures, which only the
// roles that work on briefs read), tables print `masked`, and the CSV export writes `masked` in every amount cell. The same
// commands, locally and for every role, are money-visibility.integration.test.ts.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AggregateType } from "@accountable/service";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGGREGATE_LISTS, AGGREGATE_NAMES } from "../src/aggregates.ts";
import { CsvParser } from "../src/csv.ts";
import { MONEY_TEXT, moneyIn, readCommands } from "./read-commands.ts";
import { assertBuilt, BIN, cli } from "./run-cli.ts";

const PASSWORD = "cli-money-over-api";
const ADMIN = "admin@demo.accountable.test";
const VIEWER = "vera@viewer.test";

let server: ChildProcessWithoutNullStreams;
let serverOut = "";
let serverDir: string;
let localDir: string;
let url: string;
let origin: string;
let adminToken: string;
let viewerToken: string;
let account: string;
const known = new Map<string, AggregateType>();
const records = new Map<AggregateType, { id: string; title?: string }[]>();

/** The CLI over the API as the member the token is: a real subprocess, nothing local. */
const over = (token: string, args: readonly string[]) =>
  cli(["--api", url, "--token", token, ...args], { env: { ACCOUNTABLE_DATA_DIR: localDir } });

function waitForUrl(child: ChildProcessWithoutNullStreams, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in ${ms} ms:\n${serverOut}`)), ms);
    child.stdout.on("data", () => {
      const m = /running at (http:\/\/\S+)/.exec(serverOut);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code} before listening:\n${serverOut}`));
    });
  });
}

/** The session cookie of a browser-style sign-in or sign-up answer. */
const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

async function post(path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: origin, ...headers },
    body: JSON.stringify(body),
  });
}

async function mintToken(cookie: string): Promise<string> {
  const minted = await post("/api/tokens", { name: "cli money test" }, { Cookie: cookie });
  expect(minted.status, await minted.clone().text()).toBe(201);
  return ((await minted.json()) as { token: string }).token;
}

beforeAll(async () => {
  assertBuilt();
  serverDir = mkdtempSync(join(tmpdir(), "accountable-serve-money-"));
  localDir = mkdtempSync(join(tmpdir(), "accountable-cli-money-local-"));
  const { DATABASE_URL: _notThisServer, ...inherited } = process.env;
  server = spawn(process.execPath, [BIN, "--data-dir", serverDir, "serve", "--port", "0"], {
    env: {
      ...inherited,
      ACCOUNTABLE_DEMO: "1",
      DEMO_DEALS: "60",
      DEMO_PASSWORD: PASSWORD,
      AUTH_SECRET: "cli-money-over-api-secret-0123456789abcdef",
      LOG_LEVEL: "warn",
      NO_COLOR: "1",
    },
  });
  server.stdout.on("data", (d) => {
    serverOut += d;
  });
  server.stderr.on("data", (d) => {
    serverOut += d;
  });
  // The browser-facing routes (sign-in, tokens, invitations) want the server's own origin, as a browser sends it.
  origin = await waitForUrl(server, 270_000);
  url = origin.replace("localhost", "127.0.0.1");

  // The demo's admin: signed in, a token, every record as they read it (all of them).
  const signIn = await post("/api/auth/sign-in/email", { email: ADMIN, password: PASSWORD }, {});
  expect(signIn.status, await signIn.clone().text()).toBe(200);
  adminToken = await mintToken(cookieOf(signIn));
  for (const aggregate of AGGREGATE_NAMES) {
    const list = AGGREGATE_LISTS[aggregate];
    if (list === null) continue;
    const ran = await over(adminToken, ["--json", "export", list, "--format", "json"]);
    expect(ran.code, ran.stderr).toBe(0);
    const rows = JSON.parse(ran.stdout) as { id: string }[];
    records.set(aggregate, rows);
    for (const r of rows) known.set(r.id, aggregate);
  }
  account = records.get("account")![0]!.id;

  // A new user joins as a viewer: invited by the admin, signs up, accepts, mints a token.
  const invited = await post(
    "/api/workspaces/demo/invitations",
    { email: VIEWER, role: "viewer" },
    { Authorization: `Bearer ${adminToken}` },
  );
  expect(invited.status, await invited.clone().text()).toBe(201);
  const invitation = (await invited.json()) as { token: string };
  const signUp = await post(
    "/api/auth/sign-up/email",
    { name: "Vera Viewer", email: VIEWER, password: PASSWORD },
    {},
  );
  expect(signUp.status, await signUp.clone().text()).toBe(200);
  const cookie = cookieOf(signUp);
  const accepted = await post(`/api/invitations/${invitation.token}/accept`, {}, { Cookie: cookie });
  expect(accepted.status, await accepted.clone().text()).toBe(200);
  expect(await accepted.json()).toMatchObject({ workspaceId: "demo", role: "viewer" });
  viewerToken = await mintToken(cookie);
}, 400_000);

afterAll(() => {
  if (server && server.exitCode === null) server.kill("SIGKILL");
  for (const dir of [serverDir, localDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("who sees money through the CLI over --api", () => {
  it("a viewer's token: every read command shows no money, every figure masked", async () => {
    // The workspace has no list: it is the record the token's workspace is.
    const all = new Map(records);
    all.set("workspace", [{ id: "demo" }]);
    known.set("demo", "workspace");
    const leaks: string[] = [];
    let shown = 0;
    let masked = 0;
    let briefFigures = 0;
    let refused = 0;
    const commands = readCommands(all, account);
    for (const c of commands) {
      const ran = await over(viewerToken, ["--json", ...c.args]);
      if (ran.code === 3 || ran.code === 4) {
        refused++;
        continue;
      }
      expect(ran.code, `${c.name}: ${ran.stderr}`).toBe(0);
      for (const m of moneyIn(JSON.parse(ran.stdout), known, c.target)) {
        const brief = m.recordId !== undefined && known.get(m.recordId) === "brief";
        if (!m.shown) masked++;
        else {
          // A brief's budgets too: they are the client's figures, but a viewer sees no money at all.
          if (brief) briefFigures++;
          shown++;
          leaks.push(`${c.name} ${m.path}`);
        }
      }
    }
    process.stdout.write(
      `\nMoney through the CLI over --api, as a viewer: ${commands.length} commands, ${refused} refused, ${shown} shown, ${masked} masked, ${briefFigures} brief figures, ${leaks.length} leaks\n`,
    );
    expect(leaks.slice(0, 20)).toEqual([]);
    expect(masked).toBeGreaterThan(0);
  }, 600_000);

  it("a viewer's tables and CSV over --api print 'masked', never a figure", async () => {
    const leaks: string[] = [];
    // The tables with an amount column (a contract's list names no amount).
    for (const args of [
      ["report", "pnl"],
      ["report", "pipeline"],
      ["opp", "list"],
    ]) {
      const ran = await over(viewerToken, args);
      expect(ran.code, `${args.join(" ")}: ${ran.stderr}`).toBe(0);
      expect(ran.stdout).toContain("masked");
      for (const line of ran.stdout.split("\n"))
        if (MONEY_TEXT.test(line)) leaks.push(`${args.join(" ")}: ${line}`);
    }
    const csv = await over(viewerToken, ["export", "opportunities"]);
    expect(csv.code, csv.stderr).toBe(0);
    const parser = new CsvParser(",");
    const [header, ...rows] = [...parser.push(csv.stdout), ...parser.end()].filter((r) => r.length > 1);
    const amount = header!.indexOf("amount");
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row[amount]).toBe("masked");
    expect(leaks).toEqual([]);
  }, 300_000);
});
