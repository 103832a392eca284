import { jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces.ts";

/**
 * Remembers what a keyed request (an import row, a retried command) already did, so a rerun does it once. A key
 * still being worked on is held: `held_by` names the holder (one request) and `held_until` is its lease, renewed
 * while it works; once the lease has passed (its process died) another request may take the key over.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    result: jsonb("result").$type<unknown>(),
    heldBy: text("held_by"),
    heldUntil: timestamp("held_until", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "idempotency_keys_pkey", columns: [t.workspaceId, t.scope, t.key] })],
);
