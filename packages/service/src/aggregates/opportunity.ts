import {
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
