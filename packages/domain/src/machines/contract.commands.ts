import { z } from "zod";
import {
  type Contract,
  ContractSchema,
  type Milestone,
  MilestoneSchema,
  type Tower,
  TowerSchema,
} from "../entities/contract.ts";
import type { Role } from "../entities/member.ts";
import type { ApprovalAuthority, RenewalSettings, WorkspaceSettings } from "../entities/settings.ts";
import {
  type CalendarDate,
  CalendarDateSchema,
  DurationSchema,
  type Timestamp,
} from "../kernel/calendar-date.ts";
import type { DecisionContext } from "../kernel/context.ts";
import {
  AccountIdSchema,
  type ContractId,
  ContractIdSchema,
  MemberIdSchema,
  type MilestoneId,
  MilestoneIdSchema,
  type OpportunityId,
  OpportunityIdSchema,
  type TowerId,
  TowerIdSchema,
} from "../kernel/ids.ts";
import { MoneySchema } from "../kernel/money.ts";

// The contract machine's vocabulary: its state, the commands adapters parse, the events it records, and the
// slice of workspace settings its decisions read.

export type ContractState = { readonly status: "none" } | Contract;
export type ContractStatusOrNone = ContractState["status"];

/** What contract decisions are given: the moment, the actor, and the workspace's approval and renewal rules. */
export interface ContractContext extends DecisionContext {
  readonly approvalAuthority: readonly ApprovalAuthority[];
  readonly renewals: RenewalSettings;
}

/** Builds a contract context from the workspace settings and the moment and actor of a decision. */
export function contractContext(settings: WorkspaceSettings, base: DecisionContext): ContractContext {
  return { ...base, approvalAuthority: settings.approvalAuthority, renewals: settings.renewals };
}

const Reason = z.string().trim().min(1).max(2000);

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
  discountPercent: ContractSchema.shape.discountPercent,
  startDate: CalendarDateSchema,
  term: DurationSchema,
  noticePeriod: DurationSchema,
  autoRenewal: z.boolean(),
  renewalTerm: DurationSchema.nullable(),
};

/** Every command the contract machine accepts; adapters parse user input with this schema. */
export const ContractCommandSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("CreateContract"),
    contractId: ContractIdSchema,
    accountId: AccountIdSchema,
    opportunityId: OpportunityIdSchema.nullable().default(null),
    ownerId: MemberIdSchema,
    ...terms,
    discountPercent: terms.discountPercent.default(0),
    renewalTerm: terms.renewalTerm.default(null),
    towers: z.array(TowerInputSchema).default([]),
    milestones: z.array(MilestoneInputSchema).default([]),
    previousContractId: ContractIdSchema.nullable().default(null),
  }),
  z.object({
    type: z.literal("UpdateTerms"),
    title: terms.title.optional(),
    value: terms.value.optional(),
    discountPercent: terms.discountPercent.optional(),
    startDate: terms.startDate.optional(),
    term: terms.term.optional(),
    noticePeriod: terms.noticePeriod.optional(),
    autoRenewal: terms.autoRenewal.optional(),
    renewalTerm: terms.renewalTerm.optional(),
  }),
  z.object({ type: z.literal("AddTower"), tower: TowerInputSchema }),
  z.object({
    type: z.literal("UpdateTower"),
    towerId: TowerIdSchema,
    name: TowerSchema.shape.name.optional(),
    value: MoneySchema.optional(),
    cost: MoneySchema.optional(),
    renewalDate: CalendarDateSchema.nullable().optional(),
  }),
  z.object({ type: z.literal("RemoveTower"), towerId: TowerIdSchema }),
  z.object({
    type: z.literal("ReassignTowerManager"),
    towerId: TowerIdSchema,
    accountManagerId: MemberIdSchema,
  }),
  z.object({ type: z.literal("AddMilestone"), milestone: MilestoneInputSchema }),
  z.object({
    type: z.literal("CompleteMilestone"),
    milestoneId: MilestoneIdSchema,
    doneOn: CalendarDateSchema,
  }),
  z.object({ type: z.literal("StartNegotiation") }),
  z.object({ type: z.literal("SubmitForApproval") }),
  z.object({ type: z.literal("Approve") }),
  z.object({ type: z.literal("SendBack"), reason: Reason }),
  z.object({ type: z.literal("Sign"), signedOn: CalendarDateSchema.optional() }),
  z.object({ type: z.literal("Activate") }),
  z.object({ type: z.literal("EnterNoticeWindow") }),
  z.object({ type: z.literal("GiveNotice"), reason: Reason.optional() }),
  z.object({ type: z.literal("MarkRenewed"), renewedById: ContractIdSchema }),
  z.object({ type: z.literal("LinkRenewalOpportunity"), opportunityId: OpportunityIdSchema }),
  z.object({ type: z.literal("ApplyTacitRenewal") }),
  z.object({ type: z.literal("Expire") }),
  z.object({ type: z.literal("Terminate"), reason: Reason }),
  z.object({ type: z.literal("Withdraw"), reason: Reason }),
]);
export type ContractCommand = z.infer<typeof ContractCommandSchema>;
export type ContractCommandType = ContractCommand["type"];

/** The commands a sweep issues as time passes; no person needs to. */
export type AutomaticContractCommand = Extract<
  ContractCommand,
  { type: "Activate" | "EnterNoticeWindow" | "ApplyTacitRenewal" | "Expire" }
>;

/** The terms that may change while a contract is negotiated. */
export type TermsChanges = {
  readonly [K in
    | "title"
    | "value"
    | "discountPercent"
    | "startDate"
    | "term"
    | "noticePeriod"
    | "autoRenewal"
    | "renewalTerm"]?: Contract[K];
};

/** The tower fields `UpdateTower` may change. */
export type TowerChanges = { readonly [K in "name" | "value" | "cost" | "renewalDate"]?: Tower[K] };

/** Every event the contract machine records; each carries the moment it happened. */
export type ContractEvent =
  | {
      readonly type: "ContractCreated";
      readonly at: Timestamp;
      readonly contractId: ContractId;
      readonly accountId: Contract["accountId"];
      readonly opportunityId: Contract["opportunityId"];
      readonly ownerId: Contract["ownerId"];
      readonly title: string;
      readonly value: Contract["value"];
      readonly discountPercent: number;
      readonly startDate: CalendarDate;
      readonly term: Contract["term"];
      readonly endDate: CalendarDate;
      readonly noticePeriod: Contract["noticePeriod"];
      readonly autoRenewal: boolean;
      readonly renewalTerm: Contract["renewalTerm"];
      readonly towers: readonly Tower[];
      readonly milestones: readonly Milestone[];
      readonly previousContractId: ContractId | null;
    }
  | {
      readonly type: "ContractTermsUpdated";
      readonly at: Timestamp;
      readonly changes: TermsChanges;
      /** The end date after the change (recomputed when the start or the term moved). */
      readonly endDate: CalendarDate;
    }
  | { readonly type: "TowerAdded"; readonly at: Timestamp; readonly tower: Tower }
  | {
      readonly type: "TowerUpdated";
      readonly at: Timestamp;
      readonly towerId: TowerId;
      readonly changes: TowerChanges;
    }
  | { readonly type: "TowerRemoved"; readonly at: Timestamp; readonly towerId: TowerId }
  | {
      readonly type: "TowerManagerReassigned";
      readonly at: Timestamp;
      readonly towerId: TowerId;
      readonly accountManagerId: Tower["accountManagerId"];
    }
  | { readonly type: "MilestoneAdded"; readonly at: Timestamp; readonly milestone: Milestone }
  | {
      readonly type: "MilestoneCompleted";
      readonly at: Timestamp;
      readonly milestoneId: MilestoneId;
      readonly doneOn: CalendarDate;
    }
  | { readonly type: "NegotiationStarted"; readonly at: Timestamp }
  | {
      readonly type: "ContractSubmittedForApproval";
      readonly at: Timestamp;
      readonly requiredApprovals: readonly Role[];
    }
  | {
      readonly type: "ContractApproved";
      readonly at: Timestamp;
      readonly memberId: Contract["ownerId"];
      readonly role: Role;
    }
  | { readonly type: "ContractSentBack"; readonly at: Timestamp; readonly reason: string }
  | { readonly type: "ContractSigned"; readonly at: Timestamp; readonly signedOn: CalendarDate }
  | { readonly type: "ContractActivated"; readonly at: Timestamp }
  | {
      readonly type: "ContractEnteredNoticeWindow";
      readonly at: Timestamp;
      readonly noticeDeadline: CalendarDate;
    }
  | { readonly type: "NonRenewalNoticeGiven"; readonly at: Timestamp; readonly reason: string | null }
  | { readonly type: "ContractRenewed"; readonly at: Timestamp; readonly renewedById: ContractId }
  | {
      readonly type: "RenewalOpportunityLinked";
      readonly at: Timestamp;
      readonly opportunityId: OpportunityId;
    }
  | {
      readonly type: "ContractTacitlyRenewed";
      readonly at: Timestamp;
      readonly renewsOn: CalendarDate;
      readonly newEndDate: CalendarDate;
    }
  | { readonly type: "ContractExpired"; readonly at: Timestamp }
  | { readonly type: "ContractTerminated"; readonly at: Timestamp; readonly reason: string }
  | { readonly type: "ContractWithdrawn"; readonly at: Timestamp; readonly reason: string };
