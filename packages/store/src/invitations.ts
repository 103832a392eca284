// Invitations to workspaces, kept by the SHA-256 of their token. Accepting claims the row first (one winner
// among concurrent accepts); a failed accept releases it.
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { invitations } from "./schema/invitations.ts";

export type InvitationRow = typeof invitations.$inferSelect;

export async function insertInvitation(
  db: StoreDatabase,
  row: typeof invitations.$inferInsert,
): Promise<InvitationRow> {
  const [inserted] = await db.insert(invitations).values(row).returning();
  return inserted!;
}

/** The workspace's invitations that were not withdrawn, newest first. */
export function listInvitations(db: StoreDatabase, workspaceId: string): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), isNull(invitations.revokedAt)))
    .orderBy(desc(invitations.createdAt), invitations.id);
}

export async function findInvitation(
  db: StoreDatabase,
  workspaceId: string,
  id: string,
): Promise<InvitationRow | undefined> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.id, id)));
  return row;
}

export async function findInvitationByTokenHash(
  db: StoreDatabase,
  tokenHash: string,
): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash));
  return row;
}

/** Withdraws the invitation unless it was accepted; false when nothing changed. */
export async function revokeInvitation(
  db: StoreDatabase,
  workspaceId: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ revokedAt: now })
    .where(
      and(
        eq(invitations.workspaceId, workspaceId),
        eq(invitations.id, id),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id });
  return rows.length > 0;
}

/** Marks a pending, unexpired invitation accepted by the user; false when it is not (or no longer) open. */
export async function claimInvitation(
  db: StoreDatabase,
  tokenHash: string,
  userId: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ acceptedAt: now, acceptedBy: userId })
    .where(
      and(
        eq(invitations.tokenHash, tokenHash),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .returning({ id: invitations.id });
  return rows.length > 0;
}

/** Undoes a claim whose accept failed, so the invitation can be used again. */
export async function releaseInvitation(db: StoreDatabase, tokenHash: string): Promise<void> {
  await db
    .update(invitations)
    .set({ acceptedAt: null, acceptedBy: null })
    .where(eq(invitations.tokenHash, tokenHash));
}
