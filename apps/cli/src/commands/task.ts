// `task create`: CreateTask with friendly flags.
import { parseCommand } from "@accountable/service";
import type { Ctx } from "../context.ts";
import { Refused } from "../failure.ts";
import { calendarDateFlag } from "../flags.ts";
import { newId } from "../ids.ts";
import { resolveRecord } from "../records.ts";
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
    // The assignee and the account by name, e-mail or id, as --owner takes a member (records.ts).
    const parsed = parseCommand("task", {
      type: "CreateTask",
      taskId,
      accountId:
        flags.account === undefined
          ? null
          : await resolveRecord(session, "account", flags.account, "--account"),
      title,
      assigneeId:
        flags.assignee === undefined
          ? session.actorId()
          : await resolveRecord(session, "member", flags.assignee, "--assignee"),
      dueDate,
      agreedWithClient: flags.agreedWithClient === true,
    });
    if (!parsed.ok) throw new Refused(parsed.error);
    await runCommand(ctx, session, { aggregate: "task", id: taskId, command: parsed.value }, flags);
  });
}
