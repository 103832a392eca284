import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ctx, refused, T0 } from "../../testing/fixtures.ts";
import {
  arbitrarySteps,
  present,
  replaysToSameState,
  stateAfter,
} from "../../testing/small-machines.fixtures.ts";
import { TargetCriteriaSchema } from "../entities/target-list.ts";
import { addHours } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { commandsFrom, toMermaid } from "../kernel/machine.ts";
import { currency } from "../kernel/money.ts";
import {
  type TargetListCommand,
  TargetListCommandSchema,
  TargetListEventSchema,
  type TargetListState,
  targetListGuards,
  targetListMachine,
  targetListTable,
} from "./target-list.machine.ts";

const acme = asId.account("acme");
const zeta = asId.account("zeta");
const criteria = TargetCriteriaSchema.parse({ industries: ["Banking"], regions: ["DACH"] });
const create = (overrides: Partial<Extract<TargetListCommand, { type: "CreateTargetList" }>> = {}) =>
  TargetListCommandSchema.parse({
    type: "CreateTargetList",
    targetListId: "dach-banks",
    name: "DACH banks",
    ownerId: "ae1",
    goal: "Two new banking clients by Q3",
    ...overrides,
  });
const add = (...accountIds: string[]): TargetListCommand =>
  TargetListCommandSchema.parse({ type: "AddTargets", accountIds });
const after = (...commands: TargetListCommand[]) =>
  present(stateAfter(targetListMachine, ctx(), ...commands));
const decide = (state: TargetListState, command: TargetListCommand) =>
  targetListMachine.decide(state, command, ctx({ now: addHours(T0, 1) }));

describe("target list machine", () => {
  describe("the table", () => {
    it("allows, from each status, exactly the commands its rows list", () => {
      expect(commandsFrom(targetListTable, "none")).toEqual(["CreateTargetList"]);
      expect(commandsFrom(targetListTable, "draft")).toEqual([
        "UpdateTargetList",
        "ActivateTargetList",
        "AddTargets",
        "RemoveTarget",
        "CloseTargetList",
      ]);
      expect(commandsFrom(targetListTable, "active")).toEqual([
        "UpdateTargetList",
        "AddTargets",
        "RemoveTarget",
        "CloseTargetList",
      ]);
      expect(commandsFrom(targetListTable, "closed")).toEqual([]);
    });

    it("names in its rows only guards the machine has", () => {
      for (const row of Object.values(targetListTable))
        for (const g of row.guards) expect(Object.keys(targetListGuards)).toContain(g);
    });

    it("draws draft → active → closed", () => {
      const diagram = toMermaid(targetListMachine);
      expect(diagram).toContain("draft --> active: activate [hasTargetsOrCriteria]");
      expect(diagram).toContain("active --> closed: close [hasAReason]");
    });
  });

  describe("creating and editing", () => {
    it("creates a draft with its owner, goal and criteria and no members", () => {
      expect(after(create({ criteria }))).toMatchObject({
        id: "dach-banks",
        status: "draft",
        ownerId: "ae1",
        goal: "Two new banking clients by Q3",
        criteria: { industries: ["Banking"], regions: ["DACH"], employees: null, tags: [] },
        members: [],
        closeReason: null,
      });
    });

    it("refuses criteria whose range starts above its end, or spans two currencies (hasSensibleCriteria)", () => {
      const upside = TargetCriteriaSchema.parse({ employees: { min: 500, max: 50 } });
      expect(refused(decide(targetListMachine.initial, create({ criteria: upside })))).toMatchObject({
        field: "criteria",
        message: "The employee range starts at 500, above its end at 50.",
      });
      const mixed = TargetCriteriaSchema.parse({
        annualRevenue: {
          min: { amount: 1, currency: currency("EUR") },
          max: { amount: 9, currency: currency("USD") },
        },
      });
      expect(refused(decide(after(create()), { type: "UpdateTargetList", criteria: mixed })).message).toMatch(
        /one currency/,
      );
    });

    it("refuses an edit that changes nothing (hasAChange)", () => {
      expect(refused(decide(after(create()), { type: "UpdateTargetList" }))).toMatchObject({
        field: "changes",
      });
    });

    it("refuses unknown fields in a command, in words", () => {
      expect(TargetListCommandSchema.safeParse({ type: "ActivateTargetList", soon: true }).success).toBe(
        false,
      );
    });
  });

  describe("members", () => {
    it("adds accounts with when, who and how; takes one off with the reason and keeps its row", () => {
      const s = after(create(), add("acme", "zeta"), {
        type: "RemoveTarget",
        accountId: zeta,
        reason: " not a bank ",
      });
      expect(s.members).toEqual([
        {
          accountId: "acme",
          addedAt: T0,
          addedBy: "m-account_executive",
          source: "hand",
          removedAt: null,
          removalReason: null,
        },
        {
          accountId: "zeta",
          addedAt: T0,
          addedBy: "m-account_executive",
          source: "hand",
          removedAt: T0,
          removalReason: "not a bank",
        },
      ]);
    });

    it("records accounts added by criteria or import as such", () => {
      const s = after(
        create(),
        TargetListCommandSchema.parse({ type: "AddTargets", accountIds: ["acme"], source: "import" }),
      );
      expect(s.members[0]?.source).toBe("import");
    });

    it("refuses an account already on the list, or named twice, naming it (isNotOnTheList)", () => {
      expect(refused(decide(after(create(), add("acme")), add("zeta", "acme"))).message).toBe(
        "acme is on the list already.",
      );
      expect(refused(decide(after(create()), add("acme", "acme"))).message).toBe(
        "acme named more than once.",
      );
    });

    it("takes back an account that was taken off", () => {
      const s = after(
        create(),
        add("acme"),
        { type: "RemoveTarget", accountId: acme, reason: "later" },
        add("acme"),
      );
      expect(s.members.filter((m) => m.removedAt === null)).toHaveLength(1);
    });

    it("refuses to take off an account not on the list, or without a reason", () => {
      expect(
        refused(decide(after(create()), { type: "RemoveTarget", accountId: acme, reason: "x" })),
      ).toMatchObject({
        field: "accountId",
      });
      expect(
        refused(decide(after(create(), add("acme")), { type: "RemoveTarget", accountId: acme, reason: " " }))
          ._tag,
      ).toBe("ReasonRequired");
    });
  });

  describe("life cycle", () => {
    it("activates a list with members or criteria, not an empty one (hasTargetsOrCriteria)", () => {
      expect(after(create(), add("acme"), { type: "ActivateTargetList" }).status).toBe("active");
      expect(after(create({ criteria }), { type: "ActivateTargetList" }).status).toBe("active");
      expect(refused(decide(after(create()), { type: "ActivateTargetList" }))).toMatchObject({
        field: "members",
      });
    });

    it("closes with a reason, and a closed list takes nothing more", () => {
      const closed = after(create(), { type: "CloseTargetList", reason: "quarter over" });
      expect(closed).toMatchObject({ status: "closed", closeReason: "quarter over" });
      expect(refused(decide(closed, add("acme")))._tag).toBe("TransitionNotAllowed");
      expect(refused(decide(after(create()), { type: "CloseTargetList", reason: "" }))._tag).toBe(
        "ReasonRequired",
      );
    });
  });

  describe("properties", () => {
    const account = fc.constantFrom("acme", "zeta", "omega");
    const command: fc.Arbitrary<TargetListCommand> = fc.oneof(
      fc.constant(create()),
      fc.constant(create({ criteria })),
      fc.uniqueArray(account, { minLength: 1, maxLength: 3 }).map((ids) => add(...ids)),
      account.map(
        (a): TargetListCommand => ({ type: "RemoveTarget", accountId: asId.account(a), reason: "no" }),
      ),
      fc.constantFrom<TargetListCommand>(
        { type: "ActivateTargetList" },
        { type: "CloseTargetList", reason: "done" },
        { type: "UpdateTargetList", goal: "more" },
      ),
    );
    const steps = arbitrarySteps(command, (now) => fc.constant(ctx({ now })));

    it("replaying the accepted events gives the state reached step by step", () => {
      fc.assert(
        fc.property(steps, (s) => {
          const { stepwise, replayed } = replaysToSameState(targetListMachine, s);
          expect(replayed).toEqual(stepwise);
        }),
      );
    });

    it("every event it emits parses with its event schema; an account is never on the list twice", () => {
      fc.assert(
        fc.property(steps, (s) => {
          let state: TargetListState = targetListMachine.initial;
          for (const [c, x] of s) {
            const d = targetListMachine.decide(state, c, x);
            if (!d.ok) continue;
            for (const e of d.value) {
              expect(TargetListEventSchema.safeParse(e).success).toBe(true);
              state = targetListMachine.evolve(state, e);
            }
          }
          if (state.status === "none") return;
          const current = state.members.filter((m) => m.removedAt === null).map((m) => m.accountId);
          expect(new Set(current).size).toBe(current.length);
        }),
      );
    });
  });
});
