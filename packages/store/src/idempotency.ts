// Keyed requests (an API call with an Idempotency-Key) remembered per workspace and scope: the first claim wins,
// its outcome is kept, and a retry reads it back. Import batches use the same table inside their transaction.
import { and, eq, sql } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { idempotencyKeys } from "./schema/idempotency-keys.ts";

export interface IdempotencyKeyRef {
  readonly workspaceId: string;
  readonly scope: string;
  readonly key: string;
}

const whereKey = (ref: IdempotencyKeyRef) =>
  and(
    eq(idempotencyKeys.workspaceId, ref.workspaceId),
    eq(idempotencyKeys.scope, ref.scope),
    eq(idempotencyKeys.key, ref.key),
  );

/** Claims the key with an initial result; false when someone claimed it first (read theirs with `readKeyed`). */
export async function claimKey(db: StoreDatabase, ref: IdempotencyKeyRef, result: unknown): Promise<boolean> {
  const rows = await db
    .insert(idempotencyKeys)
    .values({ ...ref, result })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

/** The result kept for the key, or undefined when it is not (or no longer) claimed. */
export async function readKeyed(db: StoreDatabase, ref: IdempotencyKeyRef): Promise<unknown> {
  const [row] = await db
    .select({ result: idempotencyKeys.result })
    .from(idempotencyKeys)
    .where(whereKey(ref));
  return row?.result;
}

export async function keepResult(db: StoreDatabase, ref: IdempotencyKeyRef, result: unknown): Promise<void> {
  await db.update(idempotencyKeys).set({ result }).where(whereKey(ref));
}

/** Forgets the key, so a retry runs again (after a failure that is not an answer). */
export async function releaseKey(db: StoreDatabase, ref: IdempotencyKeyRef): Promise<void> {
  await db.delete(idempotencyKeys).where(whereKey(ref));
}

/** Answers when the database does (readiness checks). */
export async function ping(db: StoreDatabase): Promise<void> {
  await db.execute(sql`select 1`);
}
