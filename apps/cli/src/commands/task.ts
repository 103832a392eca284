// `task create`: CreateTask with friendly flags.
import { parseCommand } from "@accountable/service";
import type { Ctx } from "../context.ts";
import { Refused } from "../failure.ts";
import { calendarDateFlag } from "../flags.ts";
import { newId } from "../ids.ts";
import { withSession } from "../runtime.ts";
import { runCommand } from "./run-command.ts";

export interface CreateTaskFlags {
  readonly due: string;
  readonly assignee?: string;
  readonly account?: string;
  readonly agreedWithClient?: boolean;
  readonly id?: string;
  readonly dryRun?: boolean;
}

export async function createTask(ctx: Ctx, title: string, flags: CreateTaskFlags): Promise<void> {
  const taskId = flags.id ?? newId(title, "task");
  const dueDate = calendarDateFlag(flags.due, "due");
  await withSession(ctx.globals, async (session) => {
    const parsed = parseCommand("task", {
      type: "CreateTask",
      taskId,
      accountId: flags.account ?? null,
      title,
      assigneeId: flags.assignee ?? session.actorId(),
      dueDate,
      agreedWithClient: flags.agreedWithClient === true,
    });
    if (!parsed.ok) throw new Refused(parsed.error);
    await runCommand(ctx, session, { aggregate: "task", id: taskId, command: parsed.value }, flags);
  });
}
