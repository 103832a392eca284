import { z } from "zod";

// Ids are opaque strings minted outside the domain (the domain draws no randomness) and branded so that
// an AccountId cannot be passed where a ContractId is expected.
const id = <B extends string>(_brand: B) =>
  z
    .string()
    .min(1, "an id cannot be empty")
    .max(128, "an id is at most 128 characters")
    .regex(/^[A-Za-z0-9_.:-]+$/, "an id holds only letters, digits and _ . : -")
    .brand<B>();

export const WorkspaceIdSchema = id("WorkspaceId");
export type WorkspaceId = z.infer<typeof WorkspaceIdSchema>;
export const MemberIdSchema = id("MemberId");
export type MemberId = z.infer<typeof MemberIdSchema>;
export const AccountIdSchema = id("AccountId");
export type AccountId = z.infer<typeof AccountIdSchema>;
export const ContactIdSchema = id("ContactId");
export type ContactId = z.infer<typeof ContactIdSchema>;
export const OpportunityIdSchema = id("OpportunityId");
export type OpportunityId = z.infer<typeof OpportunityIdSchema>;
export const ContractIdSchema = id("ContractId");
export type ContractId = z.infer<typeof ContractIdSchema>;
export const TowerIdSchema = id("TowerId");
export type TowerId = z.infer<typeof TowerIdSchema>;
export const MilestoneIdSchema = id("MilestoneId");
export type MilestoneId = z.infer<typeof MilestoneIdSchema>;
export const ActivityIdSchema = id("ActivityId");
export type ActivityId = z.infer<typeof ActivityIdSchema>;
export const TaskIdSchema = id("TaskId");
export type TaskId = z.infer<typeof TaskIdSchema>;
export const EscalationIdSchema = id("EscalationId");
export type EscalationId = z.infer<typeof EscalationIdSchema>;
export const BriefIdSchema = id("BriefId");
export type BriefId = z.infer<typeof BriefIdSchema>;
export const InvoiceIdSchema = id("InvoiceId");
export type InvoiceId = z.infer<typeof InvoiceIdSchema>;
export const CostEntryIdSchema = id("CostEntryId");
export type CostEntryId = z.infer<typeof CostEntryIdSchema>;
export const InvitationIdSchema = id("InvitationId");
export type InvitationId = z.infer<typeof InvitationIdSchema>;
export const QuotaIdSchema = id("QuotaId");
export type QuotaId = z.infer<typeof QuotaIdSchema>;
export const PipelineIdSchema = id("PipelineId");
export type PipelineId = z.infer<typeof PipelineIdSchema>;
export const StageIdSchema = id("StageId");
export type StageId = z.infer<typeof StageIdSchema>;
export const TargetListIdSchema = id("TargetListId");
export type TargetListId = z.infer<typeof TargetListIdSchema>;
export const AccountPlanIdSchema = id("AccountPlanId");
export type AccountPlanId = z.infer<typeof AccountPlanIdSchema>;
export const ObjectiveIdSchema = id("ObjectiveId");
export type ObjectiveId = z.infer<typeof ObjectiveIdSchema>;
export const RiskIdSchema = id("RiskId");
export type RiskId = z.infer<typeof RiskIdSchema>;

/**
 * Brands a plain string as an id after checking it. For tests, fixtures and adapters that already hold a
 * validated string; input from users goes through the schemas.
 */
export const asId = {
  workspace: (s: string) => WorkspaceIdSchema.parse(s),
  member: (s: string) => MemberIdSchema.parse(s),
  account: (s: string) => AccountIdSchema.parse(s),
  contact: (s: string) => ContactIdSchema.parse(s),
  opportunity: (s: string) => OpportunityIdSchema.parse(s),
  contract: (s: string) => ContractIdSchema.parse(s),
  tower: (s: string) => TowerIdSchema.parse(s),
  milestone: (s: string) => MilestoneIdSchema.parse(s),
  activity: (s: string) => ActivityIdSchema.parse(s),
  task: (s: string) => TaskIdSchema.parse(s),
  escalation: (s: string) => EscalationIdSchema.parse(s),
  brief: (s: string) => BriefIdSchema.parse(s),
  invoice: (s: string) => InvoiceIdSchema.parse(s),
  cost: (s: string) => CostEntryIdSchema.parse(s),
  quota: (s: string) => QuotaIdSchema.parse(s),
  pipeline: (s: string) => PipelineIdSchema.parse(s),
  stage: (s: string) => StageIdSchema.parse(s),
  targetList: (s: string) => TargetListIdSchema.parse(s),
  plan: (s: string) => AccountPlanIdSchema.parse(s),
  objective: (s: string) => ObjectiveIdSchema.parse(s),
  risk: (s: string) => RiskIdSchema.parse(s),
} as const;
