import type { Actor, MemberId } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { AGGREGATE_TYPES_UI, AGGREGATE_UI, commandVariants } from "./aggregates.ts";
import { mayCreateOwn, mayHold, offeredCommands, roleMayEverRun } from "./record-commands.ts";

const task = {
  id: "t1",
  status: "open",
  accountId: null,
  title: "Send the plan",
  assigneeId: "m-assistant",
  dueDate: "2026-12-01",
  agreedWithClient: false,
  createdAt: "2026-11-01T00:00:00.000Z",
  completedAt: null,
  cancelReason: null,
};
const asker = (role: Actor["role"], memberId: string) => ({
  actor: { role, memberId: memberId as MemberId },
  reportsOf: [],
  account: null,
});

describe("offeredCommands", () => {
  it("offers what the task's status accepts, from the transition table", () => {
    const types = offeredCommands("task", task, asker("admin", "m-admin")).map((o) => o.variant.type);
    expect(types.sort()).toEqual([
      "CancelTask",
      "CompleteTask",
      "ReassignTask",
      "RescheduleTask",
      "StartTask",
    ]);
    const done = offeredCommands("task", { ...task, status: "done" }, asker("admin", "m-admin"));
    expect(done).toEqual([]);
  });

  it("lets the assignee work their task and tells a viewer why not, in the domain's words", () => {
    const mine = offeredCommands("task", task, asker("assistant", "m-assistant"));
    expect(mine.every((o) => o.allowed)).toBe(true);
    const viewer = offeredCommands("task", task, asker("viewer", "m-viewer"));
    expect(viewer.length).toBeGreaterThan(0);
    for (const o of viewer) {
      expect(o.allowed).toBe(false);
      if (!o.allowed) expect(o.why).toMatch(/^As a viewer you may not/);
    }
  });

  it("never offers a command the domain marks automatic (the sweep's and the follow-ups'), in any state", () => {
    const automatic = AGGREGATE_TYPES_UI.flatMap((a) =>
      commandVariants(a)
        .filter((v) => v.automatic)
        .map((v) => `${a}.${v.type}`),
    );
    expect(automatic).toEqual(
      expect.arrayContaining(["contract.Activate", "contract.Expire", "opportunity.SettleRenewal"]),
    );
    for (const aggregate of AGGREGATE_TYPES_UI)
      for (const status of AGGREGATE_UI[aggregate].machine.statuses as readonly string[]) {
        const offered = offeredCommands(aggregate, { id: "r1", status }, asker("admin", "m-admin"));
        expect(offered.filter((o) => o.variant.automatic).map((o) => o.variant.type)).toEqual([]);
      }
    const signed = offeredCommands("contract", { id: "c1", status: "signed" }, asker("admin", "m-admin"));
    expect(signed.map((o) => o.variant.type)).not.toContain("Activate");
  });

  it("leaves out what the page knows cannot apply", () => {
    const types = offeredCommands("task", task, asker("admin", "m-admin"), (t) => t !== "StartTask").map(
      (o) => o.variant.type,
    );
    expect(types).not.toContain("StartTask");
    expect(types).toContain("CompleteTask");
  });

  it("lets a member create an account or a deal of their own, but not a viewer, by the domain's can", () => {
    for (const [aggregate, type] of [
      ["account", "CreateAccount"],
      ["opportunity", "CreateOpportunity"],
    ] as const) {
      expect(mayCreateOwn(aggregate, type, asker("viewer", "m-viewer"))).toBe(false);
      expect(mayCreateOwn(aggregate, type, asker("admin", "m-admin"))).toBe(true);
      expect(mayCreateOwn(aggregate, type, undefined)).toBe(false);
    }
  });

  it("offers as a task's assignee only who may hold one by the domain's can: an assistant, never a viewer", () => {
    expect(mayHold("task", "assigneeId", { id: "m-viewer", role: "viewer" })).toBe(false);
    expect(mayHold("task", "assigneeId", { id: "m-assistant", role: "assistant" })).toBe(true);
    expect(mayHold("task", "assigneeId", { id: "m-pm", role: "project_manager" })).toBe(true);
    expect(mayHold("opportunity", "ownerId", { id: "m-viewer", role: "viewer" })).toBe(false);
    // A field that names no holder of the record: everyone is offered.
    expect(mayHold("task", "accountId", { id: "m-viewer", role: "viewer" })).toBeUndefined();
  });
});

describe("roleMayEverRun: what the palette offers a role", () => {
  it("offers a viewer no creation, an executive a deal, an admin everything", () => {
    const creations = AGGREGATE_TYPES_UI.filter((a) => a !== "workspace").flatMap((a) =>
      commandVariants(a).filter((v) => v.creates),
    );
    expect(creations.filter((v) => roleMayEverRun(v.aggregate, v.type, "viewer"))).toEqual([]);
    expect(roleMayEverRun("opportunity", "CreateOpportunity", "account_executive")).toBe(true);
    for (const v of creations) expect(roleMayEverRun(v.aggregate, v.type, "admin")).toBe(true);
  });
});
