import { describe, expect, it } from "vitest";
import { accepted, refused } from "../../testing/fixtures.ts";
import { createDeal, oppCtx } from "../../testing/opportunity.fixtures.ts";
import { run } from "../kernel/machine.ts";
import { clearRefusal, type OpportunityCommand, opportunityMachine } from "./opportunity.machine.ts";

const open = (() => {
  const r = run(opportunityMachine, opportunityMachine.initial, createDeal(), oppCtx());
  if (!r.ok) throw new Error(r.error.message);
  if (r.value.state.status !== "open") throw new Error("an open deal");
  return r.value.state;
})();
const decide = (state: typeof open, type: "ClearNextStep" | "ClearProbabilityOverride") =>
  opportunityMachine.decide(state, { type } as OpportunityCommand, oppCtx());

describe("clearing a deal's next step or probability override", () => {
  it("says beforehand, with decide's own sentence, that there is nothing to clear (adapters offer it only then)", () => {
    const bare = { ...open, nextStep: null, probabilityOverride: null };
    for (const type of ["ClearNextStep", "ClearProbabilityOverride"] as const)
      expect(clearRefusal(bare, type)?.message).toBe(refused(decide(bare, type)).message);
    expect(clearRefusal(bare, "ClearNextStep")?.message).toBe("This deal has no next step to clear.");
  });

  it("finds nothing against clearing what stands, and decide clears it", () => {
    const standing = {
      ...open,
      nextStep: { text: "Call Ana", dueOn: null },
      probabilityOverride: { probability: 70, reason: "Verbal yes" },
    } as typeof open;
    for (const type of ["ClearNextStep", "ClearProbabilityOverride"] as const) {
      expect(clearRefusal(standing, type)).toBeUndefined();
      expect(accepted(decide(standing, type))).toHaveLength(1);
    }
  });
});
