// No write is lost to a second process, and none is acknowledged falsely: a real server (`accountable serve`, a
// subprocess) holds the embedded data folder, and a local command on the same folder goes through that server
// (its address and credential are in the folder) instead of opening the folder beside it — the write that, before
// the lock, printed "✓ AccountCreated" and was gone once the server stopped, and that the lock then refused. The
// server reads it at once, and it is there after the server stops. After a kill -9 of the server, the next
// command takes the folder over, and a server started again sees every write.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cli } from "./run-cli.ts";
import { type Serving, serve } from "./serving.ts";

let dataDir: string;
const env = () => ({ ACCOUNTABLE_DATA_DIR: dataDir });
const LOCK = () => join(dataDir, "db", "accountable.lock");
const SERVER_FILE = () => join(dataDir, "db", "accountable.server");

const running: Serving[] = [];

beforeAll(async () => {
  assertBuilt();
  dataDir = mkdtempSync(join(tmpdir(), "accountable-lock-"));
  const made = await cli(
    ["init", "--name", "Lock Agency", "--admin-name", "Ada", "--admin-email", "ada@lock.test"],
    {
      env: env(),
    },
  );
  expect(made.code, made.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  for (const s of running) await s.kill9();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("one process per embedded data folder", () => {
  it("a write beside a running server goes through it: acknowledged, read by the server at once, kept after it stops; after a kill -9 of the server, the next command takes the folder over", async () => {
    const server = await serve(dataDir);
    running.push(server);
    const lock = JSON.parse(readFileSync(LOCK(), "utf8")) as { pid: number; address: string };
    expect(lock).toMatchObject({ pid: server.proc.pid, address: server.url });

    const beside = await cli(["account", "create", "Beside Writer", "--id", "beside-writer"], { env: env() });
    expect(beside.code, beside.stderr).toBe(0);
    expect(beside.stdout).toContain("AccountCreated");
    // The server itself has it (it was written through the server, not into a copy of the folder).
    const file = JSON.parse(readFileSync(SERVER_FILE(), "utf8")) as { address: string; credential: string };
    const seen = await fetch(`${file.address}/api/workspaces/lock-agency/accounts/beside-writer`, {
      headers: { Authorization: `Local ${file.credential}`, "X-Accountable-Member": "ada" },
    });
    expect(seen.status).toBe(200);
    // A read through the server sees it too.
    const read = await cli(["account", "list", "--json"], { env: env() });
    expect(read.code, read.stderr).toBe(0);
    expect(JSON.parse(read.stdout).items.map((a: { id: string }) => a.id)).toContain("beside-writer");
    // A second server on the same folder is still refused, naming the first, before it listens.
    const second = await cli(["serve", "--port", "0"], { env: env() });
    expect(second.code).toBe(5);
    expect(second.stderr).toContain(`is in use by process ${server.proc.pid}`);
    expect(second.stderr).toContain("That server already serves this folder");
    expect(second.stderr).not.toContain("with a token");
    // init and demo open the folder themselves: refused, saying plainly that the server serves the folder and
    // what to do (stop it, or another --data-dir), not to go through --api with a token.
    for (const args of [
      ["init", "--name", "Second", "--admin-name", "Bo", "--admin-email", "bo@lock.test"],
      ["demo"],
    ]) {
      const refused = await cli(args, { env: env() });
      expect(refused.code, args[0]).toBe(5);
      expect(refused.stderr).toContain(`A server is running on ${dataDir}: process ${server.proc.pid}`);
      expect(refused.stderr).toContain("It already serves this folder's database");
      expect(refused.stderr).toContain(`kill ${server.proc.pid}`);
      expect(refused.stderr).toContain("--data-dir <another folder>");
      expect(refused.stderr).not.toContain("with a token");
    }

    // Stopped cleanly: the write is in the folder, read locally.
    await server.stop();
    expect(existsSync(SERVER_FILE())).toBe(false);
    const kept = await cli(["account", "show", "beside-writer", "--json"], { env: env() });
    expect(kept.code, kept.stderr).toBe(0);
    expect(JSON.parse(kept.stdout).state.name).toBe("Beside Writer");

    // kill -9: the lock and the server file stay behind, naming a process that is gone.
    const killed = await serve(dataDir);
    running.push(killed);
    await killed.kill9();
    expect(existsSync(LOCK())).toBe(true);
    expect(existsSync(SERVER_FILE())).toBe(true);

    const after = await cli(["account", "create", "Local Writer", "--id", "local-writer"], { env: env() });
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain("AccountCreated");
    expect(existsSync(LOCK())).toBe(false); // the command released what it took over
    expect(existsSync(SERVER_FILE())).toBe(false); // and removed the dead server's credential

    // Both writes are kept: a server started again on the folder serves them.
    const again = await serve(dataDir);
    running.push(again);
    const listed = await cli(["account", "list", "--json"], { env: env() });
    expect(listed.code, listed.stderr).toBe(0);
    const ids = JSON.parse(listed.stdout).items.map((a: { id: string }) => a.id);
    expect(ids).toEqual(expect.arrayContaining(["beside-writer", "local-writer"]));
    await again.stop();
  }, 300_000);
});
