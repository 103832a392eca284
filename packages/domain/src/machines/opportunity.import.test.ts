import { describe, expect, it } from "vitest";
import { accepted, actor, refused, T0 } from "../../testing/fixtures.ts";
import {
  EARLIER,
  importDeal,
  oppCtx,
  stage,
  withRules,
  withStage,
} from "../../testing/opportunity.fixtures.ts";
import { defaultNewBusinessPipeline } from "../entities/settings.ts";
import { addHours, timestamp } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { commandsFrom, replay, run, toMermaid } from "../kernel/machine.ts";
import { COMMAND_ACTIONS } from "../policies/command-actions.ts";
import {
  type OpportunityCommand,
  OpportunityCommandSchema,
  OpportunityEventSchema,
  type OpportunityState,
  opportunityMachine,
  opportunityTable,
} from "./opportunity.machine.ts";

const none: OpportunityState = { status: "none" };
const decide = (command: OpportunityCommand, context = oppCtx()) =>
  opportunityMachine.decide(none, command, context);
const imported = (command: OpportunityCommand, context = oppCtx()) => {
  const r = run(opportunityMachine, none, command, context);
  if (!r.ok) throw new Error(`${r.error._tag}: ${r.error.message}`);
  return r.value.state;
};

describe("importing a deal from another system", () => {
  describe("in an open stage", () => {
    it("lands in that stage without its exit criteria, with one event naming the source", () => {
      const events = accepted(decide(importDeal()));
      expect(events).toEqual([
        expect.objectContaining({
          type: "OpportunityImported",
          status: "open",
          stageId: "negotiation",
          probability: 80,
          probabilityOverride: null,
          forecastCategory: "commit",
          importedFrom: { source: "sf", externalId: "006A" },
          closedAt: null,
          lossReason: null,
        }),
      ]);
      expect(replay(opportunityMachine, events)).toMatchObject({
        status: "open",
        stageId: "negotiation",
        needs: [],
        stakeholderIds: [],
        createdAt: T0,
        stageEnteredAt: T0,
        source: "sf",
        sourceId: "006A",
      });
    });

    it("ignores the pipeline's creation stages: the deal was created elsewhere", () => {
      const strict = withRules(defaultNewBusinessPipeline(), { creationStages: [stage("prospecting")] });
      expect(imported(importDeal(), oppCtx({ pipeline: strict }))).toMatchObject({ stageId: "negotiation" });
    });

    it("keeps the source's probability as an override, with the source as its reason", () => {
      expect(imported(importDeal({ probability: 65 }))).toMatchObject({
        probability: 65,
        probabilityOverride: { probability: 65, reason: "imported from sf" },
      });
      expect(imported(importDeal({ probability: 80 }))).toMatchObject({ probabilityOverride: null });
    });

    it("keeps the moments the source knows", () => {
      const created = timestamp("2026-01-02T00:00:00.000Z");
      expect(imported(importDeal({ createdAt: created, stageEnteredAt: EARLIER }))).toMatchObject({
        createdAt: created,
        stageEnteredAt: EARLIER,
      });
      // Unknown creation: the deal is taken to be as old as its stage.
      expect(imported(importDeal({ stageEnteredAt: EARLIER }))).toMatchObject({ createdAt: EARLIER });
    });

    it("may then move on like any deal", () => {
      const r = run(
        opportunityMachine,
        imported(importDeal()),
        { type: "CloseAsLost", lossReason: "no budget" },
        oppCtx(),
      );
      expect(r.ok && r.value.state.status).toBe("lost");
    });
  });

  describe("won or lost", () => {
    it("lands won at 100 %, closed, when the source says it closed", () => {
      const won = imported(importDeal({ stageId: stage("closed_won"), closedAt: EARLIER }));
      expect(won).toMatchObject({
        status: "won",
        stageId: "closed_won",
        probability: 100,
        forecastCategory: "closed",
        closedAt: EARLIER,
        stageEnteredAt: EARLIER,
        createdAt: EARLIER,
      });
    });

    it("lands lost at 0 %, omitted, with its loss reason", () => {
      const lost = imported(
        importDeal({ stageId: stage("closed_lost"), closedAt: EARLIER, lossReason: " price " }),
      );
      expect(lost).toMatchObject({
        status: "lost",
        probability: 0,
        forecastCategory: "omitted",
        lossReason: "price",
      });
    });

    it("can be reopened, as any closed deal", () => {
      const won = imported(importDeal({ stageId: stage("closed_won"), closedAt: EARLIER }));
      const r = run(
        opportunityMachine,
        won,
        { type: "Reopen", reason: "the client came back" },
        oppCtx({ actor: actor("director") }),
      );
      expect(r.ok && r.value.state).toMatchObject({ status: "open", stageId: "prospecting" });
    });

    it("takes the fact over a pipeline's configured closing probability", () => {
      const odd = withStage(defaultNewBusinessPipeline(), "closed_won", { probability: 90 });
      const won = imported(
        importDeal({ stageId: stage("closed_won"), closedAt: EARLIER }),
        oppCtx({ pipeline: odd }),
      );
      expect(won).toMatchObject({ probability: 100 });
    });
  });

  describe("refuses", () => {
    it("a stage the pipeline does not have", () => {
      expect(refused(decide(importDeal({ stageId: stage("engaging") })))).toMatchObject({
        _tag: "UnknownStage",
        stage: "engaging",
      });
    });

    it("a stage the actor's role may not move deals into", () => {
      const guarded = withStage(defaultNewBusinessPipeline(), "negotiation", { movableBy: ["director"] });
      expect(refused(decide(importDeal(), oppCtx({ pipeline: guarded })))).toMatchObject({
        _tag: "StageRestrictedToRoles",
      });
    });

    it("an owner who is not a member, or has been deactivated", () => {
      expect(refused(decide(importDeal({ ownerId: asId.member("m-stranger") })))).toMatchObject({
        _tag: "InvalidInput",
        field: "ownerId",
        message: "m-stranger is not a member of this workspace.",
      });
      expect(refused(decide(importDeal({ ownerId: asId.member("m-gone") })))).toMatchObject({
        field: "ownerId",
        message: "m-gone has been deactivated and cannot own deals.",
      });
    });

    it("a closed deal without closedAt, and an open one with it", () => {
      expect(refused(decide(importDeal({ stageId: stage("closed_won") })))).toMatchObject({
        field: "closedAt",
        message: "A deal in Closed won is closed: say when it closed.",
      });
      expect(refused(decide(importDeal({ closedAt: EARLIER })))).toMatchObject({
        field: "closedAt",
        message: "A deal in Negotiation is open: it has not closed.",
      });
    });

    it("a loss reason on a deal that is not lost, and a lost deal without one", () => {
      expect(refused(decide(importDeal({ lossReason: "price" })))).toMatchObject({ field: "lossReason" });
      expect(
        refused(decide(importDeal({ stageId: stage("closed_lost"), closedAt: EARLIER, lossReason: "  " }))),
      ).toMatchObject({ _tag: "ReasonRequired" });
    });

    it("a closed deal's probability other than the fact", () => {
      const wonAt = (probability: number) =>
        decide(importDeal({ stageId: stage("closed_won"), closedAt: EARLIER, probability }));
      expect(refused(wonAt(90))).toMatchObject({
        field: "probability",
        message: "A won deal has a probability of 100, not 90.",
      });
      expect(accepted(wonAt(100))).toHaveLength(1);
      const lostAt = decide(
        importDeal({ stageId: stage("closed_lost"), closedAt: EARLIER, lossReason: "x", probability: 5 }),
      );
      expect(refused(lostAt)).toMatchObject({ message: "A lost deal has a probability of 0, not 5." });
    });

    it("a moment still ahead, or out of order", () => {
      const later = addHours(T0, 1);
      expect(refused(decide(importDeal({ stageId: stage("closed_won"), closedAt: later })))).toMatchObject({
        field: "closedAt",
        message: expect.stringContaining("is still ahead"),
      });
      expect(refused(decide(importDeal({ createdAt: later })))).toMatchObject({ field: "createdAt" });
      expect(refused(decide(importDeal({ createdAt: T0, stageEnteredAt: EARLIER })))).toMatchObject({
        field: "stageEnteredAt",
        message: `stageEnteredAt ${EARLIER} comes before createdAt ${T0}.`,
      });
      expect(
        refused(decide(importDeal({ stageId: stage("closed_won"), stageEnteredAt: T0, closedAt: EARLIER }))),
      ).toMatchObject({ field: "closedAt" });
    });

    it("a deal that exists already", () => {
      const r = opportunityMachine.decide(imported(importDeal()), importDeal(), oppCtx());
      expect(refused(r)).toMatchObject({ _tag: "TransitionNotAllowed" });
    });

    it("what the schema cannot read: a blank source, a negative amount", () => {
      const input = { ...importDeal(), importedFrom: { source: " " } };
      expect(OpportunityCommandSchema.safeParse(input).success).toBe(false);
      const negative = { ...importDeal(), amount: { amount: -1, currency: "EUR" } };
      expect(OpportunityCommandSchema.safeParse(negative).success).toBe(false);
      expect(
        OpportunityCommandSchema.parse({ ...importDeal(), importedFrom: { source: "hs" } }),
      ).toMatchObject({
        importedFrom: { source: "hs", externalId: null },
      });
    });
  });

  it("throws when the adapter did not load the members: a bug, not a refusal", () => {
    const { members: _members, ...noMembers } = oppCtx();
    expect(() => decide(importDeal(), noMembers)).toThrow(/members/);
  });

  it("throws on an import applied to a deal that exists", () => {
    const events = accepted(decide(importDeal()));
    expect(() => opportunityMachine.evolve(replay(opportunityMachine, events), events[0]!)).toThrow(
      /already exists/,
    );
    const event = OpportunityEventSchema.parse({ ...events[0], status: "won" });
    expect(() => opportunityMachine.evolve(none, event)).toThrow(/without closedAt/);
    const lost = OpportunityEventSchema.parse({ ...events[0], status: "lost", closedAt: EARLIER });
    expect(() => opportunityMachine.evolve(none, lost)).toThrow(/without a loss reason/);
  });

  it("is a row of the transition table, drawn from none to every status, needing opportunity.import", () => {
    expect(commandsFrom(opportunityTable, "none")).toContain("ImportOpportunity");
    const diagram = toMermaid(opportunityMachine);
    for (const to of ["open", "won", "lost"]) expect(diagram).toContain(`[*] --> ${to}: import [`);
    expect(COMMAND_ACTIONS.opportunity.ImportOpportunity).toBe("opportunity.import");
  });
});
