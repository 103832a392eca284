import { z } from "zod";
import { CalendarDateSchema, TimestampSchema } from "../kernel/calendar-date.ts";
import {
  AccountIdSchema,
  BriefIdSchema,
  ContractIdSchema,
  MemberIdSchema,
  OpportunityIdSchema,
} from "../kernel/ids.ts";
import { MoneySchema } from "../kernel/money.ts";
import { text } from "../kernel/text.ts";

export const BRIEF_STATUSES = [
  "received",
  "in_analysis",
  "budget_approved",
  "in_production",
  "delivered",
  "closed",
  "rejected",
] as const;
export const BriefStatusSchema = z.enum(BRIEF_STATUSES).meta({ id: "BriefStatus" });
export type BriefStatus = z.infer<typeof BriefStatusSchema>;

/** The client's brief and budget, analysed by an account planner: the start of the agency chain. */
export const BriefSchema = z
  .strictObject({
    id: BriefIdSchema,
    accountId: AccountIdSchema,
    title: text().trim().min(1, "a brief needs a title").max(300),
    description: text().max(50_000),
    /** The budget the client put in the brief. */
    clientBudget: MoneySchema,
    /** The budget agreed after analysis. */
    approvedBudget: MoneySchema.nullable(),
    plannerId: MemberIdSchema.nullable(),
    status: BriefStatusSchema,
    /** The delivery date agreed with the client. */
    deadline: CalendarDateSchema.nullable(),
    receivedAt: TimestampSchema,
    deliveredAt: TimestampSchema.nullable(),
    rejectionReason: text().nullable(),
    /** The deal the brief leads to, once linked (absent from briefs kept before the link existed: none). */
    opportunityId: OpportunityIdSchema.nullable().default(null),
    /** The contract the brief is delivered under, once linked (absent from older briefs: none). */
    contractId: ContractIdSchema.nullable().default(null),
  })
  .meta({ id: "Brief" });
export type Brief = z.infer<typeof BriefSchema>;
