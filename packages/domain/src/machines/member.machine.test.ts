import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertReplaysAndRoundTrips } from "../../testing/entity-machines.fixtures.ts";
import { actor, ctx, refused, T0 } from "../../testing/fixtures.ts";
import { present, stateAfter } from "../../testing/small-machines.fixtures.ts";
import { MemberSchema } from "../entities/member.ts";
import { asId } from "../kernel/ids.ts";
import { commandsFrom, run, toMermaid } from "../kernel/machine.ts";
import {
  type MemberCommand,
  MemberCommandSchema,
  MemberEventSchema,
  type MemberState,
  memberMachine,
  memberTable,
} from "./member.machine.ts";

const admin = ctx({ actor: actor("admin", "m-admin") });
/** The member acting on their own record. */
const self = ctx({ actor: actor("admin", "m-ada") });

const add = (overrides: Record<string, unknown> = {}): MemberCommand =>
  MemberCommandSchema.parse({
    type: "AddMember",
    memberId: "m-ada",
    name: "Ada",
    email: "ada@agency.test",
    role: "account_executive",
    reportsTo: "m-sup",
    ...overrides,
  });
const deactivate: MemberCommand = { type: "Deactivate" };

const after = (...commands: MemberCommand[]) => present(stateAfter(memberMachine, admin, ...commands));
const decide = (state: MemberState, command: MemberCommand, context = admin) =>
  memberMachine.decide(state, command, context);

describe("member machine", () => {
  describe("adding", () => {
    it("adds an active member with a role and a manager", () => {
      expect(after(add())).toEqual({
        id: "m-ada",
        name: "Ada",
        email: "ada@agency.test",
        role: "account_executive",
        reportsTo: "m-sup",
        status: "active",
        active: true,
      });
    });

    it("adds a member who reports to no one", () => {
      expect(after(add({ reportsTo: undefined })).reportsTo).toBeNull();
    });

    it("refuses a member who reports to themselves", () => {
      const r = refused(decide(memberMachine.initial, add({ reportsTo: "m-ada" })));
      expect(r).toMatchObject({ guard: "notTheirOwnManager", _tag: "InvalidInput", field: "reportsTo" });
    });

    it("refuses to add the same member twice", () => {
      expect(refused(decide(after(add()), add()))._tag).toBe("TransitionNotAllowed");
    });
  });

  describe("roles", () => {
    it("changes the role", () => {
      expect(after(add(), { type: "ChangeRole", role: "supervisor" }).role).toBe("supervisor");
    });

    it("refuses the role the member already has", () => {
      const r = refused(decide(after(add()), { type: "ChangeRole", role: "account_executive" }));
      expect(r).toMatchObject({ guard: "aDifferentRole", _tag: "InvalidInput", field: "role" });
    });

    it("refuses a change of one's own role: no one promotes or demotes themselves", () => {
      const r = refused(decide(after(add()), { type: "ChangeRole", role: "viewer" }, self));
      expect(r).toMatchObject({
        guard: "notByThemselves",
        _tag: "NotPermitted",
        action: "member.manage",
        role: "admin",
      });
      expect(r.message).toBe("As an admin you may not change your own role: ask another admin to do it.");
    });

    it("refuses a role change for a deactivated member", () => {
      const r = refused(decide(after(add(), deactivate), { type: "ChangeRole", role: "viewer" }));
      expect(r).toMatchObject({ _tag: "TransitionNotAllowed", from: "deactivated" });
    });
  });

  describe("reporting line", () => {
    it("changes the manager, or clears it", () => {
      const boss = asId.member("m-dir");
      expect(after(add(), { type: "ChangeManager", reportsTo: boss }).reportsTo).toBe(boss);
      expect(after(add(), { type: "ChangeManager", reportsTo: null }).reportsTo).toBeNull();
    });

    it("refuses to make a member their own manager", () => {
      const r = refused(decide(after(add()), { type: "ChangeManager", reportsTo: asId.member("m-ada") }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "reportsTo" });
      expect(r.message).toBe("A member cannot report to themselves.");
    });

    it("refuses the manager the member already has", () => {
      const r = refused(decide(after(add()), { type: "ChangeManager", reportsTo: asId.member("m-sup") }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "reportsTo" });
    });
  });

  describe("names", () => {
    it("renames a member, active or not", () => {
      expect(after(add(), { type: "RenameMember", name: "Ada L." }).name).toBe("Ada L.");
      expect(after(add(), deactivate, { type: "RenameMember", name: "Ada L." }).name).toBe("Ada L.");
    });

    it("refuses the name the member already has", () => {
      const r = refused(decide(after(add()), { type: "RenameMember", name: "Ada" }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "name" });
    });
  });

  describe("e-mails", () => {
    it("changes a member's e-mail (a placeholder an import gave them, say)", () => {
      expect(after(add(), { type: "ChangeEmail", email: "ada.park@agency.test" }).email).toBe(
        "ada.park@agency.test",
      );
    });

    it("refuses the e-mail the member already has, whatever its case", () => {
      const current = after(add()).email;
      const r = refused(decide(after(add()), { type: "ChangeEmail", email: current.toUpperCase() }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "email" });
    });
  });

  describe("deactivating", () => {
    it("deactivates a member, who keeps their role and manager", () => {
      expect(after(add(), deactivate)).toMatchObject({
        status: "deactivated",
        active: false,
        role: "account_executive",
        reportsTo: "m-sup",
      });
    });

    it("refuses to let members deactivate themselves", () => {
      const r = refused(decide(after(add()), deactivate, self));
      expect(r.message).toBe("As an admin you may not deactivate yourself: ask another admin to do it.");
    });

    it("reactivates a deactivated member", () => {
      expect(after(add(), deactivate, { type: "Reactivate" })).toMatchObject({
        status: "active",
        active: true,
      });
    });

    it("refuses to deactivate twice or reactivate an active member", () => {
      expect(refused(decide(after(add(), deactivate), deactivate))._tag).toBe("TransitionNotAllowed");
      expect(refused(decide(after(add()), { type: "Reactivate" }))._tag).toBe("TransitionNotAllowed");
    });
  });

  it("refuses every command but adding on a member who does not exist", () => {
    expect(refused(decide(memberMachine.initial, deactivate))).toMatchObject({ allowed: ["AddMember"] });
  });

  it("lists the moves of each status and draws them", () => {
    expect(commandsFrom(memberTable, "deactivated")).toEqual(["RenameMember", "ChangeEmail", "Reactivate"]);
    const d = toMermaid(memberMachine);
    expect(d).toContain("active --> deactivated: deactivate [notByThemselves]");
    expect(d).toContain("deactivated --> active: reactivate");
  });

  it("throws on an event that cannot apply: a bug, not a refusal", () => {
    expect(() => memberMachine.evolve(memberMachine.initial, { type: "MemberDeactivated", at: T0 })).toThrow(
      /does not exist/,
    );
    const r = run(memberMachine, memberMachine.initial, add(), admin);
    if (!r.ok) throw new Error(r.error.message);
    expect(() => memberMachine.evolve(r.value.state, r.value.events[0]!)).toThrow(/existing member/);
  });

  it("replays to the state it decided, and every event survives JSON and its schema", () => {
    const command = fc.oneof(
      fc.constantFrom(add(), add({ reportsTo: null }), add({ reportsTo: "m-ada" })),
      fc
        .constantFrom("viewer", "supervisor", "account_executive")
        .map((role) => MemberCommandSchema.parse({ type: "ChangeRole", role })),
      fc
        .constantFrom(null, "m-sup", "m-dir", "m-ada")
        .map((reportsTo) => MemberCommandSchema.parse({ type: "ChangeManager", reportsTo })),
      fc.constantFrom<MemberCommand>(
        { type: "RenameMember", name: "Ada" },
        { type: "RenameMember", name: "Bo" },
      ),
      fc.constantFrom<MemberCommand>(deactivate, { type: "Reactivate" }),
    );
    const consistent = MemberSchema.refine(
      (m) => m.active === (m.status === "active"),
      "active mirrors status",
    );
    assertReplaysAndRoundTrips(memberMachine, MemberEventSchema, consistent, command, (now) =>
      fc.constantFrom(ctx({ now, actor: admin.actor }), ctx({ now, actor: self.actor })),
    );
  });
});
