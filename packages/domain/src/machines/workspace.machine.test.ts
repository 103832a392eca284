import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertReplaysAndRoundTrips } from "../../testing/entity-machines.fixtures.ts";
import { accepted, ctx, refused, T0 } from "../../testing/fixtures.ts";
import { present, stateAfter } from "../../testing/small-machines.fixtures.ts";
import { OPPORTUNITY_TYPES, type Pipeline } from "../entities/pipeline.ts";
import { defaultWorkspaceSettings, type WorkspaceSettings } from "../entities/settings.ts";
import { WorkspaceSchema } from "../entities/workspace.ts";
import { asId } from "../kernel/ids.ts";
import { commandsFrom, run, toMermaid } from "../kernel/machine.ts";
import {
  type WorkspaceCommand,
  WorkspaceCommandSchema,
  type WorkspaceContext,
  WorkspaceEventSchema,
  type WorkspaceState,
  workspaceGuards,
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

/** A workspace whose pipelines hold no deal, unless told otherwise. */
const wctx = (pipelinesInUse: WorkspaceContext["pipelinesInUse"] = []): WorkspaceContext => ({
  ...ctx(),
  pipelinesInUse,
});
const after = (...commands: WorkspaceCommand[]) => present(stateAfter(workspaceMachine, wctx(), ...commands));
const decide = (state: WorkspaceState, command: WorkspaceCommand, context = wctx()) =>
  workspaceMachine.decide(state, command, context);

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
    const r = run(workspaceMachine, workspaceMachine.initial, create, wctx());
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
    assertReplaysAndRoundTrips(workspaceMachine, WorkspaceEventSchema, WorkspaceSchema, command, (now) =>
      fc.constant(wctx()).map((c) => ({ ...c, now })),
    );
  });

  describe("guard: no pipeline that holds deals is removed", () => {
    const [newBusiness, renewals] = EUR.pipelines as [Pipeline, Pipeline];
    const withoutRenewals = {
      ...EUR,
      pipelines: [{ ...newBusiness, opportunityTypes: [...OPPORTUNITY_TYPES] }],
    };
    const renewalsInUse = (open: number, closed: number) =>
      wctx([
        { pipelineId: newBusiness.id, open: 4, closed: 0 },
        { pipelineId: renewals.id, open, closed },
      ]);

    it("refuses settings without a pipeline that deals are in, naming it and counting its deals", () => {
      const r = refused(decide(after(create), update(withoutRenewals), renewalsInUse(3, 1)));
      expect(r).toEqual({
        _tag: "PipelineInUse",
        guard: "noPipelineInUseRemoved",
        pipeline: renewals.id,
        pipelineName: renewals.name,
        open: 3,
        closed: 1,
        message: expect.stringContaining(
          `The ${renewals.name} pipeline (${renewals.id}) still holds 3 open deals and 1 closed deal, so it cannot be removed`,
        ),
      });
    });

    it("keeps a pipeline whose deals are all closed: their history needs its stages", () => {
      const r = refused(decide(after(create), update(withoutRenewals), renewalsInUse(0, 2)));
      expect(r).toMatchObject({ _tag: "PipelineInUse", open: 0, closed: 2 });
      expect(r.message).toContain("still holds 2 closed deals,");
    });

    it("treats a pipeline whose id changed as removed", () => {
      const renamed = { ...EUR, pipelines: [newBusiness, { ...renewals, id: asId.pipeline("renewals-2") }] };
      expect(refused(decide(after(create), update(renamed), renewalsInUse(1, 0)))).toMatchObject({
        _tag: "PipelineInUse",
        pipeline: renewals.id,
      });
    });

    it("removes a pipeline that holds no deal, and renames or reorders one that does", () => {
      expect(accepted(decide(after(create), update(withoutRenewals), renewalsInUse(0, 0)))).toHaveLength(1);
      const kept = { ...EUR, pipelines: [{ ...renewals, name: "Renewals 2027" }, newBusiness] };
      expect(accepted(decide(after(create), update(kept), renewalsInUse(5, 5)))).toHaveLength(1);
    });

    it("is named in the transition table, with its words", () => {
      expect(workspaceTable.UpdateSettings.guards).toContain("noPipelineInUseRemoved");
      expect(workspaceGuards.noPipelineInUseRemoved.words).toBe("no pipeline that holds deals is removed");
    });
  });
});
