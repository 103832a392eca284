// Invitations to workspaces, kept by the SHA-256 of their token: the read table of the domain's invitation
// machine (its events are the truth; `projectInvitation` writes a row from the machine's state).
import { and, desc, eq, isNull } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { invitations } from "./schema/invitations.ts";

export type InvitationRow = typeof invitations.$inferSelect;

/** Writes the invitation's row as the machine's state says it is now (the invitation's projection). */
export async function projectInvitation(
  db: StoreDatabase,
  row: typeof invitations.$inferInsert,
): Promise<void> {
  const { workspaceId: _w, id: _i, ...changes } = row;
  await db
    .insert(invitations)
    .values(row)
    .onConflictDoUpdate({ target: [invitations.workspaceId, invitations.id], set: changes });
}

/** The workspace's invitations that were not withdrawn, newest first. */
export function listInvitations(db: StoreDatabase, workspaceId: string): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), isNull(invitations.revokedAt)))
    .orderBy(desc(invitations.createdAt), invitations.id);
}

export async function findInvitationByTokenHash(
  db: StoreDatabase,
  tokenHash: string,
): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash));
  return row;
}
