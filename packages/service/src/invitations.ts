// Invitations through the one command path: sending and withdrawing are plain commands of the invitation machine;
// accepting is the machine's AcceptInvitation followed, in the same transaction, by what the domain says it calls
// for (`afterAcceptance`): the new member (AddMember, as the member who invited) and the user's link.
import {
  afterAcceptance,
  type Invitation,
  type InvitationCommand,
  type InvitationEvent,
  type InvitationStatus,
  invitationStatusAt,
  type Role,
  RoleSchema,
  type Timestamp,
} from "@accountable/domain";
import {
  findInvitationByTokenHash,
  findWorkspace,
  type InvitationRow,
  linkUser,
  listInvitations,
  type StoreDatabase,
  schema,
} from "@accountable/store";
import { and, eq } from "drizzle-orm";
import { type ExecuteResult, execute } from "./execute.ts";
import { notFound, RolledBack, type ServiceRefusal } from "./refusals.ts";

/** The signed-in user accepting an invitation. */
export interface AcceptingUser {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
}

export type InvitationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ServiceRefusal };

/** An invitation as a list shows it: its row, with the status it has now. */
export interface InvitationView {
  readonly id: string;
  readonly workspaceId: string;
  readonly email: string;
  readonly role: Role;
  readonly invitedBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly status: InvitationStatus;
  readonly acceptedAt: string | null;
}

/** What the person holding an invitation's link may learn before accepting: who invites them, to what. */
export interface InvitationPreview extends InvitationView {
  readonly workspaceName: string;
  readonly invitedByName: string;
}

const iso = (d: Date) => d.toISOString();

function viewOf(row: InvitationRow, now: Timestamp): InvitationView {
  const status = row.status as Invitation["status"];
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    email: row.email,
    role: RoleSchema.parse(row.role),
    invitedBy: row.invitedBy,
    createdAt: iso(row.createdAt),
    expiresAt: iso(row.expiresAt),
    status: invitationStatusAt({ status, expiresAt: iso(row.expiresAt) }, now),
    acceptedAt: row.acceptedAt ? iso(row.acceptedAt) : null,
  };
}

/** The workspace's invitations that were not withdrawn, newest first, with their status now. */
export async function listInvitationViews(
  db: StoreDatabase,
  workspaceId: string,
  now: Timestamp,
): Promise<InvitationView[]> {
  return (await listInvitations(db, workspaceId)).map((r) => viewOf(r, now));
}

const invitationNotFound = (): ServiceRefusal => ({
  ...notFound("invitation", "from this link"),
  message: "This invitation link is not valid; check it, or ask for a new one.",
});

/** The invitation a token's hash names, with its workspace's and inviter's names; NotFound when none. */
export async function previewInvitation(
  db: StoreDatabase,
  tokenHash: string,
  now: Timestamp,
): Promise<InvitationResult<InvitationPreview>> {
  const row = await findInvitationByTokenHash(db, tokenHash);
  if (!row) return { ok: false, error: invitationNotFound() };
  const [workspace, [inviter]] = await Promise.all([
    findWorkspace(db, row.workspaceId),
    db
      .select({ name: schema.members.name })
      .from(schema.members)
      .where(and(eq(schema.members.workspaceId, row.workspaceId), eq(schema.members.id, row.invitedBy))),
  ]);
  return {
    ok: true,
    value: {
      ...viewOf(row, now),
      workspaceName: workspace?.name ?? row.workspaceId,
      invitedByName: inviter?.name ?? row.invitedBy,
    },
  };
}

/**
 * Accepts the invitation a token's hash names as the signed-in user, in one transaction: the machine's
 * AcceptInvitation (run as the member who invited, so their permission is asked again now), then the member the
 * domain says to add, if any, and the user's link. A refusal of any part leaves nothing written.
 */
export async function acceptInvitation(
  db: StoreDatabase,
  tokenHash: string,
  user: AcceptingUser,
  now: Timestamp,
): Promise<InvitationResult<{ workspaceId: string; memberId: string; role: Role }>> {
  try {
    return await db.transaction(async (tx) => {
      const row = await findInvitationByTokenHash(tx, tokenHash);
      if (!row) throw new RolledBack(invitationNotFound());
      const workspaceId = row.workspaceId;
      const reason = `accepted the invitation sent to ${row.email}`;
      const command: InvitationCommand = {
        type: "AcceptInvitation",
        userId: user.userId,
        email: user.email,
        name: user.name,
      };
      const accepted = must(
        await execute(tx, workspaceId, { aggregate: "invitation", id: row.id, command }, row.invitedBy, {
          now,
          reason,
        }),
      );
      const [event] = accepted.events as readonly InvitationEvent[];
      if (event?.type !== "InvitationAccepted") throw new Error(`AcceptInvitation decided ${event?.type}`);
      const next = afterAcceptance(accepted.state as Invitation, event);
      if (next.addMember) {
        must(
          await execute(
            tx,
            workspaceId,
            { aggregate: "member", id: next.addMember.memberId, command: next.addMember },
            row.invitedBy,
            { now, reason },
          ),
        );
      }
      if (!(await linkUser(tx, { workspaceId, ...next.link }))) {
        throw new RolledBack({
          _tag: "AlreadyMember",
          guard: "isNotSignedInAsAMember",
          email: row.email,
          message: "Someone signs in as this member already.",
        });
      }
      const [member] = await tx
        .select({ role: schema.members.role })
        .from(schema.members)
        .where(and(eq(schema.members.workspaceId, workspaceId), eq(schema.members.id, next.link.memberId)));
      return {
        ok: true as const,
        value: {
          workspaceId,
          memberId: next.link.memberId,
          role: RoleSchema.parse(member?.role ?? row.role),
        },
      };
    });
  } catch (e) {
    if (e instanceof RolledBack) return { ok: false, error: e.refusal };
    throw e;
  }
}

function must(result: ExecuteResult) {
  if (!result.ok) throw new RolledBack(result.error);
  return result.value;
}
