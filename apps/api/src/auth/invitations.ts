// Invitations to a workspace: created by a member whose role may invite (the domain's `can`), accepted once by
// the signed-in user they were sent to, which adds the member through the domain's AddMember command and links
// the user. Only the SHA-256 of an invitation's token is stored.
import { randomUUID } from "node:crypto";
import { type Actor, can, type Role } from "@accountable/domain";
import { parseCommand, type Service, type ServiceRefusal } from "@accountable/service";
import {
  claimInvitation,
  findInvitation,
  findInvitationByTokenHash,
  type InvitationRow,
  insertInvitation,
  listInvitations,
  releaseInvitation,
  revokeInvitation,
  type StoreDatabase,
} from "@accountable/store";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type Problem, problemFromRefusal } from "../problem.ts";
import { type Memberships, memberIdForUser } from "./memberships.ts";
import type { Principal } from "./port.ts";
import { authProblem } from "./problems.ts";
import { digest, looksLikeSecret, newSecret } from "./secrets.ts";

export const INVITATION_TOKEN_PREFIX = "acinv_";
export const DEFAULT_INVITATION_DAYS = 7;

export const INVITATION_STATUSES = ["pending", "accepted", "expired", "revoked"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface InvitationInfo {
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

type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: Problem & { status: ContentfulStatusCode } };

const refused = (problem: Problem & { status: ContentfulStatusCode }) => ({ ok: false, problem }) as const;
const fromRefusal = (refusal: ServiceRefusal) => refused(problemFromRefusal(refusal));
const day = (d: Date) => d.toISOString().slice(0, 10);

type Row = InvitationRow;

function statusOf(row: Row, now: Date): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "pending";
}

function infoOf(row: Row, now: Date): InvitationInfo {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    email: row.email,
    role: row.role as Role,
    invitedBy: row.invitedBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    status: statusOf(row, now),
    acceptedAt: row.acceptedAt ? row.acceptedAt.toISOString() : null,
  };
}

/** Why a token admits no one, as a sentence. */
function closed(row: Row, now: Date) {
  switch (statusOf(row, now)) {
    case "accepted":
      return authProblem(
        "InvitationUsed",
        `This invitation was already accepted on ${day(row.acceptedAt!)}; an invitation admits one person once.`,
      );
    case "revoked":
      return authProblem("InvitationRevoked", "This invitation was withdrawn; ask for a new one.");
    case "expired":
      return authProblem(
        "InvitationExpired",
        `This invitation expired on ${day(row.expiresAt)}; ask a member of the workspace to invite you again.`,
      );
    case "pending":
      return undefined;
  }
}

export interface InvitationsDeps {
  readonly db: StoreDatabase;
  readonly service: Service;
  readonly memberships: Memberships;
  readonly clock: () => Date;
}

export function createInvitations({ db, service, memberships, clock }: InvitationsDeps) {
  /** The user as a member allowed to invite in the workspace, or the problem saying why not. */
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

  return {
    inviter,

    /** Invites an e-mail address in a role; the token is returned once, never stored. */
    async create(
      workspaceId: string,
      actor: Actor,
      input: { readonly email: string; readonly role: Role; readonly expiresInDays?: number | undefined },
    ): Promise<Outcome<InvitationInfo & { token: string }>> {
      const email = input.email.trim().toLowerCase();
      if (await memberships.hasLinkedMemberWithEmail(workspaceId, email)) {
        return refused(
          authProblem("AlreadyMember", `${email} is a member of this workspace already.`, { email }),
        );
      }
      // A member an import or a script added has an e-mail but no user: the invitation lets them sign in as
      // that member, in the role they have.
      const existing = await memberships.unlinkedMemberWithEmail(workspaceId, email);
      if (existing && existing.role !== input.role) {
        const role = existing.role.replace(/_/g, " ");
        return refused(
          authProblem(
            "AlreadyMember",
            `${email} is a member of this workspace already (${existing.name}, as ${role}) who does not sign in yet: invite them as ${role}, or change their role first.`,
            { email, memberId: existing.id, role: existing.role },
          ),
        );
      }
      const now = clock();
      const token = newSecret(INVITATION_TOKEN_PREFIX);
      const row = await insertInvitation(db, {
        workspaceId,
        id: randomUUID(),
        email,
        role: input.role,
        tokenHash: digest(token),
        invitedBy: actor.memberId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + (input.expiresInDays ?? DEFAULT_INVITATION_DAYS) * 86_400_000),
      });
      return { ok: true, value: { ...infoOf(row, now), token } };
    },

    /** The workspace's invitations that are not withdrawn, newest first. */
    async list(workspaceId: string): Promise<InvitationInfo[]> {
      const rows = await listInvitations(db, workspaceId);
      const now = clock();
      return rows.map((r) => infoOf(r, now));
    },

    /** Withdraws a pending invitation. */
    async revoke(workspaceId: string, id: string): Promise<Outcome<null>> {
      const now = clock();
      const row = await findInvitation(db, workspaceId, id);
      if (!row || row.revokedAt) {
        return refused(authProblem("InvitationNotFound", `There is no invitation ${id} in this workspace.`));
      }
      if (row.acceptedAt || !(await revokeInvitation(db, workspaceId, id, now))) {
        const again = await findInvitation(db, workspaceId, id);
        return refused(
          (again && closed(again, now)) ?? authProblem("InvitationUsed", "This invitation was just used."),
        );
      }
      return { ok: true, value: null };
    },

    /**
     * Accepts an invitation as the signed-in user: adds them as a member (the domain's AddMember, run as the
     * member who invited, so that member's permission is checked again now) and links them. The invitation is
     * claimed first, so two accepts of one token cannot both succeed; a refused AddMember releases it.
     */
    async accept(
      token: string,
      user: Principal,
    ): Promise<Outcome<{ workspaceId: string; memberId: string; role: Role }>> {
      const notFound = () =>
        refused(
          authProblem(
            "InvitationNotFound",
            "This invitation link is not valid; check it, or ask for a new one.",
          ),
        );
      if (!looksLikeSecret(INVITATION_TOKEN_PREFIX, token)) return notFound();
      const tokenHash = digest(token);
      const row = await findInvitationByTokenHash(db, tokenHash);
      if (!row) return notFound();
      const now = clock();
      const shut = closed(row, now);
      if (shut) return refused(shut);
      if (row.email !== user.email.toLowerCase()) {
        return refused(
          authProblem(
            "InvitationForAnotherEmail",
            `This invitation was sent to ${row.email}; sign in with that address to accept it.`,
          ),
        );
      }
      if (await memberships.isLinked(user.userId, row.workspaceId)) {
        return refused(
          authProblem("AlreadyMember", "You are a member of this workspace already.", {
            workspaceId: row.workspaceId,
          }),
        );
      }

      if (!(await claimInvitation(db, tokenHash, user.userId, now))) {
        const again = await findInvitationByTokenHash(db, tokenHash);
        return refused(
          (again && closed(again, now)) ?? authProblem("InvitationUsed", "This invitation was just used."),
        );
      }
      const release = () => releaseInvitation(db, tokenHash);

      // The member an import or a script added with this e-mail, whom no user signs in as yet: the user becomes
      // that member rather than a second one.
      const existing = await memberships.unlinkedMemberWithEmail(row.workspaceId, row.email);
      if (existing) {
        if (!(await memberships.link(user.userId, row.workspaceId, existing.id))) {
          await release();
          return refused(
            authProblem("AlreadyMember", "Someone signs in as this member already.", {
              workspaceId: row.workspaceId,
            }),
          );
        }
        return {
          ok: true,
          value: { workspaceId: row.workspaceId, memberId: existing.id, role: existing.role as Role },
        };
      }

      const memberId = memberIdForUser(user.userId);
      const command = parseCommand("member", {
        type: "AddMember",
        memberId,
        name: user.name,
        email: user.email,
        role: row.role,
        reportsTo: null,
      });
      if (!command.ok) {
        await release();
        return refused(problemFromRefusal(command.error));
      }
      const added = await service.execute(
        row.workspaceId,
        { aggregate: "member", id: memberId, command: command.value },
        row.invitedBy,
        { reason: `accepted the invitation sent to ${row.email}` },
      );
      if (!added.ok) {
        await release();
        if (added.error._tag === "NotAMember" || added.error._tag === "NotPermitted") {
          return refused(
            problemFromRefusal({
              ...added.error,
              message: `The member who invited you can no longer add members to this workspace (${added.error.message}); ask for a new invitation.`,
            } as ServiceRefusal),
          );
        }
        return fromRefusal(added.error);
      }
      await memberships.link(user.userId, row.workspaceId, memberId);
      return { ok: true, value: { workspaceId: row.workspaceId, memberId, role: row.role as Role } };
    },
  };
}

export type Invitations = ReturnType<typeof createInvitations>;
