// The baseline: the smallest hand-written switch reducer producing the same states as the domain's evolve,
// with none of its checks (no "does this deal exist?" invariant, no exhaustiveness guard).
import type { OpportunityEvent, OpportunityState } from "../src/machines/opportunity.machine.ts";

// biome-ignore lint/suspicious/noExplicitAny: the baseline is deliberately untyped, as a quick reducer would be
type S = any;

export function handWrittenReducer(state: S, e: OpportunityEvent): OpportunityState {
  switch (e.type) {
    case "OpportunityCreated":
      return {
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
        probabilityOverride: null,
        forecastCategory: e.forecastCategory,
        needs: e.needs,
        budget: e.budget,
        proposal: null,
        stakeholderIds: e.stakeholderIds,
        contractId: null,
        createdAt: e.at,
        stageEnteredAt: e.at,
        lastActivityAt: null,
        leadSource: null,
        serviceLine: null,
        nextStep: null,
      };
    case "OpportunityImported": {
      // Not in the replayed stream (the bench generates a deal's life, not an import); here to compile.
      const { importedFrom: _from, opportunityId, opportunityType, closedAt, lossReason, ...rest } = e;
      const open = { ...rest, id: opportunityId, type: opportunityType, needs: [], budget: null };
      const labels = { leadSource: e.leadSource ?? null, serviceLine: e.serviceLine ?? null };
      const deal = {
        ...open,
        ...labels,
        proposal: null,
        stakeholderIds: [],
        contractId: null,
        lastActivityAt: null,
        nextStep: null,
      };
      if (e.status === "open") return { ...deal, status: "open" };
      return { ...deal, status: e.status, closedAt, ...(e.status === "lost" ? { lossReason } : {}) } as S;
    }
    case "OpportunityStageChanged":
      return {
        ...state,
        stageId: e.toStageId,
        probability: e.probability,
        probabilityOverride: null,
        forecastCategory: e.forecastCategory,
        stageEnteredAt: e.at,
      };
    case "OpportunityWon":
      return {
        ...state,
        status: "won",
        stageId: e.stageId,
        probability: e.probability,
        probabilityOverride: null,
        forecastCategory: e.forecastCategory,
        stageEnteredAt: e.at,
        closedAt: e.at,
      };
    case "OpportunityLost":
      return {
        ...state,
        status: "lost",
        stageId: e.stageId,
        probability: e.probability,
        probabilityOverride: null,
        forecastCategory: e.forecastCategory,
        stageEnteredAt: e.at,
        closedAt: e.at,
        lossReason: e.reason,
      };
    case "OpportunityReopened": {
      const { closedAt: _c, lossReason: _l, ...rest } = state;
      return {
        ...rest,
        status: "open",
        stageId: e.stageId,
        probability: e.probability,
        probabilityOverride: null,
        forecastCategory: e.forecastCategory,
        stageEnteredAt: e.at,
      };
    }
    case "OpportunityDetailsUpdated":
      return { ...state, ...e.changes };
    case "NeedRecorded":
      return { ...state, needs: [...state.needs, e.need] };
    case "BudgetSet":
      return { ...state, budget: e.budget };
    case "ProposalSet":
      return { ...state, proposal: { amount: e.amount, summary: e.summary, sentOn: e.sentOn } };
    case "StakeholderAdded":
      return { ...state, stakeholderIds: [...state.stakeholderIds, e.contactId] };
    case "StakeholderRemoved":
      return { ...state, stakeholderIds: state.stakeholderIds.filter((id: string) => id !== e.contactId) };
    case "ContractLinked":
      return { ...state, contractId: e.contractId };
    case "AmountSeededFromBrief":
      return { ...state, amount: e.amount };
    case "ProbabilityOverridden":
      return {
        ...state,
        probability: e.probability,
        probabilityOverride: { probability: e.probability, reason: e.reason },
      };
    case "ProbabilityOverrideCleared":
      return { ...state, probability: e.probability, probabilityOverride: null };
    case "ActivityRecorded":
      return { ...state, lastActivityAt: e.activityAt };
    case "NextStepSet":
      return { ...state, nextStep: { text: e.text, dueOn: e.dueOn } };
    case "NextStepCleared":
      return { ...state, nextStep: null };
  }
}
