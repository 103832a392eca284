// Invitations over HTTP: a thin adapter of the domain's invitation machine, which the service runs through its one
// command path (who may invite, who may accept, pending → accepted / revoked / expired are the machine's). This
// file draws the token (the domain draws no randomness), keeps only its SHA-256, and says refusals as problems.
import { randomUUID } from "node:crypto";
import {
  type Actor,
  can,
  DEFAULT_INVITATION_DAYS,
  InvitationIdSchema,
  type Role,
  timestamp,
} from "@accountable/domain";
import type { InvitationPreview, InvitationView, Service, ServiceRefusal } from "@accountable/service";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Principal } from "../env.ts";
import { type Problem, problemFromRefusal } from "../problem.ts";
import type { Memberships } from "./memberships.ts";
import { authProblem } from "./problems.ts";
import { digest, looksLikeSecret, newSecret } from "./secrets.ts";

export const INVITATION_TOKEN_PREFIX = "acinv_";

export type InvitationInfo = InvitationView;

type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: Problem & { status: ContentfulStatusCode } };

const refused = (problem: Problem & { status: ContentfulStatusCode }) => ({ ok: false, problem }) as const;

/** The service's refusal as a problem; a token that names no invitation is InvitationNotFound. */
function fromRefusal(refusal: ServiceRefusal) {
  if (refusal._tag === "NotFound" && refusal.entity === "invitation")
    return refused(authProblem("InvitationNotFound", refusal.message));
  return refused(problemFromRefusal(refusal));
}

const notFound = () =>
  refused(
    authProblem("InvitationNotFound", "This invitation link is not valid; check it, or ask for a new one."),
  );

export interface InvitationsDeps {
  readonly service: Service;
  readonly memberships: Memberships;
  readonly clock: () => Date;
}

export function createInvitations({ service, memberships, clock }: InvitationsDeps) {
  const now = () => timestamp(clock().toISOString());

  /** The user as a member allowed to invite in the workspace (the domain's `can`), or the problem saying why not. */
  async function inviter(userId: string, workspaceId: string): Promise<Outcome<Actor>> {
    const actor = await memberships.actorIn(userId, workspaceId);
    if (!actor) {
      return fromRefusal({
        _tag: "NotAMember",
        memberId: userId,
        message: "You are not a member of this workspace.",
      });
    }
    const permission = can(actor, "member.invite", { kind: "member" });
    return permission.allowed ? { ok: true, value: actor } : fromRefusal(permission.refusal);
  }

  /** The token's hash, or nothing when the string cannot be a token (refused before any database look-up). */
  const hashOf = (token: string) => (looksLikeSecret(INVITATION_TOKEN_PREFIX, token) ? digest(token) : null);

  return {
    inviter,

    /** Invites an e-mail address in a role (SendInvitation); the token is returned once, never stored. */
    async create(
      workspaceId: string,
      actor: Actor,
      input: { readonly email: string; readonly role: Role; readonly expiresInDays?: number | undefined },
    ): Promise<Outcome<InvitationInfo & { token: string }>> {
      const token = newSecret(INVITATION_TOKEN_PREFIX);
      const invitationId = randomUUID();
      const at = now();
      const sent = await service.sendInvitation(
        workspaceId,
        actor.memberId,
        {
          invitationId: InvitationIdSchema.parse(invitationId),
          email: input.email.trim().toLowerCase(),
          role: input.role,
          tokenHash: digest(token),
          expiresInDays: input.expiresInDays ?? DEFAULT_INVITATION_DAYS,
        },
        at,
      );
      if (!sent.ok) return fromRefusal(sent.error);
      const created = (await service.invitations(workspaceId, at)).find((i) => i.id === invitationId);
      if (!created) throw new Error(`invitation ${invitationId} was sent but is not in its read table`);
      return { ok: true, value: { ...created, token } };
    },

    /** The workspace's invitations that are not withdrawn, newest first. */
    list: (workspaceId: string): Promise<InvitationInfo[]> => service.invitations(workspaceId, now()),

    /** Withdraws a pending invitation (RevokeInvitation). */
    async revoke(workspaceId: string, actor: Actor, id: string): Promise<Outcome<null>> {
      const revoked = await service.revokeInvitation(workspaceId, actor.memberId, id, now());
      if (revoked.ok) return { ok: true, value: null };
      if (revoked.error._tag === "NotFound")
        return refused(authProblem("InvitationNotFound", `There is no invitation ${id} in this workspace.`));
      return fromRefusal(revoked.error);
    },

    /** Who invites the link's holder to which workspace, for the page the link opens. */
    async preview(token: string): Promise<Outcome<InvitationPreview>> {
      const tokenHash = hashOf(token);
      if (!tokenHash) return notFound();
      const found = await service.previewInvitation(tokenHash, now());
      return found.ok ? found : fromRefusal(found.error);
    },

    /** Accepts an invitation as the signed-in user (the service's acceptInvitation, in one transaction). */
    async accept(
      token: string,
      user: Principal,
    ): Promise<Outcome<{ workspaceId: string; memberId: string; role: Role }>> {
      const tokenHash = hashOf(token);
      if (!tokenHash) return notFound();
      const accepted = await service.acceptInvitation(
        tokenHash,
        { userId: user.userId, email: user.email, name: user.name },
        now(),
      );
      if (accepted.ok) return accepted;
      const error = accepted.error;
      if (error._tag === "NotAMember" || error._tag === "NotPermitted") {
        return fromRefusal({
          ...error,
          message: `The member who invited you can no longer add members to this workspace (${error.message}); ask for a new invitation.`,
        });
      }
      return fromRefusal(error);
    },
  };
}

export type Invitations = ReturnType<typeof createInvitations>;
