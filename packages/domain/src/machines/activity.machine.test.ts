import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertReplaysAndRoundTrips } from "../../testing/entity-machines.fixtures.ts";
import { accepted, actor, ctx, refused, T0 } from "../../testing/fixtures.ts";
import { present, stateAfter } from "../../testing/small-machines.fixtures.ts";
import { ActivitySchema } from "../entities/activity.ts";
import { addHours, type Timestamp } from "../kernel/calendar-date.ts";
import { commandsFrom, run, toMermaid } from "../kernel/machine.ts";
import {
  type ActivityCommand,
  ActivityCommandSchema,
  ActivityEventSchema,
  type ActivityState,
  activityMachine,
  activityTable,
} from "./activity.machine.ts";

const PAST = addHours(T0, -3);
const AHEAD = addHours(T0, 48);
const minutes = { summary: "Agreed the Q1 plan", decisions: ["Go"], actionItems: ["Send the deck"] };

const details = (overrides: Record<string, unknown>) => ({
  activityId: "act1",
  accountId: "acme",
  kind: "meeting",
  subject: "QBR",
  contactIds: ["c1", "c2", "c1"],
  ...overrides,
});
const log = (overrides: Record<string, unknown> = {}): ActivityCommand =>
  ActivityCommandSchema.parse({ type: "LogActivity", ...details({ at: PAST, ...overrides }) });
const plan = (overrides: Record<string, unknown> = {}): ActivityCommand =>
  ActivityCommandSchema.parse({ type: "PlanActivity", ...details({ at: AHEAD, ...overrides }) });

const after = (...commands: ActivityCommand[]) => present(stateAfter(activityMachine, ctx(), ...commands));
const decide = (state: ActivityState, command: ActivityCommand, now: Timestamp = T0) =>
  activityMachine.decide(state, command, ctx({ now }));

describe("activity machine", () => {
  describe("logging what happened", () => {
    it("logs a past activity as done, authored by the actor, each contact once", () => {
      expect(after(log({ minutes, direction: null }))).toEqual({
        id: "act1",
        accountId: "acme",
        opportunityId: null,
        contractId: null,
        kind: "meeting",
        subject: "QBR",
        body: null,
        authorId: ctx().actor.memberId,
        contactIds: ["c1", "c2"],
        at: PAST,
        status: "done",
        done: true,
        direction: null,
        minutes,
        visibility: "internal",
      });
    });

    it("logs an activity happening now", () => {
      expect(after(log({ at: T0 })).status).toBe("done");
    });

    it("refuses to log an activity that lies ahead: it is planned", () => {
      const r = refused(decide(activityMachine.initial, log({ at: AHEAD })));
      expect(r).toMatchObject({ guard: "notAhead", _tag: "InvalidInput", field: "at" });
    });

    it("refuses minutes on anything but a meeting", () => {
      const r = refused(decide(activityMachine.initial, log({ kind: "email", minutes })));
      expect(r).toMatchObject({ guard: "onlyMeetingsHaveMinutes", _tag: "InvalidInput", field: "minutes" });
      expect(r.message).toBe("Only a meeting has minutes; this is an email.");
      expect(refused(decide(activityMachine.initial, log({ kind: "call", minutes }))).message).toMatch(
        /a call/,
      );
    });
  });

  describe("planning", () => {
    it("plans a future activity, not done", () => {
      expect(after(plan({ kind: "call", direction: "outbound" }))).toMatchObject({
        status: "planned",
        done: false,
        at: AHEAD,
        direction: "outbound",
      });
    });

    it("refuses to plan an activity that has already taken place (or is taking place now)", () => {
      expect(refused(decide(activityMachine.initial, plan({ at: PAST })))._tag).toBe("InvalidInput");
      expect(refused(decide(activityMachine.initial, plan({ at: T0 })))._tag).toBe("InvalidInput");
    });

    it("refuses minutes before the meeting takes place", () => {
      const r = refused(decide(activityMachine.initial, plan({ minutes })));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "minutes" });
    });
  });

  describe("completing", () => {
    it("completes a planned meeting at its planned moment, with its minutes", () => {
      const s = after(plan());
      const r = run(
        activityMachine,
        s,
        { type: "CompleteActivity", minutes },
        ctx({ now: addHours(AHEAD, 1) }),
      );
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.state).toMatchObject({ status: "done", done: true, at: AHEAD, minutes });
    });

    it("completed ahead of its slot, it took place now: a done activity never lies ahead", () => {
      expect(after(plan(), { type: "CompleteActivity" })).toMatchObject({
        status: "done",
        at: T0,
        minutes: null,
      });
    });

    it("refuses minutes when completing a call", () => {
      const r = refused(decide(after(plan({ kind: "call" })), { type: "CompleteActivity", minutes }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "minutes" });
    });

    it("refuses to complete an activity already done or cancelled", () => {
      expect(refused(decide(after(log()), { type: "CompleteActivity" }))._tag).toBe("TransitionNotAllowed");
      const cancelled = after(plan(), { type: "CancelActivity" });
      expect(refused(decide(cancelled, { type: "CompleteActivity" }))._tag).toBe("TransitionNotAllowed");
    });
  });

  describe("cancelling", () => {
    it("cancels a planned activity, which is then not done", () => {
      expect(after(plan(), { type: "CancelActivity", reason: "client ill" })).toMatchObject({
        status: "cancelled",
        done: false,
      });
    });

    it("keeps the reason in the event, a blank one as none", () => {
      const s = after(plan());
      expect(accepted(decide(s, { type: "CancelActivity", reason: " client ill " }))).toEqual([
        { type: "ActivityCancelled", at: T0, reason: "client ill" },
      ]);
      expect(accepted(decide(s, { type: "CancelActivity", reason: "" }))).toEqual([
        { type: "ActivityCancelled", at: T0, reason: null },
      ]);
    });

    it("refuses to cancel what already took place", () => {
      expect(refused(decide(after(log()), { type: "CancelActivity" }))._tag).toBe("TransitionNotAllowed");
    });
  });

  describe("rescheduling", () => {
    it("moves a planned activity to another future moment", () => {
      const later = addHours(AHEAD, 24);
      expect(after(plan(), { type: "RescheduleActivity", at: later }).at).toBe(later);
    });

    it("refuses to move it into the past", () => {
      const r = refused(decide(after(plan()), { type: "RescheduleActivity", at: PAST }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "at" });
    });

    it("refuses to reschedule an activity that is done", () => {
      const r = refused(decide(after(log()), { type: "RescheduleActivity", at: AHEAD }));
      expect(r).toMatchObject({ _tag: "TransitionNotAllowed", from: "done" });
    });
  });

  describe("editing", () => {
    it("changes the subject and body, keeping the rest", () => {
      const s = after(log({ minutes }), { type: "UpdateActivity", subject: "Q4 QBR", body: "Notes" });
      expect(s).toMatchObject({ subject: "Q4 QBR", body: "Notes", minutes });
    });

    it("adds minutes to a meeting that took place, and clears them", () => {
      expect(after(log(), { type: "UpdateActivity", minutes }).minutes).toEqual(minutes);
      expect(after(log({ minutes }), { type: "UpdateActivity", minutes: null }).minutes).toBeNull();
    });

    it("edits a planned activity's subject", () => {
      expect(after(plan(), { type: "UpdateActivity", subject: "Kick-off" }).subject).toBe("Kick-off");
    });

    it("refuses an edit that names no change", () => {
      const r = refused(decide(after(log()), { type: "UpdateActivity" }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "changes" });
    });

    it("refuses minutes on a call, and on a meeting not yet held", () => {
      expect(
        refused(decide(after(log({ kind: "call" })), { type: "UpdateActivity", minutes })),
      ).toMatchObject({
        field: "minutes",
      });
      expect(refused(decide(after(plan()), { type: "UpdateActivity", minutes })).message).toMatch(
        /complete it first/,
      );
    });

    it("refuses to edit a cancelled activity", () => {
      const cancelled = after(plan(), { type: "CancelActivity" });
      expect(refused(decide(cancelled, { type: "UpdateActivity", subject: "x" }))._tag).toBe(
        "TransitionNotAllowed",
      );
    });
  });

  it("refuses to record an activity twice, and anything else before it exists", () => {
    expect(refused(decide(after(log()), log()))._tag).toBe("TransitionNotAllowed");
    expect(refused(decide(after(plan()), plan()))._tag).toBe("TransitionNotAllowed");
    expect(refused(decide(activityMachine.initial, { type: "CancelActivity" }))).toMatchObject({
      allowed: ["LogActivity", "PlanActivity"],
    });
  });

  it("lists the moves of each status and draws them", () => {
    expect(commandsFrom(activityTable, "done")).toEqual(["UpdateActivity"]);
    const d = toMermaid(activityMachine);
    expect(d).toContain("[*] --> done: log");
    expect(d).toContain("[*] --> planned: plan");
    expect(d).toContain("planned --> cancelled: cancel");
  });

  it("throws on an event that cannot apply: a bug, not a refusal", () => {
    expect(() =>
      activityMachine.evolve(activityMachine.initial, { type: "ActivityCancelled", at: T0, reason: null }),
    ).toThrow(/does not exist/);
    const r = run(activityMachine, activityMachine.initial, log(), ctx());
    if (!r.ok) throw new Error(r.error.message);
    expect(() => activityMachine.evolve(r.value.state, r.value.events[0]!)).toThrow(/existing activity/);
  });

  it("replays to the state it decided, and every event survives JSON and its schema", () => {
    const moment = fc.integer({ min: -72, max: 24 * 20 }).map((h) => addHours(T0, h));
    const command = fc.oneof(
      fc
        .tuple(moment, fc.constantFrom("meeting", "call", "note"), fc.boolean())
        .map(([at, kind, withMinutes]) => log({ at, kind, minutes: withMinutes ? minutes : null })),
      fc.tuple(moment, fc.constantFrom("meeting", "email")).map(([at, kind]) => plan({ at, kind })),
      fc.constantFrom<ActivityCommand>({ type: "CompleteActivity" }, { type: "CompleteActivity", minutes }),
      fc.constantFrom<ActivityCommand>({ type: "CancelActivity" }, { type: "CancelActivity", reason: "ill" }),
      moment.map((at): ActivityCommand => ({ type: "RescheduleActivity", at })),
      fc.constantFrom<ActivityCommand>(
        { type: "UpdateActivity", subject: "Renamed" },
        { type: "UpdateActivity", body: null, minutes: null },
        { type: "UpdateActivity", minutes },
        { type: "UpdateActivity" },
      ),
    );
    assertReplaysAndRoundTrips(activityMachine, ActivityEventSchema, ActivitySchema, command, (now) =>
      fc.constantFrom(ctx({ now }), ctx({ now, actor: actor("assistant") })),
    );
  });
  describe("who may read the note", () => {
    it("is internal when the command does not say", () => {
      expect(after(log({ kind: "note", body: "Their CFO is leaving" })).visibility).toBe("internal");
    });

    it("is for the client when the command marks it so", () => {
      expect(after(log({ kind: "note", visibility: "client" })).visibility).toBe("client");
    });

    it("refuses a visibility that is neither internal nor client", () => {
      expect(
        ActivityCommandSchema.safeParse({
          type: "LogActivity",
          ...details({ at: PAST, visibility: "public" }),
        }).success,
      ).toBe(false);
    });

    it("can be changed by an edit, and only what the edit names changes", () => {
      const note = after(log({ kind: "note", body: "draft" }));
      const events = accepted(
        decide(note, ActivityCommandSchema.parse({ type: "UpdateActivity", visibility: "client" })),
      );
      const next = activityMachine.evolve(note, events[0]!);
      expect(next).toMatchObject({ visibility: "client", body: "draft" });
    });

    it("reads an event recorded before notes had a visibility as internal", () => {
      const old = ActivityEventSchema.parse({
        type: "ActivityLogged",
        at: T0,
        activityId: "act-old",
        accountId: "acme",
        opportunityId: null,
        contractId: null,
        kind: "note",
        subject: "Old note",
        body: "from before",
        authorId: actor().memberId,
        contactIds: [],
        activityAt: PAST,
        direction: null,
        minutes: null,
      });
      const state = activityMachine.evolve(activityMachine.initial, old);
      expect(present(state).visibility).toBe("internal");
    });
  });
});
