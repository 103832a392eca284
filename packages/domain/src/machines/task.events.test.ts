import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { eventOfType, eventTypesOf, issuesOf, throughJson, without } from "../../testing/events.fixtures.ts";
import { accepted, ctx } from "../../testing/fixtures.ts";
import { runSteps } from "../../testing/small-machines.fixtures.ts";
import { arbitraryTaskSteps, createTask } from "../../testing/task.fixtures.ts";
import { TaskEventSchema, taskMachine } from "./task.machine.ts";

const created = eventOfType(
  accepted(taskMachine.decide(taskMachine.initial, createTask(), ctx())),
  "TaskCreated",
);

describe("TaskEventSchema", () => {
  it("reads back every event decide accepts, after a trip through JSON, exactly as it was", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbitraryTaskSteps, (steps) => {
        for (const event of runSteps(taskMachine, steps).events) {
          seen.add(event.type);
          expect(TaskEventSchema.parse(throughJson(event))).toStrictEqual(event);
        }
      }),
    );
    // Guards against a vacuous pass: the generated commands lead to every kind of event.
    expect([...seen].sort()).toEqual(eventTypesOf(TaskEventSchema));
  });

  it("refuses an unknown type tag, listing the known ones", () => {
    expect(issuesOf(TaskEventSchema, { ...created, type: "TaskExploded" })).toEqual([
      { path: ["type"], message: expect.stringContaining("Expected 'TaskCreated' | 'TaskStarted' |") },
    ]);
  });

  it("refuses an event missing a field, naming the field", () => {
    expect(issuesOf(TaskEventSchema, without(created, "title"))).toEqual([
      { path: ["title"], message: "Invalid input: expected string, received undefined" },
    ]);
  });

  it("refuses a moment that is not an ISO timestamp in UTC", () => {
    expect(issuesOf(TaskEventSchema, { ...created, at: "2026-11-26 09:00" })).toEqual([
      { path: ["at"], message: "Invalid ISO datetime" },
    ]);
  });

  it("refuses a due date that is not in the calendar, in words a person can read", () => {
    const r = TaskEventSchema.safeParse({ ...created, dueDate: "2026-02-30" });
    expect(r.error && z.prettifyError(r.error)).toBe(
      "✖ that day does not exist in the calendar\n  → at dueDate",
    );
  });
});
