import { describe, expect, it } from "vitest";
import { CONTACTS, eur, oppCtx, stage, withRules, withStage } from "../../testing/opportunity.fixtures.ts";
import { CONTRACT_STATUSES } from "../entities/contract.ts";
import { findStage, openStages } from "../entities/pipeline.ts";
import { defaultNewBusinessPipeline, defaultRenewalPipeline } from "../entities/settings.ts";
import { asId } from "../kernel/ids.ts";
import {
  type AccountFacts,
  type CriteriaSubject,
  checkBackward,
  checkCreationStage,
  checkExitCriteria,
  checkSkipping,
  checkStageRoles,
  creationStages,
  hasDecisionMaker,
  hasSignedContract,
  isCriterionMet,
  missingCriteria,
  openPosition,
} from "./opportunity.rules.ts";

const bare: CriteriaSubject = {
  needs: [],
  budget: null,
  proposal: null,
  stakeholderIds: [],
  contractId: null,
};
const full: CriteriaSubject = {
  needs: ["SSO"],
  budget: eur(1),
  proposal: { amount: eur(1), summary: null, sentOn: null },
  stakeholderIds: [CONTACTS.decisionMaker.id],
  contractId: asId.contract("k-signed"),
};
const facts: AccountFacts = oppCtx();
const p = defaultNewBusinessPipeline();

describe("opportunity rules", () => {
  describe("exit criteria", () => {
    it("finds each criterion unmet on a bare deal and met on a full one", () => {
      for (const c of [
        "need_documented",
        "budget_known",
        "decision_maker_identified",
        "proposal_amount_set",
      ] as const) {
        expect(isCriterionMet(c, bare, facts)).toBe(false);
        expect(isCriterionMet(c, full, facts)).toBe(true);
      }
      expect(isCriterionMet("signed_contract", bare, facts)).toBe(false);
      expect(isCriterionMet("signed_contract", full, facts)).toBe(true);
    });

    it("counts only a stakeholder who is an active decision maker", () => {
      expect(hasDecisionMaker({ stakeholderIds: [CONTACTS.champion.id] }, facts)).toBe(false);
      expect(hasDecisionMaker({ stakeholderIds: [CONTACTS.departed.id] }, facts)).toBe(false);
      expect(hasDecisionMaker({ stakeholderIds: [asId.contact("c-unknown")] }, facts)).toBe(false);
      expect(
        hasDecisionMaker({ stakeholderIds: [CONTACTS.champion.id, CONTACTS.decisionMaker.id] }, facts),
      ).toBe(true);
    });

    it("counts a contract as signed only while it binds both parties", () => {
      const binding = CONTRACT_STATUSES.filter((status) => {
        const k = { id: asId.contract("k1"), status };
        return hasSignedContract({ contractId: k.id }, { contacts: [], contracts: [k] });
      });
      expect(binding).toEqual(["signed", "active", "expiring"]);
    });

    it("lists each missing criterion once, in stage order", () => {
      const twice = withStage(p, "negotiation", { exitCriteria: ["need_documented", "signed_contract"] });
      expect(missingCriteria(openStages(twice), bare, facts)).toEqual([
        "need_documented",
        "budget_known",
        "decision_maker_identified",
        "proposal_amount_set",
        "signed_contract",
      ]);
      expect(missingCriteria(openStages(p), full, facts)).toEqual([]);
    });

    it("checks the stages from the one left up to the one before the target", () => {
      const move = { fromStageId: stage("discovery"), toStageId: stage("negotiation"), from: 1, to: 3 };
      expect(checkExitCriteria(p, bare, facts, move)).toMatchObject({
        missing: ["need_documented", "budget_known", "decision_maker_identified", "proposal_amount_set"],
      });
      expect(checkExitCriteria(p, bare, facts, { ...move, from: 2 })).toMatchObject({
        missing: ["decision_maker_identified", "proposal_amount_set"],
      });
      expect(checkExitCriteria(p, bare, facts, { ...move, from: 3, to: 1 })).toBeUndefined();
    });
  });

  describe("stage positions and creation", () => {
    it("places open stages in order and every other stage nowhere", () => {
      expect(openPosition(p, stage("prospecting"))).toBe(0);
      expect(openPosition(p, stage("negotiation"))).toBe(3);
      expect(openPosition(p, stage("closed_won"))).toBe(-1);
      expect(openPosition(p, stage("demo"))).toBe(-1);
    });

    it("starts deals in the first open stage unless the pipeline names others", () => {
      expect(creationStages(p)).toEqual(["prospecting"]);
      expect(creationStages(defaultRenewalPipeline())).toEqual(["renewal_review"]);
      expect(creationStages(withRules(p, { creationStages: [stage("discovery")] }))).toEqual(["discovery"]);
    });

    it("names the allowed stages when refusing another", () => {
      const two = withRules(p, { creationStages: [stage("prospecting"), stage("proposal")] });
      expect(checkCreationStage(two, findStage(two, stage("discovery"))!)?.message).toBe(
        "New deals in the New business pipeline start in Prospecting or Proposal, not in Discovery.",
      );
      expect(checkCreationStage(two, findStage(two, stage("proposal"))!)).toBeUndefined();
    });
  });

  describe("pipeline rules", () => {
    const move = { fromStageId: stage("prospecting"), toStageId: stage("negotiation"), from: 0, to: 3 };

    it("lets any role move deals in a stage that names no roles", () => {
      expect(checkStageRoles("viewer", [findStage(p, stage("proposal")), undefined])).toBeUndefined();
    });

    it("exempts no role, not even admin, from a stage's roles", () => {
      const s = { ...findStage(p, stage("proposal"))!, movableBy: ["director" as const] };
      expect(checkStageRoles("admin", [s])).toMatchObject({
        _tag: "StageRestrictedToRoles",
        message: "Only director may move deals in Proposal; you act as admin.",
      });
      expect(checkStageRoles("director", [s])).toBeUndefined();
    });

    it("refuses a skip only when the pipeline forbids skipping", () => {
      expect(checkSkipping(p, move)).toBeUndefined();
      expect(checkSkipping(withRules(p, { noSkipping: true }), move)).toMatchObject({
        skipped: ["discovery", "proposal"],
        // The stages as the pipeline names them, never their ids ("from prospecting to proposal").
        message:
          "This pipeline does not allow skipping stages: moving from Prospecting to Negotiation would skip Discovery and Proposal.",
      });
      expect(checkSkipping(withRules(p, { noSkipping: true }), { ...move, to: 1 })).toBeUndefined();
    });

    it("refuses a backward move only when the pipeline forbids moving back", () => {
      const back = { fromStageId: move.toStageId, toStageId: move.fromStageId, from: 3, to: 0 };
      expect(checkBackward(p, back)).toBeUndefined();
      expect(checkBackward(withRules(p, { noMovingBack: true }), back)).toMatchObject({
        _tag: "BackwardMoveNotAllowed",
        message: "This pipeline does not allow moving deals back: Prospecting comes before Negotiation.",
      });
      expect(checkBackward(withRules(p, { noMovingBack: true }), move)).toBeUndefined();
    });
  });
});
