import { z } from "zod";
import { CalendarDateSchema, DurationSchema, TimestampSchema } from "../kernel/calendar-date.ts";
import {
  AccountIdSchema,
  ContractIdSchema,
  MemberIdSchema,
  MilestoneIdSchema,
  OpportunityIdSchema,
  TowerIdSchema,
} from "../kernel/ids.ts";
import { MoneySchema } from "../kernel/money.ts";
import { text } from "../kernel/text.ts";
import { RoleSchema } from "./member.ts";

/** A contract's life cycle, in order. */
export const CONTRACT_STATUSES = [
  "draft",
  "in_negotiation",
  "pending_approval",
  "signed",
  "active",
  "expiring",
  "renewed",
  "expired",
  "terminated",
  "withdrawn",
] as const;
export const ContractStatusSchema = z.enum(CONTRACT_STATUSES).meta({ id: "ContractStatus" });
export type ContractStatus = z.infer<typeof ContractStatusSchema>;

/** Statuses in which a contract binds both parties. */
export const BINDING_CONTRACT_STATUSES = [
  "signed",
  "active",
  "expiring",
] as const satisfies readonly ContractStatus[];

/** A service line of a large contract, with its own account manager, value and cost. */
export const TowerSchema = z
  .strictObject({
    id: TowerIdSchema,
    name: text().trim().min(1).max(200),
    accountManagerId: MemberIdSchema,
    value: MoneySchema,
    cost: MoneySchema,
    /** Towers often renew on their own date; null: with the contract. */
    renewalDate: CalendarDateSchema.nullable(),
  })
  .meta({ id: "Tower" });
export type Tower = z.infer<typeof TowerSchema>;

export const MilestoneSchema = z
  .strictObject({
    id: MilestoneIdSchema,
    title: text().trim().min(1).max(300),
    dueDate: CalendarDateSchema,
    /** What becomes billable when the milestone is met, if anything. */
    amount: MoneySchema.nullable(),
    doneOn: CalendarDateSchema.nullable(),
  })
  .meta({ id: "Milestone" });
export type Milestone = z.infer<typeof MilestoneSchema>;

/** How often a retainer bills: every calendar month or every three months, counted from its first period. */
export const BILLING_PERIODS = ["monthly", "quarterly"] as const;
export const BillingPeriodSchema = z.enum(BILLING_PERIODS).meta({ id: "BillingPeriod" });
export type BillingPeriod = z.infer<typeof BillingPeriodSchema>;

/**
 * A retainer's billing schedule: an amount per period, billed from `startsOn` to the contract's end (which moves
 * with a tacit renewal). Periods start on `startsOn` and every month or quarter after it; the last one ends with
 * the contract, and a period cut short is billed for its share of days (see `policies/retainer-billing.ts`).
 */
export const BillingScheduleSchema = z
  .strictObject({
    /** What one whole period bills. */
    amount: MoneySchema,
    period: BillingPeriodSchema,
    /** The first day of the first period. */
    startsOn: CalendarDateSchema,
    /** The day of each period its invoice is issued: 1 is the period's first day (billed in advance). */
    issueDay: z.number().int().min(1).max(31),
    /** The last day of the last period billed (its invoice drafted, or the period passed when none are); null: none yet. */
    billedThrough: CalendarDateSchema.nullable(),
  })
  .meta({ id: "BillingSchedule" });
export type BillingSchedule = z.infer<typeof BillingScheduleSchema>;

export const ApprovalSchema = z
  .strictObject({ memberId: MemberIdSchema, role: RoleSchema, at: TimestampSchema })
  .meta({ id: "Approval" });
export type Approval = z.infer<typeof ApprovalSchema>;

export const ContractSchema = z
  .strictObject({
    id: ContractIdSchema,
    accountId: AccountIdSchema,
    opportunityId: OpportunityIdSchema.nullable(),
    ownerId: MemberIdSchema,
    title: text().trim().min(1, "a contract needs a title").max(300),
    status: ContractStatusSchema,
    /** Total contract value, after discount. */
    value: MoneySchema,
    /**
     * The cost planned for the work no tower covers (an agency contract without towers: all of it); the
     * contract's planned cost is this plus its towers' costs. null: none recorded (contracts made before it).
     */
    plannedCost: MoneySchema.nullable().default(null),
    /** Discount granted on the list price, in whole percent; drives approval routing. */
    discountPercent: z.number().int().min(0).max(100),
    startDate: CalendarDateSchema,
    /** Term length; the end date is derived from it at creation and kept. */
    term: DurationSchema,
    endDate: CalendarDateSchema,
    noticePeriod: DurationSchema,
    autoRenewal: z.boolean(),
    /** Length of each tacit renewal; null: the same as the term. */
    renewalTerm: DurationSchema.nullable(),
    /** Roles whose approval the contract needs, decided when it is submitted for approval. */
    requiredApprovals: z.array(RoleSchema),
    approvals: z.array(ApprovalSchema),
    milestones: z.array(MilestoneSchema),
    towers: z.array(TowerSchema),
    /** The project managers delivery is delegated to; they join the account team at the handover. */
    projectManagerIds: z.array(MemberIdSchema).default([]),
    /** A retainer's billing schedule; null: the contract bills by milestone or by hand (and contracts kept before it). */
    billingSchedule: BillingScheduleSchema.nullable().default(null),
    createdAt: TimestampSchema,
    signedAt: TimestampSchema.nullable(),
    /** When the contract was handed over to delivery (team and kickoff tasks); null: not yet. */
    handedOverAt: TimestampSchema.nullable().default(null),
    /** When it ended: renewed, expired, terminated or withdrawn. */
    endedAt: TimestampSchema.nullable(),
    /** Why it was terminated or withdrawn. */
    endReason: text().nullable(),
    /** When notice of non-renewal was given for the current term; null: none, so a tacit renewal stands. */
    nonRenewalNoticeAt: TimestampSchema.nullable().default(null),
    /** Why notice of non-renewal was given, if a reason was recorded. */
    nonRenewalNoticeReason: text().nullable().default(null),
    /** The renewal deal of the current term, once opened (when the notice window opens) or linked by hand. */
    renewalOpportunityId: OpportunityIdSchema.nullable(),
    /**
     * The renewal deal of the term that just renewed tacitly: the new term starts without one, and this one is
     * closed as won. Absent from contracts kept before it existed: none.
     */
    previousRenewalOpportunityId: OpportunityIdSchema.nullable().default(null),
    /** The contract this one renews, and the one that renewed it. */
    previousContractId: ContractIdSchema.nullable(),
    renewedById: ContractIdSchema.nullable(),
  })
  .meta({ id: "Contract" });
export type Contract = z.infer<typeof ContractSchema>;
