import { parseCommand } from "@accountable/service";
import { Refused } from "../failure.ts";
import { slugify } from "../ids.ts";
import type { Ctx } from "../program.ts";
import { withSession } from "../runtime.ts";
import { runCommand } from "./run-command.ts";

export interface CreateAccountFlags {
  readonly id?: string;
  readonly owner?: string;
  readonly industry?: string;
  readonly website?: string;
  readonly parent?: string;
  readonly dryRun?: boolean;
}

export async function createAccount(ctx: Ctx, name: string, flags: CreateAccountFlags): Promise<void> {
  await withSession(ctx.globals, async (session) => {
    // Account names are nearly unique, so the id is the name's slug; a clash is refused as AlreadyExists.
    const accountId = flags.id ?? slugify(name, "account");
    const parsed = parseCommand("account", {
      type: "CreateAccount",
      accountId,
      name,
      ownerId: flags.owner ?? session.actorId(),
      parentId: flags.parent ?? null,
      industry: flags.industry ?? null,
      website: flags.website ?? null,
    });
    if (!parsed.ok) throw new Refused(parsed.error);
    await runCommand(ctx, session, { aggregate: "account", id: accountId, command: parsed.value }, flags);
  });
}
