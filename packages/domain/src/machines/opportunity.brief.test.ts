import { describe, expect, it } from "vitest";
import { accepted, refused } from "../../testing/fixtures.ts";
import { BRIEF, createDeal, eur, oppCtx, usd } from "../../testing/opportunity.fixtures.ts";
import { asId } from "../kernel/ids.ts";
import { run } from "../kernel/machine.ts";
import {
  type OpportunityCommand,
  type OpportunityState,
  opportunityMachine,
  seedFromBriefRefusal,
} from "./opportunity.machine.ts";

const open = (() => {
  const r = run(opportunityMachine, opportunityMachine.initial, createDeal(), oppCtx());
  if (!r.ok) throw new Error(r.error.message);
  return r.value.state;
})();
const seed: OpportunityCommand = { type: "SeedAmountFromBrief", briefId: asId.brief("b1") };
const decide = (brief: Partial<typeof BRIEF> | null, state: OpportunityState = open) =>
  opportunityMachine.decide(state, seed, oppCtx({ brief: brief === null ? null : { ...BRIEF, ...brief } }));

describe("a deal's amount seeded from its brief", () => {
  it("takes the brief's approved budget as the deal's amount, naming the brief", () => {
    const events = accepted(decide({}));
    expect(events).toEqual([
      expect.objectContaining({ type: "AmountSeededFromBrief", briefId: "b1", amount: eur(12_000) }),
    ]);
    const after = events.reduce(opportunityMachine.evolve, open);
    expect(after.status !== "none" && after.amount).toEqual(eur(12_000));
  });

  it("refuses a brief that does not lead to this deal, saying to link it first", () => {
    expect(refused(decide({ opportunityId: null })).message).toBe(
      'The brief "Relaunch brief" does not lead to this deal yet: link the deal from the brief first.',
    );
    expect(refused(decide({ opportunityId: asId.opportunity("o2") })).message).toBe(
      'The brief "Relaunch brief" leads to deal o2, not to this one.',
    );
  });

  it("refuses another account's brief, an unknown one, and one without an approved budget", () => {
    expect(refused(decide({ accountId: asId.account("a2") })).message).toContain("another account's (a2)");
    expect(refused(decide(null)).message).toBe("There is no brief b1 in this workspace.");
    expect(refused(decide({ approvedBudget: null })).message).toBe(
      'The brief "Relaunch brief" has no approved budget yet.',
    );
  });

  it("refuses a budget in another currency, and the amount the deal already has", () => {
    expect(refused(decide({ approvedBudget: usd(12_000) }))).toMatchObject({ _tag: "CurrencyMismatch" });
    expect(refused(decide({ approvedBudget: eur(10_000) })).message).toBe(
      "The deal's amount is already the brief's approved budget.",
    );
  });

  it("gives a deal with no amount yet its first amount, in any currency its budget does not contradict", () => {
    const r = run(
      opportunityMachine,
      opportunityMachine.initial,
      createDeal({ amount: null, closeDate: null }),
      oppCtx(),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(accepted(decide({ approvedBudget: usd(9_000) }, r.value.state))).toEqual([
      expect.objectContaining({ type: "AmountSeededFromBrief", amount: usd(9_000) }),
    ]);
    const budgeted = run(
      opportunityMachine,
      opportunityMachine.initial,
      createDeal({ amount: null, budget: eur(5_000) }),
      oppCtx(),
    );
    if (!budgeted.ok) throw new Error(budgeted.error.message);
    expect(refused(decide({ approvedBudget: usd(9_000) }, budgeted.value.state))).toMatchObject({
      _tag: "CurrencyMismatch",
    });
  });

  it("says beforehand, with decide's own sentence, whether a brief can seed the deal (adapters offer it only then)", () => {
    if (open.status !== "open") throw new Error("an open deal");
    expect(seedFromBriefRefusal(open, BRIEF)).toBeUndefined();
    for (const brief of [
      { opportunityId: null },
      { approvedBudget: null },
      { approvedBudget: eur(10_000) },
      { accountId: asId.account("a2") },
    ]) {
      const refusal = seedFromBriefRefusal(open, { ...BRIEF, ...brief });
      expect(refusal?.message).toBe(refused(decide(brief)).message);
    }
  });
});
