import {
  type Brief,
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
import { accountContacts, accountContracts, allMembers, underAccount } from "../lookups.ts";
import { findData, upsertRow } from "../scope.ts";
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
  createdId: (c) => (isCreation(c) ? c.opportunityId : undefined),
  async context(scope, base, state, command) {
    const accountId =
      state.status === "none" ? (isCreation(command) ? command.accountId : null) : state.accountId;
    const pipeline =
      state.status === "none"
        ? pipelineForType(scope.settings, isCreation(command) ? command.opportunityType : "new_business")
        : findPipeline(scope.settings, state.pipelineId);
    if (!pipeline)
      throw new Error(
        `deal ${state.status === "none" ? "?" : state.id} is in pipeline that no longer exists`,
      );
    const [contacts, contracts] =
      accountId === null
        ? [[], []]
        : await Promise.all([accountContacts(scope, accountId), accountContracts(scope, accountId)]);
    if (command.type === "SeedAmountFromBrief") {
      const b = (await findData(scope, schema.briefs, command.briefId)) as Brief | undefined;
      const brief =
        b === undefined
          ? null
          : {
              id: b.id,
              accountId: b.accountId,
              title: b.title,
              approvedBudget: b.approvedBudget,
              opportunityId: b.opportunityId,
            };
      return { ...base, pipeline, contacts, contracts, brief };
    }
    // Only an import names an owner the domain must look up (an owner another system chose).
    if (command.type !== "ImportOpportunity") return { ...base, pipeline, contacts, contracts };
    const members = (await allMembers(scope)).map((m) => ({ id: m.id, active: m.active }));
    return { ...base, pipeline, contacts, contracts, members };
  },
  async resource(scope, state, command) {
    if (state.status === "none") {
      const c = isCreation(command) ? command : undefined;
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
      amountMinor: s.amount?.amount ?? null,
      currency: s.amount?.currency ?? null,
      probability: s.probability,
      forecastCategory: s.forecastCategory,
      closeDate: s.closeDate,
      createdAt: s.createdAt,
      stageEnteredAt: s.stageEnteredAt,
      closedAt: s.status === "open" ? null : s.closedAt,
    });
  },
};

type Creation = Extract<OpportunityCommand, { type: "CreateOpportunity" | "ImportOpportunity" }>;

/** The commands that start a deal's stream: creating one, and importing one from another system. */
export function isCreation(c: OpportunityCommand): c is Creation {
  return c.type === "CreateOpportunity" || c.type === "ImportOpportunity";
}
