import {
  type Opportunity,
  type OpportunityCommand,
  OpportunityCommandSchema,
  type OpportunityContext,
  type OpportunityEvent,
  OpportunityEventSchema,
  type OpportunityState,
  opportunityPath,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

/**
 * A deal's row of the read table (less its workspace): the record and the columns reports filter and add up on.
 * The projection writes it; tests that fill the table directly (the reports' SQL-equals-domain properties) use it too.
 */
export function opportunityRow(s: Opportunity, version: number, at: string) {
  return {
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
  };
}

export const opportunitySpec: AggregateSpec<
  OpportunityState,
  OpportunityCommand,
  OpportunityEvent,
  OpportunityContext
> = {
  ...opportunityPath,
  commandSchema: OpportunityCommandSchema,
  eventSchema: OpportunityEventSchema,
  resourceKind: "opportunity",
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.opportunities, opportunityRow(s, version, at));
  },
};
