import { match } from "ts-pattern";
import type { LostOpportunity, OpenOpportunity, WonOpportunity } from "../entities/opportunity.ts";
import { findStage, lostStage, wonStage } from "../entities/pipeline.ts";
import { compareTimestamps } from "../kernel/calendar-date.ts";
import type { StageId } from "../kernel/ids.ts";
import { checkGuards, checkTransition, type Decision } from "../kernel/machine.ts";
import { err, InvariantViolation, invariant, ok } from "../kernel/result.ts";
import type {
  OpportunityCommand,
  OpportunityContext,
  OpportunityEvent,
  OpportunityState,
} from "./opportunity.commands.ts";
import {
  detailsChanges,
  firstOpenStage,
  LOST,
  opportunityGuards,
  seedingBrief,
  settlementOf,
  stakeholdersOf,
  WON,
} from "./opportunity.guards.ts";
import { opportunityTable } from "./opportunity.table.ts";

type Command<T extends OpportunityCommand["type"]> = Extract<OpportunityCommand, { readonly type: T }>;

// The opportunity machine's decisions: the table's guards (opportunity.guards.ts) have passed, in the row's order,
// so each command's events are built here.

/** The stage a command names, where the guard aStageOfThePipeline has vouched for it. */
function stageNamed(ctx: OpportunityContext, stageId: StageId) {
  const stage = findStage(ctx.pipeline, stageId);
  if (!stage) throw new InvariantViolation(`the guard aStageOfThePipeline let stage ${stageId} through`);
  return stage;
}

/** The opportunity machine's `decide`: the events a command leads to, or why it is refused. */
export function decideOpportunity(
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
  const refused = checkGuards(opportunityGuards, opportunityTable[command.type].guards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<OpportunityEvent>>()
    .with({ type: "CreateOpportunity" }, (c) => create(c, ctx))
    .with({ type: "ImportOpportunity" }, (c) => importDeal(c, ctx))
    .with({ type: "MoveStage" }, (c) => {
      const deal = openDeal(state);
      const target = stageNamed(ctx, c.stageId);
      return ok([
        {
          type: "OpportunityStageChanged",
          at,
          fromStageId: deal.stageId,
          toStageId: target.id,
          reason: c.reason?.trim() || null,
          probability: target.probability,
          forecastCategory: target.forecastCategory,
        },
      ]);
    })
    .with({ type: "CloseAsWon" }, () =>
      ok([{ type: "OpportunityWon", at, stageId: wonStage(ctx.pipeline).id, ...WON }]),
    )
    .with({ type: "CloseAsLost" }, (c) =>
      ok([
        {
          type: "OpportunityLost",
          at,
          stageId: lostStage(ctx.pipeline).id,
          reason: trimmed(c.lossReason),
          ...LOST,
        },
      ]),
    )
    .with({ type: "SettleRenewal" }, (c) => settleRenewal(openDeal(state), c, ctx))
    .with({ type: "Reopen" }, (c) => {
      closedDeal(state);
      const target = stageNamed(ctx, c.stageId ?? firstOpenStage(ctx.pipeline).id);
      return ok([
        {
          type: "OpportunityReopened",
          at,
          stageId: target.id,
          reason: trimmed(c.reason),
          probability: target.probability,
          forecastCategory: target.forecastCategory,
        },
      ]);
    })
    .with({ type: "UpdateDetails" }, (c) => {
      const changes = detailsChanges(openDeal(state), c);
      // Saving a form with nothing changed is not a mistake, and nothing happened: no event.
      if (Object.keys(changes).length === 0) return ok([]);
      return ok([{ type: "OpportunityDetailsUpdated", at, changes }]);
    })
    .with({ type: "RecordNeed" }, (c) => ok([{ type: "NeedRecorded", at, need: c.need }]))
    .with({ type: "SetBudget" }, (c) => ok([{ type: "BudgetSet", at, budget: c.budget }]))
    .with({ type: "SetProposal" }, (c) => {
      const { summary = null, sentOn = null } = c;
      return ok([{ type: "ProposalSet", at, amount: c.amount, summary, sentOn }]);
    })
    .with({ type: "AddStakeholder" }, (c) => ok([{ type: "StakeholderAdded", at, contactId: c.contactId }]))
    .with({ type: "RemoveStakeholder" }, (c) =>
      ok([{ type: "StakeholderRemoved", at, contactId: c.contactId }]),
    )
    .with({ type: "LinkContract" }, (c) => ok([{ type: "ContractLinked", at, contractId: c.contractId }]))
    .with({ type: "SeedAmountFromBrief" }, (c) => {
      const brief = seedingBrief(c, ctx);
      const amount = brief.approvedBudget;
      if (amount === null)
        throw new InvariantViolation("the guard anApprovedBudget let a brief without one through");
      return ok([{ type: "AmountSeededFromBrief", at, briefId: brief.id, amount }]);
    })
    .with({ type: "OverrideProbability" }, (c) =>
      ok([{ type: "ProbabilityOverridden", at, probability: c.probability, reason: trimmed(c.reason) }]),
    )
    .with({ type: "ClearProbabilityOverride" }, () => {
      // The probability the deal had on entering the stage is not kept: it returns to the stage's current default.
      const stage = stageNamed(ctx, openDeal(state).stageId);
      return ok([{ type: "ProbabilityOverrideCleared", at, probability: stage.probability }]);
    })
    .with({ type: "RecordActivity" }, (c) => {
      const deal = openDeal(state);
      // An activity older than the last one recorded does not move the clock back.
      if (deal.lastActivityAt && compareTimestamps(c.at, deal.lastActivityAt) <= 0) return ok([]);
      return ok([{ type: "ActivityRecorded", at, activityAt: c.at }]);
    })
    .with({ type: "SetNextStep" }, (c) =>
      ok([{ type: "NextStepSet", at, text: c.text.trim(), dueOn: c.dueOn }]),
    )
    .with({ type: "ClearNextStep" }, () => ok([{ type: "NextStepCleared", at }]))
    .exhaustive();
}

/** A reason the guards found given, trimmed. */
function trimmed(reason: string | undefined): string {
  const text = reason?.trim();
  if (!text) throw new InvariantViolation("a reason guard let a blank reason through");
  return text;
}

function create(c: Command<"CreateOpportunity">, ctx: OpportunityContext): Decision<OpportunityEvent> {
  const stage = stageNamed(ctx, c.stageId ?? firstOpenStage(ctx.pipeline).id);
  return ok([
    {
      type: "OpportunityCreated",
      at: ctx.now,
      opportunityId: c.opportunityId,
      accountId: c.accountId,
      ownerId: c.ownerId,
      name: c.name,
      opportunityType: c.opportunityType,
      pipelineId: ctx.pipeline.id,
      stageId: stage.id,
      amount: c.amount,
      closeDate: c.closeDate,
      probability: stage.probability,
      forecastCategory: stage.forecastCategory,
      needs: [...new Set(c.needs)],
      budget: c.budget,
      stakeholderIds: stakeholdersOf(c),
      leadSource: c.leadSource ?? null,
      serviceLine: c.serviceLine ?? null,
    },
  ]);
}

function importDeal(c: Command<"ImportOpportunity">, ctx: OpportunityContext): Decision<OpportunityEvent> {
  const p = ctx.pipeline;
  const stage = stageNamed(ctx, c.stageId);
  const status = stage.kind;
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

// No exit criteria, no skipping, no details required: the contract's fate decided the deal, wherever it stood
// (a follow-up refused for a missing amount would leave a settled contract's deal open for ever).
function settleRenewal(
  deal: OpenOpportunity,
  c: Command<"SettleRenewal">,
  ctx: OpportunityContext,
): Decision<OpportunityEvent> {
  const settled = settlementOf(deal, c, ctx);
  if (!settled) throw new InvariantViolation("the guard aDecidedRenewal let an undecided renewal through");
  const p = ctx.pipeline;
  if (settled.outcome === "lost") {
    return ok([
      { type: "OpportunityLost", at: ctx.now, stageId: lostStage(p).id, reason: settled.because, ...LOST },
    ]);
  }
  const link: OpportunityEvent[] =
    deal.contractId === null ? [{ type: "ContractLinked", at: ctx.now, contractId: settled.contractId }] : [];
  return ok([...link, { type: "OpportunityWon", at: ctx.now, stageId: wonStage(p).id, ...WON }]);
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
