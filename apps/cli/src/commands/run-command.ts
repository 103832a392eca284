import type { CommandRequest, Executed } from "@accountable/service";
import type { Session } from "../cli-service.ts";
import type { Ctx } from "../context.ts";
import { Refused } from "../failure.ts";
import { describeExecuted } from "./format.ts";

export interface RunOptions {
  readonly dryRun?: boolean | undefined;
  readonly reason?: string | undefined;
}

/**
 * Executes one parsed command as the session's member and prints what happened (the `Executed` value with
 * `--json`); a refusal goes to the caller's handler as `Refused`.
 */
export async function runCommand(
  ctx: Ctx,
  session: Session,
  request: CommandRequest,
  options: RunOptions,
): Promise<Executed> {
  // The reader first: a command may change who the member is (a deactivation of themselves).
  const reader = await session.read();
  const result = await session.service.execute(session.workspaceId, request, session.actorId(), {
    dryRun: options.dryRun === true,
    reason: options.reason ?? null,
  });
  if (!result.ok) throw new Refused(result.error);
  // What it did, as the member may read it: the new state's money masked where their rule says.
  const executed = await reader.executed(result.value);
  ctx.out.result(executed, () => describeExecuted(ctx.out, executed));
  return executed;
}
