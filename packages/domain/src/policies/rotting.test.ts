import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { T0 } from "../../testing/fixtures.ts";
import { activity, at, openDeal, wonDeal } from "../../testing/policies.fixtures.ts";
import type { Pipeline } from "../entities/pipeline.ts";
import { defaultNewBusinessPipeline } from "../entities/settings.ts";
import { addHours } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { rottingStatus, staleDeals } from "./rotting.ts";

// T0 is 2026-11-26T09:00Z; the proposal stage rots after 14 days.
const pipelines: Pipeline[] = [defaultNewBusinessPipeline()];
const deal = asId.opportunity("d");
const enteredDaysAgo = (days: number) => addHours(T0, -24 * days);

describe("rottingStatus", () => {
  it("rots an open deal idle for more than its stage's rotting days", () => {
    const s = rottingStatus(openDeal("d", { stageEnteredAt: enteredDaysAgo(25) }), pipelines, [], T0);
    expect(s).toEqual({
      kind: "stale",
      opportunityId: "d",
      pipelineId: "new_business",
      stageId: "proposal",
      stageLabel: "Proposal",
      idleDays: 25,
      limit: 14,
      since: "2026-11-01T09:00:00.000Z",
      sinceReason: "entered_stage",
    });
  });

  it("does not rot a deal idle for exactly its stage's rotting days", () => {
    expect(rottingStatus(openDeal("d", { stageEnteredAt: enteredDaysAgo(14) }), pipelines, [], T0).kind).toBe(
      "fresh",
    );
    expect(rottingStatus(openDeal("d", { stageEnteredAt: enteredDaysAgo(15) }), pipelines, [], T0).kind).toBe(
      "stale",
    );
  });

  it("restarts the clock at the deal's last completed activity", () => {
    const opp = openDeal("d", { stageEnteredAt: enteredDaysAgo(25), lastActivityAt: enteredDaysAgo(6) });
    expect(rottingStatus(opp, pipelines, [], T0)).toMatchObject({
      kind: "fresh",
      idleDays: 6,
      sinceReason: "completed_activity",
    });
  });

  it("restarts the clock at a done activity the read model has not caught up with", () => {
    const opp = openDeal("d", { stageEnteredAt: enteredDaysAgo(25), lastActivityAt: enteredDaysAgo(20) });
    const done = activity("a1", { opportunityId: deal, at: enteredDaysAgo(3), done: true });
    expect(rottingStatus(opp, pipelines, [done], T0)).toMatchObject({ kind: "fresh", idleDays: 3 });
  });

  it("ignores activities of other deals and done activities dated in the future", () => {
    const opp = openDeal("d", { stageEnteredAt: enteredDaysAgo(25) });
    const other = activity("a1", { opportunityId: asId.opportunity("other"), at: enteredDaysAgo(1) });
    const future = activity("a2", { opportunityId: deal, at: addHours(T0, 24), done: true });
    expect(rottingStatus(opp, pipelines, [other, future], T0).kind).toBe("stale");
  });

  it("does not rot a deal while a planned activity is not yet overdue", () => {
    const opp = openDeal("d", { stageEnteredAt: enteredDaysAgo(25) });
    const later = activity("late", { opportunityId: deal, at: addHours(T0, 72), done: false });
    const sooner = activity("soon", { opportunityId: deal, at: addHours(T0, 24), done: false });
    expect(rottingStatus(opp, pipelines, [later, sooner], T0)).toMatchObject({
      kind: "spared",
      idleDays: 25,
      plannedActivityId: "soon",
      plannedAt: addHours(T0, 24),
    });
  });

  it("counts a planned activity due right now as not yet overdue", () => {
    const opp = openDeal("d", { stageEnteredAt: enteredDaysAgo(25) });
    const now = activity("now", { opportunityId: deal, at: T0, done: false });
    expect(rottingStatus(opp, pipelines, [now], T0).kind).toBe("spared");
  });

  it("does not spare a deal whose only upcoming activity was cancelled", () => {
    const opp = openDeal("d", { stageEnteredAt: enteredDaysAgo(25) });
    const cancelled = activity("x", {
      opportunityId: deal,
      at: addHours(T0, 24),
      done: false,
      status: "cancelled",
    });
    expect(rottingStatus(opp, pipelines, [cancelled], T0).kind).toBe("stale");
  });

  it("does not restart the clock at a cancelled activity", () => {
    const opp = openDeal("d", { stageEnteredAt: enteredDaysAgo(25) });
    const cancelled = activity("x", {
      opportunityId: deal,
      at: enteredDaysAgo(1),
      done: false,
      status: "cancelled",
    });
    expect(rottingStatus(opp, pipelines, [cancelled], T0)).toMatchObject({
      kind: "stale",
      sinceReason: "entered_stage",
    });
  });

  it("rots a deal whose planned activity is overdue", () => {
    const opp = openDeal("d", { stageEnteredAt: enteredDaysAgo(25) });
    const overdue = activity("od", { opportunityId: deal, at: addHours(T0, -1), done: false });
    expect(rottingStatus(opp, pipelines, [overdue], T0).kind).toBe("stale");
  });

  it("does not track a closed deal", () => {
    expect(rottingStatus(wonDeal("d", "2026-01-01T00:00:00.000Z"), pipelines, [], T0)).toEqual({
      kind: "untracked",
      opportunityId: "d",
      reason: "closed",
    });
  });

  it("does not track a deal in a stage without rotting days", () => {
    const [p] = pipelines;
    const relaxed = { ...p!, stages: p!.stages.map((s) => ({ ...s, rottingDays: null })) };
    const opp = openDeal("d", { stageEnteredAt: enteredDaysAgo(400) });
    expect(rottingStatus(opp, [relaxed], [], T0)).toMatchObject({ kind: "untracked", reason: "no_limit" });
  });

  it("does not track a deal in a stage or pipeline it cannot find", () => {
    const lostStage = openDeal("d", { stageId: asId.stage("gone") });
    const lostPipeline = openDeal("d", { pipelineId: asId.pipeline("gone") });
    expect(rottingStatus(lostStage, pipelines, [], T0)).toMatchObject({ reason: "unknown_stage" });
    expect(rottingStatus(lostPipeline, pipelines, [], T0)).toMatchObject({ reason: "unknown_stage" });
  });
});

describe("staleDeals", () => {
  it("lists stale deals most idle first, then by id, and the spared ones apart", () => {
    const opps = [
      openDeal("b", { stageEnteredAt: enteredDaysAgo(20) }),
      openDeal("fresh", { stageEnteredAt: enteredDaysAgo(2) }),
      openDeal("c", { stageEnteredAt: enteredDaysAgo(40) }),
      openDeal("a", { stageEnteredAt: enteredDaysAgo(20) }),
      openDeal("kept", { stageEnteredAt: enteredDaysAgo(50) }),
      wonDeal("won", "2026-01-01T00:00:00.000Z"),
    ];
    const planned = activity("p", {
      opportunityId: asId.opportunity("kept"),
      at: addHours(T0, 2),
      done: false,
    });
    const r = staleDeals(opps, pipelines, [planned], T0);
    expect(r.stale.map((s) => [s.opportunityId, s.idleDays])).toEqual([
      ["c", 40],
      ["a", 20],
      ["b", 20],
    ]);
    expect(r.spared.map((s) => s.opportunityId)).toEqual(["kept"]);
  });

  it("never reports as stale a deal with a planned activity not yet overdue", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.boolean(),
        (idleHours, plannedInHours, hasPlan) => {
          const opp = openDeal("d", { stageEnteredAt: addHours(T0, -idleHours) });
          const plan = activity("p", { opportunityId: deal, at: addHours(T0, plannedInHours), done: false });
          const r = staleDeals([opp], pipelines, hasPlan ? [plan] : [], T0);
          if (hasPlan) expect(r.stale).toEqual([]);
          else expect(r.stale.length).toBe(Math.floor(idleHours / 24) > 14 ? 1 : 0);
        },
      ),
    );
  });

  it("reads since from the stage entry when no activity is later", () => {
    const opp = openDeal("d", {
      stageEnteredAt: at("2026-11-01T09:00:00.000Z"),
      lastActivityAt: at("2026-10-01T09:00:00.000Z"),
    });
    expect(rottingStatus(opp, pipelines, [], T0)).toMatchObject({
      sinceReason: "entered_stage",
      idleDays: 25,
    });
  });
});
