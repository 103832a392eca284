import { match } from "ts-pattern";
import { z } from "zod";
import { OPEN_TASK_STATUSES, TASK_STATUSES, type Task, TaskSchema } from "../entities/task.ts";
import { CalendarDateSchema } from "../kernel/calendar-date.ts";
import type { DecisionContext } from "../kernel/context.ts";
import { AccountIdSchema, MemberIdSchema, TaskIdSchema } from "../kernel/ids.ts";
import {
  checkMove,
  type Decision,
  existingRecord,
  type GuardedTable,
  type GuardSet,
  type Machine,
} from "../kernel/machine.ts";
import { refuse } from "../kernel/refusal.ts";
import { assertNever, err, ok } from "../kernel/result.ts";
import { text } from "../kernel/text.ts";
import { eventSchema } from "./event-schema.ts";

export type TaskState = { readonly status: "none" } | Task;
export type TaskStatusOrNone = TaskState["status"];

const Reason = text().trim().min(1).max(2000);

export const TaskCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("CreateTask"),
    taskId: TaskIdSchema,
    accountId: AccountIdSchema.nullable().default(null),
    title: TaskSchema.shape.title,
    assigneeId: MemberIdSchema,
    dueDate: CalendarDateSchema,
    agreedWithClient: z.boolean().default(false),
  }),
  z.strictObject({ type: z.literal("StartTask") }),
  z.strictObject({ type: z.literal("CompleteTask") }),
  z.strictObject({ type: z.literal("CancelTask"), reason: Reason.optional() }),
  z.strictObject({ type: z.literal("ReassignTask"), assigneeId: MemberIdSchema }),
  z.strictObject({
    type: z.literal("RescheduleTask"),
    dueDate: CalendarDateSchema,
    reason: Reason.optional(),
  }),
]);
export type TaskCommand = z.infer<typeof TaskCommandSchema>;

/** Everything that can happen to a task; the store parses each event it reads back with this schema. */
export const TaskEventSchema = z.discriminatedUnion("type", [
  eventSchema("TaskCreated", {
    taskId: TaskIdSchema,
    accountId: TaskSchema.shape.accountId,
    title: TaskSchema.shape.title,
    assigneeId: TaskSchema.shape.assigneeId,
    dueDate: TaskSchema.shape.dueDate,
    agreedWithClient: TaskSchema.shape.agreedWithClient,
  }),
  eventSchema("TaskStarted"),
  eventSchema("TaskCompleted"),
  eventSchema("TaskCancelled", { reason: TaskSchema.shape.cancelReason }),
  eventSchema("TaskReassigned", { assigneeId: TaskSchema.shape.assigneeId }),
  eventSchema("TaskRescheduled", { dueDate: TaskSchema.shape.dueDate, reason: text().nullable() }),
]);
export type TaskEvent = z.infer<typeof TaskEventSchema>;

const live = OPEN_TASK_STATUSES;

type Guards = GuardSet<TaskState, TaskCommand, DecisionContext>;

const isClientDeadline = (s: TaskState) => s.status !== "none" && s.agreedWithClient;

/** The named checks of the task's table: a deadline agreed with the client moves or goes only with a reason. */
export const taskGuards = {
  aReasonForAClientDeadline: {
    words: "a reason, for a deadline agreed with the client",
    check: (state, command) => {
      if (!isClientDeadline(state)) return undefined;
      if (command.type === "CancelTask" && !command.reason)
        return refuse.reasonRequired("cancel a deadline agreed with the client");
      if (command.type === "RescheduleTask" && !command.reason)
        return refuse.reasonRequired("move a deadline agreed with the client");
      return undefined;
    },
  },
} as const satisfies Guards;

/** The name of one of the task machine's guards. */
export type TaskGuard = keyof typeof taskGuards;

export const taskTable = {
  CreateTask: { command: "CreateTask", label: "create", from: ["none"], to: ["open"], guards: [] },
  StartTask: { command: "StartTask", label: "start", from: ["open"], to: ["in_progress"], guards: [] },
  CompleteTask: { command: "CompleteTask", label: "complete", from: live, to: ["done"], guards: [] },
  CancelTask: {
    command: "CancelTask",
    label: "cancel",
    from: live,
    to: ["cancelled"],
    guards: ["aReasonForAClientDeadline"],
  },
  ReassignTask: { command: "ReassignTask", label: "reassign", from: live, to: live, guards: [] },
  RescheduleTask: {
    command: "RescheduleTask",
    label: "reschedule",
    from: live,
    to: live,
    guards: ["aReasonForAClientDeadline"],
  },
} as const satisfies GuardedTable<TaskStatusOrNone, TaskCommand["type"], TaskGuard>;

function decide(state: TaskState, command: TaskCommand, ctx: DecisionContext): Decision<TaskEvent> {
  const refused = checkMove("task", taskTable, taskGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<TaskEvent>>()
    .with({ type: "CreateTask" }, (c) =>
      ok([
        {
          type: "TaskCreated",
          at,
          taskId: c.taskId,
          accountId: c.accountId,
          title: c.title,
          assigneeId: c.assigneeId,
          dueDate: c.dueDate,
          agreedWithClient: c.agreedWithClient,
        },
      ]),
    )
    .with({ type: "StartTask" }, () => ok([{ type: "TaskStarted", at }]))
    .with({ type: "CompleteTask" }, () => ok([{ type: "TaskCompleted", at }]))
    .with({ type: "CancelTask" }, (c) => ok([{ type: "TaskCancelled", at, reason: c.reason ?? null }]))
    .with({ type: "ReassignTask" }, (c) => ok([{ type: "TaskReassigned", at, assigneeId: c.assigneeId }]))
    .with({ type: "RescheduleTask" }, (c) =>
      ok([{ type: "TaskRescheduled", at, dueDate: c.dueDate, reason: c.reason ?? null }]),
    )
    .exhaustive();
}

function existing(state: TaskState, event: TaskEvent): Task {
  return existingRecord(state, "a task", event);
}

function evolve(state: TaskState, event: TaskEvent): TaskState {
  switch (event.type) {
    case "TaskCreated":
      return {
        id: event.taskId,
        status: "open",
        accountId: event.accountId,
        title: event.title,
        assigneeId: event.assigneeId,
        dueDate: event.dueDate,
        agreedWithClient: event.agreedWithClient,
        createdAt: event.at,
        completedAt: null,
        cancelReason: null,
      };
    case "TaskStarted":
      return { ...existing(state, event), status: "in_progress" };
    case "TaskCompleted":
      return { ...existing(state, event), status: "done", completedAt: event.at };
    case "TaskCancelled":
      return { ...existing(state, event), status: "cancelled", cancelReason: event.reason };
    case "TaskReassigned":
      return { ...existing(state, event), assigneeId: event.assigneeId };
    case "TaskRescheduled":
      return { ...existing(state, event), dueDate: event.dueDate };
    default:
      return assertNever(event, "task event");
  }
}

/** Task: open → in_progress → done or cancelled; overdue is derived from the due date (`isTaskOverdue`). */
export const taskMachine: Machine<TaskState, TaskCommand, TaskEvent, DecisionContext> = {
  name: "task",
  initial: { status: "none" },
  statuses: ["none", ...TASK_STATUSES],
  terminal: ["done", "cancelled"],
  table: taskTable,
  guards: taskGuards,
  decide,
  evolve,
};
