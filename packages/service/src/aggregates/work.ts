// Specs of the aggregates around the account's daily work: tasks, escalations, briefs.
import {
  type ActivityCommand,
  ActivityCommandSchema,
  type ActivityEvent,
  ActivityEventSchema,
  type ActivityState,
  activityPath,
  type BriefCommand,
  BriefCommandSchema,
  type BriefContext,
  type BriefEvent,
  BriefEventSchema,
  type BriefState,
  briefPath,
  type DecisionContext,
  type EscalationCommand,
  EscalationCommandSchema,
  type EscalationContext,
  type EscalationEvent,
  EscalationEventSchema,
  type EscalationState,
  escalationPath,
  type TaskCommand,
  TaskCommandSchema,
  type TaskEvent,
  TaskEventSchema,
  type TaskState,
  taskPath,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

export const taskSpec: AggregateSpec<TaskState, TaskCommand, TaskEvent, DecisionContext> = {
  ...taskPath,
  commandSchema: TaskCommandSchema,
  eventSchema: TaskEventSchema,
  resourceKind: "task",
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
  ...escalationPath,
  commandSchema: EscalationCommandSchema,
  eventSchema: EscalationEventSchema,
  resourceKind: "escalation",
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

export const briefSpec: AggregateSpec<BriefState, BriefCommand, BriefEvent, BriefContext> = {
  ...briefPath,
  commandSchema: BriefCommandSchema,
  eventSchema: BriefEventSchema,
  resourceKind: "brief",
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
  ...activityPath,
  commandSchema: ActivityCommandSchema,
  eventSchema: ActivityEventSchema,
  resourceKind: "activity",
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
};
