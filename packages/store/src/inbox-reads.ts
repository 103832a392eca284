// The inbox's read marks: which of a member's inbox items (by key) they have read.
import { and, eq, inArray } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { inboxReads } from "./schema/inbox-reads.ts";
import { assertWorkspaceId } from "./workspace-scope.ts";

/** Of these keys, the ones the member has read. */
export async function readInboxKeys(
  db: StoreDatabase,
  workspaceId: string,
  memberId: string,
  keys: readonly string[],
): Promise<Set<string>> {
  assertWorkspaceId(workspaceId);
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ key: inboxReads.itemKey })
    .from(inboxReads)
    .where(
      and(
        eq(inboxReads.workspaceId, workspaceId),
        eq(inboxReads.memberId, memberId),
        inArray(inboxReads.itemKey, [...keys]),
      ),
    );
  return new Set(rows.map((r) => r.key));
}

/** Marks the items read (an item read before stays as it was). */
export async function markInboxRead(
  db: StoreDatabase,
  workspaceId: string,
  memberId: string,
  keys: readonly string[],
  at: Date,
): Promise<void> {
  assertWorkspaceId(workspaceId);
  if (keys.length === 0) return;
  await db
    .insert(inboxReads)
    .values(keys.map((itemKey) => ({ workspaceId, memberId, itemKey, readAt: at })))
    .onConflictDoNothing();
}

/** Marks the items unread again. */
export async function markInboxUnread(
  db: StoreDatabase,
  workspaceId: string,
  memberId: string,
  keys: readonly string[],
): Promise<void> {
  assertWorkspaceId(workspaceId);
  if (keys.length === 0) return;
  await db
    .delete(inboxReads)
    .where(
      and(
        eq(inboxReads.workspaceId, workspaceId),
        eq(inboxReads.memberId, memberId),
        inArray(inboxReads.itemKey, [...keys]),
      ),
    );
}
