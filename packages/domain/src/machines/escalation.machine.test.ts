import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  acknowledge,
  arbitraryEscalationSteps,
  close,
  ESCALATION_JOURNEYS,
  escalationCtx as ectx,
  escalate,
  openEscalation as open,
  resolve,
  startWork,
} from "../../testing/escalation.fixtures.ts";
import { accepted, refused, T0 } from "../../testing/fixtures.ts";
import { present, replaysToSameState, runSteps } from "../../testing/small-machines.fixtures.ts";
import type { Escalation } from "../entities/escalation.ts";
import type { Member } from "../entities/member.ts";
import { addHours, type Timestamp } from "../kernel/calendar-date.ts";
import { asId, type MemberId } from "../kernel/ids.ts";
import { run, toMermaid } from "../kernel/machine.ts";
import {
  dueEscalationCommands,
  type EscalationCommand,
  EscalationCommandSchema,
  type EscalationState,
  escalationMachine,
  isSlaBreached,
  slaRemaining,
  supervisorOf,
} from "./escalation.machine.ts";

const HOUR = 3_600_000;
const at = (hours: number): Timestamp => addHours(T0, hours);

type Person = Pick<Member, "id" | "reportsTo" | "active">;
const person = (id: string, reportsTo: string | null, active = true): Person => ({
  id: asId.member(id),
  reportsTo: reportsTo === null ? null : asId.member(reportsTo),
  active,
});
// ae1 → sup1 → dir1 (the top).
const MEMBERS = [person("ae1", "sup1"), person("sup1", "dir1"), person("dir1", null)];

/** The state after one more command, decided at `now`; fails the test on a refusal. */
function next(state: EscalationState, command: EscalationCommand, now: Timestamp): Escalation {
  const r = run(escalationMachine, state, command, ectx(now));
  if (!r.ok) throw new Error(`${command.type}: ${r.error.message}`);
  return present(r.value.state);
}

/** Runs timed commands: each at the given hour after T0. */
function timeline(...steps: (readonly [number, EscalationCommand])[]): Escalation {
  let state: EscalationState = escalationMachine.initial;
  for (const [hour, c] of steps) state = next(state, c, at(hour));
  return present(state);
}
const after = (...commands: EscalationCommand[]) => timeline(...commands.map((c) => [0, c] as const));
const decide = (state: EscalationState, command: EscalationCommand, hour = 0) =>
  escalationMachine.decide(state, command, ectx(at(hour)));

describe("escalation machine", () => {
  describe("opening", () => {
    it.each([
      ["low", 120],
      ["medium", 72],
      ["high", 24],
      ["critical", 4],
    ] as const)("opens a %s escalation due %i hours later", (severity, hours) => {
      expect(after(open(severity))).toMatchObject({
        status: "open",
        severity,
        ownerId: "ae1",
        openedAt: T0,
        slaDueAt: at(hours),
        escalatedTo: [],
        escalatedAt: null,
        reopenCount: 0,
      });
    });

    it("parses an open command, defaulting contract and description", () => {
      const c = EscalationCommandSchema.parse({
        type: "OpenEscalation",
        escalationId: "e1",
        accountId: "acme",
        title: "Site down",
        severity: "critical",
        ownerId: "ae1",
      });
      expect(c).toMatchObject({ contractId: null, description: "" });
    });
  });

  describe("working it", () => {
    it("acknowledges, stamping the time", () => {
      expect(timeline([0, open()], [1, acknowledge])).toMatchObject({
        status: "acknowledged",
        acknowledgedAt: at(1),
      });
    });

    it("starts work once acknowledged", () => {
      expect(after(open(), acknowledge, startWork).status).toBe("in_progress");
    });

    it("resolves with a resolution, stamping the time", () => {
      expect(timeline([0, open()], [0, acknowledge], [0, startWork], [5, resolve])).toMatchObject({
        status: "resolved",
        resolvedAt: at(5),
        resolution: "restarted the cluster",
      });
    });

    it("refuses to resolve without saying how", () => {
      const r = refused(decide(after(open(), acknowledge, startWork), { type: "Resolve", resolution: " " }));
      expect(r).toMatchObject({ guard: "aResolution", _tag: "InvalidInput", field: "resolution" });
    });

    it("closes a resolved escalation", () => {
      expect(timeline([0, open()], [0, acknowledge], [0, startWork], [0, resolve], [9, close])).toMatchObject(
        {
          status: "closed",
          closedAt: at(9),
        },
      );
    });

    it("refuses to skip a step of the chain, naming the next one", () => {
      const r = refused(decide(after(open()), resolve));
      expect(r).toMatchObject({ _tag: "TransitionNotAllowed", from: "open" });
      expect(r.message).toContain(
        "Allowed now: acknowledge, change severity, reassign or escalate to supervisor.",
      );
      expect(refused(decide(after(open()), startWork))._tag).toBe("TransitionNotAllowed");
      expect(refused(decide(after(open()), close))._tag).toBe("TransitionNotAllowed");
    });
  });

  describe("reopening", () => {
    it.each([
      ["resolved", [resolve]],
      ["closed", [resolve, close]],
    ] as const)("reopens a %s escalation as a new cycle with a fresh SLA from now", (_, end) => {
      const s = timeline(
        [0, open("high")],
        [0, acknowledge],
        [0, startWork],
        ...end.map((c) => [2, c] as const),
        [100, { type: "Reopen", reason: "it broke again" }],
      );
      expect(s).toMatchObject({
        status: "open",
        reopenCount: 1,
        openedAt: at(100),
        slaDueAt: at(124),
        acknowledgedAt: null,
        resolvedAt: null,
        closedAt: null,
        resolution: null,
      });
    });

    it("refuses to reopen without a reason", () => {
      const r = refused(
        decide(after(open(), acknowledge, startWork, resolve), { type: "Reopen", reason: "" }),
      );
      expect(r).toMatchObject({
        guard: "aReason",
        _tag: "ReasonRequired",
        message: "Give a reason to reopen the escalation.",
      });
    });
  });

  describe("severity and owner", () => {
    it("recomputes the SLA from the opening when the severity changes", () => {
      const s = timeline(
        [0, open("low")],
        [10, { type: "ChangeSeverity", severity: "critical", reason: "CEO called" }],
      );
      expect(s).toMatchObject({ severity: "critical", slaDueAt: at(4) });
    });

    it("recomputes from the reopening after a reopen", () => {
      const s = timeline(
        [0, open("high")],
        [0, acknowledge],
        [0, startWork],
        [1, resolve],
        [50, { type: "Reopen", reason: "again" }],
        [51, { type: "ChangeSeverity", severity: "medium", reason: "workaround in place" }],
      );
      expect(s.slaDueAt).toBe(at(50 + 72));
    });

    it("refuses a change to the same severity", () => {
      const r = refused(
        decide(after(open("high")), { type: "ChangeSeverity", severity: "high", reason: "x" }),
      );
      expect(r).toMatchObject({ guard: "aDifferentSeverity", _tag: "InvalidInput", field: "severity" });
    });

    it("refuses a change of severity without a reason", () => {
      const r = refused(decide(after(open("high")), { type: "ChangeSeverity", severity: "low", reason: "" }));
      expect(r._tag).toBe("ReasonRequired");
    });

    it("reassigns to another owner", () => {
      expect(after(open(), { type: "Reassign", ownerId: asId.member("ae2") }).ownerId).toBe("ae2");
    });

    it("refuses to reassign to the current owner", () => {
      expect(refused(decide(after(open()), { type: "Reassign", ownerId: asId.member("ae1") }))._tag).toBe(
        "InvalidInput",
      );
    });

    it("refuses to change a resolved escalation's owner", () => {
      const resolved = after(open(), acknowledge, startWork, resolve);
      expect(refused(decide(resolved, { type: "Reassign", ownerId: asId.member("ae2") }))._tag).toBe(
        "TransitionNotAllowed",
      );
    });
  });

  describe("escalating to the supervisor", () => {
    it("is automatic in the table", () => {
      expect(escalationMachine.table.EscalateToSupervisor.automatic).toBe(true);
      expect(toMermaid(escalationMachine)).toContain("open --> open: escalate to the supervisor (automatic)");
    });

    it("makes the supervisor the owner once the SLA is breached, without extending it", () => {
      const s = timeline([0, open("high")], [25, escalate()]);
      expect(s).toMatchObject({
        ownerId: "sup1",
        escalatedTo: ["sup1"],
        escalatedAt: at(25),
        slaDueAt: at(24),
      });
    });

    it("refuses to escalate before the SLA is breached, saying when it will be", () => {
      const r = refused(decide(after(open("high")), escalate(), 24));
      expect(r).toMatchObject({ _tag: "NotYetDue", due: at(24) });
      expect(r.message).toBe(`It is too early to escalate to a supervisor: not before ${at(24)}.`);
    });

    it("refuses to escalate to the current owner", () => {
      expect(refused(decide(after(open("high")), escalate("ae1"), 30))).toMatchObject({
        _tag: "InvalidInput",
        field: "supervisorId",
      });
    });

    it("refuses to escalate a resolved escalation", () => {
      expect(refused(decide(after(open(), acknowledge, startWork, resolve), escalate(), 99))._tag).toBe(
        "TransitionNotAllowed",
      );
    });
  });

  describe("SLA helpers", () => {
    const e = after(open("high"));

    it("counts the SLA breached only after its deadline", () => {
      expect(isSlaBreached(e, at(24))).toBe(false);
      expect(isSlaBreached(e, addHours(at(24), 1 / 3600))).toBe(true);
    });

    it("does not count a resolved escalation as breached", () => {
      expect(isSlaBreached({ ...e, status: "resolved" }, at(99))).toBe(false);
    });

    it("gives the time left, negative once breached", () => {
      expect(slaRemaining(e, at(20))).toBe(4 * HOUR);
      expect(slaRemaining(e, at(30))).toBe(-6 * HOUR);
    });
  });

  describe("supervisorOf", () => {
    const id = (s: string): MemberId => asId.member(s);

    it("follows the reporting line", () => {
      expect(supervisorOf(MEMBERS, id("ae1"))).toBe("sup1");
      expect(supervisorOf(MEMBERS, id("sup1"))).toBe("dir1");
    });

    it("finds nobody above the top, nor for an unknown member", () => {
      expect(supervisorOf(MEMBERS, id("dir1"))).toBeUndefined();
      expect(supervisorOf(MEMBERS, id("ghost"))).toBeUndefined();
    });

    it("passes over an inactive supervisor", () => {
      const members = [person("ae1", "sup1"), person("sup1", "dir1", false), person("dir1", null)];
      expect(supervisorOf(members, id("ae1"))).toBe("dir1");
    });

    it("takes a manager missing from the list at the line's word", () => {
      expect(supervisorOf([person("ae1", "boss")], id("ae1"))).toBe("boss");
    });

    it("gives up on a reporting line that loops", () => {
      const members = [person("a", "b", false), person("b", "a", false)];
      expect(supervisorOf(members, id("a"))).toBeUndefined();
    });
  });

  describe("dueEscalationCommands (the sweep)", () => {
    it("asks nothing while the SLA holds", () => {
      expect(dueEscalationCommands(after(open("high")), at(24), MEMBERS)).toEqual([]);
    });

    it("escalates to the owner's supervisor once the SLA is breached", () => {
      expect(dueEscalationCommands(after(open("high")), at(25), MEMBERS)).toEqual([escalate("sup1")]);
    });

    it("asks nothing when the owner has no supervisor", () => {
      const s = after(open("high"), { type: "Reassign", ownerId: asId.member("dir1") });
      expect(dueEscalationCommands(s, at(25), MEMBERS)).toEqual([]);
    });

    it("asks nothing a second time at the same moment", () => {
      const s = timeline([0, open("high")], [25, escalate("sup1")]);
      expect(dueEscalationCommands(s, at(25), MEMBERS)).toEqual([]);
      expect(dueEscalationCommands(s, at(200), MEMBERS)).toEqual([]);
    });

    it("asks nothing for a resolved escalation", () => {
      expect(dueEscalationCommands(after(open(), acknowledge, startWork, resolve), at(99), MEMBERS)).toEqual(
        [],
      );
    });

    it("escalates again, one level up, when a reopened escalation breaches its fresh SLA", () => {
      const s = timeline(
        [0, open("high")],
        [25, escalate("sup1")],
        [26, acknowledge],
        [26, startWork],
        [27, resolve],
        [30, { type: "Reopen", reason: "again" }],
      );
      expect(dueEscalationCommands(s, at(54), MEMBERS)).toEqual([]);
      expect(dueEscalationCommands(s, at(55), MEMBERS)).toEqual([escalate("dir1")]);
    });

    it("escalates again when a lower severity moves the deadline past the last escalation and it breaches", () => {
      const s = timeline(
        [0, open("critical")],
        [5, escalate("sup1")],
        [6, { type: "ChangeSeverity", severity: "high", reason: "partial workaround" }],
      );
      expect(dueEscalationCommands(s, at(10), MEMBERS)).toEqual([]);
      expect(dueEscalationCommands(s, at(25), MEMBERS)).toEqual([escalate("dir1")]);
    });
  });

  it("throws on an event that cannot apply: a bug, not a refusal", () => {
    expect(() => escalationMachine.evolve(escalationMachine.initial, { type: "Unheard" } as never)).toThrow(
      /Unhandled escalation event/,
    );
    expect(() =>
      escalationMachine.evolve(escalationMachine.initial, { type: "EscalationClosed", at: T0 }),
    ).toThrow(/does not exist/);
    const opened = accepted(decide(escalationMachine.initial, open()))[0]!;
    expect(() => escalationMachine.evolve(after(open()), opened)).toThrow(/existing escalation/);
  });

  it("replaying the accepted events of any command sequence gives the state the decisions reached", () => {
    fc.assert(
      fc.property(arbitraryEscalationSteps, (steps) => {
        const { stepwise, replayed } = replaysToSameState(escalationMachine, steps);
        expect(replayed).toEqual(stepwise);
      }),
      { examples: ESCALATION_JOURNEYS.map((journey) => [journey]) },
    );
  });

  it("a sweep's commands are accepted, and a second sweep at the same moment asks nothing", () => {
    fc.assert(
      fc.property(arbitraryEscalationSteps, fc.integer({ min: 0, max: 400 }), (steps, hours) => {
        const { state } = runSteps(escalationMachine, steps);
        if (state.status === "none") return;
        const now = addHours(steps.at(-1)?.[1].now ?? T0, hours);
        let swept: EscalationState = state;
        for (const c of dueEscalationCommands(state, now, MEMBERS)) swept = next(swept, c, now);
        expect(dueEscalationCommands(present(swept), now, MEMBERS)).toEqual([]);
      }),
    );
  });
});
