import { randomBytes } from "node:crypto";
import { parseCommand } from "@accountable/service";
import type { Ctx } from "../context.ts";
import { invalid, Refused } from "../failure.ts";
import { parseMoney } from "../flags.ts";
import { slugify } from "../ids.ts";
import { defaultAccountOwner, memberFlag } from "../members.ts";
import { recordIdOf, resolveRecord } from "../records.ts";
import { withSession } from "../runtime.ts";
import { runCommand } from "./run-command.ts";

export interface CreateAccountFlags {
  readonly id?: string;
  readonly owner?: string;
  readonly industry?: string;
  readonly website?: string;
  readonly parent?: string;
  readonly employees?: string;
  readonly revenue?: string;
  readonly region?: string;
  readonly allowDuplicate?: boolean;
  readonly dryRun?: boolean;
}

/** `--employees 1200`: a whole number, or the words to fix it (zod words the limits). */
function readEmployees(v: string | undefined): number | string | null | undefined {
  if (v === undefined) return undefined;
  if (v.trim() === "") return null;
  const n = v.replace(/[\s,_]/g, "");
  return /^\d+$/.test(n) ? Number(n) : v;
}

/** `--revenue "250000000 EUR"`: the client's yearly revenue; without a currency, the workspace's. */
async function readRevenue(
  v: string | undefined,
  session: { settings(): Promise<{ currency: Parameters<typeof parseMoney>[1] }> },
) {
  if (v === undefined) return undefined;
  if (v.trim() === "") return null;
  return parseMoney(v, (await session.settings()).currency, "annualRevenue");
}

export async function createAccount(ctx: Ctx, name: string, flags: CreateAccountFlags): Promise<void> {
  await withSession(ctx.globals, async (session) => {
    // Account names are nearly unique, so the id is the name's slug (a namesake added on purpose gets a suffix);
    // a clash is refused as AlreadyExists.
    const slug = slugify(name, "account");
    const accountId = flags.id ?? (flags.allowDuplicate ? `${slug}-${randomBytes(2).toString("hex")}` : slug);
    const parsed = parseCommand("account", {
      type: "CreateAccount",
      accountId,
      name,
      ownerId:
        flags.owner === undefined
          ? await defaultAccountOwner(session, name)
          : await memberFlag(session, flags.owner, "--owner"),
      parentId: flags.parent ? await resolveRecord(session, "account", flags.parent, "--parent") : null,
      industry: flags.industry ?? null,
      website: flags.website ?? null,
      employees: readEmployees(flags.employees) ?? null,
      annualRevenue: (await readRevenue(flags.revenue, session)) ?? null,
      region: flags.region ?? null,
      ...(flags.allowDuplicate ? { allowDuplicate: true } : {}),
    });
    if (!parsed.ok) throw new Refused(parsed.error);
    try {
      await runCommand(ctx, session, { aggregate: "account", id: accountId, command: parsed.value }, flags);
    } catch (e) {
      if (!(e instanceof Refused) || e.refusal._tag !== "AlreadyExists") throw e;
      const said = namesake(e.refusal.message, accountId, flags.id === undefined);
      throw said === e.refusal.message ? e : new Refused({ ...e.refusal, message: said });
    }
  });
}

/**
 * The domain's refusal of a namesake, as a terminal says it: the flag to add it anyway. When the id was made from
 * the name, an id that is taken is most likely the same case met earlier (the account of that name holds the slug).
 */
function namesake(message: string, accountId: string, idFromName: boolean): string {
  const anyway = "To add another account with the same name, run it again with --allow-duplicate.";
  if (message.includes("allowDuplicate"))
    return message.replace(
      /To add another account with the same name, create it with allowDuplicate\./,
      anyway,
    );
  if (!idFromName) return message;
  return `An account with the id ${accountId} (made from its name) already exists: most likely an account of the same name. ${anyway}`;
}

export interface UpdateAccountFlags {
  readonly name?: string;
  readonly industry?: string;
  readonly website?: string;
  readonly parent?: string;
  readonly owner?: string;
  readonly employees?: string;
  readonly revenue?: string;
  readonly region?: string;
  readonly expectVersion?: number;
  readonly dryRun?: boolean;
}

/** An empty value clears a field that may be empty ("--website ''"). */
export const orNull = (v: string | undefined) => (v === undefined ? undefined : v.trim() === "" ? null : v);

/**
 * `account update`: the details through UpdateAccount, and a new owner through ChangeOwner (two commands, each
 * decided by the account machine; the owner change runs only if the details were accepted).
 */
export async function updateAccount(ctx: Ctx, id: string, flags: UpdateAccountFlags): Promise<void> {
  await withSession(ctx.globals, async (session) => {
    const annualRevenue = await readRevenue(flags.revenue, session);
    await updateWith(ctx, session, id, flags, annualRevenue);
  });
}

async function updateWith(
  ctx: Ctx,
  session: Parameters<Parameters<typeof withSession>[1]>[0],
  id: string,
  flags: UpdateAccountFlags,
  annualRevenue: Awaited<ReturnType<typeof readRevenue>>,
): Promise<void> {
  const details = Object.fromEntries(
    Object.entries({
      name: flags.name,
      industry: orNull(flags.industry),
      website: orNull(flags.website),
      parentId: flags.parent
        ? await resolveRecord(session, "account", flags.parent, "--parent")
        : orNull(flags.parent),
      employees: readEmployees(flags.employees),
      annualRevenue,
      region: orNull(flags.region),
    }).filter(([, v]) => v !== undefined),
  );
  const hasDetails = Object.keys(details).length > 0;
  if (!hasDetails && flags.owner === undefined)
    throw invalid(
      "Say what to change: --name, --industry, --website, --parent, --employees, --revenue, --region or --owner.",
      "(input)",
    );
  const commands = [
    ...(hasDetails ? [{ type: "UpdateAccount", ...details }] : []),
    ...(flags.owner === undefined
      ? []
      : [{ type: "ChangeOwner", ownerId: await memberFlag(session, flags.owner, "--owner") }]),
  ].map((input) => {
    const parsed = parseCommand("account", input);
    if (!parsed.ok) throw new Refused(parsed.error);
    return parsed.value;
  });
  if (commands.length > 1 && (flags.dryRun || ctx.globals.json))
    throw invalid(
      "--owner with other changes makes two commands: with --dry-run or --json, change the owner on its own.",
      "owner",
    );
  // The account by its id or its name (records.ts), as `show` and `do` find it.
  const accountId = await recordIdOf(session, "account", id);
  let expectedVersion = flags.expectVersion;
  for (const command of commands) {
    const done = await runCommand(
      ctx,
      session,
      { aggregate: "account", id: accountId, command, expectedVersion },
      flags,
    );
    if (expectedVersion !== undefined) expectedVersion = done.version;
  }
}
