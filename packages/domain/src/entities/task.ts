import { z } from "zod";
import { type CalendarDate, CalendarDateSchema, TimestampSchema } from "../kernel/calendar-date.ts";
import { AccountIdSchema, MemberIdSchema, TaskIdSchema } from "../kernel/ids.ts";
import { text } from "../kernel/text.ts";

export const TASK_STATUSES = ["open", "in_progress", "done", "cancelled"] as const;
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
  return (task.status === "open" || task.status === "in_progress") && task.dueDate < today;
}
