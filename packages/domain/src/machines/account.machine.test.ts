import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ACCOUNT_JOURNEYS,
  activate,
  accountCtx as actx,
  arbitraryAccountSteps,
  createAccount as create,
  onboard,
} from "../../testing/account.fixtures.ts";
import { accepted, refused, T0 } from "../../testing/fixtures.ts";
import { present, replaysToSameState, stateAfter } from "../../testing/small-machines.fixtures.ts";
import { addHours, type Timestamp } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { commandsFrom, run, toMermaid } from "../kernel/machine.ts";
import { currency } from "../kernel/money.ts";
import {
  type AccountCommand,
  AccountCommandSchema,
  AccountEventSchema,
  type AccountState,
  accountMachine,
  accountTable,
} from "./account.machine.ts";

const LATER = addHours(T0, 48);

/** The AccountCreated event of the fixture's Acme, as the store would hold it. */
function created(): Record<string, unknown> {
  const d = accepted(accountMachine.decide(accountMachine.initial, create(), actx()));
  return { ...d[0] };
}

const flag: AccountCommand = { type: "FlagAtRisk", reason: "sponsor left" };

const after = (...commands: AccountCommand[]) => present(stateAfter(accountMachine, actx(), ...commands));
const decide = (state: AccountState, command: AccountCommand, context = actx()) =>
  accountMachine.decide(state, command, context);
/** The state after one more command, decided at `now`. */
function next(state: AccountState, command: AccountCommand, now: Timestamp = LATER) {
  const r = run(accountMachine, state, command, actx({ now }));
  if (!r.ok) throw new Error(r.error.message);
  return present(r.value.state);
}

describe("account machine", () => {
  describe("creating", () => {
    it("creates a prospect with its owner, team and details, its status dated now", () => {
      expect(after(create())).toEqual({
        id: "acme",
        name: "Acme",
        status: "prospect",
        ownerId: "ae1",
        team: [{ memberId: "as1", role: "assistant" }],
        parentId: null,
        industry: "Retail",
        website: null,
        employees: 1200,
        annualRevenue: { amount: 250_000_000_00, currency: "EUR" },
        region: "EMEA",
        createdAt: T0,
        statusChangedAt: T0,
        statusReason: null,
      });
    });

    it("refuses a second account of a name the workspace has, unless asked for on purpose", () => {
      const sameName = { id: asId.account("acme-1"), name: "ACME" };
      const r = refused(decide(accountMachine.initial, create(), actx({ sameName })));
      expect(r).toMatchObject({
        guard: "aNameNotTaken",
        _tag: "AlreadyExists",
        entity: "account",
        id: "acme-1",
      });
      expect(r.message).toBe(
        'There is already an account named "ACME" (acme-1). To add another account with the same name, create it with allowDuplicate.',
      );
      const allowed = accountMachine.decide(
        accountMachine.initial,
        create({ allowDuplicate: true }),
        actx({ sameName }),
      );
      expect(accepted(allowed).map((e) => e.type)).toEqual(["AccountCreated"]);
      // The flag is about the command, not the account: it is not recorded.
      expect(accepted(allowed)[0]).not.toHaveProperty("allowDuplicate");
    });

    it("refuses an account that is its own parent", () => {
      const r = refused(decide(accountMachine.initial, create({ parentId: asId.account("acme") })));
      expect(r).toMatchObject({ guard: "notItsOwnParent", _tag: "InvalidInput", field: "parentId" });
    });

    it("refuses a team that names a member twice", () => {
      const team = [
        { memberId: asId.member("as1"), role: "assistant" as const },
        { memberId: asId.member("as1"), role: "account_manager" as const },
      ];
      expect(refused(decide(accountMachine.initial, create({ team })))).toMatchObject({
        _tag: "InvalidInput",
        field: "team",
      });
    });

    it("refuses to create an account twice", () => {
      expect(refused(decide(after(create()), create()))._tag).toBe("TransitionNotAllowed");
    });

    it("parses a minimal create command, defaulting the optional details", () => {
      const c = AccountCommandSchema.parse({
        type: "CreateAccount",
        accountId: "a1",
        name: " Acme ",
        ownerId: "m1",
      });
      expect(c).toEqual({
        type: "CreateAccount",
        accountId: "a1",
        name: "Acme",
        ownerId: "m1",
        parentId: null,
        industry: null,
        website: null,
        employees: null,
        annualRevenue: null,
        region: null,
        team: [],
      });
    });

    it("refuses a negative number of employees or a negative annual revenue, in words", () => {
      const base = { type: "CreateAccount", accountId: "a1", name: "Acme", ownerId: "m1" };
      expect(AccountCommandSchema.safeParse({ ...base, employees: -1 }).success).toBe(false);
      const revenue = { amount: -100, currency: currency("EUR") };
      expect(refused(decide(accountMachine.initial, create({ annualRevenue: revenue })))).toMatchObject({
        field: "annualRevenue",
        message: "An annual revenue cannot be negative.",
      });
      const edit: AccountCommand = { type: "UpdateAccount", annualRevenue: revenue };
      expect(refused(decide(after(create()), edit)).message).toBe("An annual revenue cannot be negative.");
    });

    it("reads an account created before accounts had a size and a region as not knowing them", () => {
      const { employees: _e, annualRevenue: _r, region: _g, ...older } = created();
      const event = AccountEventSchema.parse(older);
      expect(accountMachine.evolve(accountMachine.initial, event)).toMatchObject({
        employees: null,
        annualRevenue: null,
        region: null,
      });
    });

    it("keeps where an imported account came from as its source and source id; one made here has neither", () => {
      const imported = AccountCommandSchema.parse({
        type: "CreateAccount",
        accountId: "a1",
        name: "Acme",
        ownerId: "m1",
        importedFrom: { source: "salesforce", externalId: "001A" },
      });
      expect(after(imported)).toMatchObject({ source: "salesforce", sourceId: "001A" });
      expect(after(create())).not.toHaveProperty("source");
      expect(after(create())).not.toHaveProperty("sourceId");
    });
  });

  describe("editing", () => {
    it("changes the given details, clears those set to null and keeps the rest", () => {
      const s = next(after(create()), {
        type: "UpdateAccount",
        name: "Acme Group",
        industry: null,
        parentId: asId.account("holding"),
      });
      expect(s).toMatchObject({ name: "Acme Group", industry: null, parentId: "holding", website: null });
    });

    it("sets and clears the account's size and region", () => {
      const s = next(after(create()), {
        type: "UpdateAccount",
        employees: 80,
        annualRevenue: null,
        region: "Lyon office",
      });
      expect(s).toMatchObject({
        employees: 80,
        annualRevenue: null,
        region: "Lyon office",
        industry: "Retail",
      });
    });

    it("refuses an edit that changes nothing", () => {
      expect(refused(decide(after(create()), { type: "UpdateAccount" }))).toMatchObject({
        _tag: "InvalidInput",
        field: "changes",
      });
    });

    it("refuses to make an account its own parent", () => {
      const r = refused(decide(after(create()), { type: "UpdateAccount", parentId: asId.account("acme") }));
      expect(r.message).toBe("An account cannot be its own parent.");
    });

    it("edits a churned account too", () => {
      const churned = after(create(), onboard, { type: "MarkChurned", reason: "budget cut" });
      expect(next(churned, { type: "UpdateAccount", website: "acme.example" }).website).toBe("acme.example");
    });
  });

  describe("owner and team", () => {
    it("hands the account to another owner", () => {
      expect(next(after(create()), { type: "ChangeOwner", ownerId: asId.member("ae2") }).ownerId).toBe("ae2");
    });

    it("refuses to hand the account to its current owner", () => {
      const r = refused(decide(after(create()), { type: "ChangeOwner", ownerId: asId.member("ae1") }));
      expect(r).toMatchObject({ _tag: "InvalidInput", message: "ae1 already owns this account." });
    });

    it("adds a member to the team with their role", () => {
      const s = next(after(create()), {
        type: "AddTeamMember",
        memberId: asId.member("am1"),
        role: "account_manager",
      });
      expect(s.team).toEqual([
        { memberId: "as1", role: "assistant" },
        { memberId: "am1", role: "account_manager" },
      ]);
    });

    it("refuses to add a member already on the team", () => {
      const c: AccountCommand = {
        type: "AddTeamMember",
        memberId: asId.member("as1"),
        role: "account_manager",
      };
      expect(refused(decide(after(create()), c))).toMatchObject({ _tag: "InvalidInput", field: "memberId" });
    });

    it("removes a member from the team", () => {
      expect(next(after(create()), { type: "RemoveTeamMember", memberId: asId.member("as1") }).team).toEqual(
        [],
      );
    });

    it("refuses to remove someone who is not on the team", () => {
      const r = refused(decide(after(create()), { type: "RemoveTeamMember", memberId: asId.member("x") }));
      expect(r.message).toBe("x is not on the account team.");
    });
  });

  describe("lifecycle", () => {
    it("starts onboarding a prospect once a contract binds the client", () => {
      expect(next(after(create()), onboard)).toMatchObject({ status: "onboarding", statusChangedAt: LATER });
    });

    it("refuses to onboard a prospect without a signed contract", () => {
      const r = refused(decide(after(create()), onboard, actx({ hasBindingContract: false })));
      expect(r).toMatchObject({
        _tag: "ExitCriteriaNotMet",
        from: "prospect",
        to: "onboarding",
        missing: ["signed_contract"],
      });
      expect(r.message).toBe("Cannot move from prospect to onboarding yet: link a signed contract.");
    });

    it("completes onboarding into an active account", () => {
      expect(next(after(create(), onboard), activate)).toMatchObject({
        status: "active",
        statusChangedAt: LATER,
      });
    });

    it("flags an active account at risk, keeping the reason", () => {
      expect(next(after(create(), onboard, activate), flag)).toMatchObject({
        status: "at_risk",
        statusReason: "sponsor left",
        statusChangedAt: LATER,
      });
    });

    it("refuses to flag an account at risk without a reason", () => {
      const r = refused(decide(after(create(), onboard, activate), { type: "FlagAtRisk", reason: "  " }));
      expect(r).toMatchObject({
        _tag: "ReasonRequired",
        message: "Give a reason to flag the account at risk.",
      });
    });

    it("recovers an account at risk, clearing the reason", () => {
      expect(next(after(create(), onboard, activate, flag), { type: "Recover" })).toMatchObject({
        status: "active",
        statusReason: null,
      });
    });

    it.each([
      ["onboarding", [onboard]],
      ["active", [onboard, activate]],
      ["at_risk", [onboard, activate, flag]],
    ] as const)("marks a %s account churned with its reason", (_, path) => {
      const s = next(after(create(), ...path), { type: "MarkChurned", reason: " chose a rival " });
      expect(s).toMatchObject({ status: "churned", statusReason: "chose a rival", statusChangedAt: LATER });
    });

    it("refuses to mark an account churned without a reason", () => {
      expect(refused(decide(after(create(), onboard), { type: "MarkChurned", reason: "" }))._tag).toBe(
        "ReasonRequired",
      );
    });

    it.each([
      ["active", [onboard, activate]],
      ["at_risk", [onboard, activate, flag]],
    ] as const)("marks a %s account dormant, with or without a reason", (_, path) => {
      expect(next(after(create(), ...path), { type: "MarkDormant" })).toMatchObject({
        status: "dormant",
        statusReason: null,
      });
      expect(
        next(after(create(), ...path), { type: "MarkDormant", reason: "no project this year" }).statusReason,
      ).toBe("no project this year");
    });

    it.each([
      ["churned", { type: "MarkChurned", reason: "lost" }],
      ["dormant", { type: "MarkDormant" }],
    ] as const)("wins back a %s account into onboarding once a new contract is signed", (_, leave) => {
      const s = next(after(create(), onboard, activate, leave), { type: "WinBack" });
      expect(s).toMatchObject({ status: "onboarding", statusReason: null, statusChangedAt: LATER });
    });

    it("refuses a win-back without a signed contract", () => {
      const dormant = after(create(), onboard, activate, { type: "MarkDormant" });
      const r = refused(decide(dormant, { type: "WinBack" }, actx({ hasBindingContract: false })));
      expect(r).toMatchObject({ _tag: "ExitCriteriaNotMet", from: "dormant", missing: ["signed_contract"] });
    });

    it("archives a dead prospect with a reason", () => {
      expect(next(after(create()), { type: "Archive", reason: "no budget" })).toMatchObject({
        status: "archived",
        statusReason: "no budget",
      });
    });

    it("refuses to archive a prospect without a reason", () => {
      expect(refused(decide(after(create()), { type: "Archive", reason: "" }))._tag).toBe("ReasonRequired");
    });

    it("allows nothing once archived", () => {
      const archived = after(create(), { type: "Archive", reason: "no budget" });
      expect(commandsFrom(accountTable, "archived")).toEqual([]);
      expect(refused(decide(archived, { type: "UpdateAccount", name: "X" }))).toMatchObject({
        _tag: "TransitionNotAllowed",
        allowed: [],
      });
    });

    it("refuses moves the table does not allow, naming the allowed ones", () => {
      const r = refused(decide(after(create()), activate));
      expect(r).toMatchObject({
        _tag: "TransitionNotAllowed",
        from: "prospect",
        command: "CompleteOnboarding",
      });
      expect(r.message).toBe(
        "An account that is prospect cannot complete onboarding. Allowed now: update account, change owner, add team member, remove team member, start onboarding or archive.",
      );
      expect(refused(decide(accountMachine.initial, flag))._tag).toBe("TransitionNotAllowed");
      expect(refused(decide(after(create(), onboard, activate), { type: "WinBack" }))._tag).toBe(
        "TransitionNotAllowed",
      );
    });
  });

  it("prints as a Mermaid diagram", () => {
    const d = toMermaid(accountMachine);
    expect(d).toContain("prospect --> onboarding: start onboarding [aSignedContract]");
    expect(d).toContain("churned --> onboarding: win back [aSignedContract]");
    expect(d).toContain("archived --> [*]");
  });

  it("throws on an event that cannot apply: a bug, not a refusal", () => {
    expect(() => accountMachine.evolve(accountMachine.initial, { type: "Unheard" } as never)).toThrow(
      /Unhandled account event/,
    );
    expect(() => accountMachine.evolve(accountMachine.initial, { type: "AccountRecovered", at: T0 })).toThrow(
      /does not exist/,
    );
    const created = accepted(decide(accountMachine.initial, create()))[0]!;
    expect(() => accountMachine.evolve(after(create()), created)).toThrow(/existing account/);
  });

  it("replaying the accepted events of any command sequence gives the state the decisions reached", () => {
    fc.assert(
      fc.property(arbitraryAccountSteps, (steps) => {
        const { stepwise, replayed } = replaysToSameState(accountMachine, steps);
        expect(replayed).toEqual(stepwise);
      }),
      { examples: ACCOUNT_JOURNEYS.map((journey) => [journey]) },
    );
  });
});
