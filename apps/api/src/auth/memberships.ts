// Users ↔ members: which member of a workspace a signed-in user is. The member's role and whether they are
// still active come from the `members` read table (the domain's events), never from the link.
import type { Actor, MemberId, Role } from "@accountable/domain";
import {
  findUserMember,
  isUserLinked,
  linkUser,
  listUserMemberships,
  type StoreDatabase,
} from "@accountable/store";

export interface WorkspaceMembership {
  readonly id: string;
  readonly name: string;
  readonly memberId: string;
  readonly role: Role;
}

/** The member id a user's new membership gets (the domain's): derived from the user, the same in every workspace. */
export { memberIdForUser } from "@accountable/domain";

export function createMemberships(db: StoreDatabase) {
  return {
    /** The user's member id in the workspace; null when not linked, or the member is deactivated or missing. */
    async memberIn(userId: string, workspaceId: string): Promise<string | null> {
      return (await findUserMember(db, userId, workspaceId))?.memberId ?? null;
    },

    /** The user as an actor of the workspace (member id and role), or null when they are not an active member. */
    async actorIn(userId: string, workspaceId: string): Promise<Actor | null> {
      const found = await findUserMember(db, userId, workspaceId);
      return found ? { memberId: found.memberId as MemberId, role: found.role as Role } : null;
    },

    /** The user's active memberships, by workspace name. */
    async workspacesOf(userId: string): Promise<WorkspaceMembership[]> {
      return (await listUserMemberships(db, userId)).map((m) => ({ ...m, role: m.role as Role }));
    },

    isLinked: (userId: string, workspaceId: string) => isUserLinked(db, userId, workspaceId),
    /** Links the user to the member; false when either is linked in that workspace already. */
    link: (userId: string, workspaceId: string, memberId: string) =>
      linkUser(db, { userId, workspaceId, memberId }),
  };
}

export type Memberships = ReturnType<typeof createMemberships>;
