import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertReplaysAndRoundTrips } from "../../testing/entity-machines.fixtures.ts";
import { accepted, ctx, refused, T0 } from "../../testing/fixtures.ts";
import { present, stateAfter } from "../../testing/small-machines.fixtures.ts";
import { defaultWorkspaceSettings, type WorkspaceSettings } from "../entities/settings.ts";
import { WorkspaceSchema } from "../entities/workspace.ts";
import { asId } from "../kernel/ids.ts";
import { commandsFrom, run, toMermaid } from "../kernel/machine.ts";
import {
  type WorkspaceCommand,
  WorkspaceCommandSchema,
  WorkspaceEventSchema,
  type WorkspaceState,
  workspaceMachine,
  workspaceTable,
} from "./workspace.machine.ts";

const EUR = defaultWorkspaceSettings("EUR");
const GBP = defaultWorkspaceSettings("GBP");

const create: WorkspaceCommand = {
  type: "CreateWorkspace",
  workspaceId: asId.workspace("ws1"),
  name: "Agence Nord",
  settings: EUR,
};
const update = (settings: WorkspaceSettings): WorkspaceCommand => ({ type: "UpdateSettings", settings });

const after = (...commands: WorkspaceCommand[]) => present(stateAfter(workspaceMachine, ctx(), ...commands));
const decide = (state: WorkspaceState, command: WorkspaceCommand) =>
  workspaceMachine.decide(state, command, ctx());

describe("workspace machine", () => {
  it("creates a workspace with its name and settings, dated now", () => {
    expect(after(create)).toEqual({
      id: "ws1",
      status: "active",
      name: "Agence Nord",
      settings: EUR,
      createdAt: T0,
    });
  });

  it("parses the settings of a new workspace at the edge, applying their defaults", () => {
    const parsed = WorkspaceCommandSchema.parse({
      type: "CreateWorkspace",
      workspaceId: "ws1",
      name: "Agence Nord",
      settings: { currency: "EUR", pipelines: EUR.pipelines },
    });
    expect(parsed).toMatchObject({ settings: { engagementStaleDays: 30, slaHours: { critical: 4 } } });
    expect(
      WorkspaceCommandSchema.safeParse({ ...parsed, settings: { currency: "EUR", pipelines: [] } }).success,
    ).toBe(false);
  });

  it("refuses settings that break a rule of the settings schema", () => {
    const broken = { ...EUR, healthBands: { healthy: 50, atRisk: 80 } };
    const r = refused(decide(workspaceMachine.initial, { ...create, settings: broken }));
    expect(r).toMatchObject({ _tag: "InvalidInput", field: "settings.healthBands" });
    expect(r.message).toBe(
      "The settings are not valid: the at-risk threshold cannot exceed the healthy one.",
    );
  });

  it("refuses to create the same workspace twice", () => {
    expect(refused(decide(after(create), create))._tag).toBe("TransitionNotAllowed");
  });

  it("renames the workspace", () => {
    expect(after(create, { type: "RenameWorkspace", name: "Agence Sud" }).name).toBe("Agence Sud");
  });

  it("refuses the name it already has", () => {
    const r = refused(decide(after(create), { type: "RenameWorkspace", name: "Agence Nord" }));
    expect(r).toMatchObject({ _tag: "InvalidInput", field: "name" });
  });

  it("replaces the settings whole", () => {
    const s = after(create, update(GBP));
    expect(s.settings).toEqual(GBP);
    expect(s.createdAt).toBe(T0);
  });

  it("refuses settings that break the schema's rules, naming where", () => {
    const pipeline = EUR.pipelines[0]!;
    const twice = { ...EUR, pipelines: [pipeline, pipeline] };
    const r = refused(decide(after(create), update(twice)));
    expect(r).toMatchObject({ _tag: "InvalidInput", field: "settings.pipelines" });
    expect(r.message).toMatch(/appears twice/);
  });

  it("names the settings as a whole when the issue has no path", () => {
    const r = refused(decide(after(create), update(null as unknown as WorkspaceSettings)));
    expect(r).toMatchObject({ _tag: "InvalidInput", field: "settings" });
  });

  it("refuses every command but creating on a workspace that does not exist", () => {
    expect(refused(decide(workspaceMachine.initial, update(EUR)))).toMatchObject({
      _tag: "TransitionNotAllowed",
      allowed: ["CreateWorkspace"],
    });
  });

  it("lists the moves and draws them", () => {
    expect(commandsFrom(workspaceTable, "active")).toEqual(["RenameWorkspace", "UpdateSettings"]);
    expect(toMermaid(workspaceMachine)).toContain("[*] --> active: create");
  });

  it("throws on an event that cannot apply: a bug, not a refusal", () => {
    expect(() =>
      workspaceMachine.evolve(workspaceMachine.initial, { type: "WorkspaceRenamed", at: T0, name: "x" }),
    ).toThrow(/does not exist/);
    const r = run(workspaceMachine, workspaceMachine.initial, create, ctx());
    if (!r.ok) throw new Error(r.error.message);
    expect(() => workspaceMachine.evolve(r.value.state, r.value.events[0]!)).toThrow(/existing workspace/);
  });

  it("records the settings as given, so an event read back from JSON parses to the same settings", () => {
    const [event] = accepted(decide(workspaceMachine.initial, create));
    expect(WorkspaceEventSchema.parse(JSON.parse(JSON.stringify(event)))).toStrictEqual(event);
  });

  it("replays to the state it decided, and every event survives JSON and its schema", () => {
    const command = fc.oneof(
      fc.constant(create),
      fc.constantFrom<WorkspaceCommand>(
        { type: "RenameWorkspace", name: "Agence Sud" },
        { type: "RenameWorkspace", name: "Agence Nord" },
      ),
      fc.constantFrom(update(EUR), update(GBP), update({ ...EUR, engagementStaleDays: 14 })),
    );
    assertReplaysAndRoundTrips(workspaceMachine, WorkspaceEventSchema, WorkspaceSchema, command);
  });
});
