import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OPPORTUNITY_JOURNEYS, play, scenario, winningAttempt } from "../../testing/opportunity.scenarios.ts";
import { type ExitCriterion, openStages } from "../entities/pipeline.ts";
import { replay } from "../kernel/machine.ts";
import { type OpportunityContext, type OpportunityState, opportunityMachine } from "./opportunity.machine.ts";

// An oracle written apart from the rules module, from the criteria's definitions.
function holds(criterion: ExitCriterion, s: OpportunityState, ctx: OpportunityContext): boolean {
  if (s.status === "none") return false;
  const dm = s.stakeholderIds.some((id) =>
    ctx.contacts.some((c) => c.id === id && c.active && c.roles.includes("decision_maker")),
  );
  const signed = ctx.contracts.some(
    (k) => k.id === s.contractId && ["signed", "active", "expiring"].includes(k.status),
  );
  const facts: Record<ExitCriterion, boolean> = {
    need_documented: s.needs.length > 0,
    budget_known: s.budget !== null,
    decision_maker_identified: dm,
    proposal_amount_set: s.proposal !== null,
    signed_contract: signed,
  };
  return facts[criterion];
}

describe("opportunity machine, for any sequence of commands", () => {
  it("replaying the accepted events gives the state the decisions reached", () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const { state, log } = play(sc);
        expect(replay(opportunityMachine, log)).toEqual(state);
      }),
      { numRuns: 300, examples: OPPORTUNITY_JOURNEYS.map((journey) => [journey]) },
    );
  });

  it("keeps the probability a whole number from 0 to 100 in every state reached", () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        for (const { after } of play(sc).transitions) {
          if (after.status === "none") continue;
          expect(Number.isInteger(after.probability)).toBe(true);
          expect(after.probability).toBeGreaterThanOrEqual(0);
          expect(after.probability).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never lets a deal reach won without every exit criterion of its pipeline", () => {
    let wins = 0;
    fc.assert(
      fc.property(fc.oneof(scenario, winningAttempt), (sc) => {
        for (const { before, events, after, ctx } of play(sc).transitions) {
          if (!events.some((e) => e.type === "OpportunityWon")) continue;
          wins++;
          const criteria = openStages(ctx.pipeline).flatMap((s) => s.exitCriteria);
          expect(criteria.filter((c) => !holds(c, before, ctx))).toEqual([]);
          expect(after).toMatchObject({ status: "won", probability: 100, forecastCategory: "closed" });
        }
      }),
      { numRuns: 500 },
    );
    // Guards against a vacuous pass: the generator does reach won.
    expect(wins).toBeGreaterThan(0);
  });
});
