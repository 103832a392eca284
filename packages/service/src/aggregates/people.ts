// Specs of the workspace itself, its members, and the client's people (contacts).
import {
  type ContactCommand,
  ContactCommandSchema,
  type ContactEvent,
  ContactEventSchema,
  type ContactState,
  contactPath,
  type DecisionContext,
  type MemberCommand,
  MemberCommandSchema,
  type MemberEvent,
  MemberEventSchema,
  type MemberState,
  memberPath,
  type WorkspaceCommand,
  WorkspaceCommandSchema,
  type WorkspaceContext,
  type WorkspaceEvent,
  WorkspaceEventSchema,
  type WorkspaceState,
  workspacePath,
} from "@accountable/domain";
import { ensureWorkspace, schema } from "@accountable/store";
import { eq } from "drizzle-orm";
import { upsertRow } from "../scope.ts";
import type { AggregateSpec } from "./spec.ts";

export const workspaceSpec: AggregateSpec<
  WorkspaceState,
  WorkspaceCommand,
  WorkspaceEvent,
  WorkspaceContext
> = {
  ...workspacePath,
  commandSchema: WorkspaceCommandSchema,
  eventSchema: WorkspaceEventSchema,
  resourceKind: "settings",
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
  ...memberPath,
  commandSchema: MemberCommandSchema,
  eventSchema: MemberEventSchema,
  resourceKind: "member",
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
  ...contactPath,
  commandSchema: ContactCommandSchema,
  eventSchema: ContactEventSchema,
  resourceKind: "contact",
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
