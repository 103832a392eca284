// No write is lost to a second process: a real server (`accountable serve`, a subprocess) holds the embedded
// data folder, and a local command on the same folder is refused by name (exit 5) instead of writing beside it —
// the write that, before the lock, printed "✓ AccountCreated" and was gone once the server stopped. After a
// kill -9 of the server, the next command takes the folder over, and a server started again sees its write.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, BIN, cli } from "./run-cli.ts";

let dataDir: string;
const env = () => ({ ACCOUNTABLE_DATA_DIR: dataDir });
const LOCK = () => join(dataDir, "db", "accountable.lock");

interface Serving {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly url: string;
  output(): string;
}

function serve(): Promise<Serving> {
  const proc = spawn(process.execPath, [BIN, "--data-dir", dataDir, "serve", "--port", "0"], {
    env: { ...process.env, ACCOUNTABLE_DEMO: "0", LOG_LEVEL: "warn", NO_COLOR: "1", DATABASE_URL: "" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout.on("data", (d) => {
    out += d;
  });
  proc.stderr.on("data", (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 110_000);
    proc.stdout.on("data", () => {
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1]!, output: () => out });
      }
    });
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code} before listening:\n${out}`));
    });
  });
}

const exited = (proc: ChildProcessWithoutNullStreams) =>
  proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => proc.once("exit", () => resolve()));

const running: ChildProcessWithoutNullStreams[] = [];

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
  for (const p of running) {
    p.kill("SIGKILL");
    await exited(p);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe("one process per embedded data folder", () => {
  it("a local command beside a running server is refused, naming the server's process and address; kill -9 of the server, and the next command takes the folder over", async () => {
    const server = await serve();
    running.push(server.proc);
    const lock = JSON.parse(readFileSync(LOCK(), "utf8")) as { pid: number; address: string };
    expect(lock).toMatchObject({ pid: server.proc.pid, address: server.url });

    const beside = await cli(["account", "create", "Local Writer", "--id", "local-writer"], { env: env() });
    expect(beside.code).toBe(5);
    expect(beside.stdout).not.toContain("AccountCreated");
    expect(beside.stderr).toContain(`is in use by process ${server.proc.pid}`);
    expect(beside.stderr).toContain(`serving ${server.url}`);
    expect(beside.stderr).toContain(`--api ${server.url}`);
    // A read is refused too: opening the folder beside the server is what loses writes, whatever comes next.
    const read = await cli(["account", "list", "--json"], { env: env() });
    expect(read.code).toBe(5);
    expect(JSON.parse(read.stdout).error._tag).toBe("DataFolderInUse");
    // A second server on the same folder is refused the same way, before it listens.
    const second = await cli(["serve", "--port", "0"], { env: env() });
    expect(second.code).toBe(5);
    expect(second.stderr).toContain(`is in use by process ${server.proc.pid}`);

    server.proc.kill("SIGKILL");
    await exited(server.proc);
    expect(existsSync(LOCK())).toBe(true); // nobody cleaned up after a kill -9

    const after = await cli(["account", "create", "Local Writer", "--id", "local-writer"], { env: env() });
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain("AccountCreated");
    expect(existsSync(LOCK())).toBe(false); // the command released what it took over

    // The write is kept: a server started and stopped again on the folder leaves it there.
    const again = await serve();
    running.push(again.proc);
    again.proc.kill("SIGTERM");
    await exited(again.proc);
    const shown = await cli(["account", "show", "local-writer", "--json"], { env: env() });
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).state.name).toBe("Local Writer");
  }, 240_000);
});
