// The invitation: sent by a member who may invite, accepted by the signed-in user it was sent to (the service's
// `acceptInvitation` runs it with the member it adds and the user's link, in one transaction), or withdrawn.
import {
  type InvitationCommand,
  InvitationCommandSchema,
  type InvitationContext,
  type InvitationEvent,
  InvitationEventSchema,
  type InvitationState,
  invitationPath,
} from "@accountable/domain";
import { projectInvitation } from "@accountable/store";
import type { AggregateSpec } from "./spec.ts";

export const invitationSpec: AggregateSpec<
  InvitationState,
  InvitationCommand,
  InvitationEvent,
  InvitationContext
> = {
  ...invitationPath,
  commandSchema: InvitationCommandSchema,
  eventSchema: InvitationEventSchema,
  resourceKind: "member",
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
