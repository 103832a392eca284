import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import type { StoreDatabase } from "./database.ts";
import * as schema from "./schema/index.ts";

/** Where the store keeps its data. */
export type DatabaseConfig =
  /** PGlite (PostgreSQL in WASM) in a folder on disk: the embedded default, nothing to install. */
  | { readonly kind: "embedded"; readonly dataDir: string; readonly migrationsFolder?: string }
  /** PGlite in memory: gone on close. For tests and throwaway demos. */
  | {
      readonly kind: "embedded-memory";
      /**
       * A data folder saved by PGlite's `dumpDataDir()` to start from, instead of running initdb (seconds).
       * See `src/testing/pglite-template.ts`.
       */
      readonly fromDump?: Blob;
      readonly migrationsFolder?: string;
    }
  /** A PostgreSQL server (15 or later) through node-postgres. */
  | {
      readonly kind: "postgres";
      readonly url: string;
      /** Connections in the pool; node-postgres' default is 10. */
      readonly poolSize?: number;
      readonly migrationsFolder?: string;
    };

/** Which driver a handle runs on. */
export type DatabaseDriver = "pglite" | "node-postgres";

/** An open, migrated database. Close it when done: PGlite flushes its files, node-postgres ends its pool. */
export interface DatabaseHandle {
  readonly kind: DatabaseConfig["kind"];
  readonly driver: DatabaseDriver;
  readonly db: StoreDatabase;
  /** Applies pending migrations. `openDatabase` already did; calling it again changes nothing. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

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

async function openPglite(
  config: Extract<DatabaseConfig, { kind: "embedded" | "embedded-memory" }>,
  migrationsFolder: string,
): Promise<DatabaseHandle> {
  let client: PGlite;
  if (config.kind === "embedded") {
    await mkdir(config.dataDir, { recursive: true });
    client = await PGlite.create(config.dataDir);
  } else {
    client = await PGlite.create(config.fromDump ? { loadDataDir: config.fromDump } : {});
  }
  try {
    const db = drizzlePglite({ client, schema });
    // PGlite is a single connection inside this process, so no lock is needed around the migration.
    const migrate = () => migratePglite(db, { migrationsFolder });
    await migrate();
    return handle(config.kind, "pglite", db, migrate, () => client.close());
  } catch (error) {
    await client.close();
    throw error;
  }
}

async function openPostgres(
  config: Extract<DatabaseConfig, { kind: "postgres" }>,
  migrationsFolder: string,
): Promise<DatabaseHandle> {
  const migrate = () => migratePostgres(config.url, migrationsFolder);
  await migrate();
  const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10 });
  // An idle client that loses its connection emits "error" on the pool; unhandled, that would end the process.
  pool.on("error", () => {});
  const db = drizzleNodePg({ client: pool, schema });
  return handle(config.kind, "node-postgres", db, migrate, () => pool.end());
}

// Migrates over one dedicated connection holding a session advisory lock, so that drizzle's
// read-last-migration-then-apply cannot interleave with another process doing the same.
async function migratePostgres(url: string, migrationsFolder: string): Promise<void> {
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
  closeClient: () => Promise<void>,
): DatabaseHandle {
  let closing: Promise<void> | undefined;
  return {
    kind,
    driver,
    db,
    migrate,
    close: () => {
      closing ??= closeClient();
      return closing;
    },
  };
}
