// `member create`: AddMember with friendly flags (many members at once: `import --kind member`).
import { parseCommand } from "@accountable/service";
import type { Ctx } from "../context.ts";
import { Refused } from "../failure.ts";
import { slugify } from "../ids.ts";
import { withSession } from "../runtime.ts";
import { runCommand } from "./run-command.ts";

export interface CreateMemberFlags {
  readonly email: string;
  readonly role?: string;
  readonly manager?: string;
  readonly id?: string;
  readonly dryRun?: boolean;
}

export async function createMember(ctx: Ctx, name: string, flags: CreateMemberFlags): Promise<void> {
  // As `init` makes the first admin's: the id is the e-mail's local part, readable in --as and --owner.
  const memberId = flags.id ?? slugify(flags.email.split("@")[0] ?? "", "member");
  const parsed = parseCommand("member", {
    type: "AddMember",
    memberId,
    name,
    email: flags.email,
    role: flags.role ?? "account_executive",
    reportsTo: flags.manager ?? null,
  });
  if (!parsed.ok) throw new Refused(parsed.error);
  await withSession(ctx.globals, async (session) => {
    await runCommand(ctx, session, { aggregate: "member", id: memberId, command: parsed.value }, flags);
  });
}
