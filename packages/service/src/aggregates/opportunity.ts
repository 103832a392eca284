import {
  COMMAND_ACTIONS,
  findPipeline,
  type OpportunityCommand,
  OpportunityCommandSchema,
  type OpportunityContext,
  type OpportunityEvent,
  OpportunityEventSchema,
  type OpportunityState,
  opportunityMachine,
  pipelineForType,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { accountContacts, accountContracts, underAccount } from "../lookups.ts";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

export const opportunitySpec: AggregateSpec<
  OpportunityState,
  OpportunityCommand,
  OpportunityEvent,
  OpportunityContext
> = {
  type: "opportunity",
  machine: opportunityMachine,
  commandSchema: OpportunityCommandSchema,
  eventSchema: OpportunityEventSchema,
  resourceKind: "opportunity",
  actions: COMMAND_ACTIONS.opportunity,
  createdId: (c) => (c.type === "CreateOpportunity" ? c.opportunityId : undefined),
  async context(scope, base, state, command) {
    const accountId =
      state.status === "none"
        ? command.type === "CreateOpportunity"
          ? command.accountId
          : null
        : state.accountId;
    const pipeline =
      state.status === "none"
        ? pipelineForType(
            scope.settings,
            command.type === "CreateOpportunity" ? command.opportunityType : "new_business",
          )
        : findPipeline(scope.settings, state.pipelineId);
    if (!pipeline)
      throw new Error(
        `deal ${state.status === "none" ? "?" : state.id} is in pipeline that no longer exists`,
      );
    const [contacts, contracts] =
      accountId === null
        ? [[], []]
        : await Promise.all([accountContacts(scope, accountId), accountContracts(scope, accountId)]);
    return { ...base, pipeline, contacts, contracts };
  },
  async resource(scope, state, command) {
    if (state.status === "none") {
      const c = command.type === "CreateOpportunity" ? command : undefined;
      return underAccount(scope, "opportunity", c?.accountId ?? null, { ownerId: c?.ownerId ?? null });
    }
    return underAccount(scope, "opportunity", state.accountId, { ownerId: state.ownerId });
  },
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.opportunities, {
      id: s.id,
      version,
      data: s,
      updatedAt: at,
      accountId: s.accountId,
      ownerId: s.ownerId,
      name: s.name,
      type: s.type,
      pipelineId: s.pipelineId,
      stageId: s.stageId,
      status: s.status,
      amountMinor: s.amount.amount,
      currency: s.amount.currency,
      probability: s.probability,
      forecastCategory: s.forecastCategory,
      closeDate: s.closeDate,
      createdAt: s.createdAt,
      stageEnteredAt: s.stageEnteredAt,
      closedAt: s.status === "open" ? null : s.closedAt,
    });
  },
};
