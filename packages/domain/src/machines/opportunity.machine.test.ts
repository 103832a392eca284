import { describe, expect, it } from "vitest";
import { accepted, actor, refused, T0 } from "../../testing/fixtures.ts";
import {
  CONTACTS,
  CONTRACTS,
  createDeal,
  dealAfter,
  eur,
  oppCtx,
  QUALIFY,
  stage,
  usd,
  withRules,
  withStage,
} from "../../testing/opportunity.fixtures.ts";
import { defaultNewBusinessPipeline, defaultRenewalPipeline } from "../entities/settings.ts";
import { addHours, date } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { commandsFrom, replay, run, toMermaid } from "../kernel/machine.ts";
import {
  explainStageMoves,
  type OpportunityCommand,
  OpportunityCommandSchema,
  type OpportunityContext,
  type OpportunityEvent,
  type OpportunityState,
  opportunityMachine,
  opportunityTable,
  stageMoveCommand,
} from "./opportunity.machine.ts";

const moveTo = (id: string, reason?: string): OpportunityCommand =>
  reason === undefined
    ? { type: "MoveStage", stageId: stage(id) }
    : { type: "MoveStage", stageId: stage(id), reason };
const won: OpportunityCommand = { type: "CloseAsWon" };
const lost: OpportunityCommand = { type: "CloseAsLost", lossReason: "went with a cheaper agency" };
const reopen = (id?: string): OpportunityCommand =>
  id === undefined
    ? { type: "Reopen", reason: "budget came back" }
    : { type: "Reopen", stageId: stage(id), reason: "budget came back" };

const decide = (state: OpportunityState, command: OpportunityCommand, context = oppCtx()) =>
  opportunityMachine.decide(state, command, context);

/** The deal, which must exist. */
function deal(state: OpportunityState) {
  if (state.status === "none") throw new Error("expected a deal");
  return state;
}

/** A created deal with the given commands run after creation. */
const after = (commands: readonly OpportunityCommand[], context = oppCtx()) =>
  dealAfter([createDeal(), ...commands], context);

/** A deal with every criterion met, in the given stage. */
const qualifiedIn = (id: string, context = oppCtx()) =>
  after([...QUALIFY, ...(id === "prospecting" ? [] : [moveTo(id)])], context);

describe("opportunity machine", () => {
  describe("creating a deal", () => {
    it("opens in the first open stage with that stage's probability and forecast category", () => {
      const s = dealAfter([createDeal()]);
      expect(s).toMatchObject({
        status: "open",
        stageId: "prospecting",
        probability: 10,
        forecastCategory: "pipeline",
        probabilityOverride: null,
        createdAt: T0,
        stageEnteredAt: T0,
        lastActivityAt: null,
        leadSource: null,
        serviceLine: null,
        nextStep: null,
      });
    });

    it("takes the pipeline from the context and the deal's type from the command", () => {
      expect(dealAfter([createDeal({ opportunityType: "upsell" })])).toMatchObject({
        pipelineId: "new_business",
        type: "upsell",
      });
    });

    it("keeps needs, budget and stakeholders given at creation, each once", () => {
      const s = dealAfter([
        createDeal({
          needs: ["SSO", "SSO"],
          budget: eur(9_000),
          stakeholderIds: [CONTACTS.champion.id, CONTACTS.champion.id],
        }),
      ]);
      expect(s).toMatchObject({ needs: ["SSO"], budget: eur(9_000), stakeholderIds: ["c-champion"] });
    });

    it("refuses a stage the pipeline does not have", () => {
      const r = refused(decide({ status: "none" }, createDeal({ stageId: stage("qualification") })));
      expect(r).toMatchObject({ _tag: "UnknownStage", stage: "qualification", pipeline: "New business" });
    });

    it("refuses any stage but the first when the pipeline names no creation stages", () => {
      const r = refused(decide({ status: "none" }, createDeal({ stageId: stage("discovery") })));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "stageId" });
      expect(r.message).toBe(
        "New deals in the New business pipeline start in Prospecting, not in Discovery.",
      );
    });

    it("refuses a closing stage as the stage to start in", () => {
      const r = refused(decide({ status: "none" }, createDeal({ stageId: stage("closed_won") })));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "stageId" });
    });

    it("starts in a configured creation stage when the criteria of the stages before it are met", () => {
      const context = oppCtx({
        pipeline: withRules(defaultNewBusinessPipeline(), {
          creationStages: [stage("prospecting"), stage("proposal")],
        }),
      });
      const c = createDeal({ stageId: stage("proposal"), needs: ["SSO"], budget: eur(1_000) });
      expect(dealAfter([c], context)).toMatchObject({ stageId: "proposal", probability: 50 });
    });

    it("refuses a configured later creation stage without the criteria of the stages before it", () => {
      const context = oppCtx({
        pipeline: withRules(defaultNewBusinessPipeline(), { creationStages: [stage("proposal")] }),
      });
      const r = refused(decide({ status: "none" }, createDeal({ stageId: stage("proposal") }), context));
      expect(r).toMatchObject({
        _tag: "ExitCriteriaNotMet",
        from: "prospecting",
        to: "proposal",
        missing: ["need_documented", "budget_known"],
      });
    });

    it("refuses a budget in another currency than the amount", () => {
      const r = refused(decide({ status: "none" }, createDeal({ budget: usd(5_000) })));
      expect(r).toMatchObject({ _tag: "CurrencyMismatch", expected: "EUR", actual: "USD" });
    });

    it("refuses a stakeholder who is not an active contact of the account", () => {
      const r = refused(decide({ status: "none" }, createDeal({ stakeholderIds: [CONTACTS.departed.id] })));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "stakeholderIds" });
    });

    it("refuses to create a deal in a stage reserved to other roles", () => {
      const context = oppCtx({
        pipeline: withStage(defaultNewBusinessPipeline(), "prospecting", { movableBy: ["director"] }),
      });
      const r = refused(decide({ status: "none" }, createDeal(), context));
      expect(r).toMatchObject({
        _tag: "StageRestrictedToRoles",
        stage: "prospecting",
        role: "account_executive",
      });
    });

    it("refuses to create a deal that already exists", () => {
      const r = refused(decide(dealAfter([createDeal()]), createDeal()));
      expect(r).toMatchObject({ _tag: "TransitionNotAllowed", from: "open", command: "CreateOpportunity" });
    });
  });

  describe("moving between open stages", () => {
    it("moves forward once the stage's exit criteria are met, taking the new stage's probability", () => {
      const s = after([
        moveTo("discovery"),
        { type: "RecordNeed", need: "SSO" },
        { type: "SetBudget", budget: eur(1) },
      ]);
      const r = run(opportunityMachine, s, moveTo("proposal"), oppCtx({ now: addHours(T0, 24) }));
      expect(r.ok && r.value.state).toMatchObject({
        stageId: "proposal",
        probability: 50,
        forecastCategory: "best_case",
        stageEnteredAt: addHours(T0, 24),
      });
    });

    it("records the stage left, the stage entered and the reason given", () => {
      const events = accepted(decide(dealAfter([createDeal()]), moveTo("discovery", "first call went well")));
      expect(events).toEqual([
        {
          type: "OpportunityStageChanged",
          at: T0,
          fromStageId: "prospecting",
          toStageId: "discovery",
          reason: "first call went well",
          probability: 25,
          forecastCategory: "pipeline",
        },
      ]);
    });

    it("refuses to leave discovery without a documented need", () => {
      const s = after([moveTo("discovery"), { type: "SetBudget", budget: eur(1) }]);
      expect(refused(decide(s, moveTo("proposal")))).toMatchObject({
        _tag: "ExitCriteriaNotMet",
        missing: ["need_documented"],
      });
    });

    it("refuses to leave discovery without a known budget", () => {
      const s = after([moveTo("discovery"), { type: "RecordNeed", need: "SSO" }]);
      expect(refused(decide(s, moveTo("proposal")))).toMatchObject({ missing: ["budget_known"] });
    });

    it("refuses to leave proposal without a decision maker among the stakeholders", () => {
      const s = after([...QUALIFY.filter((c) => c.type !== "AddStakeholder"), moveTo("proposal")]);
      expect(refused(decide(s, moveTo("negotiation")))).toMatchObject({
        _tag: "ExitCriteriaNotMet",
        missing: ["decision_maker_identified"],
      });
    });

    it("refuses to leave proposal without a proposal amount", () => {
      const s = after([...QUALIFY.filter((c) => c.type !== "SetProposal"), moveTo("proposal")]);
      expect(refused(decide(s, moveTo("negotiation")))).toMatchObject({ missing: ["proposal_amount_set"] });
    });

    it("refuses to leave negotiation without a signed contract", () => {
      const s = after([...QUALIFY.filter((c) => c.type !== "LinkContract"), moveTo("negotiation")]);
      expect(refused(decide(s, won))).toMatchObject({
        _tag: "ExitCriteriaNotMet",
        from: "negotiation",
        to: "closed_won",
        missing: ["signed_contract"],
      });
    });

    it("lists every missing criterion of every stage left behind, in stage order", () => {
      const r = refused(decide(dealAfter([createDeal()]), moveTo("negotiation")));
      expect(r).toMatchObject({
        _tag: "ExitCriteriaNotMet",
        from: "prospecting",
        to: "negotiation",
        missing: ["need_documented", "budget_known", "decision_maker_identified", "proposal_amount_set"],
      });
      expect(r.message).toBe(
        "Cannot move from Prospecting to Negotiation yet: document at least one client need, record the client's budget, identify a decision maker among the stakeholders and set the proposal amount.",
      );
    });

    it("does not count a decision maker of the account who is not a stakeholder of the deal", () => {
      const s = after([...QUALIFY.filter((c) => c.type !== "AddStakeholder"), moveTo("proposal")]);
      const context = oppCtx();
      expect(context.contacts.some((c) => c.roles.includes("decision_maker") && c.active)).toBe(true);
      expect(refused(decide(s, moveTo("negotiation"), context))).toMatchObject({
        missing: ["decision_maker_identified"],
      });
    });

    it("does not count a decision maker who has left the client", () => {
      const s = after([
        ...QUALIFY.filter((c) => c.type !== "AddStakeholder"),
        { type: "AddStakeholder", contactId: CONTACTS.champion.id },
        moveTo("proposal"),
      ]);
      const gone = oppCtx({
        contacts: [{ ...CONTACTS.champion, roles: ["decision_maker"], active: false }],
      });
      expect(refused(decide(s, moveTo("negotiation"), gone))).toMatchObject({
        missing: ["decision_maker_identified"],
      });
    });

    it("does not count a linked contract that is not yet signed", () => {
      const s = after([
        ...QUALIFY.filter((c) => c.type !== "LinkContract"),
        { type: "LinkContract", contractId: CONTRACTS.draft.id },
        moveTo("negotiation"),
      ]);
      expect(refused(decide(s, won))).toMatchObject({ missing: ["signed_contract"] });
    });

    it("counts an active contract as signed", () => {
      const s = after([
        ...QUALIFY.filter((c) => c.type !== "LinkContract"),
        { type: "LinkContract", contractId: CONTRACTS.active.id },
        moveTo("negotiation"),
      ]);
      expect(accepted(decide(s, won))[0]?.type).toBe("OpportunityWon");
    });

    it("lets a deal jump ahead when the pipeline allows skipping and every criterion behind is met", () => {
      expect(qualifiedIn("negotiation")).toMatchObject({ stageId: "negotiation", probability: 80 });
    });

    it("refuses to skip a stage when the pipeline forbids skipping, naming the skipped stages", () => {
      const context = oppCtx({ pipeline: withRules(defaultNewBusinessPipeline(), { noSkipping: true }) });
      const s = after(QUALIFY, context);
      const r = refused(decide(s, moveTo("negotiation"), context));
      expect(r).toMatchObject({
        _tag: "StageSkipNotAllowed",
        from: "prospecting",
        to: "negotiation",
        skipped: ["discovery", "proposal"],
      });
    });

    it("moves back without any criterion when the pipeline allows it", () => {
      const s = after([moveTo("discovery"), moveTo("prospecting")]);
      expect(s).toMatchObject({ stageId: "prospecting", probability: 10 });
    });

    it("refuses to move back when the pipeline forbids it", () => {
      const context = oppCtx({ pipeline: withRules(defaultNewBusinessPipeline(), { noMovingBack: true }) });
      const s = after([moveTo("discovery")], context);
      expect(refused(decide(s, moveTo("prospecting"), context))).toMatchObject({
        _tag: "BackwardMoveNotAllowed",
        from: "discovery",
        to: "prospecting",
      });
    });

    it("refuses to move a deal out of a stage reserved to other roles", () => {
      const restricted = withStage(defaultNewBusinessPipeline(), "negotiation", { movableBy: ["director"] });
      const s = qualifiedIn("negotiation", oppCtx({ pipeline: restricted, actor: actor("director") }));
      const r = refused(decide(s, moveTo("proposal"), oppCtx({ pipeline: restricted })));
      expect(r).toMatchObject({
        _tag: "StageRestrictedToRoles",
        stage: "negotiation",
        role: "account_executive",
        allowedRoles: ["director"],
      });
    });

    it("refuses to move a deal into a stage reserved to other roles", () => {
      const restricted = withStage(defaultNewBusinessPipeline(), "negotiation", { movableBy: ["director"] });
      const context = oppCtx({ pipeline: restricted });
      const s = qualifiedIn("proposal", context);
      expect(refused(decide(s, moveTo("negotiation"), context))).toMatchObject({
        _tag: "StageRestrictedToRoles",
        stage: "negotiation",
      });
    });

    it("lets a role named by the stage move deals into it", () => {
      const restricted = withStage(defaultNewBusinessPipeline(), "negotiation", {
        movableBy: ["director", "supervisor"],
      });
      const s = qualifiedIn("proposal", oppCtx({ pipeline: restricted }));
      const director = oppCtx({ pipeline: restricted, actor: actor("supervisor") });
      expect(accepted(decide(s, moveTo("negotiation"), director))).toHaveLength(1);
    });

    it("refuses a stage the pipeline does not have", () => {
      expect(refused(decide(dealAfter([createDeal()]), moveTo("demo")))).toMatchObject({
        _tag: "UnknownStage",
        stage: "demo",
      });
    });

    it("refuses to move a deal to the stage it is already in", () => {
      const r = refused(decide(dealAfter([createDeal()]), moveTo("prospecting")));
      expect(r).toMatchObject({ _tag: "InvalidInput", message: "The deal is already in Prospecting." });
    });

    it("refuses to close a deal by moving it, pointing to the closing command", () => {
      const r = refused(decide(qualifiedIn("negotiation"), moveTo("closed_won")));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "stageId" });
      expect(r.message).toMatch(/close it as won/);
    });

    it("makes a deal whose stage was removed from the pipeline earn every criterion again", () => {
      const s = dealAfter([createDeal()]);
      const renamed = withStage(defaultNewBusinessPipeline(), "prospecting", { id: stage("lead") });
      const context = oppCtx({ pipeline: renamed });
      expect(refused(decide(s, moveTo("proposal"), context))).toMatchObject({
        _tag: "ExitCriteriaNotMet",
        from: "prospecting",
        missing: ["need_documented", "budget_known"],
      });
      expect(accepted(decide(s, moveTo("lead"), context))).toHaveLength(1);
    });

    it("keeps the probability a deal got on entering a stage when the stage's default is edited later", () => {
      const s = after([moveTo("discovery")]);
      const edited = withStage(defaultNewBusinessPipeline(), "discovery", { probability: 35 });
      const next = run(
        opportunityMachine,
        s,
        { type: "RecordNeed", need: "SSO" },
        oppCtx({ pipeline: edited }),
      );
      expect(next.ok && next.value.state).toMatchObject({ probability: 25 });
    });
  });

  describe("closing a deal", () => {
    it("closes as won at 100 %, forecast as closed, stamping the close", () => {
      const s = dealAfter([createDeal(), ...QUALIFY, moveTo("negotiation"), won]);
      expect(s).toMatchObject({
        status: "won",
        stageId: "closed_won",
        probability: 100,
        forecastCategory: "closed",
        closedAt: T0,
      });
    });

    it("closes as won from an earlier stage when skipping is allowed and every criterion is met", () => {
      expect(after([...QUALIFY, won]).status).toBe("won");
    });

    it("re-checks every criterion of the pipeline on winning, even those met on the way", () => {
      const s = after([
        ...QUALIFY,
        moveTo("negotiation"),
        { type: "RemoveStakeholder", contactId: CONTACTS.decisionMaker.id },
      ]);
      expect(refused(decide(s, won))).toMatchObject({
        _tag: "ExitCriteriaNotMet",
        missing: ["decision_maker_identified"],
      });
    });

    it("counts winning from before the last open stage as a skip when the pipeline forbids skipping", () => {
      const context = oppCtx({ pipeline: defaultRenewalPipeline() });
      const s = dealAfter([createDeal({ opportunityType: "renewal" }), ...QUALIFY], context);
      expect(refused(decide(s, won, context))).toMatchObject({
        _tag: "StageSkipNotAllowed",
        from: "renewal_review",
        to: "renewed",
        skipped: ["renewal_proposal", "renewal_negotiation"],
      });
    });

    it("refuses to close as won when the won stage is reserved to other roles", () => {
      const context = oppCtx({
        pipeline: withStage(defaultNewBusinessPipeline(), "closed_won", { movableBy: ["director"] }),
      });
      expect(refused(decide(qualifiedIn("negotiation", context), won, context))).toMatchObject({
        _tag: "StageRestrictedToRoles",
        stage: "closed_won",
      });
    });

    it("closes as lost from any stage with a reason, at 0 %, omitted from the forecast", () => {
      const s = after([lost]);
      expect(s).toMatchObject({
        status: "lost",
        stageId: "closed_lost",
        probability: 0,
        forecastCategory: "omitted",
        lossReason: "went with a cheaper agency",
        closedAt: T0,
      });
    });

    it("refuses to close as lost without a reason", () => {
      const s = dealAfter([createDeal()]);
      expect(refused(decide(s, { type: "CloseAsLost" }))).toMatchObject({ _tag: "ReasonRequired" });
      expect(refused(decide(s, { type: "CloseAsLost", lossReason: "  " }))._tag).toBe("ReasonRequired");
    });

    it("never counts closing as lost as a skip", () => {
      const context = oppCtx({ pipeline: defaultRenewalPipeline() });
      const s = dealAfter([createDeal({ opportunityType: "renewal" })], context);
      expect(accepted(decide(s, lost, context))[0]?.type).toBe("OpportunityLost");
    });

    it("refuses to close as lost when leaving a stage reserved to other roles", () => {
      const context = oppCtx({
        pipeline: withStage(defaultNewBusinessPipeline(), "prospecting", { movableBy: ["supervisor"] }),
      });
      const s = dealAfter([createDeal()], { ...context, actor: actor("supervisor") });
      expect(refused(decide(s, lost, context))).toMatchObject({
        _tag: "StageRestrictedToRoles",
        stage: "prospecting",
      });
    });

    it("accepts no change to a closed deal but reopening, and says so", () => {
      const s = after([lost]);
      const r = refused(decide(s, moveTo("discovery")));
      expect(r).toMatchObject({ _tag: "TransitionNotAllowed", from: "lost", allowed: ["Reopen"] });
      expect(r.message).toBe("An opportunity that is lost cannot move stage. Allowed now: reopen.");
    });
  });

  describe("reopening a closed deal", () => {
    it("reopens a lost deal in the first open stage by default, forgetting the loss", () => {
      const s = deal(after([moveTo("discovery"), lost, reopen()]));
      expect(s).toMatchObject({ status: "open", stageId: "prospecting", probability: 10 });
      expect(s).not.toHaveProperty("closedAt");
      expect(s).not.toHaveProperty("lossReason");
    });

    it("reopens a won deal in the stage named", () => {
      const s = deal(after([...QUALIFY, moveTo("negotiation"), won, reopen("negotiation")]));
      expect(s).toMatchObject({ status: "open", stageId: "negotiation", probability: 80 });
      expect(s).not.toHaveProperty("closedAt");
    });

    it("refuses to reopen without a reason", () => {
      const r = refused(decide(after([lost]), { type: "Reopen" }));
      expect(r).toMatchObject({ _tag: "ReasonRequired", message: "Give a reason to reopen a closed deal." });
    });

    it("does not count reopening as a backward move", () => {
      const context = oppCtx({ pipeline: withRules(defaultNewBusinessPipeline(), { noMovingBack: true }) });
      const s = dealAfter(
        [createDeal(), ...QUALIFY, moveTo("negotiation"), won, reopen("discovery")],
        context,
      );
      expect(s).toMatchObject({ status: "open", stageId: "discovery" });
    });

    it("refuses to reopen into a stage whose earlier criteria the deal does not meet", () => {
      const r = refused(decide(after([lost]), reopen("proposal")));
      expect(r).toMatchObject({
        _tag: "ExitCriteriaNotMet",
        from: "closed_lost",
        to: "proposal",
        missing: ["need_documented", "budget_known"],
      });
    });

    it("refuses to reopen into a stage the pipeline does not have, or a closing one", () => {
      const s = after([lost]);
      expect(refused(decide(s, reopen("demo")))._tag).toBe("UnknownStage");
      expect(refused(decide(s, reopen("closed_won")))).toMatchObject({
        _tag: "InvalidInput",
        field: "stageId",
      });
    });

    it("refuses to reopen into a stage reserved to other roles", () => {
      const context = oppCtx({
        pipeline: withStage(defaultNewBusinessPipeline(), "prospecting", { movableBy: ["director"] }),
      });
      const s = dealAfter([createDeal(), lost], { ...context, actor: actor("director") });
      expect(refused(decide(s, reopen(), context))._tag).toBe("StageRestrictedToRoles");
    });
  });

  describe("probability", () => {
    const override: OpportunityCommand = {
      type: "OverrideProbability",
      probability: 70,
      reason: "verbal yes from the CFO",
    };

    it("overrides the stage's probability with a reason", () => {
      expect(after([override])).toMatchObject({
        probability: 70,
        probabilityOverride: { probability: 70, reason: "verbal yes from the CFO" },
        forecastCategory: "pipeline",
      });
    });

    it("refuses an override without a reason", () => {
      const r = refused(decide(dealAfter([createDeal()]), { type: "OverrideProbability", probability: 70 }));
      expect(r).toMatchObject({ _tag: "ReasonRequired" });
    });

    it("refuses a probability that is not a whole number from 0 to 100", () => {
      const s = dealAfter([createDeal()]);
      for (const probability of [-1, 101, 33.3]) {
        expect(refused(decide(s, { ...override, probability }))).toMatchObject({
          _tag: "InvalidInput",
          field: "probability",
        });
      }
    });

    it("keeps the override through a details update", () => {
      const s = after([override, { type: "UpdateDetails", amount: eur(20_000) }]);
      expect(s).toMatchObject({
        amount: eur(20_000),
        probability: 70,
        probabilityOverride: { probability: 70 },
      });
    });

    it("drops the override when the stage changes, taking the new stage's probability", () => {
      expect(after([override, moveTo("discovery")])).toMatchObject({
        probability: 25,
        probabilityOverride: null,
      });
    });

    it("clears the override back to the stage's default", () => {
      const s = after([override, { type: "ClearProbabilityOverride" }]);
      expect(s).toMatchObject({ probability: 10, probabilityOverride: null });
    });

    it("refuses to clear an override that does not exist", () => {
      const r = refused(decide(dealAfter([createDeal()]), { type: "ClearProbabilityOverride" }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "probability" });
    });

    it("refuses to clear an override when the deal's stage has left the pipeline", () => {
      const s = after([override]);
      const context = oppCtx({
        pipeline: withStage(defaultNewBusinessPipeline(), "prospecting", { id: stage("lead") }),
      });
      expect(refused(decide(s, { type: "ClearProbabilityOverride" }, context))._tag).toBe("UnknownStage");
    });
  });

  describe("details", () => {
    it("records only the fields that change, the deal's type included", () => {
      const events = accepted(
        decide(dealAfter([createDeal()]), {
          type: "UpdateDetails",
          name: "Website relaunch",
          amount: eur(10_000),
          closeDate: date("2027-06-30"),
          ownerId: asId.member("m2"),
          opportunityType: "upsell",
        }),
      );
      expect(events).toEqual([
        {
          type: "OpportunityDetailsUpdated",
          at: T0,
          changes: { closeDate: "2027-06-30", ownerId: "m2", type: "upsell" },
        },
      ]);
    });

    it("renames the deal", () => {
      expect(after([{ type: "UpdateDetails", name: "Shop relaunch" }])).toMatchObject({
        name: "Shop relaunch",
      });
    });

    it("records nothing when nothing changes", () => {
      expect(
        accepted(decide(dealAfter([createDeal()]), { type: "UpdateDetails", name: "Website relaunch" })),
      ).toEqual([]);
    });

    it("changes the amount's currency while no budget or proposal is in the old one", () => {
      expect(after([{ type: "UpdateDetails", amount: usd(11_000) }])).toMatchObject({ amount: usd(11_000) });
    });

    it("refuses to change the amount's currency away from the budget's", () => {
      const s = after([{ type: "SetBudget", budget: eur(5_000) }]);
      expect(refused(decide(s, { type: "UpdateDetails", amount: usd(5_000) }))).toMatchObject({
        _tag: "CurrencyMismatch",
        expected: "EUR",
        actual: "USD",
      });
    });

    it("refuses to change the amount's currency away from the proposal's", () => {
      const s = after([{ type: "SetProposal", amount: eur(5_000) }]);
      expect(refused(decide(s, { type: "UpdateDetails", amount: usd(5_000) }))._tag).toBe("CurrencyMismatch");
    });
  });

  describe("needs, budget and proposal", () => {
    it("records each need once", () => {
      const s = after([{ type: "RecordNeed", need: "SSO" }]);
      expect(s).toMatchObject({ needs: ["SSO"] });
      expect(refused(decide(s, { type: "RecordNeed", need: "SSO" }))).toMatchObject({ _tag: "InvalidInput" });
    });

    it("sets the budget in the deal's currency and refuses another", () => {
      expect(after([{ type: "SetBudget", budget: eur(8_000) }])).toMatchObject({ budget: eur(8_000) });
      const r = refused(decide(dealAfter([createDeal()]), { type: "SetBudget", budget: usd(8_000) }));
      expect(r).toMatchObject({ _tag: "CurrencyMismatch", expected: "EUR", actual: "USD" });
    });

    it("sets the proposal, with summary and sending date when given", () => {
      expect(after([{ type: "SetProposal", amount: eur(9_500) }])).toMatchObject({
        proposal: { amount: eur(9_500), summary: null, sentOn: null },
      });
      const full = after([
        { type: "SetProposal", amount: eur(9_500), summary: "Phase 1 only", sentOn: date("2026-11-20") },
      ]);
      expect(full).toMatchObject({ proposal: { summary: "Phase 1 only", sentOn: "2026-11-20" } });
    });

    it("refuses a proposal in another currency", () => {
      const r = refused(decide(dealAfter([createDeal()]), { type: "SetProposal", amount: usd(9_500) }));
      expect(r._tag).toBe("CurrencyMismatch");
    });
  });

  describe("stakeholders and contracts", () => {
    const add = (id: string): OpportunityCommand => ({ type: "AddStakeholder", contactId: asId.contact(id) });
    const remove = (id: string): OpportunityCommand => ({
      type: "RemoveStakeholder",
      contactId: asId.contact(id),
    });

    it("adds and removes stakeholders", () => {
      expect(after([add("c-dm"), add("c-champion")])).toMatchObject({
        stakeholderIds: ["c-dm", "c-champion"],
      });
      expect(after([add("c-dm"), add("c-champion"), remove("c-dm")])).toMatchObject({
        stakeholderIds: ["c-champion"],
      });
    });

    it("refuses a stakeholder who is not an active contact of the account", () => {
      const s = dealAfter([createDeal()]);
      expect(refused(decide(s, add("c-stranger")))).toMatchObject({
        _tag: "InvalidInput",
        field: "contactId",
      });
      expect(refused(decide(s, add("c-departed")))._tag).toBe("InvalidInput");
    });

    it("refuses to add a stakeholder twice, or remove one who is not there", () => {
      const s = after([add("c-dm")]);
      expect(refused(decide(s, add("c-dm")))).toMatchObject({ _tag: "InvalidInput" });
      expect(refused(decide(s, remove("c-champion")))).toMatchObject({ _tag: "InvalidInput" });
    });

    it("links a contract of the account, and only once", () => {
      const link: OpportunityCommand = { type: "LinkContract", contractId: CONTRACTS.draft.id };
      const s = after([link]);
      expect(s).toMatchObject({ contractId: "k-draft" });
      expect(refused(decide(s, link))).toMatchObject({ _tag: "InvalidInput", field: "contractId" });
      expect(after([link, { type: "LinkContract", contractId: CONTRACTS.signed.id }])).toMatchObject({
        contractId: "k-signed",
      });
    });

    it("refuses a contract of another account", () => {
      const r = refused(
        decide(dealAfter([createDeal()]), { type: "LinkContract", contractId: asId.contract("k-x") }),
      );
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "contractId" });
    });
  });

  describe("activity", () => {
    const at = (hours: number) => addHours(T0, hours);
    const later = oppCtx({ now: at(48) });

    it("resets the rotting clock with a completed activity", () => {
      const s = after([{ type: "RecordActivity", at: at(24) }], later);
      expect(s).toMatchObject({ lastActivityAt: at(24) });
    });

    it("ignores an activity older than the last one recorded", () => {
      const s = after([{ type: "RecordActivity", at: at(24) }], later);
      expect(accepted(decide(s, { type: "RecordActivity", at: at(12) }, later))).toEqual([]);
      expect(accepted(decide(s, { type: "RecordActivity", at: at(36) }, later))).toHaveLength(1);
    });

    it("refuses an activity that has not happened yet", () => {
      const r = refused(decide(dealAfter([createDeal()]), { type: "RecordActivity", at: at(1) }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "at" });
    });
  });

  describe("stage moves from a board or the command line", () => {
    const p = defaultNewBusinessPipeline();
    const open = deal(dealAfter([createDeal()]));
    const closed = deal(after([lost]));

    it("turns a drop into the command it means", () => {
      expect(stageMoveCommand(open, p, stage("proposal"), "ready")).toEqual({
        type: "MoveStage",
        stageId: "proposal",
        reason: "ready",
      });
      expect(stageMoveCommand(open, p, stage("proposal"))).toEqual({
        type: "MoveStage",
        stageId: "proposal",
      });
      expect(stageMoveCommand(open, p, stage("closed_won"))).toEqual({ type: "CloseAsWon" });
      expect(stageMoveCommand(open, p, stage("closed_lost"), "no budget")).toEqual({
        type: "CloseAsLost",
        lossReason: "no budget",
      });
      expect(stageMoveCommand(open, p, stage("closed_lost"))).toEqual({ type: "CloseAsLost" });
      expect(stageMoveCommand(closed, p, stage("discovery"), "back")).toEqual({
        type: "Reopen",
        stageId: "discovery",
        reason: "back",
      });
      expect(stageMoveCommand(closed, p, stage("demo"))).toEqual({ type: "Reopen", stageId: "demo" });
    });

    it("explains, stage by stage, where a deal may be dropped and why not elsewhere", () => {
      const moves = explainStageMoves(open, oppCtx());
      expect(moves.map((m) => [m.stage.id, m.allowed ? "ok" : m.refusal._tag])).toEqual([
        ["prospecting", "InvalidInput"],
        ["discovery", "ok"],
        ["proposal", "ExitCriteriaNotMet"],
        ["negotiation", "ExitCriteriaNotMet"],
        ["closed_won", "ExitCriteriaNotMet"],
        ["closed_lost", "ReasonRequired"],
      ]);
      expect(explainStageMoves(open, oppCtx(), "no budget").at(-1)?.allowed).toBe(true);
    });

    it("refuses every stage for a deal that does not exist", () => {
      const moves = explainStageMoves({ status: "none" }, oppCtx());
      expect(moves).toHaveLength(6);
      expect(moves.every((m) => !m.allowed && m.refusal._tag === "TransitionNotAllowed")).toBe(true);
    });
  });

  describe("as a machine", () => {
    it("lists the commands allowed in each status", () => {
      expect(commandsFrom(opportunityTable, "none")).toEqual(["CreateOpportunity", "ImportOpportunity"]);
      expect(commandsFrom(opportunityTable, "won")).toEqual(["Reopen"]);
      expect(commandsFrom(opportunityTable, "open")).toHaveLength(17);
    });

    it("prints as a Mermaid diagram", () => {
      const d = toMermaid(opportunityMachine);
      expect(d).toContain("[*] --> open: create");
      expect(d).toContain("open --> won: close as won");
      expect(d).toContain(
        "lost --> open: reopen [aStageOfThePipeline · anOpenStage · stagesYourRoleMayMoveDealsOutOfAndInto ·",
      );
    });

    it("parses user input with defaults, and rejects what cannot be a deal", () => {
      const parsed = OpportunityCommandSchema.parse({
        type: "CreateOpportunity",
        opportunityId: "o9",
        accountId: "a1",
        ownerId: "m1",
        name: " Retainer ",
        opportunityType: "new_business",
        amount: { amount: 100, currency: "EUR" },
        closeDate: "2027-01-31",
      });
      expect(parsed).toMatchObject({ name: "Retainer", needs: [], budget: null, stakeholderIds: [] });
      const negative = { type: "SetBudget", budget: { amount: -1, currency: "EUR" } };
      expect(OpportunityCommandSchema.safeParse(negative).success).toBe(false);
      const tooLikely = { type: "OverrideProbability", probability: 150, reason: "sure" };
      expect(OpportunityCommandSchema.safeParse(tooLikely).success).toBe(false);
    });

    it("replays its events to the same deal", () => {
      const context = oppCtx();
      let state: OpportunityState = opportunityMachine.initial;
      const log: OpportunityEvent[] = [];
      for (const c of [createDeal(), ...QUALIFY, moveTo("negotiation"), won, reopen("proposal")]) {
        const r = run(opportunityMachine, state, c, context);
        if (!r.ok) throw new Error(r.error.message);
        state = r.value.state;
        log.push(...r.value.events);
      }
      expect(replay(opportunityMachine, log)).toEqual(state);
    });

    it("throws on an event that cannot apply: a bug, not a refusal", () => {
      const created = accepted(decide({ status: "none" }, createDeal()));
      const s = replay(opportunityMachine, created);
      expect(() => opportunityMachine.evolve(s, created[0]!)).toThrow(/already exists/);
      expect(() =>
        opportunityMachine.evolve({ status: "none" }, { type: "NeedRecorded", at: T0, need: "x" }),
      ).toThrow(/not open/);
      expect(() =>
        opportunityMachine.evolve(s, {
          type: "OpportunityReopened",
          at: T0,
          stageId: stage("prospecting"),
          reason: "x",
          probability: 10,
          forecastCategory: "pipeline",
        }),
      ).toThrow(/not closed/);
    });

    it("throws when asked about a deal with another pipeline: the caller loaded the wrong one", () => {
      const s = dealAfter([createDeal()]);
      const context: OpportunityContext = oppCtx({ pipeline: defaultRenewalPipeline() });
      expect(() => decide(s, moveTo("discovery"), context)).toThrow(/pipeline/);
    });
  });
});
