import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ctx, refused } from "../../testing/fixtures.ts";
import { replaysToSameState } from "../../testing/small-machines.fixtures.ts";
import { arbitraryTaskSteps, createTask as create } from "../../testing/task.fixtures.ts";
import { isTaskOverdue } from "../entities/task.ts";
import { date } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { commandsFrom, explainMoves, run, toMermaid } from "../kernel/machine.ts";
import { type TaskCommand, type TaskState, taskMachine, taskTable } from "./task.machine.ts";

function stateAfter(...commands: TaskCommand[]): TaskState {
  let state: TaskState = taskMachine.initial;
  for (const c of commands) {
    const r = run(taskMachine, state, c, ctx());
    if (!r.ok) throw new Error(r.error.message);
    state = r.value.state;
  }
  return state;
}

describe("task machine", () => {
  it("creates an open task with its assignee and due date", () => {
    const s = stateAfter(create());
    expect(s).toMatchObject({
      status: "open",
      assigneeId: "m1",
      dueDate: "2026-12-01",
      agreedWithClient: false,
    });
  });

  it("starts, then completes, stamping the completion time", () => {
    const s = stateAfter(create(), { type: "StartTask" }, { type: "CompleteTask" });
    expect(s).toMatchObject({ status: "done", completedAt: ctx().now });
  });

  it("completes an open task directly", () => {
    expect(stateAfter(create(), { type: "CompleteTask" }).status).toBe("done");
  });

  it("cancels an internal task without a reason", () => {
    expect(stateAfter(create(), { type: "CancelTask" })).toMatchObject({
      status: "cancelled",
      cancelReason: null,
    });
  });

  it("refuses to cancel a client deadline without a reason", () => {
    const s = stateAfter(create(true));
    expect(refused(taskMachine.decide(s, { type: "CancelTask" }, ctx()))).toMatchObject({
      _tag: "ReasonRequired",
      guard: "aReasonForAClientDeadline",
    });
    expect(stateAfter(create(true), { type: "CancelTask", reason: "client dropped it" })).toMatchObject({
      status: "cancelled",
      cancelReason: "client dropped it",
    });
  });

  it("refuses to move a client deadline without a reason, and moves it with one", () => {
    const s = stateAfter(create(true));
    const move: TaskCommand = { type: "RescheduleTask", dueDate: date("2026-12-08") };
    expect(refused(taskMachine.decide(s, move, ctx())).message).toMatch(/reason/);
    expect(stateAfter(create(true), { ...move, reason: "client asked" }).status === "open").toBe(true);
  });

  it("reassigns and reschedules an internal task", () => {
    const s = stateAfter(
      create(),
      { type: "ReassignTask", assigneeId: asId.member("m2") },
      { type: "RescheduleTask", dueDate: date("2026-12-09") },
    );
    expect(s).toMatchObject({ assigneeId: "m2", dueDate: "2026-12-09" });
  });

  it("refuses every command the table does not allow, naming the allowed ones", () => {
    const done = stateAfter(create(), { type: "CompleteTask" });
    const r = refused(taskMachine.decide(done, { type: "StartTask" }, ctx()));
    expect(r).toMatchObject({ _tag: "TransitionNotAllowed", from: "done", allowed: [] });
    expect(r.message).toBe("A task that is done cannot start task. No move is allowed from there.");
    const none = refused(taskMachine.decide(taskMachine.initial, { type: "CompleteTask" }, ctx()));
    expect(none).toMatchObject({ _tag: "TransitionNotAllowed", allowed: ["CreateTask"] });
    expect(refused(taskMachine.decide(done, create(), ctx()))._tag).toBe("TransitionNotAllowed");
  });

  it("derives overdue from the date, only while unfinished", () => {
    const s = stateAfter(create());
    if (s.status === "none") throw new Error("unreachable");
    expect(isTaskOverdue(s, date("2026-12-01"))).toBe(false);
    expect(isTaskOverdue(s, date("2026-12-02"))).toBe(true);
    expect(isTaskOverdue({ ...s, status: "done" }, date("2026-12-02"))).toBe(false);
  });

  it("lists allowed moves and explains blocked ones", () => {
    const s = stateAfter(create(true));
    expect(commandsFrom(taskTable, "open")).toEqual([
      "StartTask",
      "CompleteTask",
      "CancelTask",
      "ReassignTask",
      "RescheduleTask",
    ]);
    const moves = explainMoves(taskMachine, s, [{ type: "StartTask" }, { type: "CancelTask" }], ctx());
    expect(moves.map((m) => m.allowed)).toEqual([true, false]);
  });

  it("prints as a Mermaid diagram", () => {
    const d = toMermaid(taskMachine);
    expect(d.split("\n")[0]).toBe("stateDiagram-v2");
    expect(d).toContain("[*] --> open: create");
    expect(d).toContain("in_progress --> done: complete");
    expect(d).toContain("done --> [*]");
  });

  it("replaying the accepted events of any command sequence gives the state the decisions reached", () => {
    fc.assert(
      fc.property(arbitraryTaskSteps, (steps) => {
        const { stepwise, replayed } = replaysToSameState(taskMachine, steps);
        expect(replayed).toEqual(stepwise);
      }),
    );
  });

  it("throws on an event that cannot apply: a bug, not a refusal", () => {
    expect(() => taskMachine.evolve(taskMachine.initial, { type: "TaskStarted", at: ctx().now })).toThrow(
      /does not exist/,
    );
  });
});
