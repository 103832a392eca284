import { z } from "zod";
import { TimestampSchema } from "../kernel/calendar-date.ts";
import {
  AccountIdSchema,
  ActivityIdSchema,
  ContactIdSchema,
  ContractIdSchema,
  MemberIdSchema,
  OpportunityIdSchema,
} from "../kernel/ids.ts";
import { text } from "../kernel/text.ts";

export const ACTIVITY_KINDS = ["call", "email", "meeting", "note"] as const;
export const ActivityKindSchema = z.enum(ACTIVITY_KINDS).meta({ id: "ActivityKind" });
export type ActivityKind = z.infer<typeof ActivityKindSchema>;

/** What a meeting decided, for the client report and the team. */
export const MeetingMinutesSchema = z
  .strictObject({
    summary: text().trim().max(20_000),
    decisions: z.array(text().trim().min(1).max(2_000)).default([]),
    actionItems: z.array(text().trim().min(1).max(2_000)).default([]),
  })
  .meta({ id: "MeetingMinutes" });
export type MeetingMinutes = z.infer<typeof MeetingMinutesSchema>;

/** `planned` lies ahead; `done` happened (logged after the fact or completed); `cancelled` will not happen. */
export const ACTIVITY_STATUSES = ["planned", "done", "cancelled"] as const;
export const ActivityStatusSchema = z.enum(ACTIVITY_STATUSES).meta({ id: "ActivityStatus" });
export type ActivityStatus = z.infer<typeof ActivityStatusSchema>;

/**
 * Who may read what the agency wrote on an activity — a note, or the body of a call, e-mail or meeting:
 * `internal` (the default) stays with the team; `client` may go into the client report.
 */
export const ACTIVITY_VISIBILITIES = ["internal", "client"] as const;
export const ActivityVisibilitySchema = z.enum(ACTIVITY_VISIBILITIES).meta({
  id: "ActivityVisibility",
  description:
    "internal (the default): the note stays with the team; client: it may go into the client report.",
});
export type ActivityVisibility = z.infer<typeof ActivityVisibilitySchema>;

/** A call, e-mail, meeting or note on an account; a planned one lies in the future and is not done yet. */
export const ActivitySchema = z
  .strictObject({
    id: ActivityIdSchema,
    accountId: AccountIdSchema,
    opportunityId: OpportunityIdSchema.nullable(),
    contractId: ContractIdSchema.nullable(),
    kind: ActivityKindSchema,
    subject: text().trim().min(1, "an activity needs a subject").max(300),
    body: text().max(100_000).nullable(),
    authorId: MemberIdSchema,
    contactIds: z.array(ContactIdSchema),
    /** When it happened, or is planned to happen. */
    at: TimestampSchema,
    /** The activity machine's status; `done` repeats it as a flag for the policies. */
    status: ActivityStatusSchema,
    done: z.boolean(),
    direction: z.enum(["inbound", "outbound"]).nullable(),
    minutes: MeetingMinutesSchema.nullable(),
    /** Whether the client may read the note (see ActivityVisibilitySchema); recorded before it existed: internal. */
    visibility: ActivityVisibilitySchema.default("internal"),
  })
  .refine((a) => a.minutes === null || a.kind === "meeting", {
    message: "only a meeting has minutes",
    path: ["minutes"],
  })
  .refine((a) => a.done === (a.status === "done"), {
    message: "an activity is done exactly when its status is done",
    path: ["done"],
  })
  .meta({ id: "Activity" });
export type Activity = z.infer<typeof ActivitySchema>;

/**
 * Whether the activity is engagement with the client: a call, e-mail or meeting that has taken place. A note is
 * the team's own record, not contact with the client, and a planned or cancelled activity has not happened. One
 * rule for account health, contacts' engagement and deals' rotting clocks.
 */
export function isClientEngagement(a: Pick<Activity, "kind" | "status">): boolean {
  return a.status === "done" && a.kind !== "note";
}
