import { describe, expect, it } from "vitest";
import { briefsThatSeed, dealCommandFacts } from "./deal-commands.ts";

const eur = (amount: number) => ({ amount, currency: "EUR" });
const deal = {
  id: "o1",
  accountId: "a1",
  status: "open",
  amount: null,
  budget: null,
  proposal: null,
  nextStep: { text: "Send the proposal", dueOn: null },
  probabilityOverride: { probability: 40, reason: "Client hesitant" },
};
const brief = {
  id: "b1",
  accountId: "a1",
  title: "Relaunch brief",
  approvedBudget: eur(1_200_000),
  opportunityId: "o1",
};

describe("a deal's commands the page knows about", () => {
  it("offers seeding the amount only from a linked brief with an approved budget, opening on that brief", () => {
    expect(dealCommandFacts(deal, [brief])).toEqual({
      inapplicable: [],
      prefill: { SeedAmountFromBrief: { briefId: "b1" } },
    });
    for (const briefs of [
      undefined,
      [],
      [{ ...brief, approvedBudget: null }],
      [{ ...brief, opportunityId: "o2" }],
      [{ ...brief, approvedBudget: { masked: true, reason: "x" } }],
    ])
      expect(dealCommandFacts(deal, briefs).inapplicable).toEqual(["SeedAmountFromBrief"]);
  });

  it("asks the domain: not when the deal already has that amount, nor on a closed deal", () => {
    expect(briefsThatSeed({ ...deal, amount: eur(1_200_000) }, [brief])).toEqual([]);
    expect(briefsThatSeed({ ...deal, amount: eur(900_000) }, [brief])).toHaveLength(1);
    expect(briefsThatSeed({ ...deal, amount: { amount: 5, currency: "USD" } }, [brief])).toEqual([]);
    expect(briefsThatSeed({ ...deal, status: "won" }, [brief])).toEqual([]);
  });

  it("offers clearing the next step or the probability override only when one stands, asked of the domain", () => {
    const bare = dealCommandFacts({ ...deal, nextStep: null, probabilityOverride: null }, [brief]);
    expect(bare.inapplicable).toEqual(["ClearNextStep", "ClearProbabilityOverride"]);
    const standing = dealCommandFacts(
      {
        ...deal,
        nextStep: { text: "Call Ana", dueOn: null },
        probabilityOverride: { probability: 70, reason: "Verbal yes" },
      },
      [brief],
    );
    expect(standing.inapplicable).toEqual([]);
  });

  it("lets the person choose when two briefs could seed it", () => {
    const facts = dealCommandFacts(deal, [brief, { ...brief, id: "b2" }]);
    expect(facts).toEqual({ inapplicable: [], prefill: {} });
  });
});
