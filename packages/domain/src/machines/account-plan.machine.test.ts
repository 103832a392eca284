import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accepted, ctx, refused, T0 } from "../../testing/fixtures.ts";
import { present, replaysToSameState, stateAfter } from "../../testing/small-machines.fixtures.ts";
import { ACCOUNT_PLAN_STATUSES, riskSeverity } from "../entities/account-plan.ts";
import { addHours, date, timestamp } from "../kernel/calendar-date.ts";
import { commandsFrom, run, toMermaid } from "../kernel/machine.ts";
import {
  type AccountPlanCommand,
  AccountPlanCommandSchema,
  AccountPlanEventSchema,
  type AccountPlanState,
  accountPlanGuards,
  accountPlanMachine,
  accountPlanTable,
  planReviewReminder,
} from "./account-plan.machine.ts";

// T0 is 2026-11-26T09:00Z.
const parse = (c: Record<string, unknown>): AccountPlanCommand => AccountPlanCommandSchema.parse(c);
const draft = (over: Record<string, unknown> = {}) =>
  parse({
    type: "DraftPlan",
    planId: "p1",
    accountId: "acme",
    ownerId: "m-alice",
    title: "Acme FY27",
    periodStart: "2026-12-01",
    periodEnd: "2027-11-30",
    ...over,
  });
const objective = (id = "o1", over: Record<string, unknown> = {}) =>
  parse({
    type: "AddObjective",
    objectiveId: id,
    title: `Win ${id}`,
    ownerId: "m-alice",
    dueDate: "2027-03-31",
    ...over,
  });
const risk = (id = "r1") =>
  parse({
    type: "AddRisk",
    riskId: id,
    description: "The CMO leaves",
    likelihood: "medium",
    impact: "high",
    ownerId: "m-alice",
  });
const activate = parse({ type: "Activate", nextReviewOn: "2027-01-15" });
const startReview = parse({ type: "StartReview" });

const after = (...commands: AccountPlanCommand[]) =>
  present(stateAfter(accountPlanMachine, ctx(), ...commands));
const decide = (state: AccountPlanState, c: AccountPlanCommand, now = T0) =>
  accountPlanMachine.decide(state, c, ctx({ now }));

/** A state in each status, reached through the machine. */
const IN: Record<(typeof ACCOUNT_PLAN_STATUSES)[number] | "none", AccountPlanState> = {
  none: accountPlanMachine.initial,
  draft: after(draft(), objective()),
  active: after(draft(), objective(), activate),
  under_review: after(draft(), objective(), activate, startReview),
  archived: after(draft(), parse({ type: "Archive", reason: "merged into the group plan" })),
};

describe("account plan machine", () => {
  it("derives its statuses from the entity's list", () => {
    expect(accountPlanMachine.statuses).toEqual(["none", ...ACCOUNT_PLAN_STATUSES]);
  });

  it("names in each row only guards it has, and decide uses the row's guards", () => {
    for (const row of Object.values(accountPlanTable))
      for (const g of row.guards) expect(Object.keys(accountPlanGuards)).toContain(g);
  });

  describe("the transition table, status by status", () => {
    // Each command a status accepts or refuses, read from the table and checked against decide.
    const commands: Record<AccountPlanCommand["type"], AccountPlanCommand> = {
      DraftPlan: draft(),
      EditPlan: parse({ type: "EditPlan", ambition: "Double the media business" }),
      AddObjective: objective("o9"),
      ChangeObjective: parse({ type: "ChangeObjective", objectiveId: "o1", dueDate: "2027-04-30" }),
      SetObjectiveStatus: parse({ type: "SetObjectiveStatus", objectiveId: "o1", status: "in_progress" }),
      RemoveObjective: parse({ type: "RemoveObjective", objectiveId: "o1" }),
      AddRisk: risk("r9"),
      ResolveRisk: parse({ type: "ResolveRisk", riskId: "r1", resolution: "mitigated" }),
      Activate: activate,
      StartReview: startReview,
      CompleteReview: parse({ type: "CompleteReview", nextReviewOn: "2027-04-15", summary: "On track" }),
      Archive: parse({ type: "Archive", reason: "the account churned" }),
    };
    const expected: Record<string, readonly AccountPlanCommand["type"][]> = {
      none: ["DraftPlan"],
      draft: [
        "EditPlan",
        "AddObjective",
        "ChangeObjective",
        "SetObjectiveStatus",
        "RemoveObjective",
        "AddRisk",
        "ResolveRisk",
        "Activate",
        "Archive",
      ],
      active: [
        "EditPlan",
        "AddObjective",
        "ChangeObjective",
        "SetObjectiveStatus",
        "RemoveObjective",
        "AddRisk",
        "ResolveRisk",
        "StartReview",
        "Archive",
      ],
      under_review: [
        "EditPlan",
        "AddObjective",
        "ChangeObjective",
        "SetObjectiveStatus",
        "RemoveObjective",
        "AddRisk",
        "ResolveRisk",
        "CompleteReview",
        "Archive",
      ],
      archived: [],
    };
    for (const [status, allowed] of Object.entries(expected)) {
      it(`${status}: allows ${allowed.join(", ") || "nothing"}`, () => {
        expect(commandsFrom(accountPlanTable, status as AccountPlanState["status"]).sort()).toEqual(
          [...allowed].sort(),
        );
        for (const [type, c] of Object.entries(commands)) {
          const d = decide(IN[status as keyof typeof IN], c);
          if (!allowed.includes(type as AccountPlanCommand["type"]))
            expect(d.ok ? "accepted" : d.error._tag).toBe("TransitionNotAllowed");
        }
      });
    }

    it("reaches the table's target status with every move a person makes", () => {
      const withRisk = after(draft(), objective(), risk(), activate, startReview);
      for (const [type, row] of Object.entries(accountPlanTable))
        for (const from of row.from) {
          const state =
            from === "none"
              ? IN.none
              : from === "under_review"
                ? withRisk
                : from === "draft"
                  ? after(draft(), objective(), risk())
                  : after(draft(), objective(), risk(), activate);
          const r = run(accountPlanMachine, state, commands[type as AccountPlanCommand["type"]], ctx());
          if (type === "RemoveObjective" && from === "active") {
            expect(r.ok).toBe(false);
            continue;
          }
          if (!r.ok) throw new Error(`${type} from ${from}: ${r.error.message}`);
          expect(row.to).toContain(r.value.state.status);
        }
    });
  });

  describe("drafting", () => {
    it("drafts a plan with its period, ambition and no objectives", () => {
      expect(after(draft({ ambition: "Own their media" }))).toMatchObject({
        id: "p1",
        status: "draft",
        ambition: "Own their media",
        objectives: [],
        risks: [],
        nextReviewOn: null,
        createdAt: T0,
      });
    });

    it("refuses a period that ends before it starts, in words", () => {
      expect(refused(decide(IN.none, draft({ periodEnd: "2026-11-30" }))).message).toBe(
        "The plan's period cannot end (2026-11-30) before it starts (2026-12-01).",
      );
    });

    it("refuses a review date in the past", () => {
      expect(refused(decide(IN.none, draft({ nextReviewOn: "2026-11-25" }))).message).toBe(
        "A review cannot be planned in the past: 25 Nov is before today (26 Nov).",
      );
    });

    it("refuses unknown fields and blank titles at the schema", () => {
      expect(AccountPlanCommandSchema.safeParse({ ...draft(), budget: 1 }).success).toBe(false);
      expect(AccountPlanCommandSchema.safeParse({ ...draft(), title: "  " }).success).toBe(false);
    });
  });

  describe("editing", () => {
    it("records only what changed", () => {
      const [e] = accepted(
        decide(IN.draft, parse({ type: "EditPlan", title: "Acme FY27", ambition: "More" })),
      );
      expect(e).toMatchObject({ type: "PlanEdited", changes: { ambition: "More" } });
      expect(e && "changes" in e && "title" in e.changes).toBe(false);
    });

    it("refuses an edit that changes nothing", () => {
      expect(refused(decide(IN.draft, parse({ type: "EditPlan", title: "Acme FY27" }))).message).toBe(
        "Nothing to change: every field is as it is already.",
      );
    });

    it("refuses to shrink the period past an open objective's due date", () => {
      expect(
        refused(decide(IN.active, parse({ type: "EditPlan", periodEnd: "2027-02-28" }))).message,
      ).toMatch(
        /The new period \(1 Dec to 28 Feb 2027\) would leave open objectives due outside it: "Win o1" \(due 31 Mar 2027\)/,
      );
    });
  });

  describe("objectives", () => {
    it("adds an open objective with its owner and due date", () => {
      expect(IN.draft.status !== "none" && IN.draft.objectives).toEqual([
        { id: "o1", title: "Win o1", ownerId: "m-alice", dueDate: "2027-03-31", status: "open", note: null },
      ]);
    });

    it("refuses a due date outside the plan's period, and a repeated id", () => {
      expect(refused(decide(IN.draft, objective("o2", { dueDate: "2028-01-01" }))).message).toBe(
        "An objective is due within the plan's period (2026-12-01 to 2027-11-30), not on 2028-01-01.",
      );
      expect(refused(decide(IN.draft, objective("o1")))._tag).toBe("AlreadyExists");
    });

    it("changes an objective's owner and due date, refusing an unknown one", () => {
      const s = after(
        draft(),
        objective(),
        activate,
        parse({ type: "ChangeObjective", objectiveId: "o1", ownerId: "m-bob" }),
      );
      expect(s.objectives[0]?.ownerId).toBe("m-bob");
      expect(
        refused(decide(IN.active, parse({ type: "ChangeObjective", objectiveId: "o7", title: "x" }))).message,
      ).toBe("The plan has no objective o7; its objectives are o1.");
    });

    it("moves an objective through its statuses; dropping needs a reason", () => {
      const done = after(
        draft(),
        objective(),
        parse({ type: "SetObjectiveStatus", objectiveId: "o1", status: "done", note: "signed" }),
      );
      expect(done.objectives[0]).toMatchObject({ status: "done", note: "signed" });
      expect(
        refused(decide(IN.draft, parse({ type: "SetObjectiveStatus", objectiveId: "o1", status: "dropped" })))
          ._tag,
      ).toBe("ReasonRequired");
      expect(
        refused(decide(IN.draft, parse({ type: "SetObjectiveStatus", objectiveId: "o1", status: "open" })))
          .message,
      ).toBe('The objective "Win o1" is already open.');
    });

    it("removes an objective from a draft, but an active plan drops it instead", () => {
      expect(
        after(draft(), objective(), parse({ type: "RemoveObjective", objectiveId: "o1" })).objectives,
      ).toEqual([]);
      expect(
        refused(decide(IN.active, parse({ type: "RemoveObjective", objectiveId: "o1" }))).message,
      ).toMatch(/An active plan keeps its objectives on the record: drop "Win o1" with a reason instead/);
    });
  });

  describe("risks", () => {
    it("adds a risk whose severity follows likelihood × impact", () => {
      const p = after(draft(), risk());
      expect(p.risks[0]).toMatchObject({
        likelihood: "medium",
        impact: "high",
        mitigation: "",
        resolution: null,
      });
      expect(riskSeverity(p.risks[0]!)).toBe("high");
      expect(riskSeverity({ likelihood: "low", impact: "low" })).toBe("low");
      expect(riskSeverity({ likelihood: "low", impact: "high" })).toBe("medium");
      expect(riskSeverity({ likelihood: "high", impact: "high" })).toBe("critical");
    });

    it("resolves a risk once, with how", () => {
      const p = after(
        draft(),
        risk(),
        parse({ type: "ResolveRisk", riskId: "r1", resolution: " accepted " }),
      );
      expect(p.risks[0]).toMatchObject({ resolution: "accepted", resolvedAt: T0 });
      expect(
        refused(decide(p, parse({ type: "ResolveRisk", riskId: "r1", resolution: "again" }))).message,
      ).toBe('The risk "The CMO leaves" was already resolved: accepted');
      expect(
        refused(decide(after(draft(), risk()), parse({ type: "ResolveRisk", riskId: "r1", resolution: " " })))
          .message,
      ).toBe("Say how the risk was resolved (mitigated, accepted, gone).");
    });
  });

  describe("activation and review", () => {
    it("activates only with an open objective and a review date", () => {
      expect(refused(decide(after(draft()), activate)).message).toMatch(/at least one open objective/);
      expect(refused(decide(IN.draft, parse({ type: "Activate" }))).message).toBe(
        "Say when the plan will first be reviewed before it goes live.",
      );
      expect(IN.active).toMatchObject({ status: "active", activatedAt: T0, nextReviewOn: "2027-01-15" });
    });

    it("completes a review with a summary and a next review date after today", () => {
      const later = timestamp("2027-01-15T10:00:00.000Z");
      const r = run(
        accountPlanMachine,
        IN.under_review,
        parse({ type: "CompleteReview", nextReviewOn: "2027-04-15", summary: "On track" }),
        ctx({ now: later }),
      );
      expect(r.ok && r.value.state).toMatchObject({
        status: "active",
        nextReviewOn: "2027-04-15",
        lastReviewedOn: "2027-01-15",
        lastReviewSummary: "On track",
      });
      expect(
        refused(
          decide(
            IN.under_review,
            parse({ type: "CompleteReview", nextReviewOn: "2026-11-26", summary: "ok" }),
          ),
        ).message,
      ).toMatch(/The next review must come after today \(26 Nov\)/);
    });

    it("a review settles every overdue objective first", () => {
      const late = timestamp("2027-04-02T09:00:00.000Z");
      const d = decide(
        IN.under_review,
        parse({ type: "CompleteReview", nextReviewOn: "2027-06-01", summary: "ok" }),
        late,
      );
      expect(refused(d).message).toBe(
        'A review settles every overdue objective: mark "Win o1" (due 31 Mar) done, drop it with a reason, or give it a new due date.',
      );
    });

    it("archives with a reason, and nothing moves after", () => {
      expect(refused(decide(IN.active, parse({ type: "Archive", reason: " " })))._tag).toBe("ReasonRequired");
      expect(IN.archived).toMatchObject({ status: "archived", archiveReason: "merged into the group plan" });
    });

    it("draws a diagram from the table", () => {
      expect(toMermaid(accountPlanMachine)).toContain("active --> under_review: start the review");
    });
  });

  describe("review reminders", () => {
    const active = IN.active as Exclude<AccountPlanState, { status: "none" }>;
    it("reminds within 7 days of the review and once it is past, and while a review is under way", () => {
      expect(planReviewReminder(active, date("2027-01-07"))).toBeNull();
      expect(planReviewReminder(active, date("2027-01-08"))).toMatchObject({ daysLeft: 7, overdue: false });
      expect(planReviewReminder(active, date("2027-01-20"))).toMatchObject({ daysLeft: -5, overdue: true });
      expect(planReviewReminder(IN.under_review as typeof active, date("2026-12-01"))).toMatchObject({
        inProgress: true,
      });
      expect(planReviewReminder({ ...active, status: "draft" }, date("2027-01-20"))).toBeNull();
    });
  });

  describe("properties", () => {
    const step = fc.constantFrom<AccountPlanCommand>(
      objective("o2"),
      objective("o3", { dueDate: "2027-06-30" }),
      risk("r2"),
      activate,
      startReview,
      parse({ type: "SetObjectiveStatus", objectiveId: "o2", status: "done" }),
      parse({ type: "SetObjectiveStatus", objectiveId: "o3", status: "dropped", note: "budget cut" }),
      parse({ type: "RemoveObjective", objectiveId: "o3" }),
      parse({ type: "CompleteReview", nextReviewOn: "2027-05-01", summary: "fine" }),
      parse({ type: "ResolveRisk", riskId: "r2", resolution: "gone" }),
      parse({ type: "EditPlan", ambition: "More" }),
      parse({ type: "Archive", reason: "done" }),
    );

    it("replaying the accepted events gives the state reached step by step, and every event parses", () => {
      fc.assert(
        fc.property(fc.array(step, { maxLength: 25 }), (commands) => {
          const steps = [draft(), ...commands].map((c, i) => [c, ctx({ now: addHours(T0, i) })] as const);
          const { stepwise, replayed } = replaysToSameState(accountPlanMachine, steps);
          expect(replayed).toEqual(stepwise);
          let state: AccountPlanState = accountPlanMachine.initial;
          for (const [c, x] of steps) {
            const r = run(accountPlanMachine, state, c, x);
            if (!r.ok) continue;
            for (const e of r.value.events) expect(AccountPlanEventSchema.safeParse(e).success).toBe(true);
            state = r.value.state;
          }
          // An active or reviewed plan always has an open objective or has had one settled: never zero objectives.
          if (stepwise.status === "active") expect(stepwise.objectives.length).toBeGreaterThan(0);
        }),
      );
    });
  });
});
