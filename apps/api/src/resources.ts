// How the service's aggregates appear over HTTP: the collection each lives in, the entity schema its state is
// described by, and its creation command(s). Every command route, list and read is generated from this table
// and the domain's schemas, so a command the domain learns is served (and documented) without an edit here.
import {
  AccountPlanSchema,
  AccountSchema,
  ActivitySchema,
  BriefSchema,
  ContactSchema,
  ContractSchema,
  CostEntrySchema,
  EscalationSchema,
  InvoiceSchema,
  MemberSchema,
  OpportunitySchema,
  QuotaSchema,
  TargetListSchema,
  TaskSchema,
  WorkspaceSchema,
} from "@accountable/domain";
import { type AggregateType, type ListName, REGISTRY } from "@accountable/service";
import type { z } from "zod";

export interface Resource {
  readonly aggregate: AggregateType;
  /** The path segment under `/api/workspaces/{workspaceId}/`; null for the workspace itself. */
  readonly collection: ListName | null;
  /** A state that exists (not `none`) is one of these. */
  readonly entity: z.ZodType;
  /**
   * Commands that start the aggregate's stream, with the field that names the new id. The first is what
   * `POST /{collection}` runs when the body names no `type`. (resources.test.ts checks this against the service.)
   */
  readonly creates: Readonly<Record<string, string>>;
}

export const RESOURCES = {
  workspace: {
    aggregate: "workspace",
    collection: null,
    entity: WorkspaceSchema,
    creates: { CreateWorkspace: "workspaceId" },
  },
  member: {
    aggregate: "member",
    collection: "members",
    entity: MemberSchema,
    creates: { AddMember: "memberId" },
  },
  account: {
    aggregate: "account",
    collection: "accounts",
    entity: AccountSchema,
    creates: { CreateAccount: "accountId" },
  },
  contact: {
    aggregate: "contact",
    collection: "contacts",
    entity: ContactSchema,
    creates: { AddContact: "contactId" },
  },
  opportunity: {
    aggregate: "opportunity",
    collection: "opportunities",
    entity: OpportunitySchema,
    // The first is the route's default; an import (any stage, from another system) says `"type": "ImportOpportunity"`.
    creates: { CreateOpportunity: "opportunityId", ImportOpportunity: "opportunityId" },
  },
  contract: {
    aggregate: "contract",
    collection: "contracts",
    entity: ContractSchema,
    creates: { CreateContract: "contractId" },
  },
  activity: {
    aggregate: "activity",
    collection: "activities",
    entity: ActivitySchema,
    creates: { LogActivity: "activityId", PlanActivity: "activityId" },
  },
  task: { aggregate: "task", collection: "tasks", entity: TaskSchema, creates: { CreateTask: "taskId" } },
  escalation: {
    aggregate: "escalation",
    collection: "escalations",
    entity: EscalationSchema,
    creates: { OpenEscalation: "escalationId" },
  },
  brief: {
    aggregate: "brief",
    collection: "briefs",
    entity: BriefSchema,
    creates: { ReceiveBrief: "briefId" },
  },
  plan: {
    aggregate: "plan",
    collection: "plans",
    entity: AccountPlanSchema,
    creates: { DraftPlan: "planId" },
  },
  invoice: {
    aggregate: "invoice",
    collection: "invoices",
    entity: InvoiceSchema,
    creates: { DraftInvoice: "invoiceId" },
  },
  cost: {
    aggregate: "cost",
    collection: "costs",
    entity: CostEntrySchema,
    creates: { RecordCost: "costEntryId" },
  },
  quota: { aggregate: "quota", collection: "quotas", entity: QuotaSchema, creates: { SetQuota: "quotaId" } },
  target: {
    aggregate: "target",
    collection: "targets",
    entity: TargetListSchema,
    creates: { CreateTargetList: "targetListId" },
  },
} as const satisfies Record<AggregateType, Resource>;

/** One variant of an aggregate's command union: its `type` and its zod object schema. */
export interface CommandVariant {
  readonly type: string;
  readonly schema: z.ZodObject;
}

/** The variants of the aggregate's command schema (a discriminated union on `type`), in the domain's order. */
export function commandVariants(aggregate: AggregateType): CommandVariant[] {
  const union = REGISTRY[aggregate].commandSchema as unknown as { options: z.ZodObject[] };
  return union.options.map((schema) => {
    const literal = schema.shape.type as unknown as { value: string };
    return { type: literal.value, schema };
  });
}
