import { match } from "ts-pattern";
import { z } from "zod";
import {
  StoredSettingsSchema,
  type WorkspaceSettings,
  WorkspaceSettingsSchema,
} from "../entities/settings.ts";
import { WORKSPACE_STATUSES, type Workspace, WorkspaceSchema } from "../entities/workspace.ts";
import type { DecisionContext } from "../kernel/context.ts";
import { WorkspaceIdSchema } from "../kernel/ids.ts";
import {
  assertNew,
  checkMove,
  type Decision,
  existingRecord,
  type GuardedTable,
  type GuardSet,
  type Machine,
} from "../kernel/machine.ts";
import { type Refusal, refuse } from "../kernel/refusal.ts";
import { assertNever, err, ok } from "../kernel/result.ts";
import { eventSchema } from "./event-schema.ts";

export type WorkspaceState = { readonly status: "none" } | Workspace;
export type WorkspaceStatusOrNone = WorkspaceState["status"];

const field = WorkspaceSchema.shape;

/** Every command a workspace accepts, as adapters parse it from user input. */
export const WorkspaceCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("CreateWorkspace"),
    workspaceId: WorkspaceIdSchema,
    name: field.name,
    settings: WorkspaceSettingsSchema,
  }),
  z.strictObject({ type: z.literal("RenameWorkspace"), name: field.name }),
  /** The whole settings, replacing the current ones; a pipeline that deals are in may not be removed. */
  z.strictObject({ type: z.literal("UpdateSettings"), settings: WorkspaceSettingsSchema }),
]);
/** A command as `decide` receives it: parsed, defaults applied. */
export type WorkspaceCommand = z.infer<typeof WorkspaceCommandSchema>;

/** Everything that can happen to a workspace; the store parses each event it reads back with this schema. */
export const WorkspaceEventSchema = z.discriminatedUnion("type", [
  eventSchema("WorkspaceCreated", {
    workspaceId: WorkspaceIdSchema,
    name: field.name,
    // Events stored before a settings field existed read as its defaults meant (see `upgradeStoredSettings`).
    settings: StoredSettingsSchema,
  }),
  eventSchema("WorkspaceRenamed", { name: field.name }),
  eventSchema("WorkspaceSettingsUpdated", { settings: StoredSettingsSchema }),
]);
export type WorkspaceEvent = z.infer<typeof WorkspaceEventSchema>;

/** How many deals one pipeline holds: what the service reads so `decide` can keep pipelines in use. */
export interface PipelineUse {
  readonly pipelineId: string;
  readonly open: number;
  readonly closed: number;
}

/** What a workspace decision is given: the moment, the actor, and the deals each pipeline holds. */
export interface WorkspaceContext extends DecisionContext {
  /** Deals per pipeline id (pipelines without deals may be left out). */
  readonly pipelinesInUse: readonly PipelineUse[];
}

type Guards = GuardSet<WorkspaceState, WorkspaceCommand, WorkspaceContext>;

/** The named checks of the workspace's table. */
export const workspaceGuards = {
  validSettings: {
    words: "settings that pass the settings schema",
    check: (_state, command) =>
      command.type === "RenameWorkspace" ? undefined : settingsRefusal(command.settings),
  },
  aDifferentName: {
    words: "a different name",
    check: (state, command) =>
      command.type === "RenameWorkspace" && state.status !== "none" && command.name === state.name
        ? refuse.invalidInput("name", "That is already the workspace's name.")
        : undefined,
  },
  noPipelineInUseRemoved: {
    words: "no pipeline that holds deals is removed",
    check: (state, command, ctx) =>
      command.type === "UpdateSettings" && state.status !== "none"
        ? pipelineInUseRefusal(state, command.settings, ctx)
        : undefined,
  },
} as const satisfies Guards;

/** The name of one of the workspace machine's guards. */
export type WorkspaceGuard = keyof typeof workspaceGuards;

export const workspaceTable = {
  CreateWorkspace: {
    command: "CreateWorkspace",
    label: "create",
    from: ["none"],
    to: ["active"],
    guards: ["validSettings"],
  },
  RenameWorkspace: {
    command: "RenameWorkspace",
    label: "rename",
    from: ["active"],
    to: ["active"],
    guards: ["aDifferentName"],
  },
  UpdateSettings: {
    command: "UpdateSettings",
    label: "update the settings",
    from: ["active"],
    to: ["active"],
    guards: ["validSettings", "noPipelineInUseRemoved"],
  },
} as const satisfies GuardedTable<WorkspaceStatusOrNone, WorkspaceCommand["type"], WorkspaceGuard>;

function decide(
  state: WorkspaceState,
  command: WorkspaceCommand,
  ctx: WorkspaceContext,
): Decision<WorkspaceEvent> {
  const refused = checkMove("workspace", workspaceTable, workspaceGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<WorkspaceEvent>>()
    .with({ type: "CreateWorkspace" }, (c) =>
      ok([{ type: "WorkspaceCreated", at, workspaceId: c.workspaceId, name: c.name, settings: c.settings }]),
    )
    .with({ type: "RenameWorkspace" }, (c) => ok([{ type: "WorkspaceRenamed", at, name: c.name }]))
    .with({ type: "UpdateSettings" }, (c) =>
      ok([{ type: "WorkspaceSettingsUpdated", at, settings: c.settings }]),
    )
    .exhaustive();
}

/**
 * Settings built in code skip the edge's parse, and their cross-field rules (a pipeline's single won stage,
 * at-risk below healthy) live in refinements only a parse runs: check them again before they bind everyone.
 */
function settingsRefusal(settings: WorkspaceSettings): Refusal | undefined {
  const parsed = WorkspaceSettingsSchema.safeParse(settings);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? `settings.${issue.path.join(".")}` : "settings";
  return refuse.invalidInput(
    path,
    `The settings are not valid: ${issue?.message ?? "see the settings schema"}.`,
  );
}

/**
 * The guard `noPipelineInUseRemoved`: a deal's pipeline gives its stages, the moves it may make and
 * the labels of its history, so a pipeline (by id) stays while any deal, open or closed, is in it.
 */
function pipelineInUseRefusal(
  current: Workspace,
  next: WorkspaceSettings,
  ctx: WorkspaceContext,
): Refusal | undefined {
  const kept = new Set<string>(next.pipelines.map((p) => p.id));
  const dropped = ctx.pipelinesInUse.find((u) => u.open + u.closed > 0 && !kept.has(u.pipelineId));
  if (!dropped) return undefined;
  const name =
    current.settings.pipelines.find((p) => p.id === dropped.pipelineId)?.name ?? dropped.pipelineId;
  return refuse.pipelineInUse(dropped.pipelineId, name, dropped.open, dropped.closed);
}

function existing(state: WorkspaceState, event?: WorkspaceEvent): Workspace {
  return existingRecord(state, "a workspace", event);
}

function evolve(state: WorkspaceState, event: WorkspaceEvent): WorkspaceState {
  switch (event.type) {
    case "WorkspaceCreated":
      assertNew(state, "workspace", event);
      return {
        id: event.workspaceId,
        status: "active",
        name: event.name,
        settings: event.settings,
        createdAt: event.at,
      };
    case "WorkspaceRenamed":
      return { ...existing(state, event), name: event.name };
    case "WorkspaceSettingsUpdated":
      return { ...existing(state, event), settings: event.settings };
    default:
      return assertNever(event, "workspace event");
  }
}

/**
 * Workspace: created once, then renamed and re-configured. Settings are replaced whole, must pass the settings
 * schema and keep every pipeline that deals are in (the service reads how many deals each pipeline holds). A
 * removed stage is tolerated: reports list deals in a stage the pipeline no longer has under "unknown stages".
 */
export const workspaceMachine: Machine<WorkspaceState, WorkspaceCommand, WorkspaceEvent, WorkspaceContext> = {
  name: "workspace",
  initial: { status: "none" },
  statuses: ["none", ...WORKSPACE_STATUSES],
  terminal: [],
  table: workspaceTable,
  guards: workspaceGuards,
  decide,
  evolve,
};
