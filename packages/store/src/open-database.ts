import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { type FolderLock, LOCK_FILE, type LocalServerAnnouncement, lockDataFolder } from "./folder-lock.ts";
import { releaseAbandonedHolds } from "./idempotency.ts";
import * as schema from "./schema/index.ts";
import { copyTemplate, usableTemplate } from "./template.ts";

/** Where the store keeps its data. */
export type DatabaseConfig =
  /** PGlite (PostgreSQL in WASM) in a folder on disk: the embedded default, nothing to install. */
  | {
      readonly kind: "embedded";
      readonly dataDir: string;
      readonly migrationsFolder?: string;
      /** PostgreSQL settings to start with (see {@link EmbeddedSettings}). */
      readonly settings?: EmbeddedSettings;
      /**
       * A template folder made by the store's build (`dist/pglite-template`, template.ts): a new database is a
       * copy of it instead of initdb and every migration. Used only when made by the running PGlite.
       */
      readonly template?: string;
    }
  /** PGlite in memory: gone on close. For tests and throwaway demos. */
  | {
      readonly kind: "embedded-memory";
      /**
       * A data folder saved by PGlite's `dumpDataDir()` to start from, instead of running initdb (seconds).
       * See `src/testing/pglite-template.ts`.
       */
      readonly fromDump?: Blob;
      readonly migrationsFolder?: string;
      readonly settings?: EmbeddedSettings;
    }
  /** A PostgreSQL server (15 or later) through node-postgres. */
  | {
      readonly kind: "postgres";
      readonly url: string;
      /** Connections in the pool; node-postgres' default is 10. */
      readonly poolSize?: number;
      readonly migrationsFolder?: string;
    };

/**
 * PostgreSQL settings an embedded database starts with (each passed as `-c name=value`, over the data folder's
 * postgresql.conf), for this process only. A process that runs a few statements and exits starts faster with a
 * small `shared_buffers`: PGlite zeroes the whole buffer pool at start (128 MB by default).
 */
export type EmbeddedSettings = Readonly<Record<string, string>>;

/** The settings for a process that runs a few statements and exits (a CLI command): a small buffer pool. */
export const BRIEF_EMBEDDED_SETTINGS: EmbeddedSettings = { shared_buffers: "16MB" };

/**
 * The settings for a process that writes much (an import): less written to disk for the same rows. PGlite runs
 * with `fsync` off, so what a killed process wrote is whole in the operating system's files and what is lost is
 * only what a power cut loses anyway: a page is never torn by a kill, so the write-ahead log need not hold a full
 * image of each page first touched after a checkpoint (`full_page_writes`), and a new log segment need not be
 * filled with zeros before it is written (`wal_init_zero`). Measured on an import of 10,000 deals: 140 MB written
 * to files, 90 MB with these (apps/cli/bench/import-10k.bench.mjs).
 */
export const BULK_EMBEDDED_SETTINGS: EmbeddedSettings = { full_page_writes: "off", wal_init_zero: "off" };

/** Which driver a handle runs on. */
export type DatabaseDriver = "pglite" | "node-postgres";

/** An open, migrated database. Close it when done: PGlite flushes its files, node-postgres ends its pool. */
export interface DatabaseHandle {
  readonly kind: DatabaseConfig["kind"];
  readonly driver: DatabaseDriver;
  readonly db: StoreDatabase;
  /** Applies pending migrations. `openDatabase` already did; calling it again changes nothing. */
  migrate(): Promise<void>;
  /**
   * Records in the data folder's lock the address this process serves the API at, so another process that
   * finds the folder taken can name it; with a credential, also the server file (folder-lock.ts, `SERVER_FILE`,
   * mode 0600) through which commands on this machine work (embedded only; nothing to record for PostgreSQL).
   */
  announceAddress(address: string, local?: LocalServerAnnouncement): Promise<void>;
  /**
   * Follows changes to who may do what (see {@link AccessChange}): calls `listener` with "ready" once it listens
   * (and again after a lost connection comes back), "changed" after each committed change, and "lost" when it
   * can no longer tell. Answers the function that stops it. Every process sharing the database hears every change.
   */
  watchAccess(listener: (change: AccessChange) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * What {@link DatabaseHandle.watchAccess} reports. The triggers of migration 0009 notify the channel on every
 * change to tokens, users, membership links, members and workspaces.
 */
export type AccessChange = "ready" | "changed" | "lost";

/** The channel the access triggers notify (migration 0009). */
export const ACCESS_CHANNEL = "accountable_access";

/**
 * Chooses the configuration the apps use: a PostgreSQL server when a URL is given (`DATABASE_URL`),
 * otherwise PGlite under `dataDir`. Takes its inputs as arguments: reading the environment is the app's job.
 */
export function resolveDatabaseConfig(input: {
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
}): DatabaseConfig {
  return input.databaseUrl
    ? { kind: "postgres", url: input.databaseUrl }
    : { kind: "embedded", dataDir: input.dataDir };
}

/** The migrations folder shipped with this package (beside `src/` and `dist/`, so the same path works from both). */
export function defaultMigrationsFolder(): string {
  return fileURLToPath(new URL("../migrations", import.meta.url));
}

// Any 64-bit number, as long as nothing else in the database uses it for an advisory lock.
const MIGRATION_LOCK_KEY = 7_302_114_905;

/**
 * Opens the database and brings its schema up to date. Nothing connects until this is called.
 * Migrating is idempotent: drizzle records each applied migration in `drizzle.__drizzle_migrations` and
 * skips it the next time; on PostgreSQL, an advisory lock keeps two processes starting at once from both
 * applying the same migration.
 */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  const migrationsFolder = config.migrationsFolder ?? defaultMigrationsFolder();
  if (!existsSync(migrationsFolder)) {
    throw new Error(`The store's migrations folder is missing: ${migrationsFolder}`);
  }
  switch (config.kind) {
    case "embedded":
    case "embedded-memory":
      return openPglite(config, migrationsFolder);
    case "postgres":
      return openPostgres(config, migrationsFolder);
  }
}

// The contrib extensions the migrations create (pg_trgm: the trigram index of global search's vocabulary). PGlite bundles
// them apart and loads one only when it is named: anything opening a data folder's database names these too.
export const PGLITE_EXTENSIONS = { pg_trgm };

/**
 * PGlite and its drizzle driver, loaded only when an embedded database is opened: a command that works through a
 * server on the folder (or on PostgreSQL) never parses PGlite's 0.4 MB module.
 */
async function pgliteModules() {
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  return { PGlite, drizzlePglite: drizzle, migratePglite: migrate };
}

async function openPglite(
  config: Extract<DatabaseConfig, { kind: "embedded" | "embedded-memory" }>,
  migrationsFolder: string,
): Promise<DatabaseHandle> {
  const { PGlite, drizzlePglite, migratePglite } = await pgliteModules();
  let client: PGlite;
  let lock: FolderLock | undefined;
  const startParams = startParamsFor(PGlite.defaultStartParams, config.settings);
  if (config.kind === "embedded") {
    await mkdir(config.dataDir, { recursive: true });
    // The folder is this process's from here until close (folder-lock.ts): another live holder is refused.
    lock = await lockDataFolder(config.dataDir);
    try {
      if (config.template && !existsSync(join(config.dataDir, "PG_VERSION"))) {
        const template = await usableTemplate(config.template);
        if (template) await copyTemplate(template, config.dataDir, [LOCK_FILE]);
      }
      client = await PGlite.create(config.dataDir, { extensions: PGLITE_EXTENSIONS, ...startParams });
    } catch (error) {
      await lock.release();
      throw error;
    }
  } else {
    client = await PGlite.create({
      extensions: PGLITE_EXTENSIONS,
      ...startParams,
      ...(config.fromDump ? { loadDataDir: config.fromDump } : {}),
    });
  }
  const closeAll = async () => {
    try {
      await client.close();
    } finally {
      await lock?.release();
    }
  };
  try {
    const db = drizzlePglite({ client, schema });
    // PGlite is a single connection inside this process, so no lock is needed around the migration.
    const migrate = () => migratePglite(db, { migrationsFolder });
    // drizzle's migrator creates its schema and table, reads and hashes every migration file and opens a
    // transaction even when nothing is pending (~0.1 s of a CLI's cold start); one query answers that first.
    if (!(await pgliteUpToDate(client, migrationsFolder))) await migrate();
    // This process holds the folder's lock: keys held when it was last open were held by a process that is gone.
    if (config.kind === "embedded") await releaseAbandonedHolds(db);
    const announce = async (address: string, local?: LocalServerAnnouncement) => {
      await lock?.announce(address, local);
    };
    const watchAccess = async (listener: (change: AccessChange) => void) => {
      // PGlite is this process's own: a notification arrives with the result of the statement that committed.
      const unlisten = await client.listen(ACCESS_CHANNEL, () => listener("changed"));
      listener("ready");
      return async () => {
        if (!client.closed) await unlisten();
      };
    };
    return handle(config.kind, "pglite", db, migrate, announce, watchAccess, closeAll);
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** PGlite's own start parameters followed by `-c name=value` for each setting (none: PGlite's defaults). */
function startParamsFor(
  defaults: readonly string[],
  settings: EmbeddedSettings | undefined,
): { startParams?: string[] } {
  const entries = Object.entries(settings ?? {});
  if (entries.length === 0) return {};
  for (const [name] of entries)
    if (!/^[a-z_][a-z0-9_.]*$/.test(name)) throw new Error(`Not a PostgreSQL setting name: ${name}`);
  return { startParams: [...defaults, ...entries.flatMap(([k, v]) => ["-c", `${k}=${v}`])] };
}

/**
 * Whether every migration of the folder is recorded as applied, by drizzle's own rule: a migration is pending
 * when its journal timestamp is later than the last one recorded. False (so: migrate) whenever in doubt.
 */
async function pgliteUpToDate(client: PGlite, migrationsFolder: string): Promise<boolean> {
  let latest: number;
  try {
    const journal = JSON.parse(await readFile(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
      entries: { when: number }[];
    };
    latest = Math.max(...journal.entries.map((e) => e.when));
  } catch {
    return false;
  }
  try {
    const { rows } = await client.query<{ last: string | number | null }>(
      "select max(created_at) as last from drizzle.__drizzle_migrations",
    );
    const last = rows[0]?.last;
    return last !== null && last !== undefined && Number(last) >= latest;
  } catch {
    return false; // no migrations table yet: a fresh database
  }
}

/**
 * node-postgres and its drizzle driver, loaded only when a PostgreSQL server is used: an embedded database
 * never needs them, and loading `pg` costs a CLI's cold start ~50 ms.
 */
async function nodePostgres() {
  const [{ default: pg }, { drizzle: drizzleNodePg }, { migrate: migrateNodePg }] = await Promise.all([
    import("pg"),
    import("drizzle-orm/node-postgres"),
    import("drizzle-orm/node-postgres/migrator"),
  ]);
  return { pg, drizzleNodePg, migrateNodePg };
}

async function openPostgres(
  config: Extract<DatabaseConfig, { kind: "postgres" }>,
  migrationsFolder: string,
): Promise<DatabaseHandle> {
  const { pg, drizzleNodePg } = await nodePostgres();
  const migrate = () => migratePostgres(config.url, migrationsFolder);
  await migrate();
  const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10 });
  // An idle client that loses its connection emits "error" on the pool; unhandled, that would end the process.
  pool.on("error", () => {});
  const db = drizzleNodePg({ client: pool, schema });
  return handle(
    config.kind,
    "node-postgres",
    db,
    migrate,
    async () => {},
    (listener) => watchPostgres(pg, config.url, listener),
    () => pool.end(),
  );
}

/**
 * LISTEN on a connection of its own. A lost connection is reported ("lost": nothing can be trusted since) and
 * opened again after a second, then reported "ready".
 */
async function watchPostgres(
  pg: Awaited<ReturnType<typeof nodePostgres>>["pg"],
  url: string,
  listener: (change: AccessChange) => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let current: InstanceType<typeof pg.Client> | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url, application_name: "accountable-access" });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      listener("lost");
      client.end().catch(() => {});
      if (!stopped) retry = setTimeout(() => void connect().catch(() => {}), 1000);
    };
    client.on("error", onLost);
    client.on("end", onLost);
    client.on("notification", () => listener("changed"));
    try {
      await client.connect();
      await client.query(`LISTEN ${ACCESS_CHANNEL}`);
    } catch (error) {
      onLost();
      throw error;
    }
    if (stopped) {
      await client.end();
      return;
    }
    current = client;
    listener("ready");
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await current?.end().catch(() => {});
  };
}

// Migrates over one dedicated connection holding a session advisory lock, so that drizzle's
// read-last-migration-then-apply cannot interleave with another process doing the same.
async function migratePostgres(url: string, migrationsFolder: string): Promise<void> {
  const { pg, drizzleNodePg, migrateNodePg } = await nodePostgres();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const db = drizzleNodePg({ client });
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      await migrateNodePg(db, { migrationsFolder });
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  } finally {
    await client.end();
  }
}

function handle(
  kind: DatabaseConfig["kind"],
  driver: DatabaseDriver,
  db: StoreDatabase,
  migrate: () => Promise<void>,
  announceAddress: (address: string, local?: LocalServerAnnouncement) => Promise<void>,
  watchAccess: DatabaseHandle["watchAccess"],
  closeClient: () => Promise<void>,
): DatabaseHandle {
  let closing: Promise<void> | undefined;
  return {
    kind,
    driver,
    db,
    migrate,
    announceAddress,
    watchAccess,
    close: () => {
      closing ??= closeClient();
      return closing;
    },
  };
}
