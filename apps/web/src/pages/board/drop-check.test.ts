import {
  type Actor,
  type Contact,
  defaultNewBusinessPipeline,
  type Opportunity,
  type Timestamp,
} from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { checkDrop, type DropContext, dropAnnouncement } from "./drop-check.ts";

const pipeline = defaultNewBusinessPipeline();
const actor = { memberId: "sam", role: "account_executive" } as unknown as Actor;
const ctx = (contacts: readonly Contact[] = []): DropContext => ({
  pipeline,
  actor,
  now: "2026-11-27T09:00:00.000Z" as Timestamp,
  contacts,
  contracts: [],
});

const deal = (changes: Partial<Opportunity> = {}): Opportunity =>
  ({
    id: "acme-2027",
    accountId: "acme",
    ownerId: "sam",
    name: "Acme retainer",
    type: "new_business",
    pipelineId: pipeline.id,
    stageId: "discovery",
    amount: { amount: 12_000_000, currency: "EUR" },
    closeDate: "2027-03-31",
    probability: 25,
    probabilityOverride: null,
    forecastCategory: "pipeline",
    needs: [],
    budget: null,
    proposal: null,
    stakeholderIds: [],
    contractId: null,
    createdAt: "2026-11-01T09:00:00.000Z",
    stageEnteredAt: "2026-11-01T09:00:00.000Z",
    lastActivityAt: null,
    leadSource: null,
    serviceLine: null,
    nextStep: null,
    status: "open",
    ...changes,
  }) as Opportunity;

describe("checkDrop", () => {
  it("blocks a drop into a stage that requires an amount and a close date the deal lacks, naming them to set", () => {
    const early = deal({ stageId: "prospecting" as Opportunity["stageId"], amount: null, closeDate: null });
    expect(checkDrop(early, "discovery", ctx())).toEqual({
      kind: "blocked",
      stageLabel: "Discovery",
      message:
        "Acme retainer needs an amount and a close date before Discovery: set them below and it moves.",
      missing: ["set an amount", "set a close date"],
      criteria: [],
      details: ["amount", "closeDate"],
    });
  });

  it("sends MoveStage when the stages left behind have no unmet exit criteria", () => {
    const check = checkDrop(deal({ stageId: "prospecting" as Opportunity["stageId"] }), "discovery", ctx());
    expect(check).toEqual({
      kind: "allowed",
      command: { type: "MoveStage", stageId: "discovery" },
      stageLabel: "Discovery",
    });
  });

  it("blocks a drop past unmet exit criteria and says what is missing, in words", () => {
    const check = checkDrop(deal(), "proposal", ctx());
    expect(check).toEqual({
      kind: "blocked",
      stageLabel: "Proposal",
      message: "Acme retainer cannot move to Proposal yet.",
      missing: ["document at least one client need", "record the client's budget"],
      // The criteria themselves, for the deal page's fix buttons on the board (CriterionFixes).
      criteria: ["need_documented", "budget_known"],
      details: [],
    });
  });

  it("allows the same drop once the deal has a need and a budget", () => {
    const ready = deal({
      needs: ["A brand platform"],
      budget: { amount: 1, currency: "EUR" } as Opportunity["budget"],
    });
    expect(checkDrop(ready, "proposal", ctx()).kind).toBe("allowed");
  });

  it("asks for a reason before closing a deal as lost", () => {
    const check = checkDrop(deal(), "closed_lost", ctx());
    expect(check.kind).toBe("needs-reason");
    expect(checkDrop(deal(), "closed_lost", ctx(), "The client chose another agency").kind).toBe("allowed");
  });

  it("ignores a drop on the deal's own stage", () => {
    expect(checkDrop(deal(), "discovery", ctx())).toEqual({ kind: "same-stage" });
  });
});

describe("dropAnnouncement: what a screen reader hears after a keyboard move", () => {
  it("announces a refused move as refused, not as dropped", () => {
    const said = dropAnnouncement("Atlas launch", "Discovery", "Proposal", "blocked");
    expect(said).toBe(
      "Atlas launch cannot move to Proposal yet and stays in Discovery. What it needs is shown above the board.",
    );
    expect(said).not.toContain("dropped");
  });
  it("says an allowed move was dropped, and a drop on no stage or its own that it stayed", () => {
    expect(dropAnnouncement("Atlas launch", "Discovery", "Qualified", "allowed")).toBe(
      "Atlas launch was dropped on Qualified.",
    );
    expect(dropAnnouncement("Atlas launch", "Discovery", null, undefined)).toBe(
      "Atlas launch was put back in Discovery.",
    );
    expect(dropAnnouncement("Atlas launch", "Discovery", "Discovery", undefined)).toBe(
      "Atlas launch was put back in Discovery.",
    );
    expect(dropAnnouncement("Atlas launch", "Discovery", "Proposal", undefined)).not.toContain("dropped");
  });
});
