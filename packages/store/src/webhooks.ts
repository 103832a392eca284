// Webhook subscriptions, and the outbox that derives their deliveries from the event log.
//
// The outbox. `events.seq` is allocated at insert, not at commit: while transaction A (seq 5) is still open,
// transaction B (seq 6) can commit, and a reader that delivers 6 and then remembers "after 6" never sees 5.
// So the outbox does not tail `seq`. Every event also keeps the id of the transaction that inserted it
// (`events.tx_id`, `pg_current_xact_id()`), and a reader takes `pg_snapshot_xmin(pg_current_snapshot())`,
// the oldest transaction still running: every transaction below it has ended (committed or rolled back), and
// every transaction that starts later gets a larger id (`outboxHorizon` refines this to this database's own
// sessions). The events below that horizon are therefore final — no row can ever join them — and reading
// them in `(tx_id, seq)` order behind a cursor `(tx_id, seq)` skips nothing and repeats nothing.
// An event whose transaction is still open simply waits for a later pass. The cursor row is locked
// (`FOR UPDATE`) while a pass derives deliveries, and deliveries are unique per (subscription, event), so two
// processes running passes at once neither skip nor duplicate.
// On PGlite (one connection, one transaction at a time) the horizon is simply the next transaction id.
import { and, asc, desc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { events } from "./schema/event-log.ts";
import {
  type WebhookAttempt,
  type WebhookDeliveryStatus,
  webhookCursors,
  webhookDeliveries,
  webhookSubscriptions,
} from "./schema/webhooks.ts";
import { workspaces } from "./schema/workspaces.ts";
import { assertWorkspaceId } from "./workspace-scope.ts";

export type { WebhookAttempt, WebhookDeliveryStatus } from "./schema/webhooks.ts";

/** A position in the outbox's reading order. */
export interface OutboxPosition {
  /** An `xid8`, as decimal text. */
  readonly txId: string;
  readonly seq: number;
}

export interface WebhookSubscription {
  readonly workspaceId: string;
  readonly id: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly deletedAt: string | null;
}

export interface WebhookDelivery {
  readonly workspaceId: string;
  readonly id: string;
  readonly subscriptionId: string;
  readonly eventSeq: number;
  readonly eventType: string;
  readonly streamId: string;
  readonly eventVersion: number;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly attemptLog: readonly WebhookAttempt[];
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toSubscription(row: typeof webhookSubscriptions.$inferSelect): WebhookSubscription {
  return {
    workspaceId: row.workspaceId,
    id: row.id,
    url: row.url,
    eventTypes: row.eventTypes,
    description: row.description,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    deletedAt: iso(row.deletedAt),
  };
}

function toDelivery(row: typeof webhookDeliveries.$inferSelect): WebhookDelivery {
  return {
    workspaceId: row.workspaceId,
    id: row.id,
    subscriptionId: row.subscriptionId,
    eventSeq: row.eventSeq,
    eventType: row.eventType,
    streamId: row.streamId,
    eventVersion: row.eventVersion,
    status: row.status,
    attempts: row.attempts,
    attemptLog: row.attemptLog,
    nextAttemptAt: iso(row.nextAttemptAt),
    createdAt: row.createdAt.toISOString(),
    finishedAt: iso(row.finishedAt),
  };
}

/**
 * The outbox horizon: the oldest transaction of this database still running, or the next transaction id when
 * none is. Every event below it is final (see the top of this file).
 *
 * `pg_snapshot_xmin(pg_current_snapshot())` alone would be correct too, but transaction ids are cluster-wide:
 * a long transaction in another database of the same server (a benchmark load, a migration) would hold
 * every webhook back until it ends. Only sessions connected to this database can insert into its event log,
 * so the horizon takes the snapshot's xmax and lowers it to the oldest `backend_xid` among this database's
 * sessions (a 32-bit xid, widened against xmax: a running xid is less than 2^31 below it). A session started
 * after the snapshot has an xid at or above xmax and is ignored; one that ended meanwhile is visible to the
 * next statement. When `pg_stat_activity` hides another role's session from us, the snapshot's xmin is used.
 */
export async function outboxHorizon(db: StoreDatabase): Promise<string> {
  const result = await db.execute<{ horizon: string }>(sql`
    with snap as (select pg_current_snapshot() as s),
    bounds as (
      select s, pg_snapshot_xmin(s)::text::numeric as xmin, pg_snapshot_xmax(s)::text::numeric as xmax from snap
    ),
    running as (
      select a.backend_xid::text::numeric as xid, a.query = '<insufficient privilege>' as hidden
      from pg_stat_activity a
      where a.datname = current_database() and a.pid <> pg_backend_pid()
    ),
    widened as (
      select b.xmin, b.xmax, r.hidden, (b.xmax % 4294967296 - r.xid + 4294967296) % 4294967296 as behind
      from bounds b left join running r on true
    )
    select (case
      when coalesce(bool_or(hidden), false) then min(xmin)
      else least(min(xmax), min(xmax - behind) filter (where behind between 1 and 2147483648))
    end)::text as horizon
    from widened`);
  const row = (result as unknown as { rows: { horizon: string | null }[] }).rows[0];
  if (!row?.horizon) throw new Error("The outbox horizon could not be read");
  return row.horizon;
}

const afterPosition = (a: OutboxPosition, b: OutboxPosition) => {
  const ta = BigInt(a.txId);
  const tb = BigInt(b.txId);
  return ta > tb || (ta === tb && a.seq > b.seq);
};

/** The last final event of the workspace: where a new reader starts. */
async function outboxTail(db: StoreDatabase, workspaceId: string, horizon: string): Promise<OutboxPosition> {
  const [last] = await db
    .select({ txId: events.txId, seq: events.seq })
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), sql`${events.txId} < ${horizon}::xid8`))
    .orderBy(desc(events.txId), desc(events.seq))
    .limit(1);
  return last ?? { txId: "0", seq: 0 };
}

/**
 * Adds a subscription. It starts at the workspace's outbox cursor, read under the cursor's lock so that no
 * outbox pass can move past events the new subscription should receive; when the workspace had no live
 * subscription, the cursor first jumps to the end of the log (nobody needs the backlog).
 */
export async function createWebhookSubscription(
  db: StoreDatabase,
  input: {
    readonly workspaceId: string;
    readonly id: string;
    readonly url: string;
    readonly eventTypes: readonly string[];
    readonly description?: string | null;
    readonly secret: string;
    readonly createdBy: string;
  },
): Promise<WebhookSubscription> {
  assertWorkspaceId(input.workspaceId);
  const { workspaceId } = input;
  return db.transaction(async (tx) => {
    const horizon = await outboxHorizon(tx);
    const tail = await outboxTail(tx, workspaceId, horizon);
    await tx
      .insert(webhookCursors)
      .values({ workspaceId, txId: tail.txId, seq: tail.seq })
      .onConflictDoNothing({ target: webhookCursors.workspaceId });
    let [cursor] = await tx
      .select()
      .from(webhookCursors)
      .where(eq(webhookCursors.workspaceId, workspaceId))
      .for("update");
    if (!cursor) throw new Error(`The outbox cursor of ${workspaceId} vanished`);
    const [live] = await tx
      .select({ id: webhookSubscriptions.id })
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.workspaceId, workspaceId), isNull(webhookSubscriptions.deletedAt)))
      .limit(1);
    if (!live && afterPosition(tail, cursor)) {
      [cursor] = await tx
        .update(webhookCursors)
        .set({ txId: tail.txId, seq: tail.seq, updatedAt: new Date() })
        .where(eq(webhookCursors.workspaceId, workspaceId))
        .returning();
      if (!cursor) throw new Error(`The outbox cursor of ${workspaceId} vanished`);
    }
    const [row] = await tx
      .insert(webhookSubscriptions)
      .values({
        workspaceId,
        id: input.id,
        url: input.url,
        eventTypes: [...input.eventTypes],
        description: input.description ?? null,
        secret: input.secret,
        createdBy: input.createdBy,
        startTx: cursor.txId,
        startSeq: cursor.seq,
      })
      .returning();
    if (!row) throw new Error("The subscription was not inserted");
    return toSubscription(row);
  });
}

/** The workspace's live subscriptions (deleted ones too when asked), oldest first. */
export async function listWebhookSubscriptions(
  db: StoreDatabase,
  workspaceId: string,
  options: { readonly includeDeleted?: boolean } = {},
): Promise<WebhookSubscription[]> {
  assertWorkspaceId(workspaceId);
  const rows = await db
    .select()
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.workspaceId, workspaceId),
        options.includeDeleted ? undefined : isNull(webhookSubscriptions.deletedAt),
      ),
    )
    .orderBy(asc(webhookSubscriptions.createdAt), asc(webhookSubscriptions.id));
  return rows.map(toSubscription);
}

/** One subscription of the workspace (deleted or not), or undefined. */
export async function findWebhookSubscription(
  db: StoreDatabase,
  workspaceId: string,
  id: string,
): Promise<WebhookSubscription | undefined> {
  assertWorkspaceId(workspaceId);
  const [row] = await db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.workspaceId, workspaceId), eq(webhookSubscriptions.id, id)));
  return row && toSubscription(row);
}

/** Stops a subscription: nothing more is derived for it and its pending deliveries are cancelled. */
export async function deleteWebhookSubscription(
  db: StoreDatabase,
  workspaceId: string,
  id: string,
  now: Date,
): Promise<boolean> {
  assertWorkspaceId(workspaceId);
  return db.transaction(async (tx) => {
    const deleted = await tx
      .update(webhookSubscriptions)
      .set({ deletedAt: now })
      .where(
        and(
          eq(webhookSubscriptions.workspaceId, workspaceId),
          eq(webhookSubscriptions.id, id),
          isNull(webhookSubscriptions.deletedAt),
        ),
      )
      .returning({ id: webhookSubscriptions.id });
    if (deleted.length === 0) return false;
    await tx
      .update(webhookDeliveries)
      .set({ status: "cancelled", finishedAt: now, nextAttemptAt: null })
      .where(
        and(
          eq(webhookDeliveries.workspaceId, workspaceId),
          eq(webhookDeliveries.subscriptionId, id),
          eq(webhookDeliveries.status, "pending"),
        ),
      );
    return true;
  });
}

/** Every subscription's stored secret, deleted ones included (to seal those kept from before sealing). */
export async function listWebhookSecrets(
  db: StoreDatabase,
): Promise<{ workspaceId: string; id: string; secret: string }[]> {
  return db
    .select({
      workspaceId: webhookSubscriptions.workspaceId,
      id: webhookSubscriptions.id,
      secret: webhookSubscriptions.secret,
    })
    .from(webhookSubscriptions);
}

/** Replaces a subscription's stored secret if it is still `from`; returns whether it was replaced. */
export async function replaceWebhookSecret(
  db: StoreDatabase,
  ref: { readonly workspaceId: string; readonly id: string },
  from: string,
  to: string,
): Promise<boolean> {
  assertWorkspaceId(ref.workspaceId);
  const rows = await db
    .update(webhookSubscriptions)
    .set({ secret: to })
    .where(
      and(
        eq(webhookSubscriptions.workspaceId, ref.workspaceId),
        eq(webhookSubscriptions.id, ref.id),
        eq(webhookSubscriptions.secret, from),
      ),
    )
    .returning({ id: webhookSubscriptions.id });
  return rows.length > 0;
}

/** Workspaces with at least one live subscription: the ones an outbox pass reads. */
export async function workspacesWithWebhooks(db: StoreDatabase): Promise<string[]> {
  const rows = await db
    .selectDistinct({ workspaceId: webhookSubscriptions.workspaceId })
    .from(webhookSubscriptions)
    .where(isNull(webhookSubscriptions.deletedAt));
  return rows.map((r) => r.workspaceId);
}

/** Every workspace's id (the sweep visits them all). */
export async function listWorkspaceIds(db: StoreDatabase): Promise<string[]> {
  const rows = await db.select({ id: workspaces.id }).from(workspaces).orderBy(asc(workspaces.id));
  return rows.map((r) => r.id);
}

/** A delivery just derived, for the caller to hand to a job engine. */
export interface DerivedDelivery {
  readonly workspaceId: string;
  readonly id: string;
}

const matches = (types: readonly string[], type: string) => types.includes("*") || types.includes(type);

/**
 * One outbox pass over a workspace: reads up to `limit` final events past its cursor (see the top of this
 * file), adds a delivery for each live subscription that wants each one, and moves the cursor past them — all in
 * one transaction. Returns the new deliveries and how many events were read (fewer than `limit`: caught up).
 */
export async function deriveDeliveries(
  db: StoreDatabase,
  workspaceId: string,
  options: { readonly limit?: number; readonly newId: () => string },
): Promise<{ readonly events: number; readonly deliveries: DerivedDelivery[] }> {
  assertWorkspaceId(workspaceId);
  const limit = options.limit ?? 500;
  return db.transaction(async (tx) => {
    // First, before this transaction holds an id of its own (the lock below gives it one).
    const horizon = await outboxHorizon(tx);
    const [cursor] = await tx
      .select()
      .from(webhookCursors)
      .where(eq(webhookCursors.workspaceId, workspaceId))
      .for("update");
    if (!cursor) return { events: 0, deliveries: [] };
    const rows = await tx
      .select({
        txId: events.txId,
        seq: events.seq,
        type: events.type,
        streamId: events.streamId,
        version: events.version,
      })
      .from(events)
      .where(
        and(
          eq(events.workspaceId, workspaceId),
          sql`${events.txId} < ${horizon}::xid8`,
          sql`(${events.txId}, ${events.seq}) > (${cursor.txId}::xid8, ${cursor.seq})`,
        ),
      )
      .orderBy(asc(events.txId), asc(events.seq))
      .limit(limit);
    const last = rows.at(-1);
    if (!last) return { events: 0, deliveries: [] };
    const subscriptions = await tx
      .select()
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.workspaceId, workspaceId), isNull(webhookSubscriptions.deletedAt)));
    const values: (typeof webhookDeliveries.$inferInsert)[] = [];
    for (const event of rows)
      for (const sub of subscriptions)
        if (
          matches(sub.eventTypes, event.type) &&
          afterPosition(event, { txId: sub.startTx, seq: sub.startSeq })
        )
          values.push({
            workspaceId,
            id: options.newId(),
            subscriptionId: sub.id,
            eventSeq: event.seq,
            eventType: event.type,
            streamId: event.streamId,
            eventVersion: event.version,
          });
    const inserted: DerivedDelivery[] = [];
    for (let i = 0; i < values.length; i += 500) {
      const chunk = await tx
        .insert(webhookDeliveries)
        .values(values.slice(i, i + 500))
        .onConflictDoNothing()
        .returning({ workspaceId: webhookDeliveries.workspaceId, id: webhookDeliveries.id });
      inserted.push(...chunk);
    }
    await tx
      .update(webhookCursors)
      .set({ txId: last.txId, seq: last.seq, updatedAt: new Date() })
      .where(eq(webhookCursors.workspaceId, workspaceId));
    return { events: rows.length, deliveries: inserted };
  });
}

/** What a delivery attempt needs: the delivery, its subscription (with the secret) and the event. */
export interface DeliveryWork {
  readonly delivery: WebhookDelivery;
  readonly subscription: WebhookSubscription & { readonly secret: string };
  readonly event: {
    readonly seq: number;
    readonly type: string;
    readonly streamId: string;
    readonly version: number;
    readonly at: string;
    readonly actorId: string;
    readonly payload: unknown;
  };
}

export async function loadDeliveryWork(
  db: StoreDatabase,
  workspaceId: string,
  deliveryId: string,
): Promise<DeliveryWork | undefined> {
  assertWorkspaceId(workspaceId);
  const [row] = await db
    .select({ delivery: webhookDeliveries, subscription: webhookSubscriptions })
    .from(webhookDeliveries)
    .innerJoin(
      webhookSubscriptions,
      and(
        eq(webhookSubscriptions.workspaceId, webhookDeliveries.workspaceId),
        eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId),
      ),
    )
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, deliveryId)));
  if (!row) return undefined;
  const [event] = await db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.seq, row.delivery.eventSeq)));
  if (!event) return undefined;
  return {
    delivery: toDelivery(row.delivery),
    subscription: { ...toSubscription(row.subscription), secret: row.subscription.secret },
    event: {
      seq: event.seq,
      type: event.type,
      streamId: event.streamId,
      version: event.version,
      at: event.at.toISOString(),
      actorId: event.actorId,
      payload: event.payload,
    },
  };
}

/**
 * Records an attempt, if the delivery is still pending after `attemptsBefore` attempts (a concurrent attempt
 * that recorded first wins; this one is then dropped). Returns whether it was recorded.
 */
export async function recordDeliveryAttempt(
  db: StoreDatabase,
  workspaceId: string,
  deliveryId: string,
  input: {
    readonly attemptsBefore: number;
    readonly attempt: WebhookAttempt;
    readonly status: WebhookDeliveryStatus;
    readonly nextAttemptAt: Date | null;
    readonly now: Date;
  },
): Promise<boolean> {
  assertWorkspaceId(workspaceId);
  const finished = input.status !== "pending";
  const rows = await db
    .update(webhookDeliveries)
    .set({
      attempts: input.attemptsBefore + 1,
      // Keeps the last 20 attempts.
      attemptLog: sql`(case when jsonb_array_length(${webhookDeliveries.attemptLog}) >= 20 then ${webhookDeliveries.attemptLog} - 0 else ${webhookDeliveries.attemptLog} end) || ${JSON.stringify([input.attempt])}::jsonb`,
      status: input.status,
      nextAttemptAt: input.nextAttemptAt,
      finishedAt: finished ? input.now : null,
    })
    .where(
      and(
        eq(webhookDeliveries.workspaceId, workspaceId),
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.status, "pending"),
        eq(webhookDeliveries.attempts, input.attemptsBefore),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return rows.length > 0;
}

/** Marks a pending delivery as finished without an attempt (its subscription is gone, its event vanished). */
export async function finishDelivery(
  db: StoreDatabase,
  workspaceId: string,
  deliveryId: string,
  status: "failed" | "cancelled",
  now: Date,
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status, finishedAt: now, nextAttemptAt: null })
    .where(
      and(
        eq(webhookDeliveries.workspaceId, workspaceId),
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.status, "pending"),
      ),
    );
}

/** Pending deliveries due at `now` (never attempted, or their retry time has come), oldest first. */
export async function dueDeliveries(db: StoreDatabase, now: Date, limit = 50): Promise<DerivedDelivery[]> {
  return db
    .select({ workspaceId: webhookDeliveries.workspaceId, id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, now)),
      ),
    )
    .orderBy(asc(webhookDeliveries.createdAt), asc(webhookDeliveries.eventSeq))
    .limit(limit);
}

/** Pending deliveries no job engine has taken yet (a process stopped between deriving and enqueuing). */
export async function unenqueuedDeliveries(db: StoreDatabase, limit = 200): Promise<DerivedDelivery[]> {
  return db
    .select({ workspaceId: webhookDeliveries.workspaceId, id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, "pending"), isNull(webhookDeliveries.enqueuedAt)))
    .orderBy(asc(webhookDeliveries.createdAt))
    .limit(limit);
}

export async function markDeliveriesEnqueued(
  db: StoreDatabase,
  deliveries: readonly DerivedDelivery[],
  now: Date,
): Promise<void> {
  const byWorkspace = new Map<string, string[]>();
  for (const d of deliveries)
    byWorkspace.set(d.workspaceId, [...(byWorkspace.get(d.workspaceId) ?? []), d.id]);
  for (const [workspaceId, ids] of byWorkspace)
    await db
      .update(webhookDeliveries)
      .set({ enqueuedAt: now })
      .where(and(eq(webhookDeliveries.workspaceId, workspaceId), inArray(webhookDeliveries.id, ids)));
}

/** A subscription's deliveries, newest event first, keyset-paginated on the event's `seq`. */
export async function listWebhookDeliveries(
  db: StoreDatabase,
  workspaceId: string,
  subscriptionId: string,
  options: { readonly limit: number; readonly beforeSeq?: number; readonly status?: WebhookDeliveryStatus },
): Promise<WebhookDelivery[]> {
  assertWorkspaceId(workspaceId);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.workspaceId, workspaceId),
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        options.beforeSeq === undefined ? undefined : lt(webhookDeliveries.eventSeq, options.beforeSeq),
        options.status === undefined ? undefined : eq(webhookDeliveries.status, options.status),
      ),
    )
    .orderBy(desc(webhookDeliveries.eventSeq))
    .limit(options.limit);
  return rows.map(toDelivery);
}
