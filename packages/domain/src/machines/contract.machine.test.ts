import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  arbitraryContractSteps,
  CONTRACT_JOURNEYS,
  contractAfter,
  contractCtx,
  createContract,
  eur,
  milestone,
  signedContract,
  tower,
  usd,
} from "../../testing/contract.fixtures.ts";
import { accepted, actor, refused } from "../../testing/fixtures.ts";
import { replaysToSameState } from "../../testing/small-machines.fixtures.ts";
import { defaultWorkspaceSettings } from "../entities/settings.ts";
import { date } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { commandsFrom, explainMoves, toMermaid } from "../kernel/machine.ts";
import type { ContractCommand, ContractState } from "./contract.commands.ts";
import { ContractCommandSchema, contractContext } from "./contract.commands.ts";
import { contractMachine } from "./contract.machine.ts";
import { contractTable } from "./contract.table.ts";

const decide = (state: ContractState, command: ContractCommand, context = contractCtx()) =>
  contractMachine.decide(state, command, context);

const draft = () => contractAfter([createContract()]);
const negotiating = () => contractAfter([createContract(), { type: "StartNegotiation" }]);

describe("contract machine", () => {
  describe("creating", () => {
    it("creates a draft whose end date is the start plus the term less a day", () => {
      expect(draft()).toMatchObject({
        status: "draft",
        startDate: "2027-01-01",
        endDate: "2027-12-31",
        requiredApprovals: [],
        nonRenewalNoticeAt: null,
        createdAt: contractCtx().now,
      });
    });

    it("ends a 12-month term from 2027-03-01 on the leap day", () => {
      expect(contractAfter([createContract({ startDate: date("2027-03-01") })]).endDate).toBe("2028-02-29");
    });

    it("keeps the towers and milestones it is created with, milestones not yet done", () => {
      const c = contractAfter([
        createContract({ towers: [tower("t1")], milestones: [milestone("ms1", eur(5_000))] }),
      ]);
      expect(c.towers.map((t) => t.id)).toEqual(["t1"]);
      expect(c.milestones).toMatchObject([{ id: "ms1", doneOn: null }]);
    });

    it("refuses a term of no length", () => {
      const r = refused(
        decide(contractMachine.initial, createContract({ term: { unit: "months", count: 0 } })),
      );
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "term" });
    });

    it("refuses a renewal term of no length", () => {
      const r = refused(
        decide(contractMachine.initial, createContract({ renewalTerm: { unit: "days", count: 0 } })),
      );
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "renewalTerm" });
    });

    it("refuses a negative value", () => {
      const r = refused(decide(contractMachine.initial, createContract({ value: eur(-1) })));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "value" });
    });

    it("refuses a notice period longer than the term", () => {
      const r = refused(
        decide(
          contractMachine.initial,
          createContract({ term: { unit: "months", count: 2 }, noticePeriod: { unit: "months", count: 3 } }),
        ),
      );
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "noticePeriod" });
      expect(r.message).toMatch(/notice would be due by 30 Nov, before the start/);
    });

    it("refuses towers in another currency", () => {
      const r = refused(
        decide(contractMachine.initial, createContract({ towers: [tower("t1", usd(10_000))] })),
      );
      expect(r).toMatchObject({ _tag: "CurrencyMismatch", expected: "EUR", actual: "USD" });
    });

    it("refuses a milestone amount in another currency", () => {
      const r = refused(
        decide(contractMachine.initial, createContract({ milestones: [milestone("ms1", usd(1))] })),
      );
      expect(r._tag).toBe("CurrencyMismatch");
    });

    it("refuses the same tower twice", () => {
      const r = refused(
        decide(contractMachine.initial, createContract({ towers: [tower("t1"), tower("t1")] })),
      );
      expect(r).toMatchObject({ _tag: "AlreadyExists", entity: "tower", id: "t1" });
    });

    it("refuses the same milestone twice", () => {
      const ms = milestone("ms1");
      const r = refused(decide(contractMachine.initial, createContract({ milestones: [ms, ms] })));
      expect(r).toMatchObject({ _tag: "AlreadyExists", entity: "milestone" });
    });

    it("refuses a negative tower cost", () => {
      const r = refused(
        decide(contractMachine.initial, createContract({ towers: [tower("t1", eur(1), { cost: eur(-1) })] })),
      );
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "cost" });
    });

    it("refuses to create a contract twice", () => {
      expect(refused(decide(draft(), createContract()))._tag).toBe("TransitionNotAllowed");
    });

    it("parses a command from user input, filling the defaults", () => {
      const parsed = ContractCommandSchema.parse({
        type: "CreateContract",
        contractId: "c1",
        accountId: "a1",
        ownerId: "m1",
        title: "Managed services",
        value: { amount: 100, currency: "EUR" },
        startDate: "2027-01-01",
        term: { unit: "months", count: 12 },
        noticePeriod: { unit: "months", count: 3 },
        autoRenewal: true,
      });
      expect(parsed).toMatchObject({ discountPercent: 0, renewalTerm: null, towers: [], milestones: [] });
    });
  });

  describe("updating the terms", () => {
    it("changes the value and discount while negotiating", () => {
      const c = contractAfter(
        [{ type: "UpdateTerms", value: eur(30_000), discountPercent: 5 }],
        negotiating(),
      );
      expect(c).toMatchObject({ value: eur(30_000), discountPercent: 5 });
    });

    it("recomputes the end date when the start or the term moves", () => {
      const c = contractAfter(
        [{ type: "UpdateTerms", startDate: date("2028-02-29"), term: { unit: "months", count: 12 } }],
        draft(),
      );
      expect(c.endDate).toBe("2029-02-28");
    });

    it("records only the terms given", () => {
      const [e] = accepted(decide(draft(), { type: "UpdateTerms", title: "Managed services 2027" }));
      expect(e).toMatchObject({ changes: { title: "Managed services 2027" }, endDate: "2027-12-31" });
    });

    it("refuses an update that changes nothing", () => {
      expect(refused(decide(draft(), { type: "UpdateTerms" }))).toMatchObject({ field: "terms" });
    });

    it("refuses terms that do not fit", () => {
      const r = refused(
        decide(draft(), { type: "UpdateTerms", noticePeriod: { unit: "months", count: 13 } }),
      );
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "noticePeriod" });
    });

    it("refuses a new currency while towers are in the old one", () => {
      const withTower = contractAfter([{ type: "AddTower", tower: tower("t1") }], draft());
      const r = refused(decide(withTower, { type: "UpdateTerms", value: usd(20_000) }));
      expect(r._tag).toBe("CurrencyMismatch");
    });

    it("keeps dates and money read-only once submitted", () => {
      const pending = contractAfter([{ type: "SubmitForApproval" }], draft());
      const r = refused(decide(pending, { type: "UpdateTerms", value: eur(1) }));
      expect(r).toMatchObject({ _tag: "TransitionNotAllowed", from: "pending_approval" });
    });
  });

  describe("ending early", () => {
    it("withdraws an unsigned contract with a reason", () => {
      const c = contractAfter([{ type: "Withdraw", reason: " client chose another agency " }], negotiating());
      expect(c).toMatchObject({
        status: "withdrawn",
        endReason: "client chose another agency",
        endedAt: contractCtx().now,
      });
    });

    it("refuses to withdraw without a reason", () => {
      expect(refused(decide(draft(), { type: "Withdraw", reason: "  " }))._tag).toBe("ReasonRequired");
    });

    it("refuses to withdraw a signed contract: it must be terminated", () => {
      expect(refused(decide(signedContract(), { type: "Withdraw", reason: "x" }))._tag).toBe(
        "TransitionNotAllowed",
      );
    });

    it("terminates a signed contract with a reason", () => {
      const c = contractAfter([{ type: "Terminate", reason: "breach" }], signedContract());
      expect(c).toMatchObject({ status: "terminated", endReason: "breach" });
    });

    it("refuses to terminate without a reason", () => {
      expect(refused(decide(signedContract(), { type: "Terminate", reason: "" }))._tag).toBe(
        "ReasonRequired",
      );
    });

    it("refuses to terminate a draft: it is withdrawn instead", () => {
      expect(refused(decide(draft(), { type: "Terminate", reason: "x" }))).toMatchObject({
        _tag: "TransitionNotAllowed",
        allowed: expect.arrayContaining(["Withdraw"]),
      });
    });

    it("allows nothing once ended", () => {
      const c = contractAfter([{ type: "Terminate", reason: "breach" }], signedContract());
      expect(commandsFrom(contractTable, c.status)).toEqual([]);
    });
  });

  describe("the table", () => {
    it("lists the moves allowed from a draft", () => {
      expect(commandsFrom(contractTable, "draft")).toEqual([
        "UpdateTerms",
        "AddTower",
        "UpdateTower",
        "RemoveTower",
        "ReassignTowerManager",
        "AddMilestone",
        "NameProjectManagers",
        "SetBillingSchedule",
        "StartNegotiation",
        "SubmitForApproval",
        "Withdraw",
      ]);
    });

    it("marks the time-driven moves as automatic", () => {
      const automatic = Object.values(contractTable)
        .filter((row) => "automatic" in row && row.automatic)
        .map((row) => row.command);
      expect(automatic).toEqual([
        "BillRetainerPeriod",
        "Activate",
        "EnterNoticeWindow",
        "ApplyTacitRenewal",
        "Expire",
      ]);
    });

    it("explains which moves are blocked now", () => {
      const moves = explainMoves(
        contractMachine,
        draft(),
        [{ type: "StartNegotiation" }, { type: "Sign" }],
        contractCtx(),
      );
      expect(moves.map((m) => m.allowed)).toEqual([true, false]);
    });

    it("prints as a Mermaid diagram", () => {
      const diagram = toMermaid(contractMachine);
      expect(diagram).toContain("[*] --> draft: create");
      expect(diagram).toContain("expiring --> active: renew tacitly (automatic)");
      expect(diagram).toContain("withdrawn --> [*]");
    });
  });

  it("takes its approval ladder and renewal rules from the workspace settings", () => {
    const settings = defaultWorkspaceSettings("EUR");
    const context = contractContext(settings, { now: contractCtx().now, actor: actor("director") });
    expect(context).toMatchObject({
      approvalAuthority: settings.approvalAuthority,
      renewals: settings.renewals,
    });
  });

  it("throws on an event that cannot apply: a bug, not a refusal", () => {
    const at = contractCtx().now;
    expect(() => contractMachine.evolve(contractMachine.initial, { type: "ContractActivated", at })).toThrow(
      /does not exist/,
    );
    expect(() =>
      contractMachine.evolve(draft(), { type: "TowerRemoved", at, towerId: asId.tower("t9") }),
    ).toThrow(/does not have/);
    expect(() =>
      contractMachine.evolve(draft(), {
        type: "MilestoneCompleted",
        at,
        milestoneId: asId.milestone("x"),
        doneOn: date("2027-01-01"),
      }),
    ).toThrow(/not there/);
  });

  it("replaying the accepted events of any command sequence gives the state the decisions reached", () => {
    fc.assert(
      fc.property(arbitraryContractSteps, (steps) => {
        const { stepwise, replayed } = replaysToSameState(contractMachine, steps);
        expect(replayed).toEqual(stepwise);
      }),
      { examples: CONTRACT_JOURNEYS.map((journey) => [journey]) },
    );
  });
});
