import { z } from "zod";
import type { Brief } from "../entities/brief.ts";
import type { Contact } from "../entities/contact.ts";
import { ImportedFromSchema } from "../entities/imported-from.ts";
import type { Member } from "../entities/member.ts";
import {
  DealLabelSchema,
  LostOpportunitySchema,
  NextStepSchema,
  OPPORTUNITY_STATUSES,
  OpenOpportunitySchema,
  type Opportunity,
  ProbabilityOverrideSchema,
  ProposalSchema,
} from "../entities/opportunity.ts";
import { OpportunityTypeSchema, type Pipeline } from "../entities/pipeline.ts";
import { ServiceLineNameSchema } from "../entities/service-line.ts";
import { CalendarDateSchema, TimestampSchema } from "../kernel/calendar-date.ts";
import type { DecisionContext } from "../kernel/context.ts";
import {
  AccountIdSchema,
  BriefIdSchema,
  ContactIdSchema,
  ContractIdSchema,
  MemberIdSchema,
  OpportunityIdSchema,
  StageIdSchema,
} from "../kernel/ids.ts";
import { MoneySchema } from "../kernel/money.ts";
import { text } from "../kernel/text.ts";
import type { SettlingContract } from "../policies/renewal-settlement.ts";
import { eventSchema } from "./event-schema.ts";
/** A deal before it exists, or the deal itself: open in a stage, won or lost. */
export type OpportunityState = { readonly status: "none" } | Opportunity;
/** `none`, `open`, `won` or `lost`: the statuses the transition table speaks of. */
export type OpportunityStatusOrNone = OpportunityState["status"];

/** What deciding about a deal needs besides the moment and the actor: its pipeline and the account's facts. */
export interface OpportunityContext extends DecisionContext {
  /** The pipeline the deal belongs to (the one its `pipelineId` names; for a new deal, the one it goes to). */
  readonly pipeline: Pipeline;
  /** The account's contacts, for stakeholders and the decision-maker criterion. */
  readonly contacts: readonly Pick<Contact, "id" | "roles" | "active">[];
  /**
   * The account's contracts, for linking and the signed-contract criterion (id and status), and for settling a
   * renewal deal (`SettleRenewal` needs the rest of {@link SettlingContract}: an adapter issuing it must pass it).
   */
  readonly contracts: readonly (Pick<SettlingContract, "id" | "status"> & Partial<SettlingContract>)[];
  /**
   * The workspace's members, for the one command that names an owner nobody here chose: `ImportOpportunity`
   * (an adapter issuing it must load them). Other commands do not look at it.
   */
  readonly members?: readonly Pick<Member, "id" | "active">[];
  /** The brief `SeedAmountFromBrief` names, as the workspace holds it (null: none); other commands ignore it. */
  readonly brief?: SeedingBrief | null;
}

const Reason = text().trim().min(1).max(2_000);
const Need = text().trim().min(1).max(2_000);
const Amount = MoneySchema.refine((m) => m.amount >= 0, "an amount cannot be negative");
const Probability = z.number().int().min(0).max(100);

// `type` is the discriminant of commands and events, so the deal's own type travels as `opportunityType`.
/** Every command an opportunity accepts, as adapters parse it from user input. */
export const OpportunityCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("CreateOpportunity"),
    opportunityId: OpportunityIdSchema,
    accountId: AccountIdSchema,
    ownerId: MemberIdSchema,
    name: OpenOpportunitySchema.shape.name,
    opportunityType: OpportunityTypeSchema,
    /** Default: the pipeline's first open stage. */
    stageId: StageIdSchema.optional(),
    /** Default: none yet — refused where the stage requires one (the guard DetailsRequired). */
    amount: Amount.nullable().default(null),
    /** Default: none yet — refused where the stage requires one. */
    closeDate: CalendarDateSchema.nullable().default(null),
    needs: z.array(Need).default([]),
    budget: Amount.nullable().default(null),
    stakeholderIds: z.array(ContactIdSchema).default([]),
    /** Where the deal came from (referral, inbound…); default: not said. */
    leadSource: DealLabelSchema.nullable().optional(),
    /** The service line it sells; default: not said. */
    serviceLine: ServiceLineNameSchema.nullable().optional(),
  }),
  /**
   * A deal brought in from another system as it stands there: in any stage of the pipeline, open, won or lost.
   * The source decided how it got there, so exit criteria and the pipeline's creation stages are not checked;
   * everything else is. Moments the source knows (closedAt, stageEnteredAt, createdAt) are kept.
   */
  z.strictObject({
    type: z.literal("ImportOpportunity"),
    opportunityId: OpportunityIdSchema,
    accountId: AccountIdSchema,
    ownerId: MemberIdSchema,
    name: OpenOpportunitySchema.shape.name,
    opportunityType: OpportunityTypeSchema,
    stageId: StageIdSchema,
    /** Empty in the source: none yet, which the stage must allow (DetailsRequired). */
    amount: Amount.nullable().default(null),
    closeDate: CalendarDateSchema.nullable().default(null),
    /** The source's probability; for an open deal, one other than the stage's stands as an override. */
    probability: Probability.optional(),
    /** When a won or lost deal closed; required for them, refused for an open deal. */
    closedAt: TimestampSchema.optional(),
    /** Why a lost deal was lost; required for it. */
    lossReason: Reason.optional(),
    /** When the deal entered its stage, if the source knows (default: when it closed, or now). */
    stageEnteredAt: TimestampSchema.optional(),
    /** When the deal was created in the source (default: when it entered its stage). */
    createdAt: TimestampSchema.optional(),
    importedFrom: ImportedFromSchema,
    /** Where the deal came from in the source (its lead source), if the source says. */
    leadSource: DealLabelSchema.nullable().optional(),
    serviceLine: ServiceLineNameSchema.nullable().optional(),
  }),
  z.strictObject({ type: z.literal("MoveStage"), stageId: StageIdSchema, reason: Reason.optional() }),
  z.strictObject({ type: z.literal("CloseAsWon") }),
  z.strictObject({ type: z.literal("CloseAsLost"), lossReason: Reason.optional() }),
  z.strictObject({ type: z.literal("Reopen"), stageId: StageIdSchema.optional(), reason: Reason.optional() }),
  z.strictObject({
    type: z.literal("UpdateDetails"),
    name: OpenOpportunitySchema.shape.name.optional(),
    /** A new amount, or null to say there is none yet (only where the deal's stage does not require one). */
    amount: Amount.nullable().optional(),
    /** A new close date, or null for none yet (only where the deal's stage does not require one). */
    closeDate: CalendarDateSchema.nullable().optional(),
    ownerId: MemberIdSchema.optional(),
    opportunityType: OpportunityTypeSchema.optional(),
    /** A label, or null to clear it. */
    leadSource: DealLabelSchema.nullable().optional(),
    serviceLine: ServiceLineNameSchema.nullable().optional(),
  }),
  z.strictObject({ type: z.literal("RecordNeed"), need: Need }),
  z.strictObject({ type: z.literal("SetBudget"), budget: Amount }),
  z.strictObject({
    type: z.literal("SetProposal"),
    amount: Amount,
    summary: text().trim().max(20_000).optional(),
    sentOn: CalendarDateSchema.optional(),
  }),
  z.strictObject({ type: z.literal("AddStakeholder"), contactId: ContactIdSchema }),
  z.strictObject({ type: z.literal("RemoveStakeholder"), contactId: ContactIdSchema }),
  z.strictObject({ type: z.literal("LinkContract"), contractId: ContractIdSchema }),
  /** Sets the deal's amount to the approved budget of the brief it comes from (a brief linked to this deal). */
  z.strictObject({ type: z.literal("SeedAmountFromBrief"), briefId: BriefIdSchema }),
  z.strictObject({
    type: z.literal("OverrideProbability"),
    probability: z.number().int().min(0).max(100),
    reason: Reason.optional(),
  }),
  z.strictObject({ type: z.literal("ClearProbabilityOverride") }),
  /** A completed qualifying activity (meeting, call, e-mail, note): resets the rotting clock. */
  z.strictObject({ type: z.literal("RecordActivity"), at: TimestampSchema }),
  /** Says what happens next on the deal and, optionally, by when (replacing the step said before). */
  z.strictObject({
    type: z.literal("SetNextStep"),
    text: NextStepSchema.shape.text,
    /** By when; default: no date said. */
    dueOn: CalendarDateSchema.nullable().default(null),
  }),
  /** The next step is done or dropped: the deal has none said until a new one is set. */
  z.strictObject({ type: z.literal("ClearNextStep") }),
  /**
   * Closes a renewal deal as its contract settled it: won once the contract renewed (tacitly or by a signed
   * renewal), lost once it expired or was terminated. Issued by the contract's follow-up policy.
   */
  z.strictObject({ type: z.literal("SettleRenewal"), contractId: ContractIdSchema }),
]);
/** A command as `decide` receives it: parsed, defaults applied. */
export type OpportunityCommand = z.infer<typeof OpportunityCommandSchema>;

const deal = OpenOpportunitySchema.shape;

/** The details `UpdateDetails` may change, under the deal's own field names. */
export const OpportunityDetailsChangesSchema = z.strictObject({
  name: deal.name.exactOptional(),
  amount: deal.amount.exactOptional(),
  closeDate: deal.closeDate.exactOptional(),
  ownerId: deal.ownerId.exactOptional(),
  type: deal.type.exactOptional(),
  leadSource: DealLabelSchema.nullable().exactOptional(),
  serviceLine: ServiceLineNameSchema.nullable().exactOptional(),
});
export type OpportunityDetailsChanges = z.infer<typeof OpportunityDetailsChangesSchema>;

// `decide` trims the reasons it records and refuses blank ones.
const RecordedReason = LostOpportunitySchema.shape.lossReason;
/** Where a deal stands after an event that puts it in a stage: the values evolve copies onto it. */
const inStage = {
  stageId: deal.stageId,
  probability: deal.probability,
  forecastCategory: deal.forecastCategory,
};

// Events carry every value evolve needs (probabilities included), because evolve sees no pipeline: a deal
// keeps the probability it got on entering a stage even if the stage's default is edited later.
/** Everything that can happen to an opportunity; the store parses each event it reads back with this schema. */
export const OpportunityEventSchema = z.discriminatedUnion("type", [
  eventSchema("OpportunityCreated", {
    opportunityId: deal.id,
    accountId: deal.accountId,
    ownerId: deal.ownerId,
    name: deal.name,
    opportunityType: deal.type,
    pipelineId: deal.pipelineId,
    ...inStage,
    amount: deal.amount,
    closeDate: deal.closeDate,
    needs: deal.needs,
    budget: deal.budget,
    stakeholderIds: deal.stakeholderIds,
    // Absent from events stored before deals had them: not said.
    leadSource: DealLabelSchema.nullable().optional(),
    serviceLine: ServiceLineNameSchema.nullable().optional(),
  }),
  // Everything the deal is on arrival, closed or not: evolve builds the whole state from this one event.
  eventSchema("OpportunityImported", {
    opportunityId: deal.id,
    accountId: deal.accountId,
    ownerId: deal.ownerId,
    name: deal.name,
    opportunityType: deal.type,
    pipelineId: deal.pipelineId,
    status: z.enum(OPPORTUNITY_STATUSES),
    ...inStage,
    probabilityOverride: deal.probabilityOverride,
    amount: deal.amount,
    closeDate: deal.closeDate,
    createdAt: deal.createdAt,
    stageEnteredAt: deal.stageEnteredAt,
    closedAt: TimestampSchema.nullable(),
    lossReason: RecordedReason.nullable(),
    importedFrom: ImportedFromSchema,
    leadSource: DealLabelSchema.nullable().optional(),
    serviceLine: ServiceLineNameSchema.nullable().optional(),
  }),
  eventSchema("OpportunityStageChanged", {
    fromStageId: deal.stageId,
    toStageId: deal.stageId,
    reason: RecordedReason.nullable(),
    probability: deal.probability,
    forecastCategory: deal.forecastCategory,
  }),
  eventSchema("OpportunityWon", inStage),
  eventSchema("OpportunityLost", { ...inStage, reason: RecordedReason }),
  eventSchema("OpportunityReopened", { ...inStage, reason: RecordedReason }),
  eventSchema("OpportunityDetailsUpdated", { changes: OpportunityDetailsChangesSchema }),
  eventSchema("NeedRecorded", { need: deal.needs.element }),
  eventSchema("BudgetSet", { budget: deal.budget.unwrap() }),
  eventSchema("ProposalSet", ProposalSchema.shape),
  eventSchema("StakeholderAdded", { contactId: deal.stakeholderIds.element }),
  eventSchema("StakeholderRemoved", { contactId: deal.stakeholderIds.element }),
  eventSchema("ContractLinked", { contractId: deal.contractId.unwrap() }),
  eventSchema("AmountSeededFromBrief", { briefId: BriefIdSchema, amount: deal.amount }),
  eventSchema("ProbabilityOverridden", ProbabilityOverrideSchema.shape),
  eventSchema("ProbabilityOverrideCleared", { probability: deal.probability }),
  eventSchema("ActivityRecorded", { activityAt: TimestampSchema }),
  eventSchema("NextStepSet", NextStepSchema.shape),
  eventSchema("NextStepCleared", {}),
]);
/** Everything that can happen to an opportunity; each event records when it was decided. */
export type OpportunityEvent = z.infer<typeof OpportunityEventSchema>;

/** What `SeedAmountFromBrief` reads of a brief (the context's `brief`, or a brief an adapter lists). */
export type SeedingBrief = Pick<Brief, "id" | "accountId" | "title" | "approvedBudget" | "opportunityId">;
