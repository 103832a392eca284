import { accountSpec } from "./account.ts";
import { contractSpec } from "./contract.ts";
import { invitationSpec } from "./invitation.ts";
import { costSpec, invoiceSpec, quotaSpec } from "./money.ts";
import { opportunitySpec } from "./opportunity.ts";
import { contactSpec, memberSpec, workspaceSpec } from "./people.ts";
import { planSpec } from "./plan.ts";
import type { AnySpec } from "./spec.ts";
import { targetSpec } from "./target.ts";
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
  plan: planSpec,
  invoice: invoiceSpec,
  cost: costSpec,
  quota: quotaSpec,
  target: targetSpec,
} as const satisfies Record<string, AnySpec>;

export type AggregateType = keyof typeof REGISTRY;
export const AGGREGATES = Object.keys(REGISTRY) as AggregateType[];

/**
 * Aggregates the service runs through the same command path but only from its own flows, never from the
 * adapters' generic command routes: an invitation carries a token's hash and a user's id, which only the
 * service's `sendInvitation` / `acceptInvitation` may put in a command.
 */
export const OWN_FLOWS = { invitation: invitationSpec } as const satisfies Record<string, AnySpec>;

/** Every aggregate `execute` runs: the registry's and those of the service's own flows. */
export const SPECS = { ...REGISTRY, ...OWN_FLOWS } as const;
export type RunnableAggregate = keyof typeof SPECS;
