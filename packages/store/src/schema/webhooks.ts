import { sql } from "drizzle-orm";
import {
  bigint,
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
 * A workspace's webhook subscriptions. The secret signs each delivery (HMAC-SHA256), so it must be readable to
 * the server (a hash could not sign): the API stores it sealed with a key derived from AUTH_SECRET
 * (apps/api/src/webhooks/secret-box.ts), never as is; it is shown to the caller once, when the subscription is
 * created. `start_tx`/`start_seq`
 * is the outbox position the subscription was created at: only events past it are delivered to it.
 */
export const webhookSubscriptions = pgTable(
  "webhook_subscriptions",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    id: text("id").notNull(),
    url: text("url").notNull(),
    /** Event types to deliver (`OpportunityStageMoved`…), or `["*"]` for all. */
    eventTypes: jsonb("event_types").$type<string[]>().notNull(),
    description: text("description"),
    secret: text("secret").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    startTx: xid8("start_tx").notNull(),
    startSeq: bigint("start_seq", { mode: "number" }).notNull(),
    /** Set by DELETE: nothing more is delivered, and its deliveries stay readable. */
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [primaryKey({ name: "webhook_subscriptions_pkey", columns: [t.workspaceId, t.id] })],
);

/**
 * How far the outbox has read a workspace's event log: the last `(tx_id, seq)` turned into deliveries. Events
 * are read in `(tx_id, seq)` order and only below the snapshot's xmin (see apps/api/src/webhooks/outbox.ts).
 */
export const webhookCursors = pgTable("webhook_cursors", {
  workspaceId: text("workspace_id")
    .primaryKey()
    .references(() => workspaces.id),
  txId: xid8("tx_id").notNull(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** One attempt to deliver a delivery: when, the HTTP status (null when no answer came), why it failed. */
export interface WebhookAttempt {
  readonly at: string;
  readonly status: number | null;
  readonly error: string | null;
  readonly ms: number;
}

/** What became of a delivery. */
export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed", "cancelled"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * One event to deliver to one subscription. `(subscription, event_seq)` is unique, so deriving deliveries
 * twice from the same events adds nothing. `enqueued_at` is set once a job engine holds a job for it.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    workspaceId: text("workspace_id").notNull(),
    id: text("id").notNull(),
    subscriptionId: text("subscription_id").notNull(),
    eventSeq: bigint("event_seq", { mode: "number" }).notNull(),
    eventType: text("event_type").notNull(),
    streamId: text("stream_id").notNull(),
    eventVersion: integer("event_version").notNull(),
    status: text("status").$type<WebhookDeliveryStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    attemptLog: jsonb("attempt_log").$type<WebhookAttempt[]>().notNull().default(sql`'[]'::jsonb`),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }),
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ name: "webhook_deliveries_pkey", columns: [t.workspaceId, t.id] }),
    uniqueIndex("webhook_deliveries_event_idx").on(t.workspaceId, t.subscriptionId, t.eventSeq),
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

/**
 * A member's calendar feed: the SHA-256 of the secret in its URL (the secret itself is shown once). One per
 * member and workspace; creating it again rotates the secret.
 */
export const calendarFeeds = pgTable(
  "calendar_feeds",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    memberId: text("member_id").notNull(),
    secretHash: text("secret_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "calendar_feeds_pkey", columns: [t.workspaceId, t.memberId] }),
    uniqueIndex("calendar_feeds_secret_idx").on(t.secretHash),
  ],
);
