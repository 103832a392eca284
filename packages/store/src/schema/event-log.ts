import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces.ts";
import { xid8 } from "./xid8.ts";

/**
 * The head of each stream: its type and the version of its last event. Appending at expected version N is
 * one conditional write here (`UPDATE … WHERE version = N`, or `INSERT … ON CONFLICT DO NOTHING` for a new
 * stream): PostgreSQL's row lock makes concurrent writers queue, and each one re-checks the condition once
 * the winner commits, so exactly one succeeds and the others see zero rows — a refusal, not an error.
 */
export const streams = pgTable(
  "streams",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    streamId: text("stream_id").notNull(),
    streamType: text("stream_type").notNull(),
    version: integer("version").notNull(),
  },
  (t) => [
    primaryKey({ name: "streams_pkey", columns: [t.workspaceId, t.streamId] }),
    check("streams_version_non_negative", sql`${t.version} >= 0`),
  ],
);

/**
 * The append-only history. `(workspace_id, stream_id, version)` is unique, so even a writer that bypassed
 * the stream head could not put two events at one version. `seq` is one global, increasing sequence used to
 * read a workspace's events in order; it is allocated at insert, so it says nothing about commit order.
 */
export const events = pgTable(
  "events",
  {
    workspaceId: text("workspace_id").notNull(),
    streamType: text("stream_type").notNull(),
    streamId: text("stream_id").notNull(),
    version: integer("version").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    type: text("type").notNull(),
    actorId: text("actor_id").notNull(),
    /** When it happened in the business (the command's `now`); "as of" reads filter on this. */
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
    reason: text("reason"),
    payload: jsonb("payload").$type<unknown>().notNull(),
    /** When the row was written; differs from `at` for imported or back-dated history. */
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /**
     * The transaction that inserted the event. Unlike `seq`, it lets a reader tell events that can still
     * appear (their transaction is in progress) from those that cannot: the webhook outbox reads only below
     * `pg_snapshot_xmin(pg_current_snapshot())`, in `(tx_id, seq)` order.
     */
    txId: xid8("tx_id").notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    primaryKey({ name: "events_pkey", columns: [t.workspaceId, t.streamId, t.version] }),
    uniqueIndex("events_workspace_seq_idx").on(t.workspaceId, t.seq),
    index("events_workspace_tx_idx").on(t.workspaceId, t.txId, t.seq),
    check("events_version_positive", sql`${t.version} >= 1`),
  ],
);
