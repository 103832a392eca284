// Keyed requests (an API call with an Idempotency-Key) remembered per workspace and scope: the first claim wins,
// its outcome is kept, and a retry reads it back. Import batches use the same table inside their transaction.
//
// A key being worked on is held by one request (`held_by`) under a lease (`held_until`, the database's clock).
// The holder renews the lease while it works; when the process holding it dies (kill -9, a lost machine) the
// lease runs out and a retry may take the key over — it is not "still running" forever. On the embedded database
// one process owns the data folder, so whatever was held when it was last opened belongs to a process that is
// gone: `releaseAbandonedHolds` ends those holds at open, and holds there need no lease (`leaseMs: null`).
import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { idempotencyKeys } from "./schema/idempotency-keys.ts";

export interface IdempotencyKeyRef {
  readonly workspaceId: string;
  readonly scope: string;
  readonly key: string;
}

/** Who holds a key while working on it, and for how long without renewing (null: until released). */
export interface KeyHolder {
  readonly id: string;
  readonly leaseMs: number | null;
}

const whereKey = (ref: IdempotencyKeyRef) =>
  and(
    eq(idempotencyKeys.workspaceId, ref.workspaceId),
    eq(idempotencyKeys.scope, ref.scope),
    eq(idempotencyKeys.key, ref.key),
  );

const leaseEnd = (holder: KeyHolder) =>
  holder.leaseMs === null
    ? sql`'infinity'::timestamptz`
    : sql`now() + make_interval(secs => ${holder.leaseMs / 1000})`;

/**
 * Claims the key with an initial result; false when someone claimed it first (read theirs with `readKeyed`).
 * With a holder, the key stays held by it until `keepResult` or `releaseKey`.
 */
export async function claimKey(
  db: StoreDatabase,
  ref: IdempotencyKeyRef,
  result: unknown,
  holder?: KeyHolder,
): Promise<boolean> {
  const rows = await db
    .insert(idempotencyKeys)
    .values({
      ...ref,
      result,
      ...(holder ? { heldBy: holder.id, heldUntil: leaseEnd(holder) } : {}),
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

/** A kept key: its result, and whether a holder still works on it. */
export interface KeptKey {
  readonly result: unknown;
  readonly heldBy: string | null;
  /** Held by someone whose lease has run out (by the database's clock): they are gone. */
  readonly abandoned: boolean;
}

/** The key as kept, or undefined when it is not (or no longer) claimed. */
export async function readKeyed(db: StoreDatabase, ref: IdempotencyKeyRef): Promise<KeptKey | undefined> {
  const [row] = await db
    .select({
      result: idempotencyKeys.result,
      heldBy: idempotencyKeys.heldBy,
      abandoned: sql<boolean>`coalesce(${idempotencyKeys.heldUntil} < now(), false)`,
    })
    .from(idempotencyKeys)
    .where(whereKey(ref));
  return row;
}

/**
 * Takes over a key whose holder `from` is gone (its lease has run out), with a new initial result: true when
 * this caller now holds it. Of several retries racing for it, one wins.
 */
export async function takeOverKey(
  db: StoreDatabase,
  ref: IdempotencyKeyRef,
  from: string,
  result: unknown,
  holder: KeyHolder,
): Promise<boolean> {
  const rows = await db
    .update(idempotencyKeys)
    .set({ result, heldBy: holder.id, heldUntil: leaseEnd(holder), createdAt: sql`now()` })
    .where(and(whereKey(ref), eq(idempotencyKeys.heldBy, from), sql`${idempotencyKeys.heldUntil} < now()`))
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

/** Extends the holder's lease; false when the key is no longer its own (taken over, or released). */
export async function renewKey(
  db: StoreDatabase,
  ref: IdempotencyKeyRef,
  holder: KeyHolder,
): Promise<boolean> {
  const rows = await db
    .update(idempotencyKeys)
    .set({ heldUntil: leaseEnd(holder) })
    .where(and(whereKey(ref), eq(idempotencyKeys.heldBy, holder.id)))
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

/**
 * Keeps the final result and ends the hold. With `holderId`, only while the key is still that holder's: false
 * when another took it over, so that a caller inside a transaction can roll its writes back instead.
 */
export async function keepResult(
  db: StoreDatabase,
  ref: IdempotencyKeyRef,
  result: unknown,
  holderId?: string,
): Promise<boolean> {
  const rows = await db
    .update(idempotencyKeys)
    .set({ result, heldBy: null, heldUntil: null })
    .where(and(whereKey(ref), holderId === undefined ? undefined : eq(idempotencyKeys.heldBy, holderId)))
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

/** Forgets the key, so a retry runs again (after a failure that is not an answer); with a holder, only its own. */
export async function releaseKey(
  db: StoreDatabase,
  ref: IdempotencyKeyRef,
  holderId?: string,
): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(and(whereKey(ref), holderId === undefined ? undefined : eq(idempotencyKeys.heldBy, holderId)));
}

/**
 * Ends every hold (their leases run out now): for the one process that owns an embedded database, when it opens
 * it — whoever held a key then was a process that is gone. Returns how many holds it ended.
 */
export async function releaseAbandonedHolds(db: StoreDatabase): Promise<number> {
  const rows = await db
    .update(idempotencyKeys)
    .set({ heldUntil: sql`'-infinity'::timestamptz` })
    .where(isNotNull(idempotencyKeys.heldBy))
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}

/** Answers when the database does (readiness checks). */
export async function ping(db: StoreDatabase): Promise<void> {
  await db.execute(sql`select 1`);
}
