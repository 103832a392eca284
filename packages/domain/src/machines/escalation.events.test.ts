import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  arbitraryEscalationSteps,
  ESCALATION_JOURNEYS,
  escalationCtx,
  openEscalation,
} from "../../testing/escalation.fixtures.ts";
import { eventOfType, eventTypesOf, issuesOf, throughJson, without } from "../../testing/events.fixtures.ts";
import { accepted } from "../../testing/fixtures.ts";
import { runSteps } from "../../testing/small-machines.fixtures.ts";
import { EscalationEventSchema, escalationMachine } from "./escalation.machine.ts";

const opened = eventOfType(
  accepted(escalationMachine.decide(escalationMachine.initial, openEscalation(), escalationCtx())),
  "EscalationOpened",
);

describe("EscalationEventSchema", () => {
  it("reads back every event decide accepts, after a trip through JSON, exactly as it was", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbitraryEscalationSteps, (steps) => {
        for (const event of runSteps(escalationMachine, steps).events) {
          seen.add(event.type);
          expect(EscalationEventSchema.parse(throughJson(event))).toStrictEqual(event);
        }
      }),
      { examples: ESCALATION_JOURNEYS.map((journey) => [journey]) },
    );
    // Guards against a vacuous pass: the generated commands lead to every kind of event.
    expect([...seen].sort()).toEqual(eventTypesOf(EscalationEventSchema));
  });

  it("refuses an unknown type tag, listing the known ones", () => {
    expect(issuesOf(EscalationEventSchema, { ...opened, type: "EscalationForgotten" })).toEqual([
      {
        path: ["type"],
        message: expect.stringContaining("Expected 'EscalationOpened' | 'EscalationAcknowledged' |"),
      },
    ]);
  });

  it("refuses an event missing a field, naming the field", () => {
    expect(issuesOf(EscalationEventSchema, without(opened, "slaDueAt"))).toEqual([
      { path: ["slaDueAt"], message: "Invalid input: expected string, received undefined" },
    ]);
  });

  it("refuses a moment that is not an ISO timestamp in UTC", () => {
    expect(issuesOf(EscalationEventSchema, { ...opened, slaDueAt: "tomorrow" })).toEqual([
      { path: ["slaDueAt"], message: "Invalid ISO datetime" },
    ]);
  });

  it("refuses a severity the workspace does not know, listing the known ones", () => {
    expect(issuesOf(EscalationEventSchema, { ...opened, severity: "apocalyptic" })).toEqual([
      { path: ["severity"], message: 'Invalid option: expected one of "low"|"medium"|"high"|"critical"' },
    ]);
  });
});
