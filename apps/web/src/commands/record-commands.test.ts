import type { Actor, MemberId } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { offeredCommands } from "./record-commands.ts";

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
});
