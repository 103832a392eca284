import { z } from "zod";
import { TimestampSchema } from "../kernel/calendar-date.ts";
import { AccountIdSchema, MemberIdSchema, TargetListIdSchema } from "../kernel/ids.ts";
import { MoneySchema } from "../kernel/money.ts";
import { text } from "../kernel/text.ts";
import type { AccountStatus } from "./account.ts";

/** A target list's lifecycle: drafted, worked while active, closed when the hunt is over. */
export const TARGET_LIST_STATUSES = ["draft", "active", "closed"] as const;
/** Statuses in which members may still be added, removed and the criteria changed. */
export const OPEN_TARGET_LIST_STATUSES = [
  "draft",
  "active",
] as const satisfies readonly (typeof TARGET_LIST_STATUSES)[number][];
export const TargetListStatusSchema = z.enum(TARGET_LIST_STATUSES).meta({ id: "TargetListStatus" });
export type TargetListStatus = z.infer<typeof TargetListStatusSchema>;

/** How an account joined a list: picked by hand, matched by the list's criteria, or named in an imported file. */
export const TARGET_SOURCES = ["hand", "criteria", "import"] as const;
export const TargetSourceSchema = z.enum(TARGET_SOURCES).meta({ id: "TargetSource" });
export type TargetSource = z.infer<typeof TargetSourceSchema>;

const Label = text().trim().min(1).max(100);
const Count = z.number().int("a number of employees is a whole number").min(0).max(10_000_000);

/** A range of head counts; an open end is null. */
export const EmployeeRangeSchema = z
  .strictObject({ min: Count.nullable().default(null), max: Count.nullable().default(null) })
  .meta({ id: "EmployeeRange" });
export type EmployeeRange = z.infer<typeof EmployeeRangeSchema>;

/** A range of yearly revenues in one currency; an open end is null. */
export const RevenueRangeSchema = z
  .strictObject({ min: MoneySchema.nullable().default(null), max: MoneySchema.nullable().default(null) })
  .meta({ id: "RevenueRange" });
export type RevenueRange = z.infer<typeof RevenueRangeSchema>;

/**
 * What the accounts a list hunts look like (its ideal customer profile). Every criterion is optional: an empty
 * list or a null range asks nothing. Tags are the list's own words for the profile ("cloud-first", "new CMO"):
 * shown with the list, never scored (accounts carry no tags).
 */
export const TargetCriteriaSchema = z
  .strictObject({
    industries: z.array(Label).max(50).default([]),
    employees: EmployeeRangeSchema.nullable().default(null),
    annualRevenue: RevenueRangeSchema.nullable().default(null),
    regions: z.array(Label).max(50).default([]),
    tags: z.array(Label).max(50).default([]),
  })
  .meta({ id: "TargetCriteria" });
export type TargetCriteria = z.infer<typeof TargetCriteriaSchema>;

/** An account on a list: when and how it joined, and, once taken off, when and why. */
export const TargetMemberSchema = z
  .strictObject({
    accountId: AccountIdSchema,
    addedAt: TimestampSchema,
    addedBy: MemberIdSchema,
    source: TargetSourceSchema,
    removedAt: TimestampSchema.nullable(),
    removalReason: text().nullable(),
  })
  .meta({ id: "TargetMember" });
export type TargetMember = z.infer<typeof TargetMemberSchema>;

/** A list of accounts to win as new customers, with the profile they were chosen by and a goal. */
export const TargetListSchema = z
  .strictObject({
    id: TargetListIdSchema,
    name: text().trim().min(1, "a target list needs a name").max(200),
    ownerId: MemberIdSchema,
    /** What the hunt should achieve, in words ("three new banking clients in DACH by Q3"). */
    goal: text().trim().max(2000),
    criteria: TargetCriteriaSchema,
    /** Every account ever on the list, in the order added; one taken off keeps its row with the reason. */
    members: z.array(TargetMemberSchema),
    status: TargetListStatusSchema,
    createdAt: TimestampSchema,
    statusChangedAt: TimestampSchema,
    /** Why the list was closed; null while it is open. */
    closeReason: text().nullable(),
  })
  .meta({ id: "TargetList" });
export type TargetList = z.infer<typeof TargetListSchema>;

/**
 * The accounts a target list hunts: those not yet clients — prospects, and former clients to win back (dormant,
 * churned). Onboarding, active and at-risk accounts are clients already; archived ones were given up. Matching a
 * list's criteria looks only at these, and an import into a list skips the others, saying so.
 */
export const HUNTABLE_STATUSES = [
  "prospect",
  "dormant",
  "churned",
] as const satisfies readonly AccountStatus[];

/** Whether an account in this status is one a target list hunts (see `HUNTABLE_STATUSES`). */
export function isHuntable(status: AccountStatus): boolean {
  return (HUNTABLE_STATUSES as readonly AccountStatus[]).includes(status);
}

/** The accounts on the list now (not taken off). */
export function currentTargets(list: Pick<TargetList, "members">): TargetMember[] {
  return list.members.filter((m) => m.removedAt === null);
}
