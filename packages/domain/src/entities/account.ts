import { z } from "zod";
import { TimestampSchema } from "../kernel/calendar-date.ts";
import { AccountIdSchema, MemberIdSchema } from "../kernel/ids.ts";
import { MoneySchema } from "../kernel/money.ts";
import { text } from "../kernel/text.ts";
import { sourceFields } from "./imported-from.ts";
import { RoleSchema } from "./member.ts";

/** An account's lifecycle, in the order a diagram shows them. */
export const ACCOUNT_STATUSES = [
  "prospect",
  "onboarding",
  "active",
  "at_risk",
  "churned",
  "dormant",
  "archived",
] as const;
export const AccountStatusSchema = z.enum(ACCOUNT_STATUSES).meta({ id: "AccountStatus" });
export type AccountStatus = z.infer<typeof AccountStatusSchema>;

/** A member on the account team, with the role they play there (an account manager for a tower, an assistant…). */
export const AccountTeamMemberSchema = z.strictObject({ memberId: MemberIdSchema, role: RoleSchema });
export type AccountTeamMember = z.infer<typeof AccountTeamMemberSchema>;

export const AccountSchema = z
  .strictObject({
    id: AccountIdSchema,
    name: text().trim().min(1, "an account needs a name").max(200),
    status: AccountStatusSchema,
    /** The account executive who answers for the account. */
    ownerId: MemberIdSchema,
    team: z.array(AccountTeamMemberSchema),
    parentId: AccountIdSchema.nullable(),
    industry: text().trim().max(100).nullable(),
    website: text().trim().max(300).nullable(),
    /** How many people the client employs (its size by headcount); null when not known. */
    employees: z.number().int("a number of employees is a whole number").min(0).max(10_000_000).nullable(),
    /** The client's own yearly revenue (its size by turnover), in the currency it reports in; null when not known. */
    annualRevenue: MoneySchema.nullable(),
    /** The region or office that covers the client ("EMEA", "Paris office"); null when not set. */
    region: text().trim().max(100).nullable(),
    createdAt: TimestampSchema,
    statusChangedAt: TimestampSchema,
    /** Why the account was lost, archived or went quiet; null while it is live. */
    statusReason: text().nullable(),
    ...sourceFields,
  })
  .meta({ id: "Account" });
export type Account = z.infer<typeof AccountSchema>;

/** The facts that size and place an account: what target-list criteria and fit scores read. */
export const ACCOUNT_FACTS = ["industry", "employees", "annualRevenue", "region"] as const;
