import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyse,
  arbitraryBriefSteps,
  BRIEF_JOURNEYS,
  deliver,
  produce,
  receiveBrief as receive,
} from "../../testing/brief.fixtures.ts";
import { accepted, ctx, refused, T0, TODAY } from "../../testing/fixtures.ts";
import { present, replaysToSameState, stateAfter } from "../../testing/small-machines.fixtures.ts";
import { addHours, date, type Timestamp } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { commandsFrom, run, toMermaid } from "../kernel/machine.ts";
import { money } from "../kernel/money.ts";
import {
  type BriefCommand,
  BriefCommandSchema,
  type BriefState,
  briefMachine,
  briefTable,
} from "./brief.machine.ts";

const LATER = addHours(T0, 30);

const approve: BriefCommand = { type: "ApproveBudget", approvedBudget: money(4_500_000, "EUR") };

const after = (...commands: BriefCommand[]) => present(stateAfter(briefMachine, ctx(), ...commands));
const decide = (state: BriefState, command: BriefCommand) => briefMachine.decide(state, command, ctx());
function next(state: BriefState, command: BriefCommand, now: Timestamp = LATER) {
  const r = run(briefMachine, state, command, ctx({ now }));
  if (!r.ok) throw new Error(r.error.message);
  return present(r.value.state);
}

describe("brief machine", () => {
  describe("receiving", () => {
    it("receives a brief with the client's budget", () => {
      expect(after(receive())).toEqual({
        id: "b1",
        accountId: "acme",
        title: "Spring campaign",
        description: "",
        clientBudget: { amount: 5_000_000, currency: "EUR" },
        approvedBudget: null,
        plannerId: null,
        status: "received",
        deadline: null,
        receivedAt: T0,
        deliveredAt: null,
        rejectionReason: null,
        opportunityId: null,
        contractId: null,
      });
    });

    it("refuses a negative client budget", () => {
      expect(
        refused(decide(briefMachine.initial, receive({ clientBudget: money(-1, "EUR") }))),
      ).toMatchObject({
        _tag: "InvalidInput",
        field: "clientBudget",
      });
    });

    it("refuses a deadline in the past, and takes today's", () => {
      const r = refused(decide(briefMachine.initial, receive({ deadline: date("2026-11-25") })));
      expect(r.message).toBe("A deadline cannot be in the past: 25 Nov is before today (26 Nov).");
      expect(after(receive({ deadline: TODAY })).deadline).toBe(TODAY);
    });

    it("parses a receive command, defaulting description, deadline and planner", () => {
      const c = BriefCommandSchema.parse({
        type: "ReceiveBrief",
        briefId: "b1",
        accountId: "acme",
        title: "Spring campaign",
        clientBudget: { amount: 100, currency: "EUR" },
      });
      expect(c).toMatchObject({ description: "", deadline: null, plannerId: null });
    });
  });

  describe("analysis", () => {
    it("starts analysis with the planner named in the command", () => {
      expect(next(after(receive()), analyse)).toMatchObject({ status: "in_analysis", plannerId: "pl1" });
    });

    it("starts analysis with the planner already assigned", () => {
      const s = after(receive({ plannerId: asId.member("pl2") }), { type: "StartAnalysis" });
      expect(s).toMatchObject({ status: "in_analysis", plannerId: "pl2" });
    });

    it("refuses to start analysis without an account planner", () => {
      const r = refused(decide(after(receive()), { type: "StartAnalysis" }));
      expect(r).toMatchObject({
        _tag: "InvalidInput",
        field: "plannerId",
        message: "An account planner must be assigned before the analysis starts.",
      });
    });

    it("assigns a planner", () => {
      expect(next(after(receive()), { type: "AssignPlanner", plannerId: asId.member("pl3") }).plannerId).toBe(
        "pl3",
      );
    });

    it("refuses to assign the planner already assigned", () => {
      const r = refused(
        decide(after(receive(), analyse), { type: "AssignPlanner", plannerId: asId.member("pl1") }),
      );
      expect(r).toMatchObject({ guard: "aDifferentPlanner", _tag: "InvalidInput", field: "plannerId" });
    });
  });

  describe("budget and production", () => {
    it("approves a budget in the client's currency", () => {
      expect(next(after(receive(), analyse), approve)).toMatchObject({
        status: "budget_approved",
        approvedBudget: { amount: 4_500_000, currency: "EUR" },
      });
    });

    it("refuses a budget in another currency", () => {
      const r = refused(
        decide(after(receive(), analyse), { type: "ApproveBudget", approvedBudget: money(1, "USD") }),
      );
      expect(r).toMatchObject({
        guard: "inTheClientBudgetsCurrency",
        _tag: "CurrencyMismatch",
        expected: "EUR",
        actual: "USD",
      });
    });

    it("refuses a budget that is not positive", () => {
      const r = refused(
        decide(after(receive(), analyse), { type: "ApproveBudget", approvedBudget: money(0, "EUR") }),
      );
      expect(r).toMatchObject({
        _tag: "InvalidInput",
        message: "An approved budget must be positive, not 0.00 EUR.",
      });
    });

    it("starts production once the budget is approved", () => {
      expect(after(receive(), analyse, approve, produce).status).toBe("in_production");
    });

    it("delivers, stamping the time, then closes", () => {
      const delivered = next(after(receive(), analyse, approve, produce), deliver);
      expect(delivered).toMatchObject({ status: "delivered", deliveredAt: LATER });
      expect(next(delivered, { type: "Close" }).status).toBe("closed");
    });

    it("refuses to produce before the budget is approved", () => {
      const r = refused(decide(after(receive(), analyse), produce));
      expect(r.message).toBe(
        "A brief that is in analysis cannot start production. Allowed now: assign planner, approve budget, reject, change deadline, link deal or link contract.",
      );
    });
  });

  describe("rejecting", () => {
    it.each([
      ["received", []],
      ["in_analysis", [analyse]],
      ["budget_approved", [analyse, approve]],
    ] as const)("rejects a %s brief with a reason", (_, path) => {
      expect(next(after(receive(), ...path), { type: "Reject", reason: " out of scope " })).toMatchObject({
        status: "rejected",
        rejectionReason: "out of scope",
      });
    });

    it("refuses to reject without a reason", () => {
      expect(refused(decide(after(receive()), { type: "Reject", reason: "" }))._tag).toBe("ReasonRequired");
    });

    it("refuses to reject once in production", () => {
      expect(
        refused(decide(after(receive(), analyse, approve, produce), { type: "Reject", reason: "x" }))._tag,
      ).toBe("TransitionNotAllowed");
    });

    it("allows nothing once rejected or closed", () => {
      expect(commandsFrom(briefTable, "rejected")).toEqual([]);
      expect(commandsFrom(briefTable, "closed")).toEqual([]);
    });
  });

  describe("deadline", () => {
    const dec1 = date("2026-12-01");
    const dec8 = date("2026-12-08");

    it("sets a first deadline without a reason", () => {
      expect(next(after(receive()), { type: "ChangeDeadline", deadline: dec1 }).deadline).toBe(dec1);
    });

    it("refuses to move an agreed deadline without a reason", () => {
      const r = refused(
        decide(after(receive({ deadline: dec1 })), { type: "ChangeDeadline", deadline: dec8, reason: " " }),
      );
      expect(r).toMatchObject({
        _tag: "ReasonRequired",
        message: "Give a reason to move a deadline agreed with the client.",
      });
    });

    it("moves an agreed deadline with a reason", () => {
      const s = after(receive({ deadline: dec1 }), {
        type: "ChangeDeadline",
        deadline: dec8,
        reason: "client asked",
      });
      expect(s.deadline).toBe(dec8);
    });

    it("refuses to move the deadline to the date it already has", () => {
      const r = refused(
        decide(after(receive({ deadline: dec1 })), { type: "ChangeDeadline", deadline: dec1, reason: "x" }),
      );
      expect(r).toMatchObject({ _tag: "InvalidInput", message: "The deadline is already 1 Dec." });
    });

    it("refuses to move the deadline into the past", () => {
      const r = refused(decide(after(receive()), { type: "ChangeDeadline", deadline: date("2026-01-01") }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "deadline" });
    });

    it("refuses to move the deadline once delivered", () => {
      const delivered = after(receive(), analyse, approve, produce, deliver);
      expect(refused(decide(delivered, { type: "ChangeDeadline", deadline: dec1 }))._tag).toBe(
        "TransitionNotAllowed",
      );
    });
  });

  it("prints as a Mermaid diagram", () => {
    const d = toMermaid(briefMachine);
    expect(d).toContain("received --> in_analysis: start analysis [aPlanner]");
    expect(d).toContain("rejected --> [*]");
  });

  it("throws on an event that cannot apply: a bug, not a refusal", () => {
    expect(() => briefMachine.evolve(briefMachine.initial, { type: "Unheard" } as never)).toThrow(
      /Unhandled brief event/,
    );
    expect(() => briefMachine.evolve(briefMachine.initial, { type: "BriefClosed", at: T0 })).toThrow(
      /does not exist/,
    );
    const received = accepted(decide(briefMachine.initial, receive()))[0]!;
    expect(() => briefMachine.evolve(after(receive()), received)).toThrow(/existing brief/);
  });

  it("replaying the accepted events of any command sequence gives the state the decisions reached", () => {
    fc.assert(
      fc.property(arbitraryBriefSteps, (steps) => {
        const { stepwise, replayed } = replaysToSameState(briefMachine, steps);
        expect(replayed).toEqual(stepwise);
      }),
      { examples: BRIEF_JOURNEYS.map((journey) => [journey]) },
    );
  });
});
