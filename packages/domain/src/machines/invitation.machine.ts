import { match } from "ts-pattern";
import { z } from "zod";
import {
  DEFAULT_INVITATION_DAYS,
  INVITATION_MACHINE_STATUSES,
  type Invitation,
  InvitationSchema,
  type InvitationStatus,
  memberIdForUser,
} from "../entities/invitation.ts";
import { MemberSchema, type Role, RoleSchema } from "../entities/member.ts";
import { type Timestamp, timestamp } from "../kernel/calendar-date.ts";
import type { DecisionContext } from "../kernel/context.ts";
import { type MemberId, MemberIdSchema } from "../kernel/ids.ts";
import {
  checkGuards,
  checkTransition,
  type Decision,
  type GuardSet,
  type Machine,
  type Transition,
} from "../kernel/machine.ts";
import type { Refusal } from "../kernel/refusal.ts";
import { assertNever, err, InvariantViolation, ok } from "../kernel/result.ts";
import { humanize } from "../kernel/text.ts";
import { eventSchema } from "./event-schema.ts";
import type { MemberCommand } from "./member.machine.ts";

export type InvitationState = { readonly status: "none" } | Invitation;
export type InvitationStatusOrNone = InvitationState["status"];

const field = InvitationSchema.shape;

/** Every command an invitation accepts. The token is drawn by the adapter; only its hash reaches the domain. */
export const InvitationCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("SendInvitation"),
    invitationId: field.id,
    email: field.email,
    role: RoleSchema,
    tokenHash: field.tokenHash,
    expiresInDays: z.int().min(1).max(90).default(DEFAULT_INVITATION_DAYS),
  }),
  /** The signed-in user who accepts: their id, and the e-mail and name they signed up with. */
  z.strictObject({
    type: z.literal("AcceptInvitation"),
    userId: z.string().min(1).max(128),
    email: z.email().max(254),
    name: MemberSchema.shape.name,
  }),
  z.strictObject({ type: z.literal("RevokeInvitation") }),
]);
export type InvitationCommand = z.infer<typeof InvitationCommandSchema>;

export const InvitationEventSchema = z.discriminatedUnion("type", [
  eventSchema("InvitationSent", {
    invitationId: field.id,
    email: field.email,
    role: RoleSchema,
    tokenHash: field.tokenHash,
    invitedBy: MemberIdSchema,
    expiresAt: field.expiresAt,
  }),
  /** `joins`: as the member an import or a script added with this e-mail (`existing`), or as a `new` one. */
  eventSchema("InvitationAccepted", {
    userId: z.string(),
    name: MemberSchema.shape.name,
    memberId: MemberIdSchema,
    joins: z.enum(["existing", "new"]),
  }),
  eventSchema("InvitationRevoked"),
]);
export type InvitationEvent = z.infer<typeof InvitationEventSchema>;

/** The member of the workspace who has the invited e-mail address, if any, as the service finds them. */
export interface Addressee {
  readonly memberId: MemberId;
  readonly name: string;
  readonly role: Role;
  /** Whether a user signs in as this member already. */
  readonly signsIn: boolean;
}

/** What deciding an invitation command needs besides the moment and the actor. */
export interface InvitationContext extends DecisionContext {
  /** The active member with the invitation's e-mail address (SendInvitation, AcceptInvitation), or null. */
  readonly addressee: Addressee | null;
  /** Whether the accepting user is a member of the workspace already (AcceptInvitation). */
  readonly userIsMember: boolean;
}

type Guards = GuardSet<InvitationState, InvitationCommand, InvitationContext>;

const dayOf = (t: string) => t.slice(0, 10);

/**
 * The named checks of the table. Each returns nothing when the move may go on, or a refusal naming itself.
 * `isOpen` is what every move on a sent invitation asks first: a used, withdrawn or expired one admits no one.
 */
export const invitationGuards = {
  isOpen: {
    words: "an invitation not yet used, withdrawn or expired",
    check: (state, _command, ctx) => {
      if (state.status === "none") return undefined;
      switch (invitationStatusAt(state, ctx.now)) {
        case "accepted":
          return {
            _tag: "InvitationUsed",
            guard: "isOpen",
            acceptedAt: state.acceptedAt ?? "",
            message: `This invitation was already accepted on ${dayOf(state.acceptedAt ?? "")}; an invitation admits one person once.`,
          };
        case "revoked":
          return {
            _tag: "InvitationRevoked",
            guard: "isOpen",
            message: "This invitation was withdrawn; ask for a new one.",
          };
        case "expired":
          return {
            _tag: "InvitationExpired",
            guard: "isOpen",
            expiresAt: state.expiresAt,
            message: `This invitation expired on ${dayOf(state.expiresAt)}; ask a member of the workspace to invite you again.`,
          };
        case "pending":
          return undefined;
      }
    },
  },
  isNotSignedInAsAMember: {
    words: "someone who is not a member of the workspace yet",
    check: (_state, command, ctx) => {
      if (command.type === "AcceptInvitation") {
        return ctx.userIsMember
          ? alreadyMember(
              "isNotSignedInAsAMember",
              command.email,
              "You are a member of this workspace already.",
            )
          : undefined;
      }
      const email = command.type === "SendInvitation" ? command.email.toLowerCase() : "";
      return ctx.addressee?.signsIn
        ? alreadyMember("isNotSignedInAsAMember", email, `${email} is a member of this workspace already.`)
        : undefined;
    },
  },
  isInTheMembersRole: {
    words: "the role the invited member has already",
    check: (_state, command, ctx) => {
      const member = ctx.addressee;
      if (command.type !== "SendInvitation" || !member || member.role === command.role) return undefined;
      const email = command.email.toLowerCase();
      const role = humanize(member.role);
      return alreadyMember(
        "isInTheMembersRole",
        email,
        `${email} is a member of this workspace already (${member.name}, as ${role}) who does not sign in yet: invite them as ${role}, or change their role first.`,
      );
    },
  },
  isForThisAddress: {
    words: "the address the invitation was sent to",
    check: (state, command) => {
      if (state.status === "none" || command.type !== "AcceptInvitation") return undefined;
      return command.email.toLowerCase() === state.email
        ? undefined
        : {
            _tag: "InvitationForAnotherEmail",
            guard: "isForThisAddress",
            email: state.email,
            message: `This invitation was sent to ${state.email}; sign in with that address to accept it.`,
          };
    },
  },
} as const satisfies Guards;

/** The name of one of the invitation machine's guards. */
export type InvitationGuard = keyof typeof invitationGuards;

function alreadyMember(guard: string, email: string, message: string): Refusal {
  return { _tag: "AlreadyMember", guard, email, message };
}

type Row<C extends InvitationCommand["type"]> = Transition<InvitationStatusOrNone, C> & {
  readonly guards: readonly InvitationGuard[];
};

/** Who may do what with an invitation, and which named guards each move passes, in the order they are asked. */
export const invitationTable: { readonly [C in InvitationCommand["type"]]: Row<C> } = {
  SendInvitation: {
    command: "SendInvitation",
    label: "invite",
    from: ["none"],
    to: ["pending"],
    guards: ["isNotSignedInAsAMember", "isInTheMembersRole"],
  },
  AcceptInvitation: {
    command: "AcceptInvitation",
    label: "accept",
    from: ["pending"],
    to: ["accepted"],
    guards: ["isOpen", "isForThisAddress", "isNotSignedInAsAMember"],
  },
  RevokeInvitation: {
    command: "RevokeInvitation",
    label: "revoke",
    from: ["pending"],
    to: ["revoked"],
    guards: ["isOpen"],
  },
};

/** What an invitation shows at a moment: the machine's status, or `expired` for a pending one past its time. */
export function invitationStatusAt(
  invitation: { readonly status: Invitation["status"]; readonly expiresAt: string },
  now: Timestamp | string,
): InvitationStatus {
  return invitation.status === "pending" && Date.parse(invitation.expiresAt) <= Date.parse(now)
    ? "expired"
    : invitation.status;
}

function decide(
  state: InvitationState,
  command: InvitationCommand,
  ctx: InvitationContext,
): Decision<InvitationEvent> {
  const row = invitationTable[command.type];
  // A used, withdrawn or expired invitation says so, rather than "that move is not allowed from here".
  const closed = row.from.includes(state.status)
    ? undefined
    : invitationGuards.isOpen.check(state, command, ctx);
  if (closed) return err(closed);
  const blocked = checkTransition("invitation", invitationTable, state.status, command.type);
  if (blocked) return err(blocked);
  const refused = checkGuards(invitationGuards, row.guards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<InvitationEvent>>()
    .with({ type: "SendInvitation" }, (c) =>
      ok([
        {
          type: "InvitationSent",
          at,
          invitationId: c.invitationId,
          email: c.email.toLowerCase(),
          role: c.role,
          tokenHash: c.tokenHash,
          invitedBy: ctx.actor.memberId,
          expiresAt: timestamp(new Date(Date.parse(at) + c.expiresInDays * 86_400_000).toISOString()),
        },
      ]),
    )
    .with({ type: "AcceptInvitation" }, (c) => {
      const existing = ctx.addressee && !ctx.addressee.signsIn ? ctx.addressee : null;
      return ok([
        {
          type: "InvitationAccepted",
          at,
          userId: c.userId,
          name: c.name,
          memberId: existing?.memberId ?? MemberIdSchema.parse(memberIdForUser(c.userId)),
          joins: existing ? "existing" : "new",
        },
      ]);
    })
    .with({ type: "RevokeInvitation" }, () => ok([{ type: "InvitationRevoked", at }]))
    .exhaustive();
}

function sent(state: InvitationState, event: InvitationEvent): Invitation {
  if (state.status === "none")
    throw new InvariantViolation(`${event.type} applied to an invitation that was not sent`);
  return state;
}

function evolve(state: InvitationState, event: InvitationEvent): InvitationState {
  switch (event.type) {
    case "InvitationSent":
      if (state.status !== "none")
        throw new InvariantViolation("InvitationSent applied to a sent invitation");
      return {
        id: event.invitationId,
        email: event.email,
        role: event.role,
        tokenHash: event.tokenHash,
        invitedBy: event.invitedBy,
        sentAt: event.at,
        expiresAt: event.expiresAt,
        status: "pending",
        acceptedAt: null,
        acceptedBy: null,
        revokedAt: null,
      };
    case "InvitationAccepted":
      return {
        ...sent(state, event),
        status: "accepted",
        acceptedAt: event.at,
        acceptedBy: { userId: event.userId, memberId: event.memberId },
      };
    case "InvitationRevoked":
      return { ...sent(state, event), status: "revoked", revokedAt: event.at };
    default:
      return assertNever(event, "invitation event");
  }
}

/**
 * What accepting calls for next, as data the service carries out in the same transaction: the new member to add
 * (as the member who invited, so their permission is asked again) unless the user joins as an existing member,
 * and the user to link to the member.
 */
export function afterAcceptance(
  invitation: Invitation,
  accepted: Extract<InvitationEvent, { type: "InvitationAccepted" }>,
): {
  readonly addMember: Extract<MemberCommand, { type: "AddMember" }> | null;
  readonly link: { readonly userId: string; readonly memberId: MemberId };
} {
  return {
    addMember:
      accepted.joins === "new"
        ? {
            type: "AddMember",
            memberId: accepted.memberId,
            name: accepted.name,
            email: invitation.email,
            role: invitation.role,
            reportsTo: null,
          }
        : null,
    link: { userId: accepted.userId, memberId: accepted.memberId },
  };
}

/**
 * Invitation: pending → accepted | revoked, and expired when its time runs out while pending. Invited by a
 * member whose role may invite; accepted once, by a signed-in user with the invited address who is not a member
 * yet. An invitation to the address of a member nobody signs in as (an import's, a script's) lets its user sign
 * in as that member, in their role.
 */
export const invitationMachine: Machine<
  InvitationState,
  InvitationCommand,
  InvitationEvent,
  InvitationContext
> = {
  name: "invitation",
  initial: { status: "none" },
  statuses: ["none", ...INVITATION_MACHINE_STATUSES],
  terminal: ["accepted", "revoked"],
  table: invitationTable,
  guards: invitationGuards,
  decide,
  evolve,
};
