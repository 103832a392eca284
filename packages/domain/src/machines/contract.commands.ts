import { z } from "zod";
import {
  ApprovalSchema,
  BillingPeriodSchema,
  BillingScheduleSchema,
  type Contract,
  ContractSchema,
  MilestoneSchema,
  TowerSchema,
} from "../entities/contract.ts";
import type {
  ApprovalAuthority,
  BillingSettings,
  HandoverSettings,
  RenewalSettings,
  WorkspaceSettings,
} from "../entities/settings.ts";
import { CalendarDateSchema, DurationSchema } from "../kernel/calendar-date.ts";
import type { DecisionContext } from "../kernel/context.ts";
import {
  AccountIdSchema,
  ContractIdSchema,
  InvoiceIdSchema,
  MemberIdSchema,
  MilestoneIdSchema,
  OpportunityIdSchema,
  TowerIdSchema,
} from "../kernel/ids.ts";
import { MoneySchema } from "../kernel/money.ts";
import { text } from "../kernel/text.ts";
import { HandoverPlanSchema } from "../policies/handover.ts";
import { eventSchema } from "./event-schema.ts";

// The contract machine's vocabulary: its state, the commands adapters parse, the events it records, and the
// slice of workspace settings its decisions read.

export type ContractState = { readonly status: "none" } | Contract;
export type ContractStatusOrNone = ContractState["status"];

/**
 * What contract decisions are given: the moment, the actor, and the workspace's approval, renewal, handover and
 * billing rules.
 */
export interface ContractContext extends DecisionContext {
  readonly approvalAuthority: readonly ApprovalAuthority[];
  readonly renewals: RenewalSettings;
  readonly handover: HandoverSettings;
  readonly billing: BillingSettings;
}

/** Builds a contract context from the workspace settings and the moment and actor of a decision. */
export function contractContext(settings: WorkspaceSettings, base: DecisionContext): ContractContext {
  return {
    ...base,
    approvalAuthority: settings.approvalAuthority,
    renewals: settings.renewals,
    handover: settings.handover,
    billing: settings.billing,
  };
}

const Reason = text().trim().min(1).max(2000);

/** A tower as a command gives it: its renewal date may be left out (it then renews with the contract). */
export const TowerInputSchema = TowerSchema.extend({
  renewalDate: CalendarDateSchema.nullable().default(null),
});

/** A milestone as a command gives it: not yet done, and billable only if it has an amount. */
export const MilestoneInputSchema = MilestoneSchema.omit({ doneOn: true }).extend({
  amount: MoneySchema.nullable().default(null),
});

const terms = {
  title: ContractSchema.shape.title,
  value: MoneySchema,
  plannedCost: MoneySchema.nullable(),
  discountPercent: ContractSchema.shape.discountPercent,
  startDate: CalendarDateSchema,
  term: DurationSchema,
  noticePeriod: DurationSchema,
  autoRenewal: z.boolean(),
  renewalTerm: DurationSchema.nullable(),
};

/** Every command the contract machine accepts; adapters parse user input with this schema. */
export const ContractCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("CreateContract"),
    contractId: ContractIdSchema,
    accountId: AccountIdSchema,
    opportunityId: OpportunityIdSchema.nullable().default(null),
    ownerId: MemberIdSchema,
    ...terms,
    plannedCost: terms.plannedCost.default(null),
    discountPercent: terms.discountPercent.default(0),
    renewalTerm: terms.renewalTerm.default(null),
    towers: z.array(TowerInputSchema).default([]),
    milestones: z.array(MilestoneInputSchema).default([]),
    /** The project managers delivery is delegated to (they join the account team at the handover). */
    projectManagerIds: z.array(MemberIdSchema).max(20).default([]),
    previousContractId: ContractIdSchema.nullable().default(null),
  }),
  z.strictObject({
    type: z.literal("UpdateTerms"),
    title: terms.title.optional(),
    value: terms.value.optional(),
    plannedCost: terms.plannedCost.optional(),
    discountPercent: terms.discountPercent.optional(),
    startDate: terms.startDate.optional(),
    term: terms.term.optional(),
    noticePeriod: terms.noticePeriod.optional(),
    autoRenewal: terms.autoRenewal.optional(),
    renewalTerm: terms.renewalTerm.optional(),
  }),
  z.strictObject({ type: z.literal("AddTower"), tower: TowerInputSchema }),
  z.strictObject({
    type: z.literal("UpdateTower"),
    towerId: TowerIdSchema,
    name: TowerSchema.shape.name.optional(),
    value: MoneySchema.optional(),
    cost: MoneySchema.optional(),
    renewalDate: CalendarDateSchema.nullable().optional(),
  }),
  z.strictObject({ type: z.literal("RemoveTower"), towerId: TowerIdSchema }),
  z.strictObject({
    type: z.literal("ReassignTowerManager"),
    towerId: TowerIdSchema,
    accountManagerId: MemberIdSchema,
  }),
  z.strictObject({ type: z.literal("AddMilestone"), milestone: MilestoneInputSchema }),
  z.strictObject({
    type: z.literal("CompleteMilestone"),
    milestoneId: MilestoneIdSchema,
    doneOn: CalendarDateSchema,
  }),
  z.strictObject({
    type: z.literal("NameProjectManagers"),
    projectManagerIds: z.array(MemberIdSchema).max(20),
  }),
  z.strictObject({ type: z.literal("HandOverToDelivery") }),
  /** Sets (or replaces) a retainer's billing schedule; periods already billed stay as they were. */
  z.strictObject({
    type: z.literal("SetBillingSchedule"),
    amount: MoneySchema,
    period: BillingPeriodSchema,
    /** The first day of the first period; default: the contract's start (or, once periods were billed, the next). */
    startsOn: CalendarDateSchema.optional(),
    issueDay: BillingScheduleSchema.shape.issueDay.default(1),
  }),
  /** Bills the retainer's next period whose issue day has come (the sweep issues it). */
  z.strictObject({ type: z.literal("BillRetainerPeriod") }),
  z.strictObject({ type: z.literal("StartNegotiation") }),
  z.strictObject({ type: z.literal("SubmitForApproval") }),
  z.strictObject({ type: z.literal("Approve") }),
  z.strictObject({ type: z.literal("SendBack"), reason: Reason }),
  z.strictObject({ type: z.literal("Sign"), signedOn: CalendarDateSchema.optional() }),
  z.strictObject({ type: z.literal("Activate") }),
  z.strictObject({ type: z.literal("EnterNoticeWindow") }),
  z.strictObject({ type: z.literal("GiveNotice"), reason: Reason.optional() }),
  z.strictObject({ type: z.literal("MarkRenewed"), renewedById: ContractIdSchema }),
  z.strictObject({ type: z.literal("LinkRenewalOpportunity"), opportunityId: OpportunityIdSchema }),
  z.strictObject({ type: z.literal("ApplyTacitRenewal") }),
  z.strictObject({ type: z.literal("Expire") }),
  z.strictObject({ type: z.literal("Terminate"), reason: Reason }),
  z.strictObject({ type: z.literal("Withdraw"), reason: Reason }),
]);
export type ContractCommand = z.infer<typeof ContractCommandSchema>;
export type ContractCommandType = ContractCommand["type"];

/** The commands a sweep issues as time passes; no person needs to. */
export type AutomaticContractCommand = Extract<
  ContractCommand,
  { type: "Activate" | "EnterNoticeWindow" | "ApplyTacitRenewal" | "Expire" | "BillRetainerPeriod" }
>;

const contract = ContractSchema.shape;

/** The terms that may change while a contract is negotiated. */
export const TermsChangesSchema = z.strictObject({
  title: contract.title.exactOptional(),
  value: contract.value.exactOptional(),
  plannedCost: MoneySchema.nullable().exactOptional(),
  discountPercent: contract.discountPercent.exactOptional(),
  startDate: contract.startDate.exactOptional(),
  term: contract.term.exactOptional(),
  noticePeriod: contract.noticePeriod.exactOptional(),
  autoRenewal: contract.autoRenewal.exactOptional(),
  renewalTerm: contract.renewalTerm.exactOptional(),
});
export type TermsChanges = z.infer<typeof TermsChangesSchema>;

/** The tower fields `UpdateTower` may change. */
export const TowerChangesSchema = z.strictObject({
  name: TowerSchema.shape.name.exactOptional(),
  value: TowerSchema.shape.value.exactOptional(),
  cost: TowerSchema.shape.cost.exactOptional(),
  renewalDate: TowerSchema.shape.renewalDate.exactOptional(),
});
export type TowerChanges = z.infer<typeof TowerChangesSchema>;

// `decide` trims the reasons it records and refuses blank ones.
const RecordedReason = contract.endReason.unwrap().min(1).max(2000);

/** Every event the contract machine records; the store parses each event it reads back with this schema. */
export const ContractEventSchema = z.discriminatedUnion("type", [
  eventSchema("ContractCreated", {
    contractId: contract.id,
    accountId: contract.accountId,
    opportunityId: contract.opportunityId,
    ownerId: contract.ownerId,
    title: contract.title,
    value: contract.value,
    /** Absent from events recorded before contracts had a planned cost: none. */
    plannedCost: contract.plannedCost,
    discountPercent: contract.discountPercent,
    startDate: contract.startDate,
    term: contract.term,
    endDate: contract.endDate,
    noticePeriod: contract.noticePeriod,
    autoRenewal: contract.autoRenewal,
    renewalTerm: contract.renewalTerm,
    towers: contract.towers,
    milestones: contract.milestones,
    /** Absent from events recorded before contracts named project managers: none. */
    projectManagerIds: contract.projectManagerIds,
    previousContractId: contract.previousContractId,
  }),
  eventSchema("ContractTermsUpdated", {
    changes: TermsChangesSchema,
    /** The end date after the change (recomputed when the start or the term moved). */
    endDate: contract.endDate,
  }),
  eventSchema("TowerAdded", { tower: TowerSchema }),
  eventSchema("TowerUpdated", { towerId: TowerSchema.shape.id, changes: TowerChangesSchema }),
  eventSchema("TowerRemoved", { towerId: TowerSchema.shape.id }),
  eventSchema("TowerManagerReassigned", {
    towerId: TowerSchema.shape.id,
    accountManagerId: TowerSchema.shape.accountManagerId,
  }),
  eventSchema("MilestoneAdded", { milestone: MilestoneSchema }),
  eventSchema("MilestoneCompleted", {
    milestoneId: MilestoneSchema.shape.id,
    doneOn: MilestoneSchema.shape.doneOn.unwrap(),
  }),
  eventSchema("ProjectManagersNamed", { projectManagerIds: contract.projectManagerIds.unwrap() }),
  /** The handover's plan, carried out by the contract's follow-ups (team members added, tasks created). */
  eventSchema("DeliveryHandedOver", HandoverPlanSchema.shape),
  eventSchema("BillingScheduleSet", {
    amount: BillingScheduleSchema.shape.amount,
    period: BillingScheduleSchema.shape.period,
    startsOn: BillingScheduleSchema.shape.startsOn,
    issueDay: BillingScheduleSchema.shape.issueDay,
  }),
  /**
   * A retainer's period reached its issue day: its invoice is drafted (`invoiceId`, by the contract's follow-up)
   * unless the workspace drafts no retainer invoices (null). Either way the period counts as billed.
   */
  eventSchema("RetainerPeriodBilled", {
    start: CalendarDateSchema,
    end: CalendarDateSchema,
    issueOn: CalendarDateSchema,
    amount: MoneySchema,
    invoiceId: InvoiceIdSchema.nullable(),
  }),
  eventSchema("NegotiationStarted"),
  eventSchema("ContractSubmittedForApproval", { requiredApprovals: contract.requiredApprovals }),
  eventSchema("ContractApproved", {
    memberId: ApprovalSchema.shape.memberId,
    role: ApprovalSchema.shape.role,
  }),
  eventSchema("ContractSentBack", { reason: RecordedReason }),
  eventSchema("ContractSigned", { signedOn: CalendarDateSchema }),
  eventSchema("ContractActivated"),
  eventSchema("ContractEnteredNoticeWindow", { noticeDeadline: CalendarDateSchema }),
  eventSchema("NonRenewalNoticeGiven", { reason: RecordedReason.nullable() }),
  eventSchema("ContractRenewed", { renewedById: contract.renewedById.unwrap() }),
  eventSchema("RenewalOpportunityLinked", { opportunityId: contract.renewalOpportunityId.unwrap() }),
  eventSchema("ContractTacitlyRenewed", { renewsOn: CalendarDateSchema, newEndDate: contract.endDate }),
  eventSchema("ContractExpired"),
  eventSchema("ContractTerminated", { reason: RecordedReason }),
  eventSchema("ContractWithdrawn", { reason: RecordedReason }),
]);
/** Every event the contract machine records; each carries the moment it happened. */
export type ContractEvent = z.infer<typeof ContractEventSchema>;
