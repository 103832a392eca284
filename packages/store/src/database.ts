import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type * as schema from "./schema/index.ts";

/** The schema every drizzle instance of the store is typed by. */
export type StoreSchema = typeof schema;

/**
 * A drizzle instance over the store's schema, whichever driver is underneath (PGlite or node-postgres):
 * both drivers' databases are `PgDatabase`s, and a transaction is one too, so every store function accepts
 * either and composes into a caller's transaction.
 */
export type StoreDatabase = PgDatabase<
  PgQueryResultHKT,
  StoreSchema,
  ExtractTablesWithRelations<StoreSchema>
>;

/** A transaction opened on a {@link StoreDatabase}. */
export type StoreTransaction = PgTransaction<
  PgQueryResultHKT,
  StoreSchema,
  ExtractTablesWithRelations<StoreSchema>
>;
