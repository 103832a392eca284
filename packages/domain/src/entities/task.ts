import { z } from "zod";
import { type CalendarDate, CalendarDateSchema, TimestampSchema } from "../kernel/calendar-date.ts";
import { AccountIdSchema, MemberIdSchema, TaskIdSchema } from "../kernel/ids.ts";
import { text } from "../kernel/text.ts";

export const TASK_STATUSES = ["open", "in_progress", "done", "cancelled"] as const;
/** Statuses in which a task is still to be done: its due date matters, it is overdue once past. */
export const OPEN_TASK_STATUSES = [
  "open",
  "in_progress",
] as const satisfies readonly (typeof TASK_STATUSES)[number][];
export const TaskStatusSchema = z.enum(TASK_STATUSES).meta({ id: "TaskStatus" });
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/** A piece of work with an assignee and a due date; `agreedWithClient` makes it a client deadline. */
export const TaskSchema = z
  .strictObject({
    id: TaskIdSchema,
    status: TaskStatusSchema,
    accountId: AccountIdSchema.nullable(),
    title: text().trim().min(1, "a task needs a title").max(300),
    assigneeId: MemberIdSchema,
    dueDate: CalendarDateSchema,
    /** A deadline promised to the client: moving it needs a reason. */
    agreedWithClient: z.boolean(),
    createdAt: TimestampSchema,
    completedAt: TimestampSchema.nullable(),
    cancelReason: text().nullable(),
  })
  .meta({ id: "Task" });
export type Task = z.infer<typeof TaskSchema>;

/** Overdue is derived, never stored: an unfinished task whose due date has passed. */
export function isTaskOverdue(task: Pick<Task, "status" | "dueDate">, today: CalendarDate): boolean {
  return isTaskOpen(task) && task.dueDate < today;
}

/** Whether the task is still to be done (one of {@link OPEN_TASK_STATUSES}). */
export function isTaskOpen(task: Pick<Task, "status">): boolean {
  return (OPEN_TASK_STATUSES as readonly TaskStatus[]).includes(task.status);
}
