// The invitation: sent by a member who may invite, accepted by the signed-in user it was sent to (the service's
// `acceptInvitation` runs it with the member it adds and the user's link, in one transaction), or withdrawn.
import {
  type Addressee,
  INVITATION_COMMAND_ACTIONS,
  type InvitationCommand,
  InvitationCommandSchema,
  type InvitationContext,
  type InvitationEvent,
  InvitationEventSchema,
  type InvitationState,
  invitationMachine,
  MemberIdSchema,
  RoleSchema,
} from "@accountable/domain";
import { findMemberByEmail, isUserLinked, projectInvitation } from "@accountable/store";
import type { Scope } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

/** The active member with the address, as the invitation machine's guards ask about them. */
async function addresseeOf(scope: Scope, email: string): Promise<Addressee | null> {
  const found = await findMemberByEmail(scope.db, scope.workspaceId, email);
  return found
    ? {
        memberId: MemberIdSchema.parse(found.id),
        name: found.name,
        role: RoleSchema.parse(found.role),
        signsIn: found.signsIn,
      }
    : null;
}

export const invitationSpec: AggregateSpec<
  InvitationState,
  InvitationCommand,
  InvitationEvent,
  InvitationContext
> = {
  type: "invitation",
  machine: invitationMachine,
  commandSchema: InvitationCommandSchema,
  eventSchema: InvitationEventSchema,
  resourceKind: "member",
  actions: INVITATION_COMMAND_ACTIONS,
  createdId: (c) => (c.type === "SendInvitation" ? c.invitationId : undefined),
  async context(scope, base, state, command) {
    const email =
      command.type === "SendInvitation" ? command.email : state.status === "none" ? null : state.email;
    return {
      ...base,
      addressee: email === null ? null : await addresseeOf(scope, email),
      userIsMember:
        command.type === "AcceptInvitation" &&
        (await isUserLinked(scope.db, command.userId, scope.workspaceId)),
    };
  },
  resource: async () => ({ kind: "member", ownerId: null }),
  async project(scope, s) {
    await projectInvitation(scope.db, {
      workspaceId: scope.workspaceId,
      id: s.id,
      email: s.email,
      role: s.role,
      status: s.status,
      tokenHash: s.tokenHash,
      invitedBy: s.invitedBy,
      createdAt: new Date(s.sentAt),
      expiresAt: new Date(s.expiresAt),
      acceptedAt: s.acceptedAt === null ? null : new Date(s.acceptedAt),
      acceptedBy: s.acceptedBy?.userId ?? null,
      revokedAt: s.revokedAt === null ? null : new Date(s.revokedAt),
    });
  },
};
