import { accountSpec } from "./account.ts";
import { contractSpec } from "./contract.ts";
import { costSpec, invoiceSpec, quotaSpec } from "./money.ts";
import { opportunitySpec } from "./opportunity.ts";
import { contactSpec, memberSpec, workspaceSpec } from "./people.ts";
import type { AnySpec } from "./spec.ts";
import { activitySpec, briefSpec, escalationSpec, taskSpec } from "./work.ts";

/** Every aggregate the service runs, by the name commands address it with. */
export const REGISTRY = {
  workspace: workspaceSpec,
  member: memberSpec,
  account: accountSpec,
  contact: contactSpec,
  opportunity: opportunitySpec,
  contract: contractSpec,
  activity: activitySpec,
  task: taskSpec,
  escalation: escalationSpec,
  brief: briefSpec,
  invoice: invoiceSpec,
  cost: costSpec,
  quota: quotaSpec,
} as const satisfies Record<string, AnySpec>;

export type AggregateType = keyof typeof REGISTRY;
export const AGGREGATES = Object.keys(REGISTRY) as AggregateType[];
