// An embedded (PGlite) data folder belongs to one process. PGlite keeps the database in this process's memory and
// writes it back to the folder; a second process opening the same folder works on its own copy, and whichever
// closes last overwrites the other's writes (reproduced: a CLI write beside a running server was gone once the
// server stopped). So the folder carries a lock file naming its holder, taken atomically at open and removed at
// close; a lock whose holder is gone (killed, crashed) is taken over.
import { randomBytes } from "node:crypto";
import { readFileSync, type Stats, unlinkSync } from "node:fs";
import { chmod, link, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

/** The lock file's name inside the data folder. */
export const LOCK_FILE = "accountable.lock";

/**
 * The file a server holding the folder writes beside the lock: the address it answers at and a credential
 * commands on this machine present to it (mode 0600), so they work through the server instead of being refused.
 * Written when the server listens, removed when it closes; one left by a killed server names a holder that is
 * gone, and the next process to take the folder removes it.
 */
export const SERVER_FILE = "accountable.server";

/** What the server file holds. */
export interface LocalServerFile {
  /** The holding it belongs to: the lock's `token` (a file of an earlier holder is not this one's). */
  readonly lockToken: string;
  readonly pid: number;
  /** Where the server answers, such as http://localhost:3000. */
  readonly address: string;
  /** A fresh random secret for this run of the server; the server takes it only from this machine (loopback). */
  readonly credential: string;
}

/** What a server announces for commands on this machine: a loopback address, and this run's credential. */
export interface LocalServerAnnouncement {
  readonly address: string;
  readonly credential: string;
}

/** Who holds a data folder, as its lock file says. */
export interface FolderHolder {
  readonly pid: number;
  /**
   * The process's start time as the kernel counts it (`/proc/<pid>/stat`, field 22), so a pid reused by another
   * program after the holder died is not taken for the holder. Null where `/proc` is missing (then the pid alone
   * decides).
   */
  readonly startTime: string | null;
  /** When the holder started, for people reading the refusal. */
  readonly startedAt: string;
  readonly host: string;
  /** The holder's command line (node's arguments), for people reading the refusal. */
  readonly command: string;
  /** The address the holder serves the API at, once it listens (null: it serves nothing). */
  readonly address: string | null;
  /** Tells this holding from any other, so a process never removes a lock that is not its own. */
  readonly token: string;
}

/** Opening a data folder another live process holds: the caller must go through that process, or stop it first. */
export class DataFolderInUse extends Error {
  override readonly name = "DataFolderInUse";
  constructor(
    readonly dataDir: string,
    readonly holder: FolderHolder,
  ) {
    super(describeHolder(dataDir, holder));
  }
}

/** One sentence naming the process that holds the folder, and what to do about it. */
export function describeHolder(dataDir: string, holder: FolderHolder): string {
  const who = `process ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host}`} (${holder.command}, started ${holder.startedAt})`;
  const serving = holder.address ? `, serving ${holder.address}` : "";
  const stop = holder.host === hostname() ? ` (\`kill ${holder.pid}\`)` : "";
  const what = holder.address
    ? `That server already serves this folder: open ${holder.address}, and commands on this machine go through it by themselves. To open the folder otherwise, stop the server first${stop}.`
    : `Wait for it to finish, or stop it first${stop}.`;
  return `The data folder ${dataDir} is in use by ${who}${serving}; a second process writing there would lose its writes. ${what}`;
}

/** A held data folder. */
export interface FolderLock {
  readonly path: string;
  readonly holder: FolderHolder;
  /**
   * Records the address this process serves the API at, for other processes to find; with `local`, also writes
   * the server file ({@link SERVER_FILE}, mode 0600) through which commands on this machine work.
   */
  announce(address: string, local?: LocalServerAnnouncement): Promise<void>;
  /** Removes the lock if it is still this process's. Idempotent. */
  release(): Promise<void>;
}

/** The process start time the kernel reports, or null where there is no `/proc`. */
function startTimeOf(pid: number): string | null | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch (e) {
    // No such process (its /proc entry is gone), or no /proc on this system.
    return (e as NodeJS.ErrnoException).code === "ENOENT" && hasProc() ? undefined : null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[19] ?? null;
}

let procChecked: boolean | undefined;
function hasProc(): boolean {
  if (procChecked === undefined) {
    try {
      readFileSync("/proc/self/stat");
      procChecked = true;
    } catch {
      procChecked = false;
    }
  }
  return procChecked;
}

/** Whether the holder named by a lock is still running on this machine. */
export function isHolderAlive(holder: FolderHolder): boolean {
  // A holder on another machine (a shared folder) cannot be checked from here: assume it lives.
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (holder.startTime === null) return true;
  const now = startTimeOf(holder.pid);
  // Gone since the signal, or the pid now names another program than the one that took the lock.
  if (now === undefined) return false;
  return now === null || now === holder.startTime;
}

function parseHolder(text: string): FolderHolder | null {
  try {
    const h = JSON.parse(text) as Partial<FolderHolder>;
    if (typeof h.pid !== "number" || typeof h.token !== "string" || typeof h.host !== "string") return null;
    return {
      pid: h.pid,
      startTime: typeof h.startTime === "string" ? h.startTime : null,
      startedAt: typeof h.startedAt === "string" ? h.startedAt : "at an unknown time",
      host: h.host,
      command: typeof h.command === "string" ? h.command : "an unknown command",
      address: typeof h.address === "string" ? h.address : null,
      token: h.token,
    };
  } catch {
    return null;
  }
}

/**
 * The folder's holder as its lock file says, or null when nobody holds it (no lock, or a lock whose holder is
 * gone). Reads only: takes nothing.
 */
export async function readFolderHolder(dataDir: string): Promise<FolderHolder | null> {
  const holder = await readLock(join(dataDir, LOCK_FILE));
  return holder !== "missing" && holder !== null && isHolderAlive(holder) ? holder : null;
}

/** The lock file's holder; "missing" without a file; null for a file that does not parse. */
async function readLock(path: string): Promise<FolderHolder | null | "missing"> {
  try {
    return parseHolder(await readFile(path, "utf8"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw e;
  }
}

/** What {@link findLocalServer} found. */
export type LocalServerLookup =
  /** No server to go through: no file, or a file whose holder is gone or is not the lock's live holder. */
  | { readonly kind: "none" }
  /** The live holder's file can be read by other users (or is not this user's): not to be used. */
  | { readonly kind: "exposed"; readonly path: string; readonly mode: number; readonly owner: number }
  | ({ readonly kind: "running"; readonly path: string } & LocalServerFile);

/**
 * The server running on a data folder, for a command on this machine to go through: the server file, when the
 * lock's holder is alive on this host and wrote it. A file left by a killed server (its holder is gone) is "none":
 * the command opens the folder itself, taking the lock over. Reads only.
 */
export async function findLocalServer(dataDir: string): Promise<LocalServerLookup> {
  const none = { kind: "none" } as const;
  const path = join(dataDir, SERVER_FILE);
  let info: Stats;
  try {
    info = await stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return none;
    throw e;
  }
  const holder = await readLock(join(dataDir, LOCK_FILE));
  if (holder === "missing" || holder === null || holder.host !== hostname() || !isHolderAlive(holder))
    return none;
  const mode = info.mode & 0o777;
  const owner = info.uid;
  const me = typeof process.getuid === "function" ? process.getuid() : owner;
  if ((mode & 0o077) !== 0 || owner !== me) return { kind: "exposed", path, mode, owner };
  const file = parseServerFile(await readFile(path, "utf8").catch(() => ""));
  if (!file || file.lockToken !== holder.token || file.pid !== holder.pid) return none;
  return { kind: "running", path, ...file };
}

function parseServerFile(text: string): LocalServerFile | null {
  try {
    const f = JSON.parse(text) as Partial<LocalServerFile>;
    if (
      typeof f.lockToken !== "string" ||
      typeof f.pid !== "number" ||
      typeof f.address !== "string" ||
      typeof f.credential !== "string" ||
      f.credential.length < 32
    )
      return null;
    return { lockToken: f.lockToken, pid: f.pid, address: f.address, credential: f.credential };
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes `holder` to a file of its own, then links it in place: the lock appears whole, or not at all. */
async function linkInPlace(path: string, holder: FolderHolder): Promise<boolean> {
  const tmp = `${path}.${holder.pid}.${holder.token}.tmp`;
  await writeFile(tmp, `${JSON.stringify(holder, null, 2)}\n`, { mode: 0o644 });
  try {
    await link(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/**
 * Takes the data folder for this process: atomically creates its lock file, or takes over a lock whose holder is
 * gone. Throws {@link DataFolderInUse} when a live process holds it (this one included: a process never opens a
 * folder twice). The lock is removed by `release()`, and at the latest when the process exits normally.
 */
export async function lockDataFolder(dataDir: string): Promise<FolderLock> {
  const path = join(dataDir, LOCK_FILE);
  const me: FolderHolder = {
    pid: process.pid,
    startTime: startTimeOf(process.pid) ?? null,
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    host: hostname(),
    command: process.argv.slice(1).join(" ") || process.argv0,
    address: null,
    token: randomBytes(12).toString("hex"),
  };
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await linkInPlace(path, me)) return held(path, me, dataDir);
    const holder = await readLock(path);
    if (holder === "missing") continue; // released between the two steps: try again
    if (holder !== null && isHolderAlive(holder)) throw new DataFolderInUse(dataDir, holder);
    // The holder is gone (or the file is unreadable). Only one process may take over: the one that holds the
    // takeover guard; it checks again, under the guard, that the lock it removes is the dead one it read.
    if (!(await takeGuard(`${path}.takeover`, me))) {
      await sleep(20);
      continue;
    }
    try {
      const again = await readLock(path);
      const same = again === null || (again !== "missing" && holder !== null && again.token === holder.token);
      if (same) await unlink(path).catch(() => {});
      if (again === "missing" || same) {
        if (await linkInPlace(path, me)) return held(path, me, dataDir);
      }
    } finally {
      await unlink(`${path}.takeover`).catch(() => {});
    }
  }
  throw new Error(`Could not take the lock ${path}: it kept changing hands.`);
}

/** The takeover guard: created exclusively; a guard left by a process that died while taking over is removed. */
async function takeGuard(path: string, me: FolderHolder): Promise<boolean> {
  try {
    await writeFile(path, JSON.stringify(me), { flag: "wx" });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const guard = await readLock(path);
  if (guard !== "missing" && (guard === null || !isHolderAlive(guard))) await unlink(path).catch(() => {});
  return false;
}

async function held(path: string, initial: FolderHolder, dataDir: string): Promise<FolderLock> {
  let holder = initial;
  let released = false;
  const serverPath = join(dataDir, SERVER_FILE);
  // A server file here now was left by a holder that is gone (killed): its credential opens nothing any more.
  await unlink(serverPath).catch(() => {});
  const isMine = (text: string) => parseHolder(text)?.token === holder.token;
  const isMyServerFile = (text: string) => parseServerFile(text)?.lockToken === holder.token;
  // A process that exits without closing (process.exit, an uncaught error) still leaves the folder free.
  const onExit = () => {
    try {
      if (isMyServerFile(readFileSync(serverPath, "utf8"))) unlinkSync(serverPath);
    } catch {
      // none, or already gone
    }
    try {
      if (isMine(readFileSync(path, "utf8"))) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.once("exit", onExit);
  return {
    path,
    get holder() {
      return holder;
    },
    async announce(address: string, local?: LocalServerAnnouncement) {
      if (released) return;
      holder = { ...holder, address };
      if (local !== undefined) {
        const file: LocalServerFile = {
          lockToken: holder.token,
          pid: holder.pid,
          address: local.address,
          credential: local.credential,
        };
        // A new file (never an old one's mode) made 0600 before a byte of the secret is in it, then renamed over
        // whatever an earlier run left.
        const tmp = `${serverPath}.${holder.pid}.${holder.token}.tmp`;
        await unlink(tmp).catch(() => {});
        await writeFile(tmp, "", { mode: 0o600, flag: "wx" });
        await chmod(tmp, 0o600);
        await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`);
        await rename(tmp, serverPath);
      }
      // Written beside, then renamed over: a reader sees the old lock or the new one, never half of one.
      const tmp = `${path}.${holder.pid}.${holder.token}.tmp`;
      await writeFile(tmp, `${JSON.stringify(holder, null, 2)}\n`, { mode: 0o644 });
      await rename(tmp, path);
    },
    async release() {
      if (released) return;
      released = true;
      process.removeListener("exit", onExit);
      try {
        if (isMyServerFile(await readFile(serverPath, "utf8"))) await unlink(serverPath);
      } catch {
        // none, or already gone
      }
      try {
        if (isMine(await readFile(path, "utf8"))) await unlink(path);
      } catch {
        // already gone
      }
    },
  };
}
