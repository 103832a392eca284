// The data folder's lock between real processes: a holder, a second process refused by name, a holder killed
// with SIGKILL and its lock taken over, a pid that lives on in another program, several processes racing for one
// abandoned lock. The children run the built store (dist), as the server and the CLI do.
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DataFolderInUse,
  type FolderHolder,
  findLocalServer,
  LOCK_FILE,
  lockDataFolder,
  readFolderHolder,
  SERVER_FILE,
} from "./folder-lock.ts";
import { openDatabase } from "./open-database.ts";

const BUILT = fileURLToPath(new URL("../dist/index.js", import.meta.url));

/** A child that takes the lock and reports: `held <json>` and waits (until killed or stdin ends), or `refused <message>`. */
function child(dataDir: string, credential?: string): { proc: ChildProcess; first: Promise<string> } {
  const script = `
    const { lockDataFolder, DataFolderInUse } = await import(${JSON.stringify(BUILT)});
    try {
      const lock = await lockDataFolder(${JSON.stringify(dataDir)});
      await lock.announce("http://127.0.0.1:1"${credential === undefined ? "" : `, ${JSON.stringify({ address: "http://127.0.0.1:2", credential })}`});
      process.stdout.write("held " + JSON.stringify(lock.holder) + "\\n");
      process.stdin.on("end", async () => { await lock.release(); process.exit(0); });
      process.stdin.resume();
    } catch (e) {
      if (!(e instanceof DataFolderInUse)) throw e;
      process.stdout.write("refused " + e.message + "\\n");
      process.exit(0);
    }`;
  const proc = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const first = new Promise<string>((resolve, reject) => {
    proc.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.trim());
    });
    proc.stderr!.on("data", (d) => {
      err += d;
    });
    proc.once("exit", (code) => {
      if (!out.includes("\n")) reject(new Error(`child exited (${code}) without a word: ${err}`));
    });
  });
  return { proc, first };
}

const exited = (proc: ChildProcess) =>
  proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => proc.once("exit", () => resolve()));

it.runIf(!existsSync(BUILT))(
  "needs the built store: run `pnpm turbo run build --filter=@accountable/store`",
  () => {
    expect(existsSync(BUILT)).toBe(true);
  },
);

describe.skipIf(!existsSync(BUILT))("the data folder's lock between processes", () => {
  let dataDir: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "accountable-lock-"));
  });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      c.kill("SIGKILL");
      await exited(c);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("a second process is refused with the holder's pid and address; once the holder closes, it gets the folder", async () => {
    const holder = child(dataDir);
    children.push(holder.proc);
    const said = await holder.first;
    expect(said).toMatch(/^held /);
    const held = JSON.parse(said.slice(5)) as FolderHolder;
    expect(held.pid).toBe(holder.proc.pid);
    expect((await readFolderHolder(dataDir))?.address).toBe("http://127.0.0.1:1");

    const second = child(dataDir);
    children.push(second.proc);
    const refused = await second.first;
    expect(refused).toContain(`refused The data folder ${dataDir} is in use by process ${holder.proc.pid}`);
    expect(refused).toContain("serving http://127.0.0.1:1");
    // What to do, plainly: the server already serves the folder; stop it (named) to open the folder otherwise.
    expect(refused).toContain("That server already serves this folder: open http://127.0.0.1:1");
    expect(refused).toContain(`stop the server first (\`kill ${holder.proc.pid}\`)`);
    expect(refused).not.toContain("with a token");

    holder.proc.stdin!.end();
    await exited(holder.proc);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const third = child(dataDir);
    children.push(third.proc);
    expect(await third.first).toMatch(/^held /);
  });

  it("kill -9 of the holder leaves its lock behind, and the next process takes it over", async () => {
    const holder = child(dataDir);
    children.push(holder.proc);
    expect(await holder.first).toMatch(/^held /);
    holder.proc.kill("SIGKILL");
    await exited(holder.proc);
    const left = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), "utf8")) as FolderHolder;
    expect(left.pid).toBe(holder.proc.pid);
    expect(await readFolderHolder(dataDir)).toBeNull();

    const next = await lockDataFolder(dataDir);
    expect(next.holder.pid).toBe(process.pid);
    await next.release();
  });

  describe("the server file beside the lock", () => {
    const CREDENTIAL = "c".repeat(43);
    const serverFile = () => join(dataDir, SERVER_FILE);

    it("is written mode 0600 with the holder's address and credential, found while the holder lives, and removed when it releases", async () => {
      const holder = child(dataDir, CREDENTIAL);
      children.push(holder.proc);
      expect(await holder.first).toMatch(/^held /);
      expect(statSync(serverFile()).mode & 0o777).toBe(0o600);
      const found = await findLocalServer(dataDir);
      expect(found).toMatchObject({
        kind: "running",
        pid: holder.proc.pid,
        address: "http://127.0.0.1:2",
        credential: CREDENTIAL,
      });
      holder.proc.stdin!.end();
      await exited(holder.proc);
      expect(existsSync(serverFile())).toBe(false);
      expect(await findLocalServer(dataDir)).toEqual({ kind: "none" });
    });

    it("left behind by kill -9, it names a holder that is gone (nothing to go through), and the next holder removes it", async () => {
      const holder = child(dataDir, CREDENTIAL);
      children.push(holder.proc);
      expect(await holder.first).toMatch(/^held /);
      holder.proc.kill("SIGKILL");
      await exited(holder.proc);
      expect(existsSync(serverFile())).toBe(true);
      expect(await findLocalServer(dataDir)).toEqual({ kind: "none" });
      const next = await lockDataFolder(dataDir);
      expect(existsSync(serverFile())).toBe(false);
      await next.release();
    });

    it("readable by others, it is reported exposed and its credential is not handed out", async () => {
      const holder = child(dataDir, CREDENTIAL);
      children.push(holder.proc);
      expect(await holder.first).toMatch(/^held /);
      chmodSync(serverFile(), 0o644);
      const found = await findLocalServer(dataDir);
      expect(found).toMatchObject({ kind: "exposed", mode: 0o644 });
      expect(JSON.stringify(found)).not.toContain(CREDENTIAL);
    });

    it("a holder that wrote none (a command, not a server) leaves nothing to go through", async () => {
      const holder = child(dataDir);
      children.push(holder.proc);
      expect(await holder.first).toMatch(/^held /);
      expect(await findLocalServer(dataDir)).toEqual({ kind: "none" });
    });
  });

  it("a pid that lives on in another program (another start time) does not hold the folder; its own start time does", async () => {
    // This very process stands in for "a program that got the dead holder's pid".
    const mine = await lockDataFolder(dataDir);
    const real = mine.holder;
    await mine.release();
    const write = (h: FolderHolder) => writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify(h));
    write({ ...real, token: "live", startTime: real.startTime });
    await expect(lockDataFolder(dataDir)).rejects.toBeInstanceOf(DataFolderInUse);
    write({ ...real, token: "reused", startTime: "1" });
    const taken = await lockDataFolder(dataDir);
    expect(taken.holder.token).not.toBe("reused");
    await taken.release();
  });

  it("processes racing for an abandoned lock: exactly one takes it", async () => {
    // A pid above Linux's largest (2^22): no process has it.
    const dead: FolderHolder = {
      pid: 2 ** 22 + 17,
      startTime: "5",
      startedAt: "yesterday",
      host: hostname(),
      command: "gone",
      address: null,
      token: "dead",
    };
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify(dead));
    const racers = Array.from({ length: 4 }, () => child(dataDir));
    children.push(...racers.map((r) => r.proc));
    const words = await Promise.all(racers.map((r) => r.first));
    expect(words.filter((w) => w.startsWith("held "))).toHaveLength(1);
    expect(words.filter((w) => w.startsWith("refused "))).toHaveLength(3);
  });
});

describe("an embedded database opened twice", () => {
  it("is refused while open, and opens again once closed", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "accountable-lock-db-"));
    try {
      const first = await openDatabase({ kind: "embedded", dataDir });
      await expect(openDatabase({ kind: "embedded", dataDir })).rejects.toThrow(
        `is in use by process ${process.pid}`,
      );
      await first.announceAddress("http://localhost:3000");
      expect((await readFolderHolder(dataDir))?.address).toBe("http://localhost:3000");
      await first.close();
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
      const again = await openDatabase({ kind: "embedded", dataDir });
      await again.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
