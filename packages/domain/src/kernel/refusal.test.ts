import { describe, expect, it } from "vitest";
import { REFUSAL_TAGS, type Refusal, refuse } from "./refusal.ts";
import { humanize, kebabCase, listInWords } from "./text.ts";

describe("refusals", () => {
  const samples: Refusal[] = [
    refuse.transitionNotAllowed("contract", "draft", "Sign", ["StartNegotiation", "Withdraw"]),
    refuse.exitCriteriaNotMet("discovery", "proposal", ["need_documented", "budget_known"]),
    refuse.reasonRequired("close a deal as lost"),
    refuse.stageSkipNotAllowed("prospecting", "proposal", ["discovery"]),
    refuse.backwardMoveNotAllowed("proposal", "discovery"),
    refuse.stageRestrictedToRoles("negotiation", "assistant", ["account_executive", "director"]),
    refuse.unknownStage("won", "new_business"),
    refuse.notPermitted("contract.approve", "assistant", "assistants do not approve contracts"),
    refuse.alreadyExists("opportunity", "o-1"),
    refuse.invalidInput("endDate", "The end date comes before the start date."),
    refuse.notAnApprover("m-1", "supervisor", "a supervisor approves up to EUR 25,000"),
    refuse.alreadyApproved("m-1"),
    refuse.approvalsPending(["director"]),
    refuse.notYetDue("activate the contract", "2027-01-01"),
  ];

  it("each reads as a sentence a person understands", () => {
    for (const r of samples) {
      expect(r.message, r._tag).toMatch(/^[A-Z].*\.$/);
      expect(r.message).not.toMatch(/[A-Z][a-z]+[A-Z]|_/); // no code names leak into the sentence
    }
  });

  it("names what is missing and what is allowed", () => {
    expect(samples[0]!.message).toBe(
      "A contract that is draft cannot sign. Allowed now: start negotiation or withdraw.",
    );
    expect(samples[1]!.message).toBe(
      "Cannot move from discovery to proposal yet: document at least one client need and record the client's budget.",
    );
    expect(refuse.transitionNotAllowed("opportunity", "none", "MoveStage", []).message).toBe(
      "An opportunity that does not exist yet cannot move stage. No move is allowed from there.",
    );
  });

  it("lists every tag once", () => {
    expect(new Set(REFUSAL_TAGS).size).toBe(REFUSAL_TAGS.length);
    for (const r of samples) expect(REFUSAL_TAGS).toContain(r._tag);
  });

  it("words names and lists", () => {
    expect(humanize("in_negotiation")).toBe("in negotiation");
    expect(humanize("CloseAsLost")).toBe("close as lost");
    expect(kebabCase("SubmitForApproval")).toBe("submit-for-approval");
    expect(kebabCase("stageId")).toBe("stage-id");
    expect(listInWords([])).toBe("");
    expect(listInWords(["a"])).toBe("a");
    expect(listInWords(["a", "b", "c"], "or")).toBe("a, b or c");
  });
});

describe("permission refusals", () => {
  it("say the action in words", () => {
    expect(
      refuse.notPermitted("contract.approve", "assistant", "assistants do not approve contracts").message,
    ).toBe("As an assistant you may not approve a contract: assistants do not approve contracts.");
    expect(
      refuse.notPermitted("finance.read", "viewer", "financial figures are hidden from viewers").message,
    ).toBe("As a viewer you may not see financial figures: financial figures are hidden from viewers.");
  });
});
