import { type Contact, hasContactRole } from "../entities/contact.ts";
import { BINDING_CONTRACT_STATUSES, type Contract, type ContractStatus } from "../entities/contract.ts";
import type { Role } from "../entities/member.ts";
import type { Opportunity } from "../entities/opportunity.ts";
import {
  type ExitCriterion,
  missingDetails,
  openStages,
  type Pipeline,
  type PipelineStage,
} from "../entities/pipeline.ts";
import type { StageId } from "../kernel/ids.ts";
import { type Refusal, refuse } from "../kernel/refusal.ts";
import { assertNever } from "../kernel/result.ts";
import { listInWords } from "../kernel/text.ts";
import type { OpportunityCommand } from "./opportunity.commands.ts";

// The pipeline rules an opportunity must obey on every path (board drop, CLI, API, automation): exit criteria,
// no skipping, no moving back, stage roles, creation stages. Each check returns a refusal or `undefined`,
// like `checkTransition`, so `decide` reads as a list of checks.

/** What the exit criteria look at on a deal (a created deal, or the fields of a create command). */
export type CriteriaSubject = Pick<
  Opportunity,
  "needs" | "budget" | "proposal" | "stakeholderIds" | "contractId"
>;

/** The account's people and contracts, which some criteria must look up. */
export interface AccountFacts {
  readonly contacts: readonly Pick<Contact, "id" | "roles" | "active">[];
  readonly contracts: readonly Pick<Contract, "id" | "status">[];
}

/**
 * A decision maker counts only if they are a stakeholder of this deal and still an active contact: an
 * account-wide decision maker nobody has engaged on the deal has not been "identified" for it, and a person
 * who has left the client decides nothing.
 */
export function hasDecisionMaker(deal: Pick<Opportunity, "stakeholderIds">, facts: AccountFacts): boolean {
  return deal.stakeholderIds.some((id) =>
    facts.contacts.some((c) => c.id === id && hasContactRole(c, "decision_maker")),
  );
}

/** True when the deal's linked contract binds both parties (signed, active or expiring). */
export function hasSignedContract(deal: Pick<Opportunity, "contractId">, facts: AccountFacts): boolean {
  const binding: readonly ContractStatus[] = BINDING_CONTRACT_STATUSES;
  return facts.contracts.some((k) => k.id === deal.contractId && binding.includes(k.status));
}

/** Whether the deal shows what one exit criterion asks for. */
export function isCriterionMet(
  criterion: ExitCriterion,
  deal: CriteriaSubject,
  facts: AccountFacts,
): boolean {
  switch (criterion) {
    case "need_documented":
      return deal.needs.length > 0;
    case "budget_known":
      return deal.budget !== null;
    case "decision_maker_identified":
      return hasDecisionMaker(deal, facts);
    case "proposal_amount_set":
      return deal.proposal !== null;
    case "signed_contract":
      return hasSignedContract(deal, facts);
    default:
      return assertNever(criterion, "exit criterion");
  }
}

/**
 * The command on the deal that meets each exit criterion: what a refusal's `missing` is answered with, by the web's
 * buttons and the CLI's suggested commands alike. A decision maker is a stakeholder whose contact has that role.
 */
export const EXIT_CRITERION_COMMANDS: Readonly<Record<ExitCriterion, OpportunityCommand["type"]>> = {
  need_documented: "RecordNeed",
  budget_known: "SetBudget",
  decision_maker_identified: "AddStakeholder",
  proposal_amount_set: "SetProposal",
  signed_contract: "LinkContract",
};

/** The exit criteria of these stages that the deal does not meet, each once, in stage order. */
export function missingCriteria(
  stages: readonly PipelineStage[],
  deal: CriteriaSubject,
  facts: AccountFacts,
): ExitCriterion[] {
  const missing: ExitCriterion[] = [];
  for (const stage of stages) {
    for (const c of stage.exitCriteria) {
      if (!missing.includes(c) && !isCriterionMet(c, deal, facts)) missing.push(c);
    }
  }
  return missing;
}

/**
 * A stage's place among the pipeline's open stages; -1 for a stage that is not an open stage of it. A deal
 * whose stage was since removed from the pipeline counts as standing before the first stage, so it must earn
 * every criterion again on its way forward instead of slipping past them.
 */
export function openPosition(pipeline: Pipeline, stageId: StageId): number {
  return openStages(pipeline).findIndex((s) => s.id === stageId);
}

/** Stages whose new deals may start in: the configured ones, or else the first open stage. */
export function creationStages(pipeline: Pipeline): StageId[] {
  const configured = pipeline.rules.creationStages;
  if (configured.length > 0) return [...configured];
  return openStages(pipeline)
    .slice(0, 1)
    .map((s) => s.id);
}

/** Refuses a new deal in a stage the pipeline does not let deals start in. */
export function checkCreationStage(pipeline: Pipeline, stage: PipelineStage): Refusal | undefined {
  const allowed = creationStages(pipeline);
  if (stage.kind === "open" && allowed.includes(stage.id)) return undefined;
  const labels = allowed.map((id) => openStages(pipeline).find((s) => s.id === id)?.label ?? id);
  return refuse.invalidInput(
    "stageId",
    `New deals in the ${pipeline.name} pipeline start in ${listInWords(labels, "or")}, not in ${stage.label}.`,
  );
}

/**
 * Refuses when the actor's role may not move deals out of or into one of these stages (left first, then
 * entered). An empty `movableBy` leaves the stage open to every role; no role, not even admin, is exempt.
 */
export function checkStageRoles(
  role: Role,
  stages: readonly (PipelineStage | undefined)[],
): Refusal | undefined {
  for (const stage of stages) {
    if (stage && stage.movableBy.length > 0 && !stage.movableBy.includes(role)) {
      return refuse.stageRestrictedToRoles(stage.id, role, stage.movableBy, stage.label);
    }
  }
  return undefined;
}

/** A stage as the pipeline names it ("Proposal"), for refusals a person reads; an id it lacks stays as it is. */
const stageLabelIn =
  (pipeline: Pipeline) =>
  (stageId: string): string =>
    pipeline.stages.find((s) => s.id === stageId)?.label ?? stageId;

/** A move between two stages, with their places among the open stages (see `openPosition`). */
export interface StageMove {
  readonly fromStageId: StageId;
  readonly toStageId: StageId;
  readonly from: number;
  /** May be one past the last open stage: winning. */
  readonly to: number;
}

/** Refuses jumping over open stages when the pipeline forbids skipping. */
export function checkSkipping(pipeline: Pipeline, move: StageMove): Refusal | undefined {
  if (!pipeline.rules.noSkipping) return undefined;
  const skipped = openStages(pipeline)
    .slice(move.from + 1, move.to)
    .map((s) => s.id);
  return skipped.length > 0
    ? refuse.stageSkipNotAllowed(move.fromStageId, move.toStageId, skipped, stageLabelIn(pipeline))
    : undefined;
}

/** Refuses moving an open deal to an earlier open stage when the pipeline forbids it. */
export function checkBackward(pipeline: Pipeline, move: StageMove): Refusal | undefined {
  return pipeline.rules.noMovingBack && move.to < move.from
    ? refuse.backwardMoveNotAllowed(move.fromStageId, move.toStageId, stageLabelIn(pipeline))
    : undefined;
}

/**
 * Refuses a move that leaves open stages `from`…`to - 1` behind while one of their exit criteria is unmet,
 * listing every missing criterion at once so the user can fix them in one go.
 */
export function checkExitCriteria(
  pipeline: Pipeline,
  deal: CriteriaSubject,
  facts: AccountFacts,
  move: StageMove,
): Refusal | undefined {
  const behind = openStages(pipeline).slice(Math.max(move.from, 0), move.to);
  const missing = missingCriteria(behind, deal, facts);
  return missing.length > 0
    ? refuse.exitCriteriaNotMet(move.fromStageId, move.toStageId, missing, stageLabelIn(pipeline))
    : undefined;
}

/**
 * The guard `DetailsRequired`: refuses a deal in (or entering) a stage that requires an amount or a close date
 * the deal does not have, naming the stage and every missing detail.
 */
export function checkDetailsRequired(
  stage: PipelineStage,
  deal: Pick<Opportunity, "amount" | "closeDate">,
): Refusal | undefined {
  const missing = missingDetails(stage, deal);
  return missing.length > 0 ? refuse.detailsRequired(stage.id, stage.label, missing) : undefined;
}
