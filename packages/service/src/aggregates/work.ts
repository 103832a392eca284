// Specs of the aggregates around the account's daily work: tasks, escalations, briefs.
import {
  type ActivityCommand,
  ActivityCommandSchema,
  type ActivityEvent,
  ActivityEventSchema,
  type ActivityState,
  activityFollowUps,
  activityMachine,
  type BriefCommand,
  BriefCommandSchema,
  type BriefContext,
  type BriefEvent,
  BriefEventSchema,
  type BriefState,
  briefMachine,
  COMMAND_ACTIONS,
  type Contract,
  type DecisionContext,
  type EscalationCommand,
  EscalationCommandSchema,
  type EscalationContext,
  type EscalationEvent,
  EscalationEventSchema,
  type EscalationState,
  escalationMachine,
  type Opportunity,
  type TaskCommand,
  TaskCommandSchema,
  type TaskEvent,
  TaskEventSchema,
  type TaskState,
  taskMachine,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { underAccount } from "../lookups.ts";
import { findData, type Scope, upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

export const taskSpec: AggregateSpec<TaskState, TaskCommand, TaskEvent, DecisionContext> = {
  type: "task",
  machine: taskMachine,
  commandSchema: TaskCommandSchema,
  eventSchema: TaskEventSchema,
  resourceKind: "task",
  actions: COMMAND_ACTIONS.task,
  createdId: (c) => (c.type === "CreateTask" ? c.taskId : undefined),
  context: async (_scope, base) => base,
  async resource(scope, state, command) {
    const c = command.type === "CreateTask" ? command : undefined;
    const accountId = state.status === "none" ? (c?.accountId ?? null) : state.accountId;
    const assigneeId = state.status === "none" ? (c?.assigneeId ?? null) : state.assigneeId;
    return underAccount(scope, "task", accountId, { assigneeId });
  },
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.tasks, {
      id: s.id,
      version,
      data: s,
      updatedAt: at,
      accountId: s.accountId,
      assigneeId: s.assigneeId,
      status: s.status,
      dueDate: s.dueDate,
      agreedWithClient: s.agreedWithClient,
    });
  },
};

export const escalationSpec: AggregateSpec<
  EscalationState,
  EscalationCommand,
  EscalationEvent,
  EscalationContext
> = {
  type: "escalation",
  machine: escalationMachine,
  commandSchema: EscalationCommandSchema,
  eventSchema: EscalationEventSchema,
  resourceKind: "escalation",
  actions: COMMAND_ACTIONS.escalation,
  createdId: (c) => (c.type === "OpenEscalation" ? c.escalationId : undefined),
  context: async (scope, base) => ({ ...base, slaHours: scope.settings.slaHours }),
  async resource(scope, state, command) {
    const c = command.type === "OpenEscalation" ? command : undefined;
    const accountId = state.status === "none" ? (c?.accountId ?? null) : state.accountId;
    const ownerId = state.status === "none" ? (c?.ownerId ?? null) : state.ownerId;
    return underAccount(scope, "escalation", accountId, { ownerId });
  },
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.escalations, {
      id: s.id,
      version,
      data: s,
      updatedAt: at,
      accountId: s.accountId,
      ownerId: s.ownerId,
      status: s.status,
      severity: s.severity,
      slaDueAt: s.slaDueAt,
    });
  },
};

/** The deal a brief links to, as its read row holds it (rows were validated when written). */
async function briefDeal(scope: Scope, id: string): Promise<NonNullable<BriefContext["deal"]> | null> {
  const d = (await findData(scope, schema.opportunities, id)) as Opportunity | undefined;
  return d === undefined ? null : { id: d.id, accountId: d.accountId, name: d.name, status: d.status };
}

/** The contract a brief links to (or is delivered under), as its read row holds it. */
async function briefContract(
  scope: Scope,
  id: string | null,
): Promise<NonNullable<BriefContext["contract"]> | null> {
  const k = id === null ? undefined : ((await findData(scope, schema.contracts, id)) as Contract | undefined);
  return k === undefined
    ? null
    : { id: k.id, accountId: k.accountId, title: k.title, status: k.status, opportunityId: k.opportunityId };
}

export const briefSpec: AggregateSpec<BriefState, BriefCommand, BriefEvent, BriefContext> = {
  type: "brief",
  machine: briefMachine,
  commandSchema: BriefCommandSchema,
  eventSchema: BriefEventSchema,
  resourceKind: "brief",
  actions: COMMAND_ACTIONS.brief,
  createdId: (c) => (c.type === "ReceiveBrief" ? c.briefId : undefined),
  // A link is decided on the deal or contract it names; linking a deal also on the contract the brief is
  // delivered under, whose deal it must be.
  async context(scope, base, state, command) {
    const current = state.status === "none" ? null : state.contractId;
    if (command.type === "LinkDeal")
      return {
        ...base,
        deal: await briefDeal(scope, command.opportunityId),
        contract: await briefContract(scope, current),
      };
    if (command.type === "LinkContract")
      return { ...base, contract: await briefContract(scope, command.contractId) };
    return base;
  },
  async resource(scope, state, command) {
    const c = command.type === "ReceiveBrief" ? command : undefined;
    const accountId = state.status === "none" ? (c?.accountId ?? null) : state.accountId;
    const assigneeId = state.status === "none" ? (c?.plannerId ?? null) : state.plannerId;
    return underAccount(scope, "brief", accountId, { assigneeId });
  },
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.briefs, {
      id: s.id,
      version,
      data: s,
      updatedAt: at,
      accountId: s.accountId,
      plannerId: s.plannerId,
      status: s.status,
      deadline: s.deadline,
      opportunityId: s.opportunityId,
      contractId: s.contractId,
    });
  },
};

export const activitySpec: AggregateSpec<ActivityState, ActivityCommand, ActivityEvent, DecisionContext> = {
  type: "activity",
  machine: activityMachine,
  commandSchema: ActivityCommandSchema,
  eventSchema: ActivityEventSchema,
  resourceKind: "activity",
  actions: COMMAND_ACTIONS.activity,
  createdId: (c) => (c.type === "LogActivity" || c.type === "PlanActivity" ? c.activityId : undefined),
  context: async (_scope, base) => base,
  async resource(scope, state, command) {
    const c = command.type === "LogActivity" || command.type === "PlanActivity" ? command : undefined;
    const accountId = state.status === "none" ? (c?.accountId ?? null) : state.accountId;
    return underAccount(scope, "activity", accountId, {
      ownerId: state.status === "none" ? null : state.authorId,
    });
  },
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.activities, {
      id: s.id,
      version,
      data: s,
      updatedAt: at,
      accountId: s.accountId,
      opportunityId: s.opportunityId,
      contractId: s.contractId,
      kind: s.kind,
      status: s.status,
      at: s.at,
    });
  },
  async followUps(_scope, events, state) {
    if (state.status === "none") return [];
    return events.flatMap((e) => activityFollowUps(e, state));
  },
};
