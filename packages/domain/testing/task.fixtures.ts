// Helpers for the task machine's tests. Not exported from the package.
import fc from "fast-check";
import { date, type Timestamp } from "../src/kernel/calendar-date.ts";
import { asId } from "../src/kernel/ids.ts";
import type { TaskCommand } from "../src/machines/task.machine.ts";
import { ctx } from "./fixtures.ts";
import { arbitrarySteps } from "./small-machines.fixtures.ts";

/** Creates task t1 on account a1 for m1, due 2026-12-01; a client deadline when `agreedWithClient`. */
export const createTask = (agreedWithClient = false): TaskCommand => ({
  type: "CreateTask",
  taskId: asId.task("t1"),
  accountId: asId.account("a1"),
  title: "Send the Q3 report",
  assigneeId: asId.member("m1"),
  dueDate: date("2026-12-01"),
  agreedWithClient,
});

/** Any task command, with and without the reasons a client deadline asks for. */
export const arbitraryTaskCommand: fc.Arbitrary<TaskCommand> = fc.oneof(
  fc.constant<TaskCommand>(createTask()),
  fc.constant<TaskCommand>(createTask(true)),
  fc.constant<TaskCommand>({ type: "StartTask" }),
  fc.constant<TaskCommand>({ type: "CompleteTask" }),
  fc.constantFrom<TaskCommand>({ type: "CancelTask" }, { type: "CancelTask", reason: "why" }),
  fc.constant<TaskCommand>({ type: "ReassignTask", assigneeId: asId.member("m9") }),
  fc.constantFrom<TaskCommand>(
    { type: "RescheduleTask", dueDate: date("2027-01-01") },
    { type: "RescheduleTask", dueDate: date("2027-01-02"), reason: "asked" },
  ),
);

/** Task commands, each decided at a later moment than the one before. */
export const arbitraryTaskSteps = arbitrarySteps(arbitraryTaskCommand, (now: Timestamp) =>
  fc.constant(ctx({ now })),
);
