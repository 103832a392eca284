import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventOfType, eventTypesOf, issuesOf, throughJson, without } from "../../testing/events.fixtures.ts";
import { accepted } from "../../testing/fixtures.ts";
import { createDeal, oppCtx } from "../../testing/opportunity.fixtures.ts";
import { OPPORTUNITY_JOURNEYS, play, scenario, winningAttempt } from "../../testing/opportunity.scenarios.ts";
import { OpportunityEventSchema, opportunityMachine } from "./opportunity.machine.ts";

const created = eventOfType(
  accepted(opportunityMachine.decide(opportunityMachine.initial, createDeal(), oppCtx())),
  "OpportunityCreated",
);

describe("OpportunityEventSchema", () => {
  it("reads back every event decide accepts, after a trip through JSON, exactly as it was", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.oneof(scenario, winningAttempt), (sc) => {
        for (const event of play(sc).log) {
          seen.add(event.type);
          expect(OpportunityEventSchema.parse(throughJson(event))).toStrictEqual(event);
        }
      }),
      { numRuns: 200, examples: OPPORTUNITY_JOURNEYS.map((journey) => [journey]) },
    );
    // Guards against a vacuous pass: the generated commands lead to every kind of event.
    expect([...seen].sort()).toEqual(eventTypesOf(OpportunityEventSchema));
  });

  it("refuses an unknown type tag, listing the known ones", () => {
    expect(issuesOf(OpportunityEventSchema, { ...created, type: "OpportunityVanished" })).toEqual([
      {
        path: ["type"],
        message: expect.stringContaining("Expected 'OpportunityCreated' | 'OpportunityImported' |"),
      },
    ]);
  });

  it("refuses an event missing a field, naming the field", () => {
    expect(issuesOf(OpportunityEventSchema, without(created, "probability"))).toEqual([
      { path: ["probability"], message: "Invalid input: expected number, received undefined" },
    ]);
  });

  it("refuses a moment that is not an ISO timestamp in UTC", () => {
    expect(issuesOf(OpportunityEventSchema, { ...created, at: null })).toEqual([
      { path: ["at"], message: "Invalid input: expected string, received null" },
    ]);
  });

  it("refuses an amount that is not a whole number of cents, naming where", () => {
    const amount = { ...created.amount, amount: 1_000.5 };
    expect(issuesOf(OpportunityEventSchema, { ...created, amount })).toEqual([
      { path: ["amount", "amount"], message: "an amount is a whole number of minor units (cents)" },
    ]);
  });
});
