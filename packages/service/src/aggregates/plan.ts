// The account plan: an account owner's plan for an account (objectives, risks, reviews), under the account.
import {
  type AccountPlanCommand,
  AccountPlanCommandSchema,
  type AccountPlanEvent,
  AccountPlanEventSchema,
  type AccountPlanState,
  accountPlanMachine,
  COMMAND_ACTIONS,
  type DecisionContext,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { underAccount } from "../lookups.ts";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

export const planSpec: AggregateSpec<
  AccountPlanState,
  AccountPlanCommand,
  AccountPlanEvent,
  DecisionContext
> = {
  type: "plan",
  machine: accountPlanMachine,
  commandSchema: AccountPlanCommandSchema,
  eventSchema: AccountPlanEventSchema,
  resourceKind: "plan",
  actions: COMMAND_ACTIONS.plan,
  createdId: (c) => (c.type === "DraftPlan" ? c.planId : undefined),
  context: async (_scope, base) => base,
  // Judged on the account the plan is for (its owner, their managers, its team), and on the plan's own owner.
  async resource(scope, state, command) {
    const c = command.type === "DraftPlan" ? command : undefined;
    const accountId = state.status === "none" ? (c?.accountId ?? null) : state.accountId;
    const ownerId = state.status === "none" ? (c?.ownerId ?? null) : state.ownerId;
    return underAccount(scope, "plan", accountId, { ownerId });
  },
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
