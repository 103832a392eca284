// A local command beside a running server works through it: the real server (`accountable serve`, a subprocess)
// holds the embedded data folder and has written its address and a credential (mode 0600) beside the lock; the
// CLI finds them and sends the same command over HTTP, acting as the member it would act as locally. What it
// prints and how it exits are the local path's: the same commands are run again once the server has stopped, and
// compared byte for byte. The credential opens nothing from another address or without a member, and a file
// other users could read is refused with a sentence.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cli, type Ran } from "./run-cli.ts";
import { type Serving, serve } from "./serving.ts";

let dataDir: string;
const env = () => ({ ACCOUNTABLE_DATA_DIR: dataDir });
const SERVER_FILE = () => join(dataDir, "db", "accountable.server");
const running: Serving[] = [];

/** An address of this machine that is not loopback, if it has one. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === "IPv4")?.address;

beforeAll(async () => {
  assertBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "accountable-beside-"));
  const steps: string[][] = [
    ["init", "--name", "Beside Agency", "--admin-name", "Ada", "--admin-email", "ada@beside.test"],
    ["member", "create", "Val Viewer", "--email", "val@beside.test", "--role", "viewer", "--id", "val"],
    ["member", "create", "Eve Exec", "--email", "eve@beside.test", "--id", "eve"],
    ["member", "create", "Dee Gone", "--email", "dee@beside.test", "--id", "dee"],
    ["member", "do", "dee", "Deactivate"],
    ["account", "create", "Acme", "--id", "acme", "--owner", "eve"],
    [
      "opp",
      "create",
      "Acme retainer",
      "--id",
      "acme-1",
      "--account",
      "acme",
      "--amount",
      "120000 EUR",
      "--close-date",
      "2027-03-31",
      "--owner",
      "eve",
    ],
  ];
  for (const args of steps) {
    const ran = await cli(args, { env: env() });
    expect(ran.code, `${args.join(" ")}: ${ran.stderr}`).toBe(0);
  }
}, 180_000);

afterAll(async () => {
  for (const s of running) await s.kill9();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Commands compared through the server and locally: reads, reports, a dry-run write, refusals of each kind. */
const CASES: readonly (readonly string[])[] = [
  ["opp", "list", "--json"],
  ["opp", "list"],
  ["opp", "list", "--status", "open,opn"],
  ["report", "metrics", "--by", "ownr"],
  ["account", "show", "acme", "--json"],
  ["account", "show", "no-such-account", "--json"],
  ["report", "pipeline", "--json"],
  // The viewer's role applies, not the admin's: their reads are theirs, their writes refused as theirs.
  ["--as", "val", "opp", "list", "--json"],
  ["--as", "val", "account", "create", "Viewer Co", "--id", "viewer-co", "--owner", "eve", "--json"],
  ["--as", "ghost", "opp", "list", "--json"],
  ["--workspace", "nope", "opp", "list"],
  ["opp", "move", "acme-1", "proposal", "--json"],
  ["account", "create", "Dry Co", "--id", "dry-co", "--owner", "eve", "--dry-run", "--json"],
  ["export", "opportunities", "--format", "json"],
  // Records by a name with a space: resolved by name through the server too, never sent as an id (a server
  // refuses such a path as malformed); a misspelt one is not found with the nearest name.
  ["opp", "show", "Acme retainer", "--json"],
  ["opp", "history", "Acme retainer", "--json"],
  ["account", "history", "Acme", "--json"],
  ["opp", "show", "Acme retaner"],
  ["opp", "history", "Acme retaner"],
  // --as naming nobody of the workspace: not found, exit 3 (with the nearest); a deactivated member: exit 4.
  ["--as", "Nobody Here", "opp", "list"],
  ["--as", "Eve Exek", "opp", "list"],
  ["--as", "Dee Gone", "opp", "list"],
  // A loss with its reason: the reason is the CloseAsLost's own field, not a body field the server refuses
  // ("reason: is not a field this takes", exit 2, until the CLI sent it only to commands that take one); the
  // viewer is refused as a viewer (exit 4), not for the field.
  ["opp", "move", "acme-1", "closed_lost", "--reason", "price", "--dry-run", "--json"],
  ["--as", "val", "opp", "move", "acme-1", "closed_lost", "--reason", "price", "--dry-run"],
];

/** The moment a command ran at (a report's `now`, a dry run's event time) differs between any two runs. */
let began = Number.POSITIVE_INFINITY;
const steady = (r: Ran) => ({
  code: r.code,
  stdout: r.stdout.replace(/"(\d{4}-\d\d-\d\dT[\d:.]+Z)"/g, (all, at: string) =>
    Date.parse(at) >= began ? '"(now)"' : all,
  ),
  stderr: r.stderr,
});

describe("a local command beside a running server", () => {
  it("goes through the server: same output and exit codes as locally, writes kept, the credential 0600 and of no use elsewhere", async () => {
    const server = await serve(dataDir, "0.0.0.0");
    running.push(server);

    // The server's file: this user's alone, a loopback address, a long random credential.
    expect(statSync(SERVER_FILE()).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(SERVER_FILE(), "utf8")) as { address: string; credential: string };
    expect(file.address).toBe(`http://127.0.0.1:${server.port}`);
    expect(file.credential.length).toBeGreaterThanOrEqual(43);

    began = Date.now();
    const through: Ran[] = [];
    for (const args of CASES) through.push(await cli(args, { env: env() }));
    // Nothing went to the folder behind the server's back: every command was answered (no DataFolderInUse).
    for (const [i, r] of through.entries()) expect(r.stderr, CASES[i]!.join(" ")).not.toContain("in use by");
    expect(through.map((r) => r.code)).toEqual([
      0, 0, 2, 2, 0, 3, 0, 0, 4, 3, 3, 6, 0, 0, 0, 0, 0, 3, 3, 3, 3, 4, 0, 4,
    ]);
    const named = (...args: string[]) => through[CASES.findIndex((c) => c.join(" ") === args.join(" "))]!;
    expect(JSON.parse(named("opp", "show", "Acme retainer", "--json").stdout)).toMatchObject({
      id: "acme-1",
    });
    expect(JSON.parse(named("opp", "history", "Acme retainer", "--json").stdout)).toMatchObject({
      id: "acme-1",
    });
    for (const miss of [named("opp", "show", "Acme retaner"), named("opp", "history", "Acme retaner")]) {
      expect(miss.stderr).toContain("did you mean Acme retainer");
      expect(miss.stderr).not.toContain("an id holds only");
    }
    expect(named("--as", "Nobody Here", "opp", "list").stderr).toContain(
      '--as "Nobody Here": no member of this workspace is named so or has that id',
    );
    expect(named("--as", "Eve Exek", "opp", "list").stderr).toContain(
      "did you mean Eve Exec <eve@beside.test>?",
    );
    expect(named("--as", "Dee Gone", "opp", "list").stderr).toContain(
      "dee does not belong to this workspace",
    );

    // A write through the server: acknowledged, and there in the server's own API at once.
    const write = await cli(["account", "create", "Through Co", "--id", "through-co", "--owner", "eve"], {
      env: env(),
    });
    expect(write.code, write.stderr).toBe(0);
    expect(write.stdout).toContain("AccountCreated");
    const headers = { Authorization: `Local ${file.credential}`, "X-Accountable-Member": "ada" };
    const seen = await fetch(`${file.address}/api/workspaces/beside-agency/accounts/through-co`, { headers });
    expect(seen.status).toBe(200);
    expect(((await seen.json()) as { state: { name: string } }).state.name).toBe("Through Co");

    // The credential without a member, or as a bearer token, is refused.
    const noMember = await fetch(`${file.address}/api/workspaces/beside-agency/accounts`, {
      headers: { Authorization: `Local ${file.credential}` },
    });
    expect(noMember.status).toBe(401);
    const asBearer = await fetch(`${file.address}/api/workspaces/beside-agency/accounts`, {
      headers: { Authorization: `Bearer ${file.credential}`, "X-Accountable-Member": "ada" },
    });
    expect(asBearer.status).toBe(401);
    // From this machine's other address (not loopback), the same request is refused.
    if (outside) {
      const fromOutside = await fetch(
        `http://${outside}:${server.port}/api/workspaces/beside-agency/accounts`,
        {
          headers,
        },
      );
      expect(fromOutside.status).toBe(401);
      const viaLoopback = await fetch(`${file.address}/api/workspaces/beside-agency/accounts`, { headers });
      expect(viaLoopback.status).toBe(200);
    }

    // A credential file others could read: refused, in a sentence, before anything is sent.
    chmodSync(SERVER_FILE(), 0o644);
    const exposed = await cli(["opp", "list"], { env: env() });
    expect(exposed.code).toBe(2);
    expect(exposed.stdout).toBe("");
    expect(exposed.stderr).toContain("can be read by other users (mode 0644); it must be 0600");
    chmodSync(SERVER_FILE(), 0o600);

    // A clean stop removes the file; then the same commands run locally, on the same data.
    await server.stop();
    expect(existsSync(SERVER_FILE())).toBe(false);
    // (The account written above is in the folder too; no compared command lists accounts.)
    const local: Ran[] = [];
    for (const args of CASES) local.push(await cli(args, { env: env() }));
    const differing = CASES.map((args, i) => ({
      command: args.join(" "),
      through: steady(through[i]!),
      local: steady(local[i]!),
    })).filter((c) => JSON.stringify(c.through) !== JSON.stringify(c.local));
    expect(differing).toEqual([]);

    // The write made through the server is in the folder.
    const kept = await cli(["account", "show", "through-co", "--json"], { env: env() });
    expect(kept.code, kept.stderr).toBe(0);
    expect(JSON.parse(kept.stdout).state.name).toBe("Through Co");
  }, 420_000);
});
