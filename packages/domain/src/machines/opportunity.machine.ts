import { OPPORTUNITY_STATUSES } from "../entities/opportunity.ts";

export * from "./opportunity.commands.ts";
export { decideOpportunity } from "./opportunity.decide.ts";
export {
  clearRefusal,
  type OpportunityGuard,
  opportunityGuards,
  seedFromBriefRefusal,
} from "./opportunity.guards.ts";
export * from "./opportunity.table.ts";

import { sourceOf } from "../entities/imported-from.ts";
import type { OpenOpportunity, Opportunity, ProbabilityOverride } from "../entities/opportunity.ts";
import { findStage, type Pipeline, type PipelineStage } from "../entities/pipeline.ts";
import type { StageId } from "../kernel/ids.ts";
import { explainMoves, type Machine, type MoveOption } from "../kernel/machine.ts";
import { assertNever, InvariantViolation, invariant } from "../kernel/result.ts";
import type {
  OpportunityCommand,
  OpportunityContext,
  OpportunityEvent,
  OpportunityState,
} from "./opportunity.commands.ts";
import { decideOpportunity } from "./opportunity.decide.ts";
import { opportunityGuards } from "./opportunity.guards.ts";
import { opportunityTable } from "./opportunity.table.ts";

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
  statuses: ["none", ...OPPORTUNITY_STATUSES],
  // Won and lost deals can be reopened, so no status is final.
  terminal: [],
  table: opportunityTable,
  guards: opportunityGuards,
  decide: decideOpportunity,
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
