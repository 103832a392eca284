import { z } from "zod";
import { TimestampSchema } from "../kernel/calendar-date.ts";
import { InvitationIdSchema, MemberIdSchema } from "../kernel/ids.ts";
import { RoleSchema } from "./member.ts";

/**
 * What an invitation's machine keeps: `pending` until it is accepted or revoked. Expiry is a matter of time, not
 * an event: a pending invitation past `expiresAt` is `expired` (see `invitationStatusAt`).
 */
export const INVITATION_MACHINE_STATUSES = ["pending", "accepted", "revoked"] as const;
/** Every status an invitation shows: the machine's, and `expired` for a pending one whose time ran out. */
export const INVITATION_STATUSES = [...INVITATION_MACHINE_STATUSES, "expired"] as const;
export const InvitationStatusSchema = z.enum(INVITATION_STATUSES).meta({ id: "InvitationStatus" });
export type InvitationStatus = z.infer<typeof InvitationStatusSchema>;

/** The SHA-256 of an invitation's token, in hex: the token itself travels only in the accept link. */
export const TokenHashSchema = z.string().regex(/^[0-9a-f]{64}$/, "a token hash is 64 hexadecimal digits");

/** How many days an invitation stays open, when the inviter does not say. */
export const DEFAULT_INVITATION_DAYS = 7;

/** An invitation to join a workspace in a role, sent by a member to an e-mail address. */
export const InvitationSchema = z.strictObject({
  id: InvitationIdSchema,
  /** Lower-case. */
  email: z.email("that is not an e-mail address").max(254),
  role: RoleSchema,
  tokenHash: TokenHashSchema,
  /** The member who invited; the new member is added as them, so their permission is asked again then. */
  invitedBy: MemberIdSchema,
  sentAt: TimestampSchema,
  expiresAt: TimestampSchema,
  status: z.enum(INVITATION_MACHINE_STATUSES),
  acceptedAt: TimestampSchema.nullable(),
  /** The user who accepted, and the member they sign in as. */
  acceptedBy: z.strictObject({ userId: z.string(), memberId: MemberIdSchema }).nullable(),
  revokedAt: TimestampSchema.nullable(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

/** The member id a user who joins as a new member gets: derived from the user, the same in every workspace. */
export const memberIdForUser = (userId: string) => `user-${userId}`;
