// The same opportunity machine in XState v5, replayed through its pure `transition` function.
import { assign, initialTransition, setup, transition } from "xstate";
import type { OpportunityEvent } from "../src/machines/opportunity.machine.ts";

// biome-ignore lint/suspicious/noExplicitAny: XState context mirrors the domain's deal; typed loosely here
type Ctx = any;

const closedFields = (e: Extract<OpportunityEvent, { stageId: unknown; probability: number }>) => ({
  stageId: e.stageId,
  probability: e.probability,
  probabilityOverride: null,
  forecastCategory: e.forecastCategory,
  stageEnteredAt: e.at,
});

const dealEdits = {
  OpportunityStageChanged: {
    actions: assign(
      ({ event: e }: { event: Extract<OpportunityEvent, { type: "OpportunityStageChanged" }> }) => ({
        stageId: e.toStageId,
        probability: e.probability,
        probabilityOverride: null,
        forecastCategory: e.forecastCategory,
        stageEnteredAt: e.at,
      }),
    ),
  },
  OpportunityDetailsUpdated: {
    actions: assign(
      ({ event: e }: { event: Extract<OpportunityEvent, { type: "OpportunityDetailsUpdated" }> }) => ({
        ...e.changes,
      }),
    ),
  },
  NeedRecorded: {
    actions: assign(
      ({
        context: c,
        event: e,
      }: {
        context: Ctx;
        event: Extract<OpportunityEvent, { type: "NeedRecorded" }>;
      }) => ({ needs: [...c.needs, e.need] }),
    ),
  },
  BudgetSet: {
    actions: assign(({ event: e }: { event: Extract<OpportunityEvent, { type: "BudgetSet" }> }) => ({
      budget: e.budget,
    })),
  },
  ProposalSet: {
    actions: assign(({ event: e }: { event: Extract<OpportunityEvent, { type: "ProposalSet" }> }) => ({
      proposal: { amount: e.amount, summary: e.summary, sentOn: e.sentOn },
    })),
  },
  StakeholderAdded: {
    actions: assign(
      ({
        context: c,
        event: e,
      }: {
        context: Ctx;
        event: Extract<OpportunityEvent, { type: "StakeholderAdded" }>;
      }) => ({
        stakeholderIds: [...c.stakeholderIds, e.contactId],
      }),
    ),
  },
  StakeholderRemoved: {
    actions: assign(
      ({
        context: c,
        event: e,
      }: {
        context: Ctx;
        event: Extract<OpportunityEvent, { type: "StakeholderRemoved" }>;
      }) => ({
        stakeholderIds: c.stakeholderIds.filter((id: string) => id !== e.contactId),
      }),
    ),
  },
  ContractLinked: {
    actions: assign(({ event: e }: { event: Extract<OpportunityEvent, { type: "ContractLinked" }> }) => ({
      contractId: e.contractId,
    })),
  },
  ProbabilityOverridden: {
    actions: assign(
      ({ event: e }: { event: Extract<OpportunityEvent, { type: "ProbabilityOverridden" }> }) => ({
        probability: e.probability,
        probabilityOverride: { probability: e.probability, reason: e.reason },
      }),
    ),
  },
  ProbabilityOverrideCleared: {
    actions: assign(
      ({ event: e }: { event: Extract<OpportunityEvent, { type: "ProbabilityOverrideCleared" }> }) => ({
        probability: e.probability,
        probabilityOverride: null,
      }),
    ),
  },
  ActivityRecorded: {
    actions: assign(({ event: e }: { event: Extract<OpportunityEvent, { type: "ActivityRecorded" }> }) => ({
      lastActivityAt: e.activityAt,
    })),
  },
};

const reopen = {
  OpportunityReopened: {
    target: "open",
    actions: assign(
      ({ event: e }: { event: Extract<OpportunityEvent, { type: "OpportunityReopened" }> }) => ({
        ...closedFields(e),
        closedAt: undefined,
        lossReason: undefined,
      }),
    ),
  },
};

export const xstateOpportunity = setup({
  types: { context: {} as Ctx, events: {} as OpportunityEvent },
}).createMachine({
  id: "opportunity",
  initial: "none",
  context: {},
  states: {
    none: {
      on: {
        OpportunityCreated: {
          target: "open",
          actions: assign(({ event: e }) => {
            const c = e as Extract<OpportunityEvent, { type: "OpportunityCreated" }>;
            return {
              id: c.opportunityId,
              accountId: c.accountId,
              ownerId: c.ownerId,
              name: c.name,
              type: c.opportunityType,
              pipelineId: c.pipelineId,
              stageId: c.stageId,
              amount: c.amount,
              closeDate: c.closeDate,
              probability: c.probability,
              probabilityOverride: null,
              forecastCategory: c.forecastCategory,
              needs: c.needs,
              budget: c.budget,
              proposal: null,
              stakeholderIds: c.stakeholderIds,
              contractId: null,
              createdAt: c.at,
              stageEnteredAt: c.at,
              lastActivityAt: null,
              leadSource: null,
              serviceLine: null,
              nextStep: null,
            };
          }),
        },
      },
    },
    open: {
      on: {
        ...(dealEdits as object),
        OpportunityWon: {
          target: "won",
          actions: assign(({ event: e }) => {
            const w = e as Extract<OpportunityEvent, { type: "OpportunityWon" }>;
            return { ...closedFields(w), closedAt: w.at };
          }),
        },
        OpportunityLost: {
          target: "lost",
          actions: assign(({ event: e }) => {
            const l = e as Extract<OpportunityEvent, { type: "OpportunityLost" }>;
            return { ...closedFields(l), closedAt: l.at, lossReason: l.reason };
          }),
        },
      },
    },
    won: { on: reopen as object },
    lost: { on: reopen as object },
  },
});

/** Replays one deal's events through XState's pure transition function; returns the final snapshot. */
export function replayWithXState(events: readonly OpportunityEvent[]) {
  let [snapshot] = initialTransition(xstateOpportunity);
  for (const e of events) [snapshot] = transition(xstateOpportunity, snapshot, e);
  return snapshot;
}
