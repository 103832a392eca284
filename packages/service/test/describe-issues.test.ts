import { describe, expect, it } from "vitest";
import { parseCommand } from "../src/index.ts";

const issuesOf = (input: unknown) => {
  const parsed = parseCommand("opportunity", input);
  if (parsed.ok) throw new Error("expected a refusal");
  return Object.fromEntries(parsed.error.issues.map((i) => [i.path, i.message]));
};

describe("validation errors, in words", () => {
  it("says what each field needs instead of zod's developer wording", () => {
    const found = issuesOf({
      type: "CreateOpportunity",
      opportunityId: "o-1",
      accountId: "acme",
      name: "",
      ownerId: "m-1",
      opportunityType: "new_business",
      amount: { amount: Number.NaN, currency: "EUR" },
      closeDate: "2027-03-31",
    });
    expect(found).toMatchObject({
      name: "a deal needs a name",
      "amount.amount": "must be a number",
    });
    expect(issuesOf({ type: "MoveStage", stageId: 5 })).toEqual({ stageId: "must be a string" });
    expect(issuesOf({ type: "MoveStage" })).toEqual({ stageId: "is required" });
  });

  it("keeps the domain's own messages", () => {
    const found = issuesOf({ type: "OverrideProbability", probability: 120 });
    expect(found.probability).toBe("must be at most 100");
    const reason = issuesOf({ type: "MoveStage", stageId: "proposal", reason: "x".repeat(3000) });
    expect(reason.reason).toBe("must be at most 2000 characters");
  });
});
