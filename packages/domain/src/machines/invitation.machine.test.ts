import { describe, expect, it } from "vitest";
import { accepted, actor, ctx, refused, T0 } from "../../testing/fixtures.ts";
import { type Invitation, InvitationSchema } from "../entities/invitation.ts";
import { timestamp } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { checkGuards, toMermaid } from "../kernel/machine.ts";
import {
  type Addressee,
  afterAcceptance,
  type InvitationCommand,
  InvitationCommandSchema,
  type InvitationContext,
  InvitationEventSchema,
  type InvitationState,
  invitationGuards,
  invitationMachine,
  invitationStatusAt,
  invitationTable,
} from "./invitation.machine.ts";

const HASH = "a".repeat(64);
const DAY = 86_400_000;
const at = (days: number) => timestamp(new Date(Date.parse(T0) + days * DAY).toISOString());

const context = (over: Partial<InvitationContext> = {}): InvitationContext => ({
  ...ctx({ actor: actor("director", "m-dir") }),
  addressee: null,
  userIsMember: false,
  ...over,
});

const send = (over: Record<string, unknown> = {}): InvitationCommand =>
  InvitationCommandSchema.parse({
    type: "SendInvitation",
    invitationId: "inv-1",
    email: "Ivy@Example.test",
    role: "account_executive",
    tokenHash: HASH,
    ...over,
  });
const accept = (over: Record<string, unknown> = {}): InvitationCommand =>
  InvitationCommandSchema.parse({
    type: "AcceptInvitation",
    userId: "u1",
    email: "ivy@example.test",
    name: "Ivy",
    ...over,
  });
const revoke: InvitationCommand = { type: "RevokeInvitation" };

/** Runs commands from nothing, each at its own context; throws on a refusal. */
function after(...steps: [InvitationCommand, InvitationContext?][]): Invitation {
  let state: InvitationState = invitationMachine.initial;
  for (const [command, x = context()] of steps) {
    for (const e of accepted(invitationMachine.decide(state, command, x)))
      state = invitationMachine.evolve(state, e);
  }
  if (state.status === "none") throw new Error("not sent");
  return state;
}

const importedIvy: Addressee = {
  memberId: asId.member("m-ivy"),
  name: "Ivy Imported",
  role: "account_executive",
  signsIn: false,
};

describe("invitation machine", () => {
  describe("sending", () => {
    it("is pending, sent by the acting member, to the lower-cased address, open for 7 days by default", () => {
      const sent = after([send()]);
      expect(sent).toMatchObject({
        status: "pending",
        email: "ivy@example.test",
        invitedBy: "m-dir",
        sentAt: T0,
        expiresAt: at(7),
        acceptedBy: null,
      });
      expect(InvitationSchema.parse(sent)).toEqual(sent);
    });

    it("stays open as many days as asked", () => {
      expect(after([send({ expiresInDays: 30 })]).expiresAt).toBe(at(30));
    });

    it("refuses an address someone signs in with as a member already, naming the guard", () => {
      const r = refused(
        invitationMachine.decide(
          invitationMachine.initial,
          send(),
          context({ addressee: { ...importedIvy, signsIn: true } }),
        ),
      );
      expect(r).toMatchObject({ _tag: "AlreadyMember", guard: "isNotSignedInAsAMember" });
      expect(r.message).toBe("ivy@example.test is a member of this workspace already.");
    });

    it("lets a member nobody signs in as be invited, in the role they have", () => {
      expect(after([send(), context({ addressee: importedIvy })]).status).toBe("pending");
    });

    it("refuses another role for such a member, naming theirs and the guard", () => {
      const r = refused(
        invitationMachine.decide(
          invitationMachine.initial,
          send({ role: "director" }),
          context({ addressee: importedIvy }),
        ),
      );
      expect(r).toMatchObject({ _tag: "AlreadyMember", guard: "isInTheMembersRole" });
      expect(r.message).toContain("(Ivy Imported, as account executive)");
      expect(r.message).toContain("invite them as account executive");
    });

    it("cannot send an invitation twice", () => {
      expect(refused(invitationMachine.decide(after([send()]), send(), context()))._tag).toBe(
        "TransitionNotAllowed",
      );
    });
  });

  describe("accepting", () => {
    it("makes a new member from the user when no member has the address", () => {
      const invitation = after([send()]);
      const [event] = accepted(invitationMachine.decide(invitation, accept(), context({ now: at(1) })));
      expect(event).toMatchObject({ type: "InvitationAccepted", memberId: "user-u1", joins: "new" });
      const done = invitationMachine.evolve(invitation, event!);
      expect(done).toMatchObject({
        status: "accepted",
        acceptedAt: at(1),
        acceptedBy: { userId: "u1", memberId: "user-u1" },
      });
      expect(afterAcceptance(invitation, event as never)).toEqual({
        addMember: {
          type: "AddMember",
          memberId: "user-u1",
          name: "Ivy",
          email: "ivy@example.test",
          role: "account_executive",
          reportsTo: null,
        },
        link: { userId: "u1", memberId: "user-u1" },
      });
    });

    it("makes the user the member nobody signed in as, adding no one", () => {
      const invitation = after([send(), context({ addressee: importedIvy })]);
      const [event] = accepted(
        invitationMachine.decide(
          invitation,
          accept({ email: "IVY@example.test" }),
          context({ addressee: importedIvy }),
        ),
      );
      expect(event).toMatchObject({ memberId: "m-ivy", joins: "existing" });
      expect(afterAcceptance(invitation, event as never)).toEqual({
        addMember: null,
        link: { userId: "u1", memberId: "m-ivy" },
      });
    });

    const cases: [string, () => [InvitationState, InvitationCommand, InvitationContext], string, string][] = [
      [
        "a used invitation",
        () => [after([send()], [accept()]), accept(), context()],
        "InvitationUsed",
        "isOpen",
      ],
      [
        "a withdrawn one",
        () => [after([send()], [revoke]), accept(), context()],
        "InvitationRevoked",
        "isOpen",
      ],
      [
        "an expired one",
        () => [after([send()]), accept(), context({ now: at(7) })],
        "InvitationExpired",
        "isOpen",
      ],
      [
        "someone signed in with another address",
        () => [after([send()]), accept({ email: "mallory@example.test" }), context()],
        "InvitationForAnotherEmail",
        "isForThisAddress",
      ],
      [
        "a user who is a member already",
        () => [after([send()]), accept(), context({ userIsMember: true })],
        "AlreadyMember",
        "isNotSignedInAsAMember",
      ],
    ];
    it.each(cases)("refuses %s, naming the guard that blocked it", (_name, given, tag, guard) => {
      const [state, command, x] = given();
      const r = refused(invitationMachine.decide(state, command, x));
      expect(r).toMatchObject({ _tag: tag, guard });
      // The guard is one the table's row names for that command, or the status check every sent invitation passes.
      expect([...invitationTable[command.type].guards, "isOpen"]).toContain(guard);
    });

    it("says when a used invitation was accepted, and when an expired one ran out", () => {
      expect(
        refused(invitationMachine.decide(after([send()], [accept()]), accept(), context())).message,
      ).toBe(
        `This invitation was already accepted on ${T0.slice(0, 10)}; an invitation admits one person once.`,
      );
      expect(
        refused(invitationMachine.decide(after([send()]), accept(), context({ now: at(8) }))).message,
      ).toBe(
        `This invitation expired on ${at(7).slice(0, 10)}; ask a member of the workspace to invite you again.`,
      );
    });
  });

  describe("revoking", () => {
    it("withdraws a pending invitation", () => {
      expect(after([send()], [revoke, context({ now: at(2) })])).toMatchObject({
        status: "revoked",
        revokedAt: at(2),
      });
    });

    it("refuses to withdraw one that was accepted or withdrawn already", () => {
      expect(refused(invitationMachine.decide(after([send()], [accept()]), revoke, context()))._tag).toBe(
        "InvitationUsed",
      );
      expect(refused(invitationMachine.decide(after([send()], [revoke]), revoke, context()))._tag).toBe(
        "InvitationRevoked",
      );
    });

    it("answers a command for an invitation never sent as a move not allowed", () => {
      expect(refused(invitationMachine.decide(invitationMachine.initial, revoke, context()))._tag).toBe(
        "TransitionNotAllowed",
      );
    });
  });

  describe("status at a moment", () => {
    it("is expired once a pending invitation's time has come, and keeps accepted and revoked as they are", () => {
      const sent = after([send()]);
      expect(invitationStatusAt(sent, at(6.99))).toBe("pending");
      expect(invitationStatusAt(sent, at(7))).toBe("expired");
      expect(invitationStatusAt(after([send()], [accept()]), at(30))).toBe("accepted");
      expect(invitationStatusAt(after([send()], [revoke]), at(30))).toBe("revoked");
    });
  });

  describe("its table", () => {
    it("names only guards the machine has, and draws them in its diagram", () => {
      for (const row of Object.values(invitationTable))
        for (const g of row.guards) expect(Object.keys(invitationGuards)).toContain(g);
      const diagram = toMermaid(invitationMachine);
      expect(diagram).toContain(
        "pending --> accepted: accept [isOpen · isForThisAddress · isNotSignedInAsAMember]",
      );
      expect(diagram).toContain("[*] --> pending: invite [isNotSignedInAsAMember · isInTheMembersRole]");
    });

    it("runs a row's guards in order and stops at the first refusal", () => {
      const state = after([send()]);
      const r = checkGuards(
        invitationGuards,
        ["isForThisAddress", "isNotSignedInAsAMember"],
        state,
        accept({ email: "x@example.test" }),
        context({ userIsMember: true }),
      );
      expect(r?._tag).toBe("InvitationForAnotherEmail");
    });

    it("round-trips every event through its schema", () => {
      const invitation = after([send()]);
      const events = [
        ...accepted(invitationMachine.decide(invitationMachine.initial, send(), context())),
        ...accepted(invitationMachine.decide(invitation, accept(), context())),
        ...accepted(invitationMachine.decide(invitation, revoke, context())),
      ];
      for (const e of events) expect(InvitationEventSchema.parse(JSON.parse(JSON.stringify(e)))).toEqual(e);
    });
  });
});
