import type { OpenOpportunity, Opportunity } from "../entities/opportunity.ts";
import {
  findStage,
  lostStage,
  openStages,
  type Pipeline,
  type PipelineStage,
  wonStage,
} from "../entities/pipeline.ts";
import { compareTimestamps, dateOf, type Timestamp } from "../kernel/calendar-date.ts";
import type { StageId } from "../kernel/ids.ts";
import type { GuardSet } from "../kernel/machine.ts";
import { currencyMismatch, type Money } from "../kernel/money.ts";
import { type Refusal, refuse } from "../kernel/refusal.ts";
import { InvariantViolation, invariant } from "../kernel/result.ts";
import { spellDate } from "../kernel/spell-date.ts";
import {
  isSettlingContract,
  type RenewalSettlement,
  renewalSettlement,
  type SettlingContract,
} from "../policies/renewal-settlement.ts";
import type {
  OpportunityCommand,
  OpportunityContext,
  OpportunityDetailsChanges,
  OpportunityState,
  SeedingBrief,
} from "./opportunity.commands.ts";
import {
  type CriteriaSubject,
  checkBackward,
  checkCreationStage,
  checkDetailsRequired,
  checkExitCriteria,
  checkSkipping,
  checkStageRoles,
  openPosition,
  type StageMove,
} from "./opportunity.rules.ts";

// The opportunity machine's named guards: each row of its table names the ones its move passes, in the order
// `decide` asks them, and a refusal names the guard that gave it. The pipeline's rules themselves (exit criteria,
// no skipping, no moving back, stage roles, creation stages) are in opportunity.rules.ts; a guard says which of
// them a command answers to, and about which stage.

type Guards = GuardSet<OpportunityState, OpportunityCommand, OpportunityContext>;
type Command<T extends OpportunityCommand["type"]> = Extract<OpportunityCommand, { readonly type: T }>;
const is = <T extends OpportunityCommand["type"]>(c: OpportunityCommand, type: T): c is Command<T> =>
  c.type === type;

// A closed deal's probability is a fact, not an estimate: forecasts count won deals as closed at 100 and lost
// ones as omitted at 0, whatever the won/lost stages of a custom pipeline were configured with.
export const WON = { probability: 100, forecastCategory: "closed" } as const;
export const LOST = { probability: 0, forecastCategory: "omitted" } as const;

export const stageIds = (p: Pipeline): string[] => p.stages.map((s) => s.id);

export function firstOpenStage(p: Pipeline): PipelineStage {
  const first = openStages(p)[0];
  invariant(first, `pipeline ${p.id} has no open stage`);
  return first;
}

const dealOf = (state: OpportunityState): Opportunity | undefined =>
  state.status === "none" ? undefined : state;

/** The deal as a guard of a move the table allows only on an existing deal sees it. */
function existing(state: OpportunityState, guard: string): Opportunity {
  if (state.status === "none") throw new InvariantViolation(`the guard ${guard} was asked about no deal`);
  return state;
}

/** An open deal, where the table allows the command only on one. */
function open(state: OpportunityState, guard: string): OpenOpportunity {
  if (state.status !== "open")
    throw new InvariantViolation(`the guard ${guard} was asked about a deal that is ${state.status}`);
  return state;
}

/** The stage a command names (or means, when it names none), if it names one at all. */
function namedStageId(state: OpportunityState, c: OpportunityCommand, p: Pipeline): StageId | undefined {
  switch (c.type) {
    case "CreateOpportunity":
    case "Reopen":
      return c.stageId ?? firstOpenStage(p).id;
    case "ImportOpportunity":
    case "MoveStage":
      return c.stageId;
    // The stage the deal stands in, which its pipeline may have lost since.
    case "ClearProbabilityOverride":
      return dealOf(state)?.stageId;
    default:
      return undefined;
  }
}

/** The contract a command names, among the account's. */
const contractNamed = (c: Command<"LinkContract" | "SettleRenewal">, ctx: OpportunityContext) =>
  ctx.contracts.find((k) => k.id === c.contractId);

/** The contract a SettleRenewal names, with all settling it reads (the guard aContractOfTheAccount has passed). */
function settlingContract(c: Command<"SettleRenewal">, ctx: OpportunityContext): SettlingContract {
  const contract = contractNamed(c, ctx);
  if (!contract) throw new InvariantViolation(`the guard aContractOfTheAccount let ${c.contractId} through`);
  invariant(isSettlingContract(contract), "SettleRenewal decided without the contract's renewal facts");
  return contract;
}

/** How the contract a SettleRenewal names settled this deal; null while undecided. */
export function settlementOf(
  deal: Opportunity,
  c: Command<"SettleRenewal">,
  ctx: OpportunityContext,
): RenewalSettlement | null {
  return renewalSettlement(settlingContract(c, ctx), deal.id);
}

/**
 * The stage a command puts the deal in: the one it names (or the first open one), the won or lost stage, or the
 * one its contract's fate decides. Undefined for commands that keep the deal where it is, and for a stage the
 * pipeline lacks (the guard aStageOfThePipeline refuses it first).
 */
export function stageEntered(
  state: OpportunityState,
  c: OpportunityCommand,
  ctx: OpportunityContext,
): PipelineStage | undefined {
  const p = ctx.pipeline;
  switch (c.type) {
    case "CreateOpportunity":
    case "ImportOpportunity":
    case "MoveStage":
    case "Reopen": {
      const id = namedStageId(state, c, p);
      return id === undefined ? undefined : findStage(p, id);
    }
    case "CloseAsWon":
      return wonStage(p);
    case "CloseAsLost":
      return lostStage(p);
    case "SettleRenewal": {
      const settled = settlementOf(existing(state, "stageEntered"), c, ctx);
      return settled === null ? undefined : settled.outcome === "won" ? wonStage(p) : lostStage(p);
    }
    default:
      return undefined;
  }
}

/** The stage a command enters, where an earlier guard has vouched for it. */
function entered(state: OpportunityState, c: OpportunityCommand, ctx: OpportunityContext, guard: string) {
  const stage = stageEntered(state, c, ctx);
  if (!stage)
    throw new InvariantViolation(`the guard ${guard} was asked about ${c.type} before its stage was`);
  return stage;
}

/** A new deal's stakeholders, each once. */
export const stakeholdersOf = (c: Command<"CreateOpportunity">) => [...new Set(c.stakeholderIds)];

/** What a new deal shows the exit criteria, as it will stand once created. */
export const createdSubject = (c: Command<"CreateOpportunity">): CriteriaSubject => ({
  needs: [...new Set(c.needs)],
  budget: c.budget,
  proposal: null,
  stakeholderIds: stakeholdersOf(c),
  contractId: null,
});

/** A refusal when `actual` is not in the currency of `expected`. */
function inCurrency(expected: Money, actual: Money): Refusal | undefined {
  return expected.currency === actual.currency
    ? undefined
    : currencyMismatch(expected.currency, actual.currency);
}

const sameMoney = (a: Money | null, b: Money | null): boolean =>
  a === null || b === null ? a === b : a.amount === b.amount && a.currency === b.currency;

/** What an UpdateDetails changes on the deal: the fields it gives that differ from the deal's. */
export function detailsChanges(
  deal: OpenOpportunity,
  c: Command<"UpdateDetails">,
): OpportunityDetailsChanges {
  const changes: OpportunityDetailsChanges = {};
  if (c.name !== undefined && c.name !== deal.name) changes.name = c.name;
  if (c.amount !== undefined && !sameMoney(c.amount, deal.amount)) changes.amount = c.amount;
  if (c.closeDate !== undefined && c.closeDate !== deal.closeDate) changes.closeDate = c.closeDate;
  if (c.ownerId !== undefined && c.ownerId !== deal.ownerId) changes.ownerId = c.ownerId;
  if (c.opportunityType !== undefined && c.opportunityType !== deal.type) changes.type = c.opportunityType;
  if (c.leadSource !== undefined && c.leadSource !== deal.leadSource) changes.leadSource = c.leadSource;
  if (c.serviceLine !== undefined && c.serviceLine !== deal.serviceLine) changes.serviceLine = c.serviceLine;
  return changes;
}

function checkContact(id: string, ctx: OpportunityContext, field = "contactId"): Refusal | undefined {
  return ctx.contacts.some((k) => k.id === id && k.active)
    ? undefined
    : refuse.invalidInput(field, `${id} is not an active contact of this account.`);
}

/** A deal's move from the stage it stands in to the one a command enters (its places among the open stages). */
function moveOf(deal: Opportunity, target: PipelineStage, p: Pipeline): StageMove {
  return {
    fromStageId: deal.stageId,
    toStageId: target.id,
    from: openPosition(p, deal.stageId),
    // Winning is one past the last open stage.
    to: target.kind === "won" ? openStages(p).length : openPosition(p, target.id),
  };
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

type SeedingDeal = Pick<OpenOpportunity, "id" | "accountId" | "amount" | "budget" | "proposal">;

/** The brief is the account's and leads to this deal (link it from the brief first). */
function briefLeadsHere(deal: SeedingDeal, brief: SeedingBrief): Refusal | undefined {
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
  return undefined;
}

const briefBudget = (brief: SeedingBrief): Refusal | undefined =>
  brief.approvedBudget === null
    ? refuse.invalidInput("briefId", `The brief "${brief.title}" has no approved budget yet.`)
    : undefined;

// A deal with no amount yet takes the brief's, in a currency its budget and proposal (if any) share.
function briefCurrency(deal: SeedingDeal, brief: SeedingBrief): Refusal | undefined {
  const budget = brief.approvedBudget;
  if (budget === null) return undefined;
  return deal.amount
    ? inCurrency(deal.amount, budget)
    : ((deal.budget ? inCurrency(deal.budget, budget) : undefined) ??
        (deal.proposal ? inCurrency(deal.proposal.amount, budget) : undefined));
}

const briefAmountDiffers = (deal: SeedingDeal, brief: SeedingBrief): Refusal | undefined =>
  deal.amount && brief.approvedBudget?.amount === deal.amount.amount
    ? refuse.invalidInput("briefId", `The deal's amount is already the brief's approved budget.`)
    : undefined;

/**
 * Why the brief's approved budget cannot become the deal's amount, or undefined when it can: the brief must be the
 * account's and lead to this deal (link it from the brief first), with a budget approved in the deal's currency,
 * and a different amount. `decide` refuses with it (the guards of SeedAmountFromBrief); an adapter asks it to offer
 * the command only where it applies.
 */
export function seedFromBriefRefusal(deal: SeedingDeal, brief: SeedingBrief): Refusal | undefined {
  return (
    briefLeadsHere(deal, brief) ??
    briefBudget(brief) ??
    briefCurrency(deal, brief) ??
    briefAmountDiffers(deal, brief)
  );
}

/** The brief a SeedAmountFromBrief names, where the guard aBriefThatLeadsHere found it. */
export function seedingBrief(c: Command<"SeedAmountFromBrief">, ctx: OpportunityContext): SeedingBrief {
  const brief = ctx.brief;
  if (!brief || brief.id !== c.briefId)
    throw new InvariantViolation(`the guard aBriefThatLeadsHere let brief ${c.briefId} through`);
  return brief;
}

/** The seeding guards past the brief's own: they ask about the brief the context holds. */
function aboutTheBrief(
  state: OpportunityState,
  c: OpportunityCommand,
  ctx: OpportunityContext,
  check: (deal: SeedingDeal, brief: SeedingBrief) => Refusal | undefined,
): Refusal | undefined {
  return is(c, "SeedAmountFromBrief") ? check(open(state, "a brief guard"), seedingBrief(c, ctx)) : undefined;
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

/** What a reason-giving command does, as a refusal of a blank reason says it. */
const REASON_TO = {
  Reopen: "reopen a closed deal",
  OverrideProbability: "override the stage's probability",
} as const;

/** The named checks of the opportunity's table. */
export const opportunityGuards = {
  aStageOfThePipeline: {
    words: "a stage of the pipeline",
    check: (state, c, ctx) => {
      const p = ctx.pipeline;
      const id = namedStageId(state, c, p);
      return id === undefined || findStage(p, id) ? undefined : refuse.unknownStage(id, p.name, stageIds(p));
    },
  },
  anOpenStage: {
    words: "an open stage",
    check: (state, c, ctx) => {
      const target = stageEntered(state, c, ctx);
      if (!target || target.kind === "open") return undefined;
      return is(c, "Reopen")
        ? refuse.invalidInput("stageId", `A deal reopens into an open stage; ${target.label} is not one.`)
        : refuse.invalidInput(
            "stageId",
            `${target.label} closes the deal: close it as ${target.kind} instead.`,
          );
    },
  },
  aStageTheDealIsNotIn: {
    words: "a stage the deal is not in already",
    check: (state, c, ctx) => {
      const target = is(c, "MoveStage") ? entered(state, c, ctx, "aStageTheDealIsNotIn") : undefined;
      return target && target.id === existing(state, "aStageTheDealIsNotIn").stageId
        ? refuse.invalidInput("stageId", `The deal is already in ${target.label}.`)
        : undefined;
    },
  },
  aStageNewDealsMayStartIn: {
    words: "a stage new deals may start in",
    check: (state, c, ctx) =>
      checkCreationStage(ctx.pipeline, entered(state, c, ctx, "aStageNewDealsMayStartIn")),
  },
  aStageYourRoleMayPutDealsIn: {
    words: "a stage your role may put deals in",
    check: (state, c, ctx) =>
      checkStageRoles(ctx.actor.role, [entered(state, c, ctx, "aStageYourRoleMayPutDealsIn")]),
  },
  stagesYourRoleMayMoveDealsOutOfAndInto: {
    words: "stages your role may move deals out of and into",
    check: (state, c, ctx) => {
      const deal = existing(state, "stagesYourRoleMayMoveDealsOutOfAndInto");
      const target = entered(state, c, ctx, "stagesYourRoleMayMoveDealsOutOfAndInto");
      // Left first, then entered.
      return checkStageRoles(ctx.actor.role, [findStage(ctx.pipeline, deal.stageId), target]);
    },
  },
  noMovingBack: {
    words: "no moving back, if the pipeline says so",
    check: (state, c, ctx) =>
      checkBackward(
        ctx.pipeline,
        moveOf(existing(state, "noMovingBack"), entered(state, c, ctx, "noMovingBack"), ctx.pipeline),
      ),
  },
  noSkipping: {
    words: "no skipping, if the pipeline says so",
    check: (state, c, ctx) =>
      checkSkipping(
        ctx.pipeline,
        moveOf(existing(state, "noSkipping"), entered(state, c, ctx, "noSkipping"), ctx.pipeline),
      ),
  },
  theDetailsTheStageAsks: {
    words: "an amount and a close date where the stage asks for them",
    check: (state, c, ctx) => {
      const stage = entered(state, c, ctx, "theDetailsTheStageAsks");
      const subject =
        is(c, "CreateOpportunity") || is(c, "ImportOpportunity") ? c : existing(state, "details");
      return checkDetailsRequired(stage, subject);
    },
  },
  aBudgetInTheDealsCurrency: {
    words: "a budget in the deal's currency",
    check: (_state, c) =>
      is(c, "CreateOpportunity") && c.budget && c.amount ? inCurrency(c.amount, c.budget) : undefined,
  },
  anActiveContactOfTheAccount: {
    words: "an active contact of the account",
    check: (_state, c, ctx) => {
      if (is(c, "CreateOpportunity"))
        return stakeholdersOf(c)
          .map((id) => checkContact(id, ctx, "stakeholderIds"))
          .find(Boolean);
      return is(c, "AddStakeholder") ? checkContact(c.contactId, ctx) : undefined;
    },
  },
  // Starting in a later stage is moving there from the first one, and reopening enters a stage: the criteria of
  // the stages before it apply (reopening is neither a backward move nor a skip).
  exitCriteriaOfTheStagesBeforeIt: {
    words: "exit criteria of the stages before it",
    check: (state, c, ctx) => {
      const p = ctx.pipeline;
      const target = entered(state, c, ctx, "exitCriteriaOfTheStagesBeforeIt");
      const deal = dealOf(state);
      const from = deal ? deal.stageId : firstOpenStage(p).id;
      const subject = is(c, "CreateOpportunity") ? createdSubject(c) : existing(state, "criteria");
      return checkExitCriteria(p, subject, ctx, {
        fromStageId: from,
        toStageId: target.id,
        from: 0,
        to: openPosition(p, target.id),
      });
    },
  },
  exitCriteriaOfEveryStageLeftBehind: {
    words: "exit criteria of every stage left behind",
    check: (state, c, ctx) => {
      const deal = existing(state, "exitCriteriaOfEveryStageLeftBehind");
      const target = entered(state, c, ctx, "exitCriteriaOfEveryStageLeftBehind");
      return checkExitCriteria(ctx.pipeline, deal, ctx, moveOf(deal, target, ctx.pipeline));
    },
  },
  // Winning re-checks the criteria of every open stage, not only those still ahead: a criterion met on the way (a
  // decision maker since removed) must still hold on the one event every report trusts.
  everyExitCriterion: {
    words: "every exit criterion",
    check: (state, c, ctx) => {
      const deal = existing(state, "everyExitCriterion");
      const target = entered(state, c, ctx, "everyExitCriterion");
      return checkExitCriteria(ctx.pipeline, deal, ctx, { ...moveOf(deal, target, ctx.pipeline), from: 0 });
    },
  },
  // Checked last on closing, so a UI probing the move learns "only a reason is missing".
  aLossReason: {
    words: "a loss reason",
    check: (_state, c) =>
      is(c, "CloseAsLost") && !c.lossReason?.trim()
        ? refuse.reasonRequired("close a deal as lost")
        : undefined,
  },
  aReason: {
    words: "a reason",
    check: (_state, c) =>
      (is(c, "Reopen") || is(c, "OverrideProbability")) && !c.reason?.trim()
        ? refuse.reasonRequired(REASON_TO[c.type])
        : undefined,
  },
  anActiveMemberAsOwner: {
    words: "an active member as owner",
    check: (_state, c, ctx) => {
      if (!is(c, "ImportOpportunity")) return undefined;
      invariant(ctx.members, "ImportOpportunity is decided with the workspace's members in its context");
      const member = ctx.members.find((m) => m.id === c.ownerId);
      if (!member) return refuse.invalidInput("ownerId", `${c.ownerId} is not a member of this workspace.`);
      return member.active
        ? undefined
        : refuse.invalidInput("ownerId", `${c.ownerId} has been deactivated and cannot own deals.`);
    },
  },
  // An imported deal's status is its stage's kind: a closed deal says when it closed (and a lost one why).
  aClosingMomentForAClosedDealOnly: {
    words: "a closing moment for a closed deal only",
    check: (state, c, ctx) => {
      if (!is(c, "ImportOpportunity")) return undefined;
      const stage = entered(state, c, ctx, "aClosingMomentForAClosedDealOnly");
      if (stage.kind === "open" && c.closedAt !== undefined)
        return refuse.invalidInput("closedAt", `A deal in ${stage.label} is open: it has not closed.`);
      if (stage.kind !== "open" && c.closedAt === undefined)
        return refuse.invalidInput("closedAt", `A deal in ${stage.label} is closed: say when it closed.`);
      return undefined;
    },
  },
  aLossReasonForALostDealOnly: {
    words: "a loss reason for a lost deal only",
    check: (state, c, ctx) => {
      if (!is(c, "ImportOpportunity")) return undefined;
      const stage = entered(state, c, ctx, "aLossReasonForALostDealOnly");
      if (stage.kind !== "lost" && c.lossReason !== undefined)
        return refuse.invalidInput(
          "lossReason",
          `Only a lost deal has a loss reason; this one is in ${stage.label}.`,
        );
      return stage.kind === "lost" && !c.lossReason?.trim()
        ? refuse.reasonRequired("import a lost deal")
        : undefined;
    },
  },
  // A closed deal's probability is a fact (100 won, 0 lost): a source that says otherwise is refused.
  theProbabilityOfAClosedDeal: {
    words: "no probability but 100 for a won deal and 0 for a lost one",
    check: (state, c, ctx) => {
      if (!is(c, "ImportOpportunity")) return undefined;
      const status = entered(state, c, ctx, "theProbabilityOfAClosedDeal").kind;
      const fact = status === "won" ? WON.probability : status === "lost" ? LOST.probability : undefined;
      return fact !== undefined && c.probability !== undefined && c.probability !== fact
        ? refuse.invalidInput(
            "probability",
            `A ${status} deal has a probability of ${fact}, not ${c.probability}.`,
          )
        : undefined;
    },
  },
  // Only the moments the source gave are judged; the ones left out follow from them.
  noMomentInTheFutureOrOutOfOrder: {
    words: "no moment in the future or out of order",
    check: (_state, c, ctx) =>
      is(c, "ImportOpportunity")
        ? checkMoments(
            [
              ["createdAt", c.createdAt],
              ["stageEnteredAt", c.stageEnteredAt],
              ["closedAt", c.closedAt],
            ],
            ctx.now,
          )
        : undefined,
  },
  // Clearing what the stage requires is refused; a deal already lacking it (its stage's requirement added later)
  // may still have its other details changed.
  noClearingTheDetailsTheStageAsks: {
    words: "no clearing the amount or close date the deal's stage asks for",
    check: (state, c, ctx) => {
      if (!is(c, "UpdateDetails")) return undefined;
      const deal = open(state, "noClearingTheDetailsTheStageAsks");
      const changes = detailsChanges(deal, c);
      if (changes.amount !== null && changes.closeDate !== null) return undefined;
      const stage = findStage(ctx.pipeline, deal.stageId);
      return stage ? checkDetailsRequired(stage, { ...deal, ...changes }) : undefined;
    },
  },
  // The budget and proposal were given in the deal's currency; without a rate they cannot follow a change.
  theAmountsCurrencyMatchesTheBudgetAndProposal: {
    words: "the amount's currency matches the budget and proposal",
    check: (state, c) => {
      if (!is(c, "UpdateDetails")) return undefined;
      const deal = open(state, "theAmountsCurrencyMatchesTheBudgetAndProposal");
      const amount = detailsChanges(deal, c).amount;
      if (!amount) return undefined;
      return (
        (deal.budget ? inCurrency(deal.budget, amount) : undefined) ??
        (deal.proposal ? inCurrency(deal.proposal.amount, amount) : undefined)
      );
    },
  },
  aNewNeed: {
    words: "not recorded yet",
    check: (state, c) =>
      is(c, "RecordNeed") && open(state, "aNewNeed").needs.includes(c.need)
        ? refuse.invalidInput("need", "This need is already recorded.")
        : undefined,
  },
  inTheDealsCurrency: {
    words: "in the deal's currency",
    check: (state, c, ctx) => {
      if (is(c, "SeedAmountFromBrief")) return aboutTheBrief(state, c, ctx, briefCurrency);
      const given = is(c, "SetBudget") ? c.budget : is(c, "SetProposal") ? c.amount : undefined;
      const amount = open(state, "inTheDealsCurrency").amount;
      return given && amount ? inCurrency(amount, given) : undefined;
    },
  },
  notAStakeholderYet: {
    words: "not a stakeholder yet",
    check: (state, c) =>
      is(c, "AddStakeholder") && open(state, "notAStakeholderYet").stakeholderIds.includes(c.contactId)
        ? refuse.invalidInput("contactId", `${c.contactId} is already a stakeholder of this deal.`)
        : undefined,
  },
  aStakeholderOfTheDeal: {
    words: "a stakeholder of the deal",
    check: (state, c) =>
      is(c, "RemoveStakeholder") && !open(state, "aStakeholderOfTheDeal").stakeholderIds.includes(c.contactId)
        ? refuse.invalidInput("contactId", `${c.contactId} is not a stakeholder of this deal.`)
        : undefined,
  },
  aContractOfTheAccount: {
    words: "a contract of the account",
    check: (_state, c, ctx) => {
      if (!(is(c, "LinkContract") || is(c, "SettleRenewal")) || contractNamed(c, ctx)) return undefined;
      return is(c, "LinkContract")
        ? refuse.invalidInput("contractId", `${c.contractId} is not a contract of this account.`)
        : refuse.invalidInput("contractId", `This deal's account has no contract ${c.contractId}.`);
    },
  },
  notLinkedYet: {
    words: "not linked yet",
    check: (state, c) =>
      is(c, "LinkContract") && open(state, "notLinkedYet").contractId === c.contractId
        ? refuse.invalidInput("contractId", `${c.contractId} is already linked to this deal.`)
        : undefined,
  },
  theContractsRenewalDeal: {
    words: "the deal is the contract's renewal deal",
    check: (state, c, ctx) => {
      if (!is(c, "SettleRenewal")) return undefined;
      const deal = existing(state, "theContractsRenewalDeal");
      const contract = settlingContract(c, ctx);
      return contract.renewalOpportunityId === deal.id || contract.previousRenewalOpportunityId === deal.id
        ? undefined
        : refuse.invalidInput("contractId", `This deal is not the renewal deal of contract ${contract.id}.`);
    },
  },
  aDecidedRenewal: {
    words: "the contract renewed, expired or was terminated",
    check: (state, c, ctx) => {
      if (!is(c, "SettleRenewal") || settlementOf(existing(state, "aDecidedRenewal"), c, ctx))
        return undefined;
      const contract = settlingContract(c, ctx);
      return refuse.invalidInput(
        "contractId",
        `Contract ${contract.id} is ${contract.status}: its renewal is not decided yet.`,
      );
    },
  },
  aBriefThatLeadsHere: {
    words: "a brief of the account that leads to this deal",
    check: (state, c, ctx) => {
      if (!is(c, "SeedAmountFromBrief")) return undefined;
      const brief = ctx.brief;
      if (!brief || brief.id !== c.briefId)
        return refuse.invalidInput("briefId", `There is no brief ${c.briefId} in this workspace.`);
      return briefLeadsHere(open(state, "aBriefThatLeadsHere"), brief);
    },
  },
  anApprovedBudget: {
    words: "an approved budget",
    check: (state, c, ctx) => aboutTheBrief(state, c, ctx, (_deal, brief) => briefBudget(brief)),
  },
  aDifferentAmount: {
    words: "a different amount",
    check: (state, c, ctx) => aboutTheBrief(state, c, ctx, briefAmountDiffers),
  },
  aWholeNumberFrom0To100: {
    words: "a whole number from 0 to 100",
    check: (_state, c) =>
      is(c, "OverrideProbability") &&
      !(Number.isInteger(c.probability) && c.probability >= 0 && c.probability <= 100)
        ? refuse.invalidInput("probability", "A probability is a whole number from 0 to 100.")
        : undefined,
  },
  anOverrideStands: {
    words: "an override stands",
    check: (state, c) =>
      is(c, "ClearProbabilityOverride")
        ? clearRefusal(open(state, "anOverrideStands"), "ClearProbabilityOverride")
        : undefined,
  },
  completedNotInTheFuture: {
    words: "completed, not in the future",
    check: (_state, c, ctx) =>
      is(c, "RecordActivity") && compareTimestamps(c.at, ctx.now) > 0
        ? refuse.invalidInput(
            "at",
            "Only a completed activity resets the rotting clock; this one is still ahead.",
          )
        : undefined,
  },
  // Due today or later, by the UTC date of the decision.
  aDueDateNotInThePast: {
    words: "a due date not in the past",
    check: (_state, c, ctx) => {
      if (!is(c, "SetNextStep")) return undefined;
      const today = dateOf(ctx.now);
      return c.dueOn !== null && c.dueOn < today
        ? refuse.invalidInput(
            "dueOn",
            `A next step cannot be due in the past: ${spellDate(c.dueOn, today)} is before today (${spellDate(today, today)}).`,
          )
        : undefined;
    },
  },
  aDifferentNextStep: {
    words: "a different next step",
    check: (state, c) => {
      if (!is(c, "SetNextStep")) return undefined;
      const standing = open(state, "aDifferentNextStep").nextStep;
      return standing !== null && standing.text === c.text.trim() && standing.dueOn === c.dueOn
        ? refuse.invalidInput("text", "This is the deal's next step already.")
        : undefined;
    },
  },
  aNextStepIsSet: {
    words: "a next step is set",
    check: (state, c) =>
      is(c, "ClearNextStep") ? clearRefusal(open(state, "aNextStepIsSet"), "ClearNextStep") : undefined,
  },
} as const satisfies Guards;

/** The name of one of the opportunity machine's guards. */
export type OpportunityGuard = keyof typeof opportunityGuards;
