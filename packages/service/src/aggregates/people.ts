// Specs of the workspace itself, its members, and the client's people (contacts).
import {
  COMMAND_ACTIONS,
  type ContactCommand,
  ContactCommandSchema,
  type ContactEvent,
  ContactEventSchema,
  type ContactState,
  contactMachine,
  type DecisionContext,
  type MemberCommand,
  MemberCommandSchema,
  type MemberEvent,
  MemberEventSchema,
  type MemberState,
  memberMachine,
  type WorkspaceCommand,
  WorkspaceCommandSchema,
  type WorkspaceContext,
  type WorkspaceEvent,
  WorkspaceEventSchema,
  type WorkspaceState,
  workspaceMachine,
} from "@accountable/domain";
import { ensureWorkspace, schema } from "@accountable/store";
import { eq } from "drizzle-orm";
import { dealsPerPipeline, underAccount } from "../lookups.ts";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

export const workspaceSpec: AggregateSpec<
  WorkspaceState,
  WorkspaceCommand,
  WorkspaceEvent,
  WorkspaceContext
> = {
  type: "workspace",
  machine: workspaceMachine,
  commandSchema: WorkspaceCommandSchema,
  eventSchema: WorkspaceEventSchema,
  resourceKind: "settings",
  actions: COMMAND_ACTIONS.workspace,
  createdId: (c) => (c.type === "CreateWorkspace" ? c.workspaceId : undefined),
  // Only new settings can drop a pipeline: the deals per pipeline are counted for them alone.
  context: async (scope, base, _state, command) => ({
    ...base,
    pipelinesInUse: command.type === "UpdateSettings" ? await dealsPerPipeline(scope) : [],
  }),
  resource: async () => ({ kind: "settings" }),
  // The workspace row is the tenant every other row hangs from: it must exist before the first event.
  async prepare(scope, state, command) {
    if (state.status === "none" && command.type === "CreateWorkspace") {
      await ensureWorkspace(scope.db, { id: scope.workspaceId, name: command.name });
    }
  },
  async project(scope, s) {
    await scope.db
      .update(schema.workspaces)
      .set({ name: s.name, settings: s.settings as unknown as Record<string, unknown> })
      .where(eq(schema.workspaces.id, scope.workspaceId));
  },
};

export const memberSpec: AggregateSpec<MemberState, MemberCommand, MemberEvent, DecisionContext> = {
  type: "member",
  machine: memberMachine,
  commandSchema: MemberCommandSchema,
  eventSchema: MemberEventSchema,
  resourceKind: "member",
  actions: COMMAND_ACTIONS.member,
  createdId: (c) => (c.type === "AddMember" ? c.memberId : undefined),
  context: async (_scope, base) => base,
  resource: async (_scope, state) => ({ kind: "member", ownerId: state.status === "none" ? null : state.id }),
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.members, {
      id: s.id,
      version,
      data: s,
      updatedAt: at,
      email: s.email,
      name: s.name,
      role: s.role,
      reportsTo: s.reportsTo,
      active: s.active,
    });
  },
};

export const contactSpec: AggregateSpec<ContactState, ContactCommand, ContactEvent, DecisionContext> = {
  type: "contact",
  machine: contactMachine,
  commandSchema: ContactCommandSchema,
  eventSchema: ContactEventSchema,
  resourceKind: "contact",
  actions: COMMAND_ACTIONS.contact,
  createdId: (c) => (c.type === "AddContact" ? c.contactId : undefined),
  context: async (_scope, base) => base,
  async resource(scope, state, command) {
    const accountId =
      state.status === "none" ? (command.type === "AddContact" ? command.accountId : null) : state.accountId;
    return underAccount(scope, "contact", accountId);
  },
  async project(scope, s, version, at) {
    await upsertRow(scope, schema.contacts, {
      id: s.id,
      version,
      data: s,
      updatedAt: at,
      accountId: s.accountId,
      name: s.name,
      email: s.email,
      active: s.active,
    });
  },
};
