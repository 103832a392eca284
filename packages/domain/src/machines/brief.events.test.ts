import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryBriefSteps, BRIEF_JOURNEYS, receiveBrief } from "../../testing/brief.fixtures.ts";
import { eventOfType, eventTypesOf, issuesOf, throughJson, without } from "../../testing/events.fixtures.ts";
import { accepted, ctx } from "../../testing/fixtures.ts";
import { runSteps } from "../../testing/small-machines.fixtures.ts";
import { BriefEventSchema, briefMachine } from "./brief.machine.ts";

const received = eventOfType(
  accepted(briefMachine.decide(briefMachine.initial, receiveBrief(), ctx())),
  "BriefReceived",
);

describe("BriefEventSchema", () => {
  it("reads back every event decide accepts, after a trip through JSON, exactly as it was", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbitraryBriefSteps, (steps) => {
        for (const event of runSteps(briefMachine, steps).events) {
          seen.add(event.type);
          expect(BriefEventSchema.parse(throughJson(event))).toStrictEqual(event);
        }
      }),
      { examples: BRIEF_JOURNEYS.map((journey) => [journey]) },
    );
    // Guards against a vacuous pass: the generated commands lead to every kind of event.
    expect([...seen].sort()).toEqual(eventTypesOf(BriefEventSchema));
  });

  it("refuses an unknown type tag, listing the known ones", () => {
    expect(issuesOf(BriefEventSchema, { ...received, type: "BriefLost" })).toEqual([
      {
        path: ["type"],
        message: expect.stringContaining("Expected 'BriefReceived' | 'BriefAnalysisStarted' |"),
      },
    ]);
  });

  it("refuses an event missing a field, naming the field", () => {
    expect(issuesOf(BriefEventSchema, without(received, "deadline"))).toEqual([
      { path: ["deadline"], message: "Invalid input: expected string, received undefined" },
    ]);
  });

  it("refuses a moment that is not an ISO timestamp in UTC", () => {
    expect(issuesOf(BriefEventSchema, { ...received, at: 1_795_683_600_000 })).toEqual([
      { path: ["at"], message: "Invalid input: expected string, received number" },
    ]);
  });

  it("refuses a budget whose currency is not an ISO 4217 code, naming where", () => {
    const clientBudget = { ...received.clientBudget, currency: "eur" };
    expect(issuesOf(BriefEventSchema, { ...received, clientBudget })).toEqual([
      {
        path: ["clientBudget", "currency"],
        message: '"eur" is not an ISO 4217 currency code; did you mean EUR?',
      },
    ]);
  });
});
