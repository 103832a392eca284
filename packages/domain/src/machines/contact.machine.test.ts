import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertReplaysAndRoundTrips } from "../../testing/entity-machines.fixtures.ts";
import { accepted, ctx, refused, T0 } from "../../testing/fixtures.ts";
import { present, stateAfter } from "../../testing/small-machines.fixtures.ts";
import { ContactSchema, hasContactRole } from "../entities/contact.ts";
import { addHours, type Timestamp } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { commandsFrom, run, toMermaid } from "../kernel/machine.ts";
import {
  type ContactCommand,
  ContactCommandSchema,
  ContactEventSchema,
  type ContactState,
  contactMachine,
  contactTable,
} from "./contact.machine.ts";

const add = (overrides: Record<string, unknown> = {}): ContactCommand =>
  ContactCommandSchema.parse({
    type: "AddContact",
    contactId: "c1",
    accountId: "acme",
    name: "Ada Client",
    roles: ["decision_maker"],
    ...overrides,
  });

const left: ContactCommand = { type: "MarkLeft", reason: "moved to a competitor" };

const after = (...commands: ContactCommand[]) => present(stateAfter(contactMachine, ctx(), ...commands));
const decide = (state: ContactState, command: ContactCommand, now: Timestamp = T0) =>
  contactMachine.decide(state, command, ctx({ now }));

describe("contact machine", () => {
  describe("adding", () => {
    it("adds an active contact, never engaged yet, with the details given", () => {
      expect(after(add({ email: "ada@acme.test", sentiment: "supporter" }))).toEqual({
        id: "c1",
        accountId: "acme",
        name: "Ada Client",
        email: "ada@acme.test",
        phone: null,
        title: null,
        roles: ["decision_maker"],
        reportsToId: null,
        sentiment: "supporter",
        status: "active",
        active: true,
        lastEngagedAt: null,
      });
    });

    it("lists each role once", () => {
      expect(after(add({ roles: ["signer", "champion", "signer"] })).roles).toEqual(["signer", "champion"]);
    });

    it("refuses a contact who reports to themselves", () => {
      const r = refused(decide(contactMachine.initial, add({ reportsToId: "c1" })));
      expect(r).toMatchObject({ guard: "notTheirOwnManager", _tag: "InvalidInput", field: "reportsToId" });
    });

    it("refuses to add a contact twice", () => {
      expect(refused(decide(after(add()), add()))._tag).toBe("TransitionNotAllowed");
    });
  });

  describe("editing", () => {
    it("changes the fields given and keeps the others; null clears a field", () => {
      const s = after(
        add({ email: "ada@acme.test", title: "CMO" }),
        ContactCommandSchema.parse({
          type: "UpdateContact",
          email: null,
          reportsToId: "c0",
          sentiment: "neutral",
        }),
      );
      expect(s).toMatchObject({ email: null, title: "CMO", reportsToId: "c0", sentiment: "neutral" });
    });

    it("renames and sets the phone", () => {
      const s = after(add(), { type: "UpdateContact", name: "Ada Lovelace", phone: "+33 1 23 45 67 89" });
      expect(s).toMatchObject({ name: "Ada Lovelace", phone: "+33 1 23 45 67 89" });
    });

    it("refuses an edit that names no change", () => {
      const r = refused(decide(after(add()), { type: "UpdateContact" }));
      expect(r).toMatchObject({ guard: "somethingToChange", _tag: "InvalidInput", field: "changes" });
    });

    it("refuses to make a contact their own manager", () => {
      const r = refused(decide(after(add()), { type: "UpdateContact", reportsToId: asId.contact("c1") }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "reportsToId" });
    });

    it("edits a contact who has left (a new e-mail, a corrected name)", () => {
      expect(after(add(), left, { type: "UpdateContact", title: "Former CMO" }).title).toBe("Former CMO");
    });
  });

  describe("roles", () => {
    it("replaces the roles, each once", () => {
      const s = after(add(), { type: "SetContactRoles", roles: ["billing", "influencer", "billing"] });
      expect(s.roles).toEqual(["billing", "influencer"]);
    });

    it("refuses to change the roles of a contact who has left: they show what the person did", () => {
      const r = refused(decide(after(add(), left), { type: "SetContactRoles", roles: [] }));
      expect(r).toMatchObject({ _tag: "TransitionNotAllowed", from: "inactive" });
    });
  });

  describe("engagement", () => {
    const earlier = addHours(T0, -48);

    it("records when the contact was last engaged", () => {
      expect(after(add(), { type: "RecordEngagement", at: earlier }).lastEngagedAt).toBe(earlier);
    });

    it("never moves the date back: an older or equal engagement records nothing", () => {
      const s = after(add(), { type: "RecordEngagement", at: earlier });
      expect(accepted(decide(s, { type: "RecordEngagement", at: addHours(earlier, -1) }))).toEqual([]);
      expect(accepted(decide(s, { type: "RecordEngagement", at: earlier }))).toEqual([]);
      expect(accepted(decide(s, { type: "RecordEngagement", at: T0 }))).toHaveLength(1);
    });

    it("refuses an engagement that has not happened yet", () => {
      const r = refused(decide(after(add()), { type: "RecordEngagement", at: addHours(T0, 1) }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "at" });
    });

    it("records an engagement with someone who has left", () => {
      expect(after(add(), left, { type: "RecordEngagement", at: T0 }).lastEngagedAt).toBe(T0);
    });
  });

  describe("leaving and rejoining", () => {
    it("marks a departed contact inactive, keeping their roles so a departed sponsor still warns", () => {
      const s = after(add(), left);
      expect(s).toMatchObject({ status: "inactive", active: false, roles: ["decision_maker"] });
      expect(hasContactRole(s, "decision_maker")).toBe(false);
    });

    it("keeps the reason in the event, a blank one as none", () => {
      const s = after(add());
      expect(accepted(decide(s, left))).toEqual([
        { type: "ContactLeft", at: T0, reason: "moved to a competitor" },
      ]);
      expect(accepted(decide(s, { type: "MarkLeft", reason: "  " }))).toEqual([
        { type: "ContactLeft", at: T0, reason: null },
      ]);
      expect(accepted(decide(s, { type: "MarkLeft" }))).toEqual([
        { type: "ContactLeft", at: T0, reason: null },
      ]);
    });

    it("brings a contact back", () => {
      expect(after(add(), left, { type: "Rejoin" })).toMatchObject({ status: "active", active: true });
    });

    it("refuses to mark a departed contact as left again, or to bring back one who never left", () => {
      expect(refused(decide(after(add(), left), left))._tag).toBe("TransitionNotAllowed");
      expect(refused(decide(after(add()), { type: "Rejoin" }))._tag).toBe("TransitionNotAllowed");
    });
  });

  it("refuses every command but adding on a contact that does not exist", () => {
    const r = refused(decide(contactMachine.initial, { type: "Rejoin" }));
    expect(r).toMatchObject({ _tag: "TransitionNotAllowed", from: "none", allowed: ["AddContact"] });
  });

  it("lists the moves of each status and draws them", () => {
    expect(commandsFrom(contactTable, "inactive")).toEqual(["UpdateContact", "RecordEngagement", "Rejoin"]);
    const d = toMermaid(contactMachine);
    expect(d).toContain("[*] --> active: add");
    expect(d).toContain("active --> inactive: mark as left the client");
    expect(d).toContain("inactive --> active: rejoin");
  });

  it("throws on an event that cannot apply: a bug, not a refusal", () => {
    expect(() => contactMachine.evolve(contactMachine.initial, { type: "ContactRejoined", at: T0 })).toThrow(
      /does not exist/,
    );
    const r = run(contactMachine, contactMachine.initial, add(), ctx());
    if (!r.ok) throw new Error(r.error.message);
    expect(() => contactMachine.evolve(r.value.state, r.value.events[0]!)).toThrow(/existing contact/);
  });

  it("replays to the state it decided, and every event survives JSON and its schema", () => {
    const command = fc.oneof(
      fc.constant(add()),
      fc.constant(add({ reportsToId: "c1" })),
      fc.constantFrom<ContactCommand>(
        { type: "UpdateContact", name: "Ada L." },
        ContactCommandSchema.parse({ type: "UpdateContact", email: null, sentiment: "detractor" }),
        ContactCommandSchema.parse({ type: "UpdateContact", reportsToId: "c2", title: "CEO" }),
        { type: "UpdateContact" },
      ),
      fc.constantFrom<ContactCommand>(
        { type: "SetContactRoles", roles: ["champion"] },
        { type: "SetContactRoles", roles: [] },
      ),
      fc
        .integer({ min: -72, max: 24 * 30 })
        .map((h): ContactCommand => ({ type: "RecordEngagement", at: addHours(T0, h) })),
      fc.constantFrom<ContactCommand>(left, { type: "MarkLeft" }),
      fc.constant<ContactCommand>({ type: "Rejoin" }),
    );
    const consistent = ContactSchema.refine(
      (c) => c.active === (c.status === "active"),
      "active mirrors status",
    );
    assertReplaysAndRoundTrips(contactMachine, ContactEventSchema, consistent, command);
  });
});
