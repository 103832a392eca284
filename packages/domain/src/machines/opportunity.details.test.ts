import { describe, expect, it } from "vitest";
import { accepted, refused } from "../../testing/fixtures.ts";
import {
  createDeal,
  dealAfter,
  EARLIER,
  eur,
  importDeal,
  oppCtx,
  QUALIFY,
  stage,
  withStage,
} from "../../testing/opportunity.fixtures.ts";
import { missingDetails } from "../entities/pipeline.ts";
import { defaultNewBusinessPipeline, defaultRenewalPipeline } from "../entities/settings.ts";
import { date } from "../kernel/calendar-date.ts";
import { guardsInWords } from "../kernel/machine.ts";
import { type OpportunityCommand, opportunityMachine } from "./opportunity.machine.ts";

// The guard DetailsRequired: whether a deal needs an amount and a close date is its stage's, as pipeline data.

const decide = opportunityMachine.decide;
const early = () => createDeal({ amount: null, closeDate: null });
const moveTo = (id: string): OpportunityCommand => ({ type: "MoveStage", stageId: stage(id) });

describe("stage requirements in the default pipelines", () => {
  it("ask nothing of a prospect or a lost deal, and an amount and a close date from discovery on", () => {
    const required = (p: ReturnType<typeof defaultNewBusinessPipeline>) =>
      Object.fromEntries(p.stages.map((s) => [s.id, s.requires]));
    expect(required(defaultNewBusinessPipeline())).toEqual({
      prospecting: [],
      discovery: ["amount", "closeDate"],
      proposal: ["amount", "closeDate"],
      negotiation: ["amount", "closeDate"],
      closed_won: ["amount", "closeDate"],
      closed_lost: [],
    });
    expect(required(defaultRenewalPipeline()).renewal_review).toEqual([]);
  });

  it("lists the missing details in a fixed order", () => {
    const proposal = defaultNewBusinessPipeline().stages[2]!;
    expect(missingDetails(proposal, { amount: null, closeDate: null })).toEqual(["amount", "closeDate"]);
    expect(missingDetails(proposal, { amount: eur(1), closeDate: null })).toEqual(["closeDate"]);
  });
});

describe("DetailsRequired", () => {
  it("lets an early deal be created without an amount or a close date", () => {
    expect(dealAfter([early()])).toMatchObject({ status: "open", amount: null, closeDate: null });
  });

  it("refuses creating a deal in a stage that requires them, naming the stage and the missing details", () => {
    const ctx = oppCtx({
      pipeline: {
        ...defaultNewBusinessPipeline(),
        rules: { noSkipping: false, noMovingBack: false, creationStages: [stage("proposal")] },
      },
    });
    expect(refused(decide({ status: "none" }, { ...early(), stageId: stage("proposal") }, ctx))).toEqual({
      _tag: "DetailsRequired",
      stage: "proposal",
      stageLabel: "Proposal",
      missing: ["amount", "closeDate"],
      message: "A deal in Proposal needs an amount and a close date: set them first.",
      guard: "theDetailsTheStageAsks",
    });
  });

  it("refuses moving into a stage that requires what the deal lacks, and allows it once set", () => {
    const s = dealAfter([early(), ...QUALIFY]);
    expect(refused(decide(s, moveTo("discovery"), oppCtx()))).toMatchObject({
      _tag: "DetailsRequired",
      missing: ["amount", "closeDate"],
    });
    const priced = dealAfter([early(), ...QUALIFY, { type: "UpdateDetails", amount: eur(5_000) }]);
    expect(refused(decide(priced, moveTo("discovery"), oppCtx()))).toMatchObject({
      _tag: "DetailsRequired",
      missing: ["closeDate"],
      message: "A deal in Discovery needs a close date: set it first.",
    });
    const dated = dealAfter([
      early(),
      ...QUALIFY,
      { type: "UpdateDetails", amount: eur(5_000), closeDate: date("2027-06-30") },
    ]);
    expect(accepted(decide(dated, moveTo("discovery"), oppCtx()))[0]).toMatchObject({
      type: "OpportunityStageChanged",
    });
  });

  it("refuses winning a deal without an amount, and lets it be lost", () => {
    const s = dealAfter([early(), ...QUALIFY]);
    const ctx = oppCtx({
      pipeline: withStage(defaultNewBusinessPipeline(), "closed_won", { requires: ["amount"] }),
    });
    expect(refused(decide(s, { type: "CloseAsWon" }, ctx))).toMatchObject({
      _tag: "DetailsRequired",
      stage: "closed_won",
      missing: ["amount"],
    });
    expect(accepted(decide(s, { type: "CloseAsLost", lossReason: "no budget" }, ctx))[0]?.type).toBe(
      "OpportunityLost",
    );
  });

  it("refuses clearing what the deal's stage requires, but not in a stage that allows it", () => {
    const inDiscovery = dealAfter([createDeal(), ...QUALIFY, moveTo("discovery")]);
    expect(refused(decide(inDiscovery, { type: "UpdateDetails", amount: null }, oppCtx()))).toMatchObject({
      _tag: "DetailsRequired",
      missing: ["amount"],
    });
    const prospect = dealAfter([createDeal()]);
    expect(accepted(decide(prospect, { type: "UpdateDetails", closeDate: null }, oppCtx()))).toEqual([
      expect.objectContaining({ type: "OpportunityDetailsUpdated", changes: { closeDate: null } }),
    ]);
  });

  it("does not block other changes to a deal whose stage began requiring a detail it lacks", () => {
    const s = dealAfter([early()]);
    const ctx = oppCtx({
      pipeline: withStage(defaultNewBusinessPipeline(), "prospecting", { requires: ["amount"] }),
    });
    expect(accepted(decide(s, { type: "UpdateDetails", name: "Renamed" }, ctx))).toHaveLength(1);
  });

  it("refuses reopening into a stage that requires what the deal lacks", () => {
    const s = dealAfter([early(), { type: "CloseAsLost", lossReason: "no budget" }]);
    expect(
      refused(decide(s, { type: "Reopen", stageId: stage("proposal"), reason: "back" }, oppCtx())),
    ).toMatchObject({ _tag: "DetailsRequired", stage: "proposal" });
  });

  it("imports an early deal without them and refuses a won one without an amount", () => {
    const ctx = oppCtx();
    const open = importDeal({ stageId: stage("prospecting"), amount: null, closeDate: null });
    expect(accepted(decide({ status: "none" }, open, ctx))[0]).toMatchObject({
      amount: null,
      closeDate: null,
    });
    const won = importDeal({
      stageId: stage("closed_won"),
      amount: null,
      closedAt: EARLIER,
    });
    expect(refused(decide({ status: "none" }, won, ctx))).toMatchObject({
      _tag: "DetailsRequired",
      missing: ["amount"],
    });
  });

  it("is named in the transition table for every move into a stage", () => {
    for (const command of [
      "CreateOpportunity",
      "ImportOpportunity",
      "MoveStage",
      "CloseAsWon",
      "Reopen",
    ] as const)
      expect(guardsInWords(opportunityMachine, command)).toContain(
        "an amount and a close date where the stage asks for them",
      );
  });
});
