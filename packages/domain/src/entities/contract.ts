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
