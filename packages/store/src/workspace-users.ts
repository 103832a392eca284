// Users ↔ members. The member's role and whether they are active come from the `members` read table; the link
// only says which member a user is.
import { and, asc, eq, sql } from "drizzle-orm";
import type { StoreDatabase } from "./database.ts";
import { authAccounts, authUsers } from "./schema/auth.ts";
import { members } from "./schema/read-models/tables.ts";
import { workspaceUsers } from "./schema/workspace-users.ts";
import { workspaces } from "./schema/workspaces.ts";

/** A user's membership of a workspace, as the API shows it. */
export interface UserMembership {
  readonly id: string;
  readonly name: string;
  readonly memberId: string;
  readonly role: string;
}

const linkedMember = and(
  eq(members.workspaceId, workspaceUsers.workspaceId),
  eq(members.id, workspaceUsers.memberId),
);

/** The active member the user is in the workspace (id and role), or undefined. */
export async function findUserMember(
  db: StoreDatabase,
  userId: string,
  workspaceId: string,
): Promise<{ memberId: string; role: string } | undefined> {
  const [row] = await db
    .select({ memberId: members.id, role: members.role })
    .from(workspaceUsers)
    .innerJoin(members, linkedMember)
    .where(
      and(
        eq(workspaceUsers.userId, userId),
        eq(workspaceUsers.workspaceId, workspaceId),
        eq(members.active, true),
      ),
    );
  return row;
}

/** The user's active memberships, by workspace name. */
export function listUserMemberships(db: StoreDatabase, userId: string): Promise<UserMembership[]> {
  return db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      memberId: workspaceUsers.memberId,
      role: members.role,
    })
    .from(workspaceUsers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceUsers.workspaceId))
    .innerJoin(members, linkedMember)
    .where(and(eq(workspaceUsers.userId, userId), eq(members.active, true)))
    .orderBy(asc(workspaces.name), asc(workspaces.id));
}

/** Whether the user is linked to the workspace at all (active member or not). */
export async function isUserLinked(db: StoreDatabase, userId: string, workspaceId: string): Promise<boolean> {
  const [row] = await db
    .select({ memberId: workspaceUsers.memberId })
    .from(workspaceUsers)
    .where(and(eq(workspaceUsers.userId, userId), eq(workspaceUsers.workspaceId, workspaceId)));
  return row !== undefined;
}

/** Links the user to the member; false when the user or the member is linked in that workspace already. */
export async function linkUser(
  db: StoreDatabase,
  link: { readonly userId: string; readonly workspaceId: string; readonly memberId: string },
): Promise<boolean> {
  const inserted = await db
    .insert(workspaceUsers)
    .values(link)
    .onConflictDoNothing()
    .returning({ memberId: workspaceUsers.memberId });
  return inserted.length > 0;
}

/** Whether the workspace has a member with this id (active or not). */
export async function memberExists(
  db: StoreDatabase,
  workspaceId: string,
  memberId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.workspaceId, workspaceId), eq(members.id, memberId)));
  return row !== undefined;
}

/**
 * The active member of the workspace with this e-mail address (compared case-insensitively), and whether a user
 * signs in as them; one a user signs in as comes first. Undefined when no active member has the address.
 */
export async function findMemberByEmail(
  db: StoreDatabase,
  workspaceId: string,
  email: string,
): Promise<{ id: string; name: string; role: string; signsIn: boolean } | undefined> {
  const [row] = await db
    .select({
      id: members.id,
      name: members.name,
      role: members.role,
      signsIn: sql<boolean>`${workspaceUsers.userId} is not null`,
    })
    .from(members)
    .leftJoin(workspaceUsers, linkedMember)
    .where(
      and(
        eq(members.workspaceId, workspaceId),
        eq(members.active, true),
        eq(sql`lower(${members.email})`, email.toLowerCase()),
      ),
    )
    .orderBy(sql`${workspaceUsers.userId} is null`, asc(members.id))
    .limit(1);
  return row;
}

/** The user with this e-mail address (stored lower-case by better-auth), or undefined. */
export async function findUserByEmail(
  db: StoreDatabase,
  email: string,
): Promise<{ id: string; email: string; name: string } | undefined> {
  const [row] = await db
    .select({ id: authUsers.id, email: authUsers.email, name: authUsers.name })
    .from(authUsers)
    .where(eq(authUsers.email, email.toLowerCase()));
  return row;
}

/** The password hash of the user's e-mail + password credential (better-auth's), or undefined. */
export async function findPasswordHash(db: StoreDatabase, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ hash: authAccounts.password })
    .from(authAccounts)
    .where(and(eq(authAccounts.userId, userId), eq(authAccounts.providerId, "credential")));
  return row?.hash ?? undefined;
}
