// `member create`: AddMember with friendly flags (many members at once: `import --kind member`).
import { parseCommand } from "@accountable/service";
import type { Ctx } from "../context.ts";
import { Refused } from "../failure.ts";
import { slugify } from "../ids.ts";
import { resolveRecord } from "../records.ts";
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
  await withSession(ctx.globals, async (session) => {
    const parsed = parseCommand("member", {
      type: "AddMember",
      memberId,
      name,
      email: flags.email,
      role: flags.role ?? "account_executive",
      // The manager by name, e-mail or id, as --owner takes a member.
      reportsTo:
        flags.manager === undefined
          ? null
          : await resolveRecord(session, "member", flags.manager, "--manager"),
    });
    if (!parsed.ok) throw new Refused(parsed.error);
    await runCommand(ctx, session, { aggregate: "member", id: memberId, command: parsed.value }, flags);
  });
}
