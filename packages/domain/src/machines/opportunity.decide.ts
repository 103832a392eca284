import type {
  OpportunityCommand,
  OpportunityContext,
  OpportunityDetailsChanges,
  OpportunityEvent,
  OpportunityState,
  SeedingBrief,
} from "./opportunity.commands.ts";
import { opportunityTable } from "./opportunity.table.ts";

type Command<T extends OpportunityCommand["type"]> = Extract<OpportunityCommand, { readonly type: T }>;

import { match } from "ts-pattern";
import type {
  LostOpportunity,
  OpenOpportunity,
  Opportunity,
  WonOpportunity,
} from "../entities/opportunity.ts";
import {
  findStage,
  lostStage,
  openStages,
  type Pipeline,
  type PipelineStage,
  wonStage,
} from "../entities/pipeline.ts";
import { compareTimestamps, dateOf, spellDate, type Timestamp } from "../kernel/calendar-date.ts";
import type { MemberId } from "../kernel/ids.ts";
import { checkTransition, type Decision } from "../kernel/machine.ts";
import { currencyMismatch, type Money } from "../kernel/money.ts";
import { type Refusal, refuse } from "../kernel/refusal.ts";
import { err, invariant, ok } from "../kernel/result.ts";
import { isSettlingContract, renewalSettlement } from "../policies/renewal-settlement.ts";
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

// A closed deal's probability is a fact, not an estimate: forecasts count won deals as closed at 100 and lost
// ones as omitted at 0, whatever the won/lost stages of a custom pipeline were configured with.
const WON = { probability: 100, forecastCategory: "closed" } as const;
const LOST = { probability: 0, forecastCategory: "omitted" } as const;

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
