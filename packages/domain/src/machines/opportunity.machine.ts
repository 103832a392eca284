import { match } from "ts-pattern";
import { z } from "zod";
import type { Brief } from "../entities/brief.ts";
import type { Contact } from "../entities/contact.ts";
import { ImportedFromSchema, sourceOf } from "../entities/imported-from.ts";
import type { Member } from "../entities/member.ts";
import {
  DealLabelSchema,
  type LostOpportunity,
  LostOpportunitySchema,
  NextStepSchema,
  OPPORTUNITY_STATUSES,
  type OpenOpportunity,
  OpenOpportunitySchema,
  type Opportunity,
  type ProbabilityOverride,
  ProbabilityOverrideSchema,
  ProposalSchema,
  type WonOpportunity,
} from "../entities/opportunity.ts";
import {
  findStage,
  lostStage,
  OpportunityTypeSchema,
  openStages,
  type Pipeline,
  type PipelineStage,
  wonStage,
} from "../entities/pipeline.ts";
import { ServiceLineNameSchema } from "../entities/service-line.ts";
import {
  CalendarDateSchema,
  compareTimestamps,
  dateOf,
  spellDate,
  type Timestamp,
  TimestampSchema,
} from "../kernel/calendar-date.ts";
import type { DecisionContext } from "../kernel/context.ts";
import {
  AccountIdSchema,
  BriefIdSchema,
  ContactIdSchema,
  ContractIdSchema,
  type MemberId,
  MemberIdSchema,
  OpportunityIdSchema,
  type StageId,
  StageIdSchema,
} from "../kernel/ids.ts";
import {
  checkTransition,
  type Decision,
  explainMoves,
  type Machine,
  type MoveOption,
  type TransitionTable,
} from "../kernel/machine.ts";
import { currencyMismatch, type Money, MoneySchema } from "../kernel/money.ts";
import { type Refusal, refuse } from "../kernel/refusal.ts";
import { assertNever, err, InvariantViolation, invariant, ok } from "../kernel/result.ts";
import { text } from "../kernel/text.ts";
import {
  isSettlingContract,
  renewalSettlement,
  type SettlingContract,
} from "../policies/renewal-settlement.ts";
import { eventSchema } from "./event-schema.ts";
import {
  checkBackward,
  checkCreationStage,
  checkDetailsRequired,
  checkExitCriteria,
  checkSkipping,
  checkStageRoles,
  openPosition,
  type StageMove,
} from "./opportunity.rules.ts";

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
type Command<T extends OpportunityCommand["type"]> = Extract<OpportunityCommand, { readonly type: T }>;

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

const live = ["open"] as const;
/** The named guard every move into a stage checks (`checkDetailsRequired`); diagrams and refusals use this name. */
const DETAILS_REQUIRED = "DetailsRequired: the amount and close date the stage requires";

/** Every command of the opportunity machine: where it may be issued, where it leads, what it checks. */
export const opportunityTable = {
  CreateOpportunity: {
    command: "CreateOpportunity",
    label: "create",
    from: ["none"],
    to: ["open"],
    guards: [
      "a stage new deals may start in",
      "the stage's roles",
      DETAILS_REQUIRED,
      "exit criteria of the stages before it",
      "budget in the deal's currency",
    ],
  },
  ImportOpportunity: {
    command: "ImportOpportunity",
    label: "import",
    from: ["none"],
    to: ["open", "won", "lost"],
    guards: [
      "a stage of the pipeline (no exit criteria: the source decided)",
      "the stage's roles",
      "an active member as owner",
      "closedAt for a closed deal only",
      "a loss reason for a lost deal only",
      DETAILS_REQUIRED,
      "no moment in the future or out of order",
    ],
  },
  MoveStage: {
    command: "MoveStage",
    label: "move to a stage",
    from: live,
    to: live,
    guards: [
      "the roles of the stage left and entered",
      "no moving back, if the pipeline says so",
      "no skipping, if the pipeline says so",
      DETAILS_REQUIRED,
      "exit criteria of every stage left behind",
    ],
  },
  CloseAsWon: {
    command: "CloseAsWon",
    label: "close as won",
    from: live,
    to: ["won"],
    guards: [
      "the roles of the stage left and entered",
      "no skipping, if the pipeline says so",
      DETAILS_REQUIRED,
      "every exit criterion",
    ],
  },
  CloseAsLost: {
    command: "CloseAsLost",
    label: "close as lost",
    from: live,
    to: ["lost"],
    guards: ["the roles of the stage left and entered", DETAILS_REQUIRED, "a loss reason"],
  },
  Reopen: {
    command: "Reopen",
    label: "reopen",
    from: ["won", "lost"],
    to: live,
    guards: [
      "the roles of the stage left and entered",
      DETAILS_REQUIRED,
      "exit criteria of the stages before it",
      "a reason",
    ],
  },
  UpdateDetails: {
    command: "UpdateDetails",
    label: "update details",
    from: live,
    to: live,
    guards: [
      "the amount's currency matches the budget and proposal",
      "DetailsRequired: no clearing what the deal's stage requires",
    ],
  },
  RecordNeed: {
    command: "RecordNeed",
    label: "record a need",
    from: live,
    to: live,
    guards: ["not recorded yet"],
  },
  SetBudget: {
    command: "SetBudget",
    label: "set the budget",
    from: live,
    to: live,
    guards: ["in the deal's currency"],
  },
  SetProposal: {
    command: "SetProposal",
    label: "set the proposal",
    from: live,
    to: live,
    guards: ["in the deal's currency"],
  },
  AddStakeholder: {
    command: "AddStakeholder",
    label: "add a stakeholder",
    from: live,
    to: live,
    guards: ["an active contact of the account", "not a stakeholder yet"],
  },
  RemoveStakeholder: {
    command: "RemoveStakeholder",
    label: "remove a stakeholder",
    from: live,
    to: live,
    guards: ["a stakeholder of the deal"],
  },
  LinkContract: {
    command: "LinkContract",
    label: "link a contract",
    from: live,
    to: live,
    guards: ["a contract of the account", "not linked yet"],
  },
  SeedAmountFromBrief: {
    command: "SeedAmountFromBrief",
    label: "take the amount from the brief",
    from: live,
    to: live,
    guards: [
      "a brief of the account that leads to this deal",
      "an approved budget",
      "in the deal's currency",
      "a different amount",
    ],
  },
  OverrideProbability: {
    command: "OverrideProbability",
    label: "override the probability",
    from: live,
    to: live,
    guards: ["a whole number from 0 to 100", "a reason"],
  },
  ClearProbabilityOverride: {
    command: "ClearProbabilityOverride",
    label: "clear the probability override",
    from: live,
    to: live,
    guards: ["an override stands"],
  },
  RecordActivity: {
    command: "RecordActivity",
    label: "record an activity",
    from: live,
    to: live,
    guards: ["completed, not in the future"],
  },
  SetNextStep: {
    command: "SetNextStep",
    label: "set the next step",
    from: live,
    to: live,
    guards: ["a due date not in the past", "a different next step"],
  },
  ClearNextStep: {
    command: "ClearNextStep",
    label: "clear the next step",
    from: live,
    to: live,
    guards: ["a next step is set"],
  },
  // Only an open deal: one closed by hand keeps its own outcome (the follow-up is then refused, and says so).
  SettleRenewal: {
    command: "SettleRenewal",
    label: "settle the renewal",
    from: live,
    to: ["won", "lost"],
    guards: [
      "a contract of the account",
      "the deal is the contract's renewal deal",
      "the contract renewed, expired or was terminated",
      "the roles of the stage left and entered",
    ],
    automatic: true,
  },
} as const satisfies TransitionTable<OpportunityStatusOrNone, OpportunityCommand["type"]>;

// A closed deal's probability is a fact, not an estimate: forecasts count won deals as closed at 100 and lost
// ones as omitted at 0, whatever the won/lost stages of a custom pipeline were configured with.
const WON = { probability: 100, forecastCategory: "closed" } as const;
const LOST = { probability: 0, forecastCategory: "omitted" } as const;

function decide(
  state: OpportunityState,
  command: OpportunityCommand,
  ctx: OpportunityContext,
): Decision<OpportunityEvent> {
  const blocked = checkTransition("opportunity", opportunityTable, state.status, command.type);
  if (blocked) return err(blocked);
  invariant(
    state.status === "none" || state.pipelineId === ctx.pipeline.id,
    `deciding about a deal of pipeline ${state.status === "none" ? "" : state.pipelineId} with pipeline ${ctx.pipeline.id}`,
  );
  return match(command)
    .returnType<Decision<OpportunityEvent>>()
    .with({ type: "CreateOpportunity" }, (c) => create(c, ctx))
    .with({ type: "ImportOpportunity" }, (c) => importDeal(c, ctx))
    .with({ type: "MoveStage" }, (c) => moveStage(openDeal(state), c, ctx))
    .with({ type: "CloseAsWon" }, () => closeAsWon(openDeal(state), ctx))
    .with({ type: "CloseAsLost" }, (c) => closeAsLost(openDeal(state), c, ctx))
    .with({ type: "SettleRenewal" }, (c) => settleRenewal(openDeal(state), c, ctx))
    .with({ type: "Reopen" }, (c) => reopen(closedDeal(state), c, ctx))
    .with({ type: "UpdateDetails" }, (c) => updateDetails(openDeal(state), c, ctx))
    .with({ type: "RecordNeed" }, (c) =>
      openDeal(state).needs.includes(c.need)
        ? err(refuse.invalidInput("need", "This need is already recorded."))
        : ok([{ type: "NeedRecorded", at: ctx.now, need: c.need }]),
    )
    .with({ type: "SetBudget" }, (c) => {
      const amount = openDeal(state).amount;
      const mismatch = amount ? inCurrency(amount, c.budget) : undefined;
      return mismatch ? err(mismatch) : ok([{ type: "BudgetSet", at: ctx.now, budget: c.budget }]);
    })
    .with({ type: "SetProposal" }, (c) => {
      const amount = openDeal(state).amount;
      const mismatch = amount ? inCurrency(amount, c.amount) : undefined;
      if (mismatch) return err(mismatch);
      const { summary = null, sentOn = null } = c;
      return ok([{ type: "ProposalSet", at: ctx.now, amount: c.amount, summary, sentOn }]);
    })
    .with({ type: "AddStakeholder" }, (c) => {
      const refusal =
        checkContact(c.contactId, ctx) ??
        (openDeal(state).stakeholderIds.includes(c.contactId)
          ? refuse.invalidInput("contactId", `${c.contactId} is already a stakeholder of this deal.`)
          : undefined);
      return refusal ? err(refusal) : ok([{ type: "StakeholderAdded", at: ctx.now, contactId: c.contactId }]);
    })
    .with({ type: "RemoveStakeholder" }, (c) =>
      openDeal(state).stakeholderIds.includes(c.contactId)
        ? ok([{ type: "StakeholderRemoved", at: ctx.now, contactId: c.contactId }])
        : err(refuse.invalidInput("contactId", `${c.contactId} is not a stakeholder of this deal.`)),
    )
    .with({ type: "LinkContract" }, (c) => {
      if (!ctx.contracts.some((k) => k.id === c.contractId))
        return err(refuse.invalidInput("contractId", `${c.contractId} is not a contract of this account.`));
      if (openDeal(state).contractId === c.contractId)
        return err(refuse.invalidInput("contractId", `${c.contractId} is already linked to this deal.`));
      return ok([{ type: "ContractLinked", at: ctx.now, contractId: c.contractId }]);
    })
    .with({ type: "SeedAmountFromBrief" }, (c) => seedAmountFromBrief(openDeal(state), c, ctx))
    .with({ type: "OverrideProbability" }, (c) => {
      if (!isProbability(c.probability))
        return err(refuse.invalidInput("probability", "A probability is a whole number from 0 to 100."));
      const reason = c.reason?.trim();
      if (!reason) return err(refuse.reasonRequired("override the stage's probability"));
      return ok([{ type: "ProbabilityOverridden", at: ctx.now, probability: c.probability, reason }]);
    })
    .with({ type: "ClearProbabilityOverride" }, () => clearOverride(openDeal(state), ctx))
    .with({ type: "RecordActivity" }, (c) => recordActivity(openDeal(state), c, ctx))
    .with({ type: "SetNextStep" }, (c) => setNextStep(openDeal(state), c, ctx))
    .with({ type: "ClearNextStep" }, () => {
      const refusal = clearRefusal(openDeal(state), "ClearNextStep");
      return refusal ? err(refusal) : ok([{ type: "NextStepCleared", at: ctx.now }]);
    })
    .exhaustive();
}

const stageIds = (p: Pipeline): string[] => p.stages.map((s) => s.id);

/** A next step is due today or later (by the UTC date of the decision), and differs from the one standing. */
function setNextStep(
  deal: OpenOpportunity,
  c: Command<"SetNextStep">,
  ctx: OpportunityContext,
): Decision<OpportunityEvent> {
  const today = dateOf(ctx.now);
  if (c.dueOn !== null && c.dueOn < today)
    return err(
      refuse.invalidInput(
        "dueOn",
        `A next step cannot be due in the past: ${spellDate(c.dueOn, today)} is before today (${spellDate(today, today)}).`,
      ),
    );
  const text = c.text.trim();
  const standing = deal.nextStep;
  if (standing !== null && standing.text === text && standing.dueOn === c.dueOn)
    return err(refuse.invalidInput("text", "This is the deal's next step already."));
  return ok([{ type: "NextStepSet", at: ctx.now, text, dueOn: c.dueOn }]);
}

/**
 * Why a field-less clearing command cannot apply to the deal as it stands, or undefined when it can: there is no next
 * step to clear, or no probability override standing. `decide` refuses with it; an adapter asks it to offer the
 * command only where it applies.
 */
export function clearRefusal(
  deal: Pick<OpenOpportunity, "nextStep" | "probabilityOverride">,
  type: "ClearNextStep" | "ClearProbabilityOverride",
): Refusal | undefined {
  if (type === "ClearNextStep")
    return deal.nextStep === null
      ? refuse.invalidInput("nextStep", "This deal has no next step to clear.")
      : undefined;
  return deal.probabilityOverride
    ? undefined
    : refuse.invalidInput("probability", "There is no probability override to clear.");
}

/** What `SeedAmountFromBrief` reads of a brief (the context's `brief`, or a brief an adapter lists). */
export type SeedingBrief = Pick<Brief, "id" | "accountId" | "title" | "approvedBudget" | "opportunityId">;

/**
 * Why the brief's approved budget cannot become the deal's amount, or undefined when it can: the brief must be the
 * account's and lead to this deal (link it from the brief first), with a budget approved in the deal's currency,
 * and a different amount. `decide` refuses with it; an adapter asks it to offer the command only where it applies.
 */
export function seedFromBriefRefusal(
  deal: Pick<OpenOpportunity, "id" | "accountId" | "amount" | "budget" | "proposal">,
  brief: SeedingBrief,
): Refusal | undefined {
  if (brief.accountId !== deal.accountId)
    return refuse.invalidInput(
      "briefId",
      `The brief "${brief.title}" is another account's (${brief.accountId}).`,
    );
  if (brief.opportunityId !== deal.id)
    return refuse.invalidInput(
      "briefId",
      brief.opportunityId === null
        ? `The brief "${brief.title}" does not lead to this deal yet: link the deal from the brief first.`
        : `The brief "${brief.title}" leads to deal ${brief.opportunityId}, not to this one.`,
    );
  const budget = brief.approvedBudget;
  if (budget === null)
    return refuse.invalidInput("briefId", `The brief "${brief.title}" has no approved budget yet.`);
  // A deal with no amount yet takes the brief's, in a currency its budget and proposal (if any) share.
  const mismatch = deal.amount
    ? inCurrency(deal.amount, budget)
    : ((deal.budget ? inCurrency(deal.budget, budget) : undefined) ??
      (deal.proposal ? inCurrency(deal.proposal.amount, budget) : undefined));
  if (mismatch) return mismatch;
  if (deal.amount && budget.amount === deal.amount.amount)
    return refuse.invalidInput("briefId", `The deal's amount is already the brief's approved budget.`);
  return undefined;
}

/** The brief's approved budget becomes the deal's amount, where {@link seedFromBriefRefusal} finds nothing against it. */
function seedAmountFromBrief(
  deal: OpenOpportunity,
  c: Command<"SeedAmountFromBrief">,
  ctx: OpportunityContext,
): Decision<OpportunityEvent> {
  const brief = ctx.brief;
  if (!brief || brief.id !== c.briefId)
    return err(refuse.invalidInput("briefId", `There is no brief ${c.briefId} in this workspace.`));
  const refusal = seedFromBriefRefusal(deal, brief);
  const budget = brief.approvedBudget;
  if (refusal || budget === null)
    return err(
      refusal ?? refuse.invalidInput("briefId", `The brief "${brief.title}" has no approved budget yet.`),
    );
  return ok([{ type: "AmountSeededFromBrief", at: ctx.now, briefId: brief.id, amount: budget }]);
}

function create(c: Command<"CreateOpportunity">, ctx: OpportunityContext): Decision<OpportunityEvent> {
  const p = ctx.pipeline;
  const first = firstOpenStage(p);
  const stageId = c.stageId ?? first.id;
  const stage = findStage(p, stageId);
  if (!stage) return err(refuse.unknownStage(stageId, p.name, stageIds(p)));
  const needs = [...new Set(c.needs)];
  const stakeholderIds = [...new Set(c.stakeholderIds)];
  const deal = { needs, budget: c.budget, proposal: null, stakeholderIds, contractId: null };
  // Starting in a later stage is moving there from the first one: the criteria of the stages before it apply.
  const entry: StageMove = {
    fromStageId: first.id,
    toStageId: stage.id,
    from: 0,
    to: openPosition(p, stage.id),
  };
  const refusal =
    checkCreationStage(p, stage) ??
    checkStageRoles(ctx.actor.role, [stage]) ??
    checkDetailsRequired(stage, c) ??
    (c.budget && c.amount ? inCurrency(c.amount, c.budget) : undefined) ??
    stakeholderIds.map((id) => checkContact(id, ctx, "stakeholderIds")).find(Boolean) ??
    checkExitCriteria(p, deal, ctx, entry);
  if (refusal) return err(refusal);
  return ok([
    {
      type: "OpportunityCreated",
      at: ctx.now,
      opportunityId: c.opportunityId,
      accountId: c.accountId,
      ownerId: c.ownerId,
      name: c.name,
      opportunityType: c.opportunityType,
      pipelineId: p.id,
      stageId: stage.id,
      amount: c.amount,
      closeDate: c.closeDate,
      probability: stage.probability,
      forecastCategory: stage.forecastCategory,
      needs,
      budget: c.budget,
      stakeholderIds,
      leadSource: c.leadSource ?? null,
      serviceLine: c.serviceLine ?? null,
    },
  ]);
}

function importDeal(c: Command<"ImportOpportunity">, ctx: OpportunityContext): Decision<OpportunityEvent> {
  const p = ctx.pipeline;
  const stage = findStage(p, c.stageId);
  if (!stage) return err(refuse.unknownStage(c.stageId, p.name, stageIds(p)));
  const status = stage.kind;
  const refusal =
    checkStageRoles(ctx.actor.role, [stage]) ??
    checkOwner(c.ownerId, ctx) ??
    checkImportedClose(c, status, stage.label) ??
    checkDetailsRequired(stage, c) ??
    checkImportedProbability(c, status);
  if (refusal) return err(refusal);
  // Only the moments the source gave are judged; the ones left out follow from them.
  const order = checkMoments(
    [
      ["createdAt", c.createdAt],
      ["stageEnteredAt", c.stageEnteredAt],
      ["closedAt", c.closedAt],
    ],
    ctx.now,
  );
  if (order) return err(order);
  const stageEnteredAt = c.stageEnteredAt ?? c.closedAt ?? ctx.now;
  const createdAt = c.createdAt ?? stageEnteredAt;
  const closed = status === "won" ? WON : status === "lost" ? LOST : undefined;
  const probability = closed?.probability ?? c.probability ?? stage.probability;
  return ok([
    {
      type: "OpportunityImported",
      at: ctx.now,
      opportunityId: c.opportunityId,
      accountId: c.accountId,
      ownerId: c.ownerId,
      name: c.name,
      opportunityType: c.opportunityType,
      pipelineId: p.id,
      status,
      stageId: stage.id,
      probability,
      // The source's own probability is kept as the override it was there, with where it came from as the reason.
      probabilityOverride:
        !closed && probability !== stage.probability
          ? { probability, reason: `imported from ${c.importedFrom.source}` }
          : null,
      forecastCategory: closed?.forecastCategory ?? stage.forecastCategory,
      amount: c.amount,
      closeDate: c.closeDate,
      createdAt,
      stageEnteredAt,
      closedAt: c.closedAt ?? null,
      lossReason: c.lossReason?.trim() || null,
      importedFrom: c.importedFrom,
      leadSource: c.leadSource ?? null,
      serviceLine: c.serviceLine ?? null,
    },
  ]);
}

/** Refuses an owner who is not an active member of the workspace. */
function checkOwner(ownerId: MemberId, ctx: OpportunityContext): Refusal | undefined {
  invariant(ctx.members, "ImportOpportunity is decided with the workspace's members in its context");
  const member = ctx.members.find((m) => m.id === ownerId);
  if (!member) return refuse.invalidInput("ownerId", `${ownerId} is not a member of this workspace.`);
  return member.active
    ? undefined
    : refuse.invalidInput("ownerId", `${ownerId} has been deactivated and cannot own deals.`);
}

/** A closed deal says when it closed (and a lost one why); an open one has neither. */
function checkImportedClose(
  c: Command<"ImportOpportunity">,
  status: OpportunityState["status"],
  label: string,
): Refusal | undefined {
  if (status === "open" && c.closedAt !== undefined)
    return refuse.invalidInput("closedAt", `A deal in ${label} is open: it has not closed.`);
  if (status !== "open" && c.closedAt === undefined)
    return refuse.invalidInput("closedAt", `A deal in ${label} is closed: say when it closed.`);
  if (status !== "lost" && c.lossReason !== undefined)
    return refuse.invalidInput("lossReason", `Only a lost deal has a loss reason; this one is in ${label}.`);
  if (status === "lost" && !c.lossReason?.trim()) return refuse.reasonRequired("import a lost deal");
  return undefined;
}

/** A closed deal's probability is a fact (100 won, 0 lost): a source that says otherwise is refused. */
function checkImportedProbability(
  c: Command<"ImportOpportunity">,
  status: OpportunityState["status"],
): Refusal | undefined {
  const fact = status === "won" ? WON.probability : status === "lost" ? LOST.probability : undefined;
  return fact !== undefined && c.probability !== undefined && c.probability !== fact
    ? refuse.invalidInput(
        "probability",
        `A ${status} deal has a probability of ${fact}, not ${c.probability}.`,
      )
    : undefined;
}

/** Refuses a moment in the future, or one before a moment listed ahead of it. */
function checkMoments(
  moments: readonly (readonly [string, Timestamp | undefined])[],
  now: Timestamp,
): Refusal | undefined {
  let previous: readonly [string, Timestamp] | undefined;
  for (const [field, at] of moments) {
    if (at === undefined) continue;
    if (compareTimestamps(at, now) > 0)
      return refuse.invalidInput(
        field,
        `${field} ${at} is still ahead: an imported deal's history has happened.`,
      );
    if (previous && compareTimestamps(at, previous[1]) < 0)
      return refuse.invalidInput(field, `${field} ${at} comes before ${previous[0]} ${previous[1]}.`);
    previous = [field, at];
  }
  return undefined;
}

function moveStage(
  deal: OpenOpportunity,
  c: Command<"MoveStage">,
  ctx: OpportunityContext,
): Decision<OpportunityEvent> {
  const p = ctx.pipeline;
  const target = findStage(p, c.stageId);
  if (!target) return err(refuse.unknownStage(c.stageId, p.name, stageIds(p)));
  if (target.kind !== "open") {
    return err(
      refuse.invalidInput("stageId", `${target.label} closes the deal: close it as ${target.kind} instead.`),
    );
  }
  if (target.id === deal.stageId) {
    return err(refuse.invalidInput("stageId", `The deal is already in ${target.label}.`));
  }
  const move: StageMove = {
    fromStageId: deal.stageId,
    toStageId: target.id,
    from: openPosition(p, deal.stageId),
    to: openPosition(p, target.id),
  };
  const refusal =
    checkStageRoles(ctx.actor.role, [findStage(p, deal.stageId), target]) ??
    checkBackward(p, move) ??
    checkSkipping(p, move) ??
    checkDetailsRequired(target, deal) ??
    checkExitCriteria(p, deal, ctx, move);
  if (refusal) return err(refusal);
  return ok([
    {
      type: "OpportunityStageChanged",
      at: ctx.now,
      fromStageId: deal.stageId,
      toStageId: target.id,
      reason: c.reason?.trim() || null,
      probability: target.probability,
      forecastCategory: target.forecastCategory,
    },
  ]);
}

function closeAsWon(deal: OpenOpportunity, ctx: OpportunityContext): Decision<OpportunityEvent> {
  const p = ctx.pipeline;
  const won = wonStage(p);
  const move: StageMove = {
    fromStageId: deal.stageId,
    toStageId: won.id,
    from: openPosition(p, deal.stageId),
    to: openStages(p).length,
  };
  // Winning re-checks the criteria of every open stage, not only those still ahead: a criterion met on the
  // way (a decision maker since removed) must still hold on the one event every report trusts.
  const refusal =
    checkStageRoles(ctx.actor.role, [findStage(p, deal.stageId), won]) ??
    checkSkipping(p, move) ??
    checkDetailsRequired(won, deal) ??
    checkExitCriteria(p, deal, ctx, { ...move, from: 0 });
  if (refusal) return err(refusal);
  return ok([{ type: "OpportunityWon", at: ctx.now, stageId: won.id, ...WON }]);
}

function closeAsLost(
  deal: OpenOpportunity,
  c: Command<"CloseAsLost">,
  ctx: OpportunityContext,
): Decision<OpportunityEvent> {
  const lost = lostStage(ctx.pipeline);
  // The reason is checked last, so a UI probing the move learns "only a reason is missing".
  const refusal =
    checkStageRoles(ctx.actor.role, [findStage(ctx.pipeline, deal.stageId), lost]) ??
    checkDetailsRequired(lost, deal);
  if (refusal) return err(refusal);
  const reason = c.lossReason?.trim();
  if (!reason) return err(refuse.reasonRequired("close a deal as lost"));
  return ok([{ type: "OpportunityLost", at: ctx.now, stageId: lost.id, reason, ...LOST }]);
}

function settleRenewal(
  deal: OpenOpportunity,
  c: Command<"SettleRenewal">,
  ctx: OpportunityContext,
): Decision<OpportunityEvent> {
  const contract = ctx.contracts.find((k) => k.id === c.contractId);
  if (!contract) {
    return err(refuse.invalidInput("contractId", `This deal's account has no contract ${c.contractId}.`));
  }
  invariant(isSettlingContract(contract), "SettleRenewal decided without the contract's renewal facts");
  const settled = renewalSettlement(contract, deal.id);
  if (!settled) {
    return err(
      refuse.invalidInput(
        "contractId",
        contract.renewalOpportunityId === deal.id || contract.previousRenewalOpportunityId === deal.id
          ? `Contract ${contract.id} is ${contract.status}: its renewal is not decided yet.`
          : `This deal is not the renewal deal of contract ${contract.id}.`,
      ),
    );
  }
  const p = ctx.pipeline;
  const target = settled.outcome === "won" ? wonStage(p) : lostStage(p);
  // No exit criteria, no skipping, no details required: the contract's fate decided the deal, wherever it stood
  // (a follow-up refused for a missing amount would leave a settled contract's deal open for ever).
  const refusal = checkStageRoles(ctx.actor.role, [findStage(p, deal.stageId), target]);
  if (refusal) return err(refusal);
  if (settled.outcome === "lost") {
    return ok([
      { type: "OpportunityLost", at: ctx.now, stageId: target.id, reason: settled.because, ...LOST },
    ]);
  }
  const link: OpportunityEvent[] =
    deal.contractId === null ? [{ type: "ContractLinked", at: ctx.now, contractId: settled.contractId }] : [];
  return ok([...link, { type: "OpportunityWon", at: ctx.now, stageId: target.id, ...WON }]);
}

function reopen(
  deal: WonOpportunity | LostOpportunity,
  c: Command<"Reopen">,
  ctx: OpportunityContext,
): Decision<OpportunityEvent> {
  const p = ctx.pipeline;
  // Where the deal stood before closing is not kept, so it reopens in the first open stage unless told.
  const stageId = c.stageId ?? firstOpenStage(p).id;
  const target = findStage(p, stageId);
  if (!target) return err(refuse.unknownStage(stageId, p.name, stageIds(p)));
  if (target.kind !== "open") {
    return err(
      refuse.invalidInput("stageId", `A deal reopens into an open stage; ${target.label} is not one.`),
    );
  }
  // Reopening is neither a backward move nor a skip, but it enters a stage: the criteria before it apply.
  const entry: StageMove = {
    fromStageId: deal.stageId,
    toStageId: target.id,
    from: 0,
    to: openPosition(p, target.id),
  };
  const refusal =
    checkStageRoles(ctx.actor.role, [findStage(p, deal.stageId), target]) ??
    checkDetailsRequired(target, deal) ??
    checkExitCriteria(p, deal, ctx, entry);
  if (refusal) return err(refusal);
  const reason = c.reason?.trim();
  if (!reason) return err(refuse.reasonRequired("reopen a closed deal"));
  return ok([
    {
      type: "OpportunityReopened",
      at: ctx.now,
      stageId: target.id,
      reason,
      probability: target.probability,
      forecastCategory: target.forecastCategory,
    },
  ]);
}

function updateDetails(
  deal: OpenOpportunity,
  c: Command<"UpdateDetails">,
  ctx: OpportunityContext,
): Decision<OpportunityEvent> {
  const changes: OpportunityDetailsChanges = {};
  if (c.name !== undefined && c.name !== deal.name) changes.name = c.name;
  if (c.amount !== undefined && !sameMoney(c.amount, deal.amount)) changes.amount = c.amount;
  if (c.closeDate !== undefined && c.closeDate !== deal.closeDate) changes.closeDate = c.closeDate;
  if (c.ownerId !== undefined && c.ownerId !== deal.ownerId) changes.ownerId = c.ownerId;
  if (c.opportunityType !== undefined && c.opportunityType !== deal.type) changes.type = c.opportunityType;
  if (c.leadSource !== undefined && c.leadSource !== deal.leadSource) changes.leadSource = c.leadSource;
  if (c.serviceLine !== undefined && c.serviceLine !== deal.serviceLine) changes.serviceLine = c.serviceLine;
  // Clearing what the stage requires is refused; a deal already lacking it (its stage's requirement added later)
  // may still have its other details changed.
  if (changes.amount === null || changes.closeDate === null) {
    const stage = findStage(ctx.pipeline, deal.stageId);
    const refusal = stage ? checkDetailsRequired(stage, { ...deal, ...changes }) : undefined;
    if (refusal) return err(refusal);
  }
  if (changes.amount) {
    // The budget and proposal were given in the deal's currency; without a rate they cannot follow a change.
    const mismatch =
      (deal.budget ? inCurrency(deal.budget, changes.amount) : undefined) ??
      (deal.proposal ? inCurrency(deal.proposal.amount, changes.amount) : undefined);
    if (mismatch) return err(mismatch);
  }
  // Saving a form with nothing changed is not a mistake, and nothing happened: no event.
  if (Object.keys(changes).length === 0) return ok([]);
  return ok([{ type: "OpportunityDetailsUpdated", at: ctx.now, changes }]);
}

function clearOverride(deal: OpenOpportunity, ctx: OpportunityContext): Decision<OpportunityEvent> {
  const refusal = clearRefusal(deal, "ClearProbabilityOverride");
  if (refusal) return err(refusal);
  // The probability the deal had on entering the stage is not kept: it returns to the stage's current default.
  const stage = findStage(ctx.pipeline, deal.stageId);
  if (!stage) return err(refuse.unknownStage(deal.stageId, ctx.pipeline.name, stageIds(ctx.pipeline)));
  return ok([{ type: "ProbabilityOverrideCleared", at: ctx.now, probability: stage.probability }]);
}

function recordActivity(
  deal: OpenOpportunity,
  c: Command<"RecordActivity">,
  ctx: OpportunityContext,
): Decision<OpportunityEvent> {
  if (compareTimestamps(c.at, ctx.now) > 0) {
    return err(
      refuse.invalidInput(
        "at",
        "Only a completed activity resets the rotting clock; this one is still ahead.",
      ),
    );
  }
  // An activity older than the last one recorded does not move the clock back.
  if (deal.lastActivityAt && compareTimestamps(c.at, deal.lastActivityAt) <= 0) return ok([]);
  return ok([{ type: "ActivityRecorded", at: ctx.now, activityAt: c.at }]);
}

function firstOpenStage(p: Pipeline): PipelineStage {
  const first = openStages(p)[0];
  invariant(first, `pipeline ${p.id} has no open stage`);
  return first;
}

const isProbability = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 100;

const sameMoney = (a: Money | null, b: Money | null): boolean =>
  a === null || b === null ? a === b : a.amount === b.amount && a.currency === b.currency;

/** A refusal when `actual` is not in the currency of `expected`. */
function inCurrency(expected: Money, actual: Money): Refusal | undefined {
  return expected.currency === actual.currency
    ? undefined
    : currencyMismatch(expected.currency, actual.currency);
}

function checkContact(
  id: Opportunity["stakeholderIds"][number],
  ctx: OpportunityContext,
  field = "contactId",
): Refusal | undefined {
  return ctx.contacts.some((k) => k.id === id && k.active)
    ? undefined
    : refuse.invalidInput(field, `${id} is not an active contact of this account.`);
}

// checkTransition has vouched for the status; these narrow the type and catch a table that says otherwise.
function openDeal(s: OpportunityState): OpenOpportunity {
  invariant(s.status === "open", `expected an open deal, got ${s.status}`);
  return s;
}

function closedDeal(s: OpportunityState): WonOpportunity | LostOpportunity {
  invariant(s.status === "won" || s.status === "lost", `expected a closed deal, got ${s.status}`);
  return s;
}

function opened(state: OpportunityState, event: OpportunityEvent): OpenOpportunity {
  if (state.status !== "open") {
    throw new InvariantViolation(`${event.type} applied to a deal that is ${state.status}, not open`);
  }
  return state;
}

function imported(
  state: OpportunityState,
  e: Extract<OpportunityEvent, { type: "OpportunityImported" }>,
): Opportunity {
  if (state.status !== "none") throw new InvariantViolation(`deal ${e.opportunityId} already exists`);
  const open: OpenOpportunity = {
    id: e.opportunityId,
    status: "open",
    accountId: e.accountId,
    ownerId: e.ownerId,
    name: e.name,
    type: e.opportunityType,
    pipelineId: e.pipelineId,
    stageId: e.stageId,
    amount: e.amount,
    closeDate: e.closeDate,
    probability: e.probability,
    probabilityOverride: e.probabilityOverride,
    forecastCategory: e.forecastCategory,
    needs: [],
    budget: null,
    proposal: null,
    stakeholderIds: [],
    contractId: null,
    createdAt: e.createdAt,
    stageEnteredAt: e.stageEnteredAt,
    lastActivityAt: null,
    leadSource: e.leadSource ?? null,
    serviceLine: e.serviceLine ?? null,
    nextStep: null,
    ...sourceOf(e.importedFrom),
  };
  if (e.status === "open") return open;
  if (e.closedAt === null) throw new InvariantViolation(`${e.type}: a ${e.status} deal without closedAt`);
  if (e.status === "won") return { ...open, status: "won", closedAt: e.closedAt };
  if (e.lossReason === null) throw new InvariantViolation(`${e.type}: a lost deal without a loss reason`);
  return { ...open, status: "lost", closedAt: e.closedAt, lossReason: e.lossReason };
}

/** The closed deal without what only a closed deal has, ready to be open again. */
function reopened(state: OpportunityState, event: OpportunityEvent): Omit<OpenOpportunity, "status"> {
  if (state.status === "won") {
    const { status: _status, closedAt: _closedAt, ...rest } = state;
    return rest;
  }
  if (state.status === "lost") {
    const { status: _status, closedAt: _closedAt, lossReason: _lossReason, ...rest } = state;
    return rest;
  }
  throw new InvariantViolation(`${event.type} applied to a deal that is ${state.status}, not closed`);
}

function evolve(state: OpportunityState, event: OpportunityEvent): OpportunityState {
  switch (event.type) {
    case "OpportunityImported":
      return imported(state, event);
    case "OpportunityCreated":
      if (state.status !== "none") throw new InvariantViolation(`deal ${event.opportunityId} already exists`);
      return {
        id: event.opportunityId,
        status: "open",
        accountId: event.accountId,
        ownerId: event.ownerId,
        name: event.name,
        type: event.opportunityType,
        pipelineId: event.pipelineId,
        stageId: event.stageId,
        amount: event.amount,
        closeDate: event.closeDate,
        probability: event.probability,
        probabilityOverride: null,
        forecastCategory: event.forecastCategory,
        needs: event.needs,
        budget: event.budget,
        proposal: null,
        stakeholderIds: event.stakeholderIds,
        contractId: null,
        createdAt: event.at,
        stageEnteredAt: event.at,
        lastActivityAt: null,
        leadSource: event.leadSource ?? null,
        serviceLine: event.serviceLine ?? null,
        nextStep: null,
      };
    case "OpportunityStageChanged":
      return {
        ...opened(state, event),
        stageId: event.toStageId,
        probability: event.probability,
        probabilityOverride: null,
        forecastCategory: event.forecastCategory,
        stageEnteredAt: event.at,
      };
    case "OpportunityWon":
      return {
        ...opened(state, event),
        status: "won",
        stageId: event.stageId,
        probability: event.probability,
        probabilityOverride: null,
        forecastCategory: event.forecastCategory,
        stageEnteredAt: event.at,
        closedAt: event.at,
      };
    case "OpportunityLost":
      return {
        ...opened(state, event),
        status: "lost",
        stageId: event.stageId,
        probability: event.probability,
        probabilityOverride: null,
        forecastCategory: event.forecastCategory,
        stageEnteredAt: event.at,
        closedAt: event.at,
        lossReason: event.reason,
      };
    case "OpportunityReopened":
      return {
        ...reopened(state, event),
        status: "open",
        stageId: event.stageId,
        probability: event.probability,
        probabilityOverride: null,
        forecastCategory: event.forecastCategory,
        stageEnteredAt: event.at,
      };
    case "OpportunityDetailsUpdated":
      return { ...opened(state, event), ...event.changes };
    case "NeedRecorded": {
      const s = opened(state, event);
      return { ...s, needs: [...s.needs, event.need] };
    }
    case "BudgetSet":
      return { ...opened(state, event), budget: event.budget };
    case "ProposalSet":
      return {
        ...opened(state, event),
        proposal: { amount: event.amount, summary: event.summary, sentOn: event.sentOn },
      };
    case "StakeholderAdded": {
      const s = opened(state, event);
      return { ...s, stakeholderIds: [...s.stakeholderIds, event.contactId] };
    }
    case "StakeholderRemoved": {
      const s = opened(state, event);
      return { ...s, stakeholderIds: s.stakeholderIds.filter((id) => id !== event.contactId) };
    }
    case "ContractLinked":
      return { ...opened(state, event), contractId: event.contractId };
    case "AmountSeededFromBrief":
      return { ...opened(state, event), amount: event.amount };
    case "ProbabilityOverridden": {
      const probabilityOverride: ProbabilityOverride = {
        probability: event.probability,
        reason: event.reason,
      };
      return { ...opened(state, event), probability: event.probability, probabilityOverride };
    }
    case "ProbabilityOverrideCleared":
      return { ...opened(state, event), probability: event.probability, probabilityOverride: null };
    case "ActivityRecorded":
      return { ...opened(state, event), lastActivityAt: event.activityAt };
    case "NextStepSet":
      return { ...opened(state, event), nextStep: { text: event.text, dueOn: event.dueOn } };
    case "NextStepCleared":
      return { ...opened(state, event), nextStep: null };
    default:
      return assertNever(event, "opportunity event");
  }
}

/**
 * Opportunity: open in a stage of its pipeline → won or lost, and back to open by reopening. Every pipeline
 * rule (exit criteria, no skipping, no moving back, stage roles, creation stages) is checked here, so no path
 * bypasses it.
 */
export const opportunityMachine: Machine<
  OpportunityState,
  OpportunityCommand,
  OpportunityEvent,
  OpportunityContext
> = {
  name: "opportunity",
  initial: { status: "none" },
  statuses: ["none", "open", "won", "lost"],
  // Won and lost deals can be reopened, so no status is final.
  terminal: [],
  table: opportunityTable,
  decide,
  evolve,
};

/**
 * The command that "move this deal to stage X" means (a board drop, `accountable opp move <id> proposal`):
 * MoveStage between open stages, CloseAsWon / CloseAsLost into the closing stages (the reason becomes the loss
 * reason), Reopen from a closed deal into an open stage. Moves that make no sense (a won deal to lost) map to
 * the nearest command and `decide` explains the refusal.
 */
export function stageMoveCommand(
  opp: Opportunity,
  pipeline: Pipeline,
  stageId: StageId,
  reason?: string,
): OpportunityCommand {
  const kind = findStage(pipeline, stageId)?.kind;
  if (kind === "won") return { type: "CloseAsWon" };
  if (kind === "lost")
    return reason === undefined ? { type: "CloseAsLost" } : { type: "CloseAsLost", lossReason: reason };
  const withReason = reason === undefined ? {} : { reason };
  return opp.status === "open"
    ? { type: "MoveStage", stageId, ...withReason }
    : { type: "Reopen", stageId, ...withReason };
}

/** One stage of the deal's pipeline and whether the deal may move there now, or why not. */
export type StageMoveOption = MoveOption<OpportunityCommand, OpportunityEvent> & {
  readonly stage: PipelineStage;
};

/**
 * Every stage of the pipeline with what dropping the deal there would do, so a board can grey out blocked
 * stages and say why before asking the server. A `ReasonRequired` refusal means only the reason is missing.
 */
export function explainStageMoves(
  state: OpportunityState,
  ctx: OpportunityContext,
  reason?: string,
): StageMoveOption[] {
  const stages = ctx.pipeline.stages;
  const candidates = stages.map(
    (s): OpportunityCommand =>
      state.status === "none"
        ? { type: "MoveStage", stageId: s.id }
        : stageMoveCommand(state, ctx.pipeline, s.id, reason),
  );
  return explainMoves(opportunityMachine, state, candidates, ctx).map((option, i) => {
    const stage = stages[i];
    invariant(stage, "one option per stage");
    return { ...option, stage };
  });
}
