// The account plan: an account owner's plan for an account (objectives, risks, reviews), under the account.
import {
  type AccountPlanCommand,
  AccountPlanCommandSchema,
  type AccountPlanEvent,
  AccountPlanEventSchema,
  type AccountPlanState,
  type DecisionContext,
  planPath,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

export const planSpec: AggregateSpec<
  AccountPlanState,
  AccountPlanCommand,
  AccountPlanEvent,
  DecisionContext
> = {
  ...planPath,
  commandSchema: AccountPlanCommandSchema,
  eventSchema: AccountPlanEventSchema,
  resourceKind: "plan",
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.accountPlans, {
      id: s.id,
      version,
      data: s,
      updatedAt: at,
      accountId: s.accountId,
      ownerId: s.ownerId,
      status: s.status,
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
      nextReviewOn: s.nextReviewOn,
    });
  },
};
