// The one place the CLI wires a database to the service (loaded only by commands that need it).
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { can, type WorkspaceSettings } from "@accountable/domain";
import { createService, type Service } from "@accountable/service";
import {
  BRIEF_EMBEDDED_SETTINGS,
  BULK_EMBEDDED_SETTINGS,
  type DatabaseConfig,
  type DatabaseHandle,
  DataFolderInUse,
  findWorkspace,
  listWorkspaceIds,
  openDatabase,
} from "@accountable/store";
import type { CliReader, CliService, Session } from "./cli-service.ts";
import { readConfig } from "./config.ts";
import { invalid, notFound, Refused } from "./failure.ts";
import { type Globals, sayWhichWorkspace } from "./globals.ts";
import { openLocalServer, runningServer } from "./local-server.ts";
import { actingAs } from "./members.ts";
import type { LocalServerSession } from "./remote.ts";
import { mark } from "./timing.ts";
import { keepWasmOnBaselineCompiler, validateWasmLazily, type Workload } from "./wasm-tiering.ts";

/** The embedded database's folder inside the data folder. */
export const embeddedDir = (dataDir: string) => join(dataDir, "db");

/** Whether an embedded database has been created in the data folder (PGlite writes PG_VERSION first). */
export const hasEmbeddedDatabase = (dataDir: string) => existsSync(join(embeddedDir(dataDir), "PG_VERSION"));

// The bundle ships the store's migrations beside itself (see tsup.config.ts); run from the sources (a test
// calling the program in-process) there is none, and the store finds its own.
const migrationsFolder = (): string | undefined => {
  const beside = fileURLToPath(new URL("./migrations", import.meta.url));
  return existsSync(beside) ? beside : undefined;
};

// Likewise the data folder a new embedded database is copied from, instead of initdb and every migration
// (the store's template.ts); without it (run from the sources) the store makes the folder as before.
const templateFolder = (): string | undefined => {
  const beside = fileURLToPath(new URL("./pglite-template", import.meta.url));
  return existsSync(beside) ? beside : undefined;
};

export type OpenMode =
  /** Open the database; the embedded one must exist already. */
  | "existing"
  /** Create the embedded database if it is missing (init). */
  | "create"
  /** A throwaway embedded database in memory, whatever the data folder holds (a dry run of `demo`). */
  | "memory";

function databaseConfig(globals: Globals, mode: OpenMode, workload: Workload): DatabaseConfig {
  const folder = migrationsFolder();
  const migrations = folder === undefined ? {} : { migrationsFolder: folder };
  // A brief command reads or writes a few pages: a small buffer pool starts faster; a bulk load writes less to
  // disk for the same rows (open-database.ts).
  const settings = { settings: workload === "brief" ? BRIEF_EMBEDDED_SETTINGS : BULK_EMBEDDED_SETTINGS };
  if (mode === "memory") return { kind: "embedded-memory", ...migrations, ...settings };
  if (globals.databaseUrl) return { kind: "postgres", url: globals.databaseUrl, ...migrations };
  const dir = embeddedDir(globals.dataDir);
  if (!hasEmbeddedDatabase(globals.dataDir)) {
    if (mode === "existing")
      throw invalid(
        `There is no Accountable database in ${globals.dataDir}: run \`accountable init\` first, pass --data-dir, or set DATABASE_URL.`,
      );
  }
  const template = mode === "create" ? templateFolder() : undefined;
  return { kind: "embedded", dataDir: dir, ...migrations, ...settings, ...(template ? { template } : {}) };
}

/**
 * Opens the database once for this invocation, hands the service to `fn`, and closes it whatever happens
 * (PGlite flushes its files on close; node-postgres ends its pool). A brief workload keeps the embedded
 * database's WASM on V8's baseline compiler (wasm-tiering.ts).
 */
export async function withService<T>(
  globals: Globals,
  mode: OpenMode,
  fn: (service: Service, handle: DatabaseHandle) => Promise<T>,
  workload: Workload = "brief",
  /** What the command does, for a refusal beside a running server ("create a workspace here"). */
  action = "run this command on the folder itself",
): Promise<T> {
  if (globals.api)
    throw invalid(
      "This command works on a local database, not over --api: on a server, found a workspace in the web app or with POST /api/workspaces (the server creates its own demo workspace).",
      "api",
    );
  mark("node start and command code");
  const config = databaseConfig(globals, mode, workload);
  if (config.kind !== "postgres") {
    validateWasmLazily();
    if (workload === "brief") keepWasmOnBaselineCompiler();
  }
  const handle = await open(config).catch((e: unknown) => {
    // Another live process (a server, another command) has the embedded folder open: writing beside it would
    // be lost when it closes, so refuse, naming it (the store's sentence says what to do).
    if (e instanceof DataFolderInUse)
      throw new Refused({ _tag: "DataFolderInUse", message: folderInUse(e, globals.dataDir, action) });
    throw e;
  });
  mark("database open");
  try {
    return await fn(createService({ db: handle.db }), handle);
  } finally {
    mark("command");
    if (!kept) await handle.close();
    mark("database close");
  }
}

/**
 * Why a command that opens the folder itself (init, demo) cannot run while another process holds it, and what to
 * do, in words: a server there already serves the folder, so stop it first or use another folder.
 */
function folderInUse(e: DataFolderInUse, dataDir: string, action: string): string {
  const { holder } = e;
  const mine = holder.host === hostname();
  const stop = mine ? `stop it first (Ctrl+C where it runs, or \`kill ${holder.pid}\`)` : "stop it first";
  if (!holder.address)
    return `${dataDir} is in use by process ${holder.pid}${mine ? "" : ` on ${holder.host}`} (${holder.command}). To ${action}, wait for it to finish or ${stop}, then run this again.`;
  return [
    `A server is running on ${dataDir}: process ${holder.pid}${mine ? "" : ` on ${holder.host}`}, serving ${holder.address} since ${holder.startedAt}.`,
    `It already serves this folder's database: open ${holder.address}, and other commands (opp list, account create…) go through it by themselves.`,
    `To ${action}, ${stop} and run this again, or pass --data-dir <another folder> for a database of its own.`,
  ].join(" ");
}

/** The databases kept open between commands, by where they are (see `keepDatabasesOpen`); none by default. */
let kept: Map<string, Promise<DatabaseHandle>> | undefined;

function open(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (!kept || config.kind === "embedded-memory") return openDatabase(config);
  // One handle per database, whatever the command's settings or mode: a process never opens a folder twice
  // (`init` then `member create` in one batch share the handle `init` opened).
  const key = config.kind === "postgres" ? `postgres ${config.url}` : `embedded ${config.dataDir}`;
  let handle = kept.get(key);
  if (handle) {
    // ACCOUNTABLE_TIMING names a database opened for the command apart from one already open (batch.test.ts).
    mark("database already open");
    return handle;
  }
  handle = openDatabase(config);
  kept.set(key, handle);
  handle.catch(() => kept?.delete(key));
  return handle;
}

/**
 * For a process that runs many commands one after another (the program called in process, as the CLI's
 * permission test does 700 times): each database is opened once and kept, instead of an embedded database
 * booting for every command. `release()` closes them (a command in another process may then open the folder);
 * the next command opens again. `stop()` releases and goes back to one open per command.
 */
export function keepDatabasesOpen(): { release(): Promise<void>; stop(): Promise<void> } {
  kept ??= new Map();
  const release = async () => {
    const handles = [...(kept?.values() ?? [])];
    kept?.clear();
    for (const h of handles) await (await h.catch(() => undefined))?.close();
  };
  return {
    release,
    stop: async () => {
      await release();
      kept = undefined;
    },
  };
}

/**
 * Resolves the workspace (`--workspace`, else the config's default) and the actor (`--as`, else the admin
 * `init` recorded) before opening anything, so a missing setting fails fast.
 */
export async function withSession<T>(
  globals: Globals,
  fn: (session: Session) => Promise<T>,
  workload: Workload = "brief",
): Promise<T> {
  if (globals.api) return withRemoteSession(globals, fn);
  const config = await readConfig(globals.dataDir);
  // A server running on the embedded folder holds it: work through that server rather than be refused.
  if (!globals.databaseUrl) {
    const server = await runningServer(embeddedDir(globals.dataDir));
    const through = server && (await openLocalServer(globals, config, server));
    if (through) {
      mark("found the server running on the data folder");
      return withRemote(through, fn);
    }
  }
  const open = (inner: (service: Service, handle: DatabaseHandle) => Promise<T>) =>
    withService(globals, "existing", inner, workload);
  return open(async (service, handle) => {
    let workspaceId = globals.workspace ?? config.defaultWorkspace ?? undefined;
    // A data folder the server set up (`npm start` makes the demo) has no CLI config yet: with one workspace
    // in the database, that is the one meant.
    if (!workspaceId) {
      const all = await listWorkspaceIds(handle.db);
      if (all.length !== 1)
        throw invalid(
          all.length === 0
            ? `No workspace is set up in ${globals.dataDir}: run \`accountable init\` or \`accountable demo\`.`
            : sayWhichWorkspace(all),
          "workspace",
        );
      workspaceId = all[0]!;
    }
    const ws = workspaceId;
    // A mistyped --workspace would otherwise read as an empty workspace ("No opportunities match.").
    if (!(await findWorkspace(handle.db, ws)))
      throw new Refused({
        _tag: "NotFound",
        message: `There is no workspace ${ws} in ${globals.databaseUrl ? "that database" : globals.dataDir}.`,
      });
    // Nobody named and no config: the workspace's first active admin acts, as `init` would have recorded.
    const cli = localService(service);
    const admin = async () => config.workspaces[ws]?.admin ?? (await firstAdmin(service, ws));
    const actor = await actingAs(globals.as, admin, (adminId) => cli.reader(ws, adminId));
    const actorId = () => {
      if (!actor) throw invalid(`Say who is acting in workspace ${ws}: pass --as <member id>.`, "as");
      return actor;
    };
    let settings: Promise<WorkspaceSettings> | undefined;
    let reader: Promise<CliReader> | undefined;
    return fn({
      service: cli,
      workspaceId: ws,
      actorId,
      read: () => {
        reader ??= cli.reader(ws, actorId());
        return reader;
      },
      settings: () => {
        settings ??= loadSettings(cli, ws);
        return settings;
      },
    });
  });
}

/** The service in this process: its reads are the acting member's reader, as the API's are. */
function localService(service: Service): CliService {
  return {
    execute: service.execute,
    load: service.load,
    async sweep(workspaceId, actorId, now) {
      const viewer = await service.viewer(workspaceId, actorId);
      if (!viewer.ok) throw new Refused(viewer.error);
      const permission = can(viewer.value.actor, "settings.write", { kind: "settings" });
      if (!permission.allowed) throw new Refused(permission.refusal);
      return service.sweep(workspaceId, now);
    },
    importRows: service.importRows,
    addMatching: (workspaceId, memberId, listId, opts) =>
      service.targets.addMatching(workspaceId, memberId, listId, opts),
    importTargets: (workspaceId, memberId, listId, rows, opts) =>
      service.targets.importAccounts(workspaceId, memberId, listId, rows, opts),
    calendarFeeds: service.calendarFeeds,
    inbox: service.inbox,
    search: (workspaceId, memberId, input) => service.search.search(workspaceId, memberId, input),
    async reader(workspaceId, memberId) {
      const found = await service.reader(workspaceId, memberId);
      if (!found.ok) throw new Refused(found.error);
      return found.value;
    },
  };
}

/** `withSession` for a bulk load: V8's optimising compiler pays for itself over thousands of rows. */
export const withBulkSession = <T>(globals: Globals, fn: (session: Session) => Promise<T>): Promise<T> =>
  withSession(globals, fn, "bulk");

async function firstAdmin(service: Service, workspaceId: string): Promise<string | undefined> {
  const page = await service.queries.listMembers(workspaceId, { role: "admin" });
  if (!page.ok) return undefined;
  return page.value.items.find((m) => m.active)?.id;
}

/** `--api`: the workspace and member come from the token (GET /api/me); nothing local is opened. */
async function withRemoteSession<T>(globals: Globals, fn: (session: Session) => Promise<T>): Promise<T> {
  mark("node start and command code");
  const { openRemote } = await import("./remote.ts");
  const remote = await openRemote(globals);
  mark("api: who am I");
  return withRemote(remote, fn);
}

/** A session over HTTP: `--api` with a token, or the server running on the data folder (local-server.ts). */
async function withRemote<T>(remote: LocalServerSession, fn: (session: Session) => Promise<T>): Promise<T> {
  let settings: Promise<WorkspaceSettings> | undefined;
  let reader: Promise<CliReader> | undefined;
  // As locally: nobody to act as is said when a command needs someone.
  const actorId = () => {
    if (remote.memberId === undefined)
      throw invalid(`Say who is acting in workspace ${remote.workspaceId}: pass --as <member id>.`, "as");
    return remote.memberId;
  };
  try {
    return await fn({
      service: remote.service,
      workspaceId: remote.workspaceId,
      actorId,
      read: () => {
        reader ??= remote.service.reader(remote.workspaceId, actorId());
        return reader;
      },
      settings: () => {
        settings ??= loadSettings(remote.service, remote.workspaceId);
        return settings;
      },
    });
  } finally {
    mark("command");
  }
}

async function loadSettings(service: CliService, workspaceId: string): Promise<WorkspaceSettings> {
  const { state } = await service.load(workspaceId, "workspace", workspaceId);
  if (state.status === "none") throw notFound("workspace", workspaceId);
  return state.settings;
}
