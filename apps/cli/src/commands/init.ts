import { createInterface } from "node:readline/promises";
import {
  CurrencySchema,
  defaultWorkspaceSettings,
  kebabCase,
  type Member,
  memberMachine,
  refuse,
  run,
  type Timestamp,
  type Workspace,
  type WorkspaceSettings,
  workspaceMachine,
} from "@accountable/domain";
import { parseCommand, type Service, SYSTEM_ACTOR } from "@accountable/service";
import { rememberWorkspace } from "../config.ts";
import type { Ctx } from "../context.ts";
import { invalid, Refused } from "../failure.ts";
import { slugify } from "../ids.ts";
import { fields } from "../output.ts";
import { hasEmbeddedDatabase, withService } from "../runtime.ts";

export interface InitFlags {
  readonly workspaceId?: string;
  readonly name?: string;
  readonly adminName?: string;
  readonly adminEmail?: string;
  readonly adminId?: string;
  readonly currency?: string;
  readonly dryRun?: boolean;
}

/** What `init --json` prints. */
export interface Initialised {
  readonly workspace: Workspace;
  readonly admin: Member;
  readonly database: "embedded" | "embedded-memory" | "postgres";
  readonly dataDir: string;
  readonly dryRun: boolean;
}

interface Answers {
  readonly workspaceId: string;
  readonly name: string;
  readonly adminName: string;
  readonly adminEmail: string;
  readonly adminId: string;
  readonly currency: string;
}

/** Fills what the flags leave out: by asking on a terminal, otherwise by refusing with the missing flags. */
async function answers(flags: InitFlags): Promise<Answers> {
  const missing = (["name", "adminName", "adminEmail"] as const).filter((k) => !flags[k]);
  let asked: Partial<Record<keyof Answers, string>> = {};
  if (missing.length > 0) {
    if (!process.stdin.isTTY)
      throw invalid(
        `init needs ${missing.map((k) => `--${kebabCase(k)}`).join(", ")} when it cannot ask (stdin is not a terminal).`,
        missing[0],
      );
    asked = await ask(flags);
  }
  const name = (flags.name ?? asked.name ?? "").trim();
  const adminEmail = (flags.adminEmail ?? asked.adminEmail ?? "").trim();
  return {
    name,
    workspaceId: flags.workspaceId ?? asked.workspaceId ?? slugify(name, "workspace"),
    adminName: (flags.adminName ?? asked.adminName ?? "").trim(),
    adminEmail,
    adminId: flags.adminId ?? slugify(adminEmail.split("@")[0] ?? "", "admin"),
    currency: (flags.currency ?? asked.currency ?? "EUR").trim().toUpperCase(),
  };
}

async function ask(flags: InitFlags): Promise<Partial<Record<keyof Answers, string>>> {
  // Questions go to stderr, so `--json` output on stdout stays clean.
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const question = async (text: string, fallback?: string) => {
    const answer = (await rl.question(fallback ? `${text} (${fallback}): ` : `${text}: `)).trim();
    return answer || fallback || "";
  };
  try {
    const result: Partial<Record<keyof Answers, string>> = {};
    result.name = flags.name ?? (await question("Workspace name (your agency)"));
    if (!flags.workspaceId)
      result.workspaceId = await question("Workspace id", slugify(result.name, "workspace"));
    if (!flags.currency) result.currency = await question("Currency", "EUR");
    result.adminName = flags.adminName ?? (await question("Your name"));
    result.adminEmail = flags.adminEmail ?? (await question("Your e-mail"));
    return result;
  } catch (e) {
    // Ctrl+D or Ctrl+C at a question: stop, having created nothing.
    if ((e as { code?: string }).code === "ABORT_ERR")
      throw invalid("init was cancelled; nothing was created.");
    throw e;
  } finally {
    rl.close();
  }
}

function settingsFor(currency: string): WorkspaceSettings {
  if (!CurrencySchema.safeParse(currency).success)
    throw invalid(`"${currency}" is not an ISO 4217 currency code (EUR, USD, GBP…).`, "currency");
  return defaultWorkspaceSettings(currency);
}

/** Parses both commands with the domain's schemas before anything is written, so init never stops halfway. */
function commands(a: Answers, settings: WorkspaceSettings) {
  const workspace = parseCommand("workspace", {
    type: "CreateWorkspace",
    workspaceId: a.workspaceId,
    name: a.name,
    settings,
  });
  if (!workspace.ok) throw new Refused(workspace.error);
  const admin = parseCommand("member", {
    type: "AddMember",
    memberId: a.adminId,
    name: a.adminName,
    email: a.adminEmail,
    role: "admin",
    reportsTo: null,
  });
  if (!admin.ok) throw new Refused(admin.error);
  return { workspace: workspace.value, admin: admin.value };
}

async function dryRun(service: Service, a: Answers, cmds: ReturnType<typeof commands>) {
  const opts = { dryRun: true, reason: "workspace created" } as const;
  const ws = await service.execute(
    a.workspaceId,
    { aggregate: "workspace", id: a.workspaceId, command: cmds.workspace },
    SYSTEM_ACTOR.memberId,
    opts,
  );
  if (!ws.ok) throw new Refused(ws.error);
  const admin = await service.execute(
    a.workspaceId,
    { aggregate: "member", id: a.adminId, command: cmds.admin },
    SYSTEM_ACTOR.memberId,
    opts,
  );
  if (!admin.ok) throw new Refused(admin.error);
  return { workspace: ws.value.state as Workspace, admin: admin.value.state as Member };
}

/**
 * A dry run where no database exists yet: nothing can conflict, so the domain's machines decide alone (as the
 * service would, for the system actor) and no database is created just to be thrown away.
 */
function dryRunWithoutDatabase(cmds: ReturnType<typeof commands>) {
  const ctx = { now: new Date().toISOString() as Timestamp, actor: SYSTEM_ACTOR };
  const ws = run(workspaceMachine, workspaceMachine.initial, cmds.workspace as never, {
    ...ctx,
    pipelinesInUse: [],
  });
  if (!ws.ok) throw new Refused(ws.error);
  const admin = run(memberMachine, memberMachine.initial, cmds.admin as never, ctx);
  if (!admin.ok) throw new Refused(admin.error);
  return { workspace: ws.value.state as Workspace, admin: admin.value.state as Member };
}

export async function init(ctx: Ctx, flags: InitFlags): Promise<void> {
  const { globals, out } = ctx;
  const a = await answers(flags);
  const settings = settingsFor(a.currency);
  const cmds = commands(a, settings);
  const dry = flags.dryRun === true;

  const noDatabase = dry && !globals.databaseUrl && !hasEmbeddedDatabase(globals.dataDir);
  const result = noDatabase
    ? { ...dryRunWithoutDatabase(cmds), database: "embedded" as const }
    : await withService(
        globals,
        "create",
        async (service, handle) => {
          // The workspace machine would refuse a second CreateWorkspace as a transition; say what it means here.
          const existing = await service.load(a.workspaceId, "workspace", a.workspaceId);
          if (existing.version > 0) throw new Refused(refuse.alreadyExists("workspace", a.workspaceId));
          if (dry) return { ...(await dryRun(service, a, cmds)), database: handle.kind };
          const created = await service.createWorkspace({
            workspaceId: a.workspaceId,
            name: a.name,
            settings,
            admin: { memberId: a.adminId, name: a.adminName, email: a.adminEmail },
          });
          if (!created.ok) throw new Refused(created.error);
          const workspace = (await service.load(a.workspaceId, "workspace", a.workspaceId))
            .state as Workspace;
          return { workspace, admin: created.value.state as Member, database: handle.kind };
        },
        "brief",
        "create a workspace here",
      );
  if (!dry) await rememberWorkspace(globals.dataDir, a.workspaceId, a.adminId);

  const value: Initialised = { ...result, dataDir: globals.dataDir, dryRun: dry };
  const s = out.style;
  out.result(value, () =>
    [
      dry
        ? s.yellow("Dry run: nothing was written. This would create:")
        : s.green(`Created workspace ${a.name} (${a.workspaceId}).`),
      fields(
        {
          workspace: `${a.name} (${a.workspaceId})`,
          currency: a.currency,
          admin: `${a.adminName} <${a.adminEmail}> (${a.adminId})`,
          database: globals.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `embedded, in ${globals.dataDir}`,
        },
        s,
      ),
      ...(dry
        ? []
        : [
            "",
            `Commands now act in ${a.workspaceId} as ${a.adminId} (change with --workspace / --as). Next:`,
            `  accountable account create "Acme GmbH"`,
          ]),
    ].join("\n"),
  );
}
