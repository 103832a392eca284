// An embedded (PGlite) data folder belongs to one process. PGlite keeps the database in this process's memory and
// writes it back to the folder; a second process opening the same folder works on its own copy, and whichever
// closes last overwrites the other's writes (reproduced: a CLI write beside a running server was gone once the
// server stopped). So the folder carries a lock file naming its holder, taken atomically at open and removed at
// close; a lock whose holder is gone (killed, crashed) is taken over.
import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

/** The lock file's name inside the data folder. */
export const LOCK_FILE = "accountable.lock";

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
  const what = holder.address
    ? `Work through that server (--api ${holder.address} with a token), or stop it first.`
    : "Wait for it to finish, or stop it first.";
  return `The data folder ${dataDir} is in use by ${who}${serving}; a second process writing there would lose its writes. ${what}`;
}

/** A held data folder. */
export interface FolderLock {
  readonly path: string;
  readonly holder: FolderHolder;
  /** Records the address this process serves the API at, for other processes to find. */
  announce(address: string): Promise<void>;
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
    if (await linkInPlace(path, me)) return held(path, me);
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
        if (await linkInPlace(path, me)) return held(path, me);
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

function held(path: string, initial: FolderHolder): FolderLock {
  let holder = initial;
  let released = false;
  const isMine = (text: string) => parseHolder(text)?.token === holder.token;
  // A process that exits without closing (process.exit, an uncaught error) still leaves the folder free.
  const onExit = () => {
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
    async announce(address: string) {
      if (released) return;
      holder = { ...holder, address };
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
        if (isMine(await readFile(path, "utf8"))) await unlink(path);
      } catch {
        // already gone
      }
    },
  };
}
