// `contact create` and `contact update`: AddContact and UpdateContact with friendly flags, parsed by the
// domain's command schemas like every other command.
import { parseCommand } from "@accountable/service";
import type { Ctx } from "../context.ts";
import { invalid, Refused } from "../failure.ts";
import { newId } from "../ids.ts";
import { recordIdOf, resolveRecord } from "../records.ts";
import { withSession } from "../runtime.ts";
import { orNull } from "./account.ts";
import { runCommand } from "./run-command.ts";

export interface ContactFlags {
  readonly id?: string;
  readonly account?: string;
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly title?: string;
  readonly role?: readonly string[];
  readonly reportsTo?: string;
  readonly sentiment?: string;
  readonly expectVersion?: number;
  readonly dryRun?: boolean;
}

const present = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Roles from repeated or comma-separated flags: `--role decision_maker,champion`. */
const roles = (values: readonly string[] | undefined) =>
  values
    ?.flatMap((v) => v.split(","))
    .map((r) => r.trim().replace(/-/g, "_"))
    .filter(Boolean);

export async function createContact(ctx: Ctx, name: string, flags: ContactFlags): Promise<void> {
  const contactId = flags.id ?? newId(name, "contact");
  await withSession(ctx.globals, async (session) => {
    // The account and the manager by name or id (records.ts), as --owner takes a member.
    const parsed = parseCommand(
      "contact",
      present({
        type: "AddContact",
        contactId,
        accountId:
          flags.account === undefined
            ? undefined
            : await resolveRecord(session, "account", flags.account, "--account"),
        name,
        email: orNull(flags.email),
        phone: orNull(flags.phone),
        title: orNull(flags.title),
        roles: roles(flags.role),
        reportsToId: flags.reportsTo
          ? await resolveRecord(session, "contact", flags.reportsTo, "--reports-to")
          : orNull(flags.reportsTo),
        sentiment: orNull(flags.sentiment),
      }),
    );
    if (!parsed.ok) throw new Refused(parsed.error);
    await runCommand(ctx, session, { aggregate: "contact", id: contactId, command: parsed.value }, flags);
  });
}

/** UpdateContact for the details; SetContactRoles when --role is given (it replaces the roles). */
export async function updateContact(ctx: Ctx, id: string, flags: ContactFlags): Promise<void> {
  const details = present({
    name: flags.name,
    email: orNull(flags.email),
    phone: orNull(flags.phone),
    title: orNull(flags.title),
    reportsToId: orNull(flags.reportsTo),
    sentiment: orNull(flags.sentiment),
  });
  const newRoles = roles(flags.role);
  const inputs = [
    ...(Object.keys(details).length > 0 ? [{ type: "UpdateContact", ...details }] : []),
    ...(newRoles === undefined ? [] : [{ type: "SetContactRoles", roles: newRoles }]),
  ];
  if (inputs.length === 0)
    throw invalid(
      "Say what to change: --name, --email, --phone, --title, --role, --reports-to or --sentiment.",
      "(input)",
    );
  if (inputs.length > 1 && (flags.dryRun || ctx.globals.json))
    throw invalid(
      "--role with other changes makes two commands: with --dry-run or --json, set roles on their own.",
      "role",
    );
  const parse = (input: Record<string, unknown>) => {
    const parsed = parseCommand("contact", input);
    if (!parsed.ok) throw new Refused(parsed.error);
    return parsed.value;
  };
  await withSession(ctx.globals, async (session) => {
    // The contact by its id, its name or its e-mail (records.ts), as `show` and `do` find it.
    const contactId = await recordIdOf(session, "contact", id);
    // The manager by name or id (records.ts), once the session can read the contacts.
    const reportsToId = flags.reportsTo
      ? await resolveRecord(session, "contact", flags.reportsTo, "--reports-to")
      : undefined;
    const commands = inputs.map((input) =>
      parse(input.type === "UpdateContact" && reportsToId !== undefined ? { ...input, reportsToId } : input),
    );
    let expectedVersion = flags.expectVersion;
    for (const command of commands) {
      const done = await runCommand(
        ctx,
        session,
        { aggregate: "contact", id: contactId, command, expectedVersion },
        flags,
      );
      if (expectedVersion !== undefined) expectedVersion = done.version;
    }
  });
}
