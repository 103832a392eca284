// How each aggregate is addressed from outside, declared once: the collection its records live in (the API's path
// segment and the name of its list) and the commands that start its stream, each with the field naming the new
// record. The API's routes, the CLI's calls through a server and the web's command paths are all derived from it
// (`commandPath`), so no adapter writes a path or a collection by hand and a command a machine learns is addressed
// without an edit outside the domain.

import { kebabCase } from "../kernel/text.ts";
import type { AggregateCommands, AggregateType } from "./command-actions.ts";

/** Where an aggregate's records live and which of its commands create one (command → the new record's id field). */
export interface AggregateResource<A extends AggregateType = AggregateType> {
  /** The path segment under a workspace and the list's name; null for the workspace itself. */
  readonly collection: string | null;
  /** Creation commands in the order adapters offer them: the first is what a bare "create" means. */
  readonly creates: { readonly [T in AggregateCommands[A]["type"]]?: string };
}

export const AGGREGATE_RESOURCES = {
  workspace: { collection: null, creates: { CreateWorkspace: "workspaceId" } },
  member: { collection: "members", creates: { AddMember: "memberId" } },
  account: { collection: "accounts", creates: { CreateAccount: "accountId" } },
  contact: { collection: "contacts", creates: { AddContact: "contactId" } },
  // An import (any stage, from another system) is a creation too, asked for by its type.
  opportunity: {
    collection: "opportunities",
    creates: { CreateOpportunity: "opportunityId", ImportOpportunity: "opportunityId" },
  },
  contract: { collection: "contracts", creates: { CreateContract: "contractId" } },
  activity: { collection: "activities", creates: { LogActivity: "activityId", PlanActivity: "activityId" } },
  task: { collection: "tasks", creates: { CreateTask: "taskId" } },
  escalation: { collection: "escalations", creates: { OpenEscalation: "escalationId" } },
  brief: { collection: "briefs", creates: { ReceiveBrief: "briefId" } },
  plan: { collection: "plans", creates: { DraftPlan: "planId" } },
  invoice: { collection: "invoices", creates: { DraftInvoice: "invoiceId" } },
  cost: { collection: "costs", creates: { RecordCost: "costEntryId" } },
  quota: { collection: "quotas", creates: { SetQuota: "quotaId" } },
  target: { collection: "targets", creates: { CreateTargetList: "targetListId" } },
} as const satisfies { readonly [A in AggregateType]: AggregateResource<A> };

/** The collection of an aggregate served from one (every aggregate but the workspace). */
export type Collection = NonNullable<(typeof AGGREGATE_RESOURCES)[AggregateType]["collection"]>;

/** The collection an aggregate's records live in; null for the workspace. */
export function collectionOf(aggregate: AggregateType): Collection | null {
  return AGGREGATE_RESOURCES[aggregate].collection;
}

/** The aggregate served from a collection (`"opportunities"` → `"opportunity"`), if any. */
export function aggregateOfCollection(collection: string): AggregateType | undefined {
  for (const [aggregate, resource] of Object.entries(AGGREGATE_RESOURCES))
    if (resource.collection === collection) return aggregate as AggregateType;
  return undefined;
}

/** The creation commands of an aggregate, in the order adapters offer them. */
export function creationCommands(aggregate: AggregateType): readonly string[] {
  return Object.keys(AGGREGATE_RESOURCES[aggregate].creates);
}

/** The field of a creation command that names the new record; undefined for a command that creates nothing. */
export function createdIdField(aggregate: AggregateType, commandType: string): string | undefined {
  return (AGGREGATE_RESOURCES[aggregate].creates as Readonly<Record<string, string>>)[commandType];
}

/**
 * Where a command is sent under a workspace (`/api/workspaces/{workspaceId}/…`), with `{id}` for the record:
 * `opportunities` for a creation (the command says its `type`), `opportunities/{id}/move-stage` for any other,
 * `rename-workspace` for the workspace's own. Null for founding a workspace, which has its own route.
 */
export function commandPath(aggregate: AggregateType, commandType: string): string | null {
  const { collection } = AGGREGATE_RESOURCES[aggregate];
  const creates = createdIdField(aggregate, commandType) !== undefined;
  if (collection === null) return creates ? null : kebabCase(commandType);
  return creates ? collection : `${collection}/{id}/${kebabCase(commandType)}`;
}
