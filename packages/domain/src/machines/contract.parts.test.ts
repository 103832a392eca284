import { describe, expect, it } from "vitest";
import {
  contractAfter,
  contractCtx,
  createContract,
  eur,
  milestone,
  signedContract,
  tower,
  usd,
} from "../../testing/contract.fixtures.ts";
import { refused } from "../../testing/fixtures.ts";
import { date } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import type { ContractCommand, ContractState } from "./contract.commands.ts";
import { contractMachine } from "./contract.machine.ts";

const decide = (state: ContractState, command: ContractCommand, context = contractCtx()) =>
  contractMachine.decide(state, command, context);

const draft = () => contractAfter([createContract()]);
const negotiating = () => contractAfter([createContract(), { type: "StartNegotiation" }]);

describe("contract towers and milestones", () => {
  describe("towers", () => {
    it("adds, updates and removes towers while negotiating", () => {
      const c = contractAfter(
        [
          { type: "AddTower", tower: tower("t1") },
          { type: "AddTower", tower: tower("t2") },
          { type: "UpdateTower", towerId: asId.tower("t1"), name: "Service desk", value: eur(12_000) },
          { type: "RemoveTower", towerId: asId.tower("t2") },
        ],
        negotiating(),
      );
      expect(c.towers).toMatchObject([{ id: "t1", name: "Service desk", value: eur(12_000) }]);
    });

    it("refuses a tower id already used", () => {
      const c = contractAfter([{ type: "AddTower", tower: tower("t1") }], draft());
      expect(refused(decide(c, { type: "AddTower", tower: tower("t1") }))._tag).toBe("AlreadyExists");
    });

    it("refuses a tower in another currency", () => {
      const r = refused(decide(draft(), { type: "AddTower", tower: tower("t1", usd(1)) }));
      expect(r._tag).toBe("CurrencyMismatch");
    });

    it("refuses a tower update in another currency", () => {
      const c = contractAfter([{ type: "AddTower", tower: tower("t1") }], draft());
      const r = refused(decide(c, { type: "UpdateTower", towerId: asId.tower("t1"), cost: usd(1) }));
      expect(r._tag).toBe("CurrencyMismatch");
    });

    it("refuses a tower update that changes nothing", () => {
      const c = contractAfter([{ type: "AddTower", tower: tower("t1") }], draft());
      expect(refused(decide(c, { type: "UpdateTower", towerId: asId.tower("t1") }))._tag).toBe(
        "InvalidInput",
      );
    });

    it("refuses to update or remove a tower the contract does not have", () => {
      const missing = asId.tower("t9");
      expect(refused(decide(draft(), { type: "UpdateTower", towerId: missing, name: "x" }))).toMatchObject({
        field: "towerId",
      });
      expect(refused(decide(draft(), { type: "RemoveTower", towerId: missing }))).toMatchObject({
        field: "towerId",
      });
    });

    it("refuses to add towers once signed", () => {
      expect(refused(decide(signedContract(), { type: "AddTower", tower: tower("t1") }))._tag).toBe(
        "TransitionNotAllowed",
      );
    });

    it("reassigns a tower's account manager in any live status", () => {
      const create = createContract({ towers: [tower("t1", eur(20_000))] });
      const c = contractAfter(
        [{ type: "ReassignTowerManager", towerId: asId.tower("t1"), accountManagerId: asId.member("m-new") }],
        signedContract(create),
      );
      expect(c.towers[0]?.accountManagerId).toBe("m-new");
    });

    it("refuses to reassign a tower the contract does not have", () => {
      const command: ContractCommand = {
        type: "ReassignTowerManager",
        towerId: asId.tower("t9"),
        accountManagerId: asId.member("m-new"),
      };
      expect(refused(decide(draft(), command))).toMatchObject({ _tag: "InvalidInput", field: "towerId" });
    });
  });

  describe("milestones", () => {
    it("adds a billable milestone while the terms are open", () => {
      const c = contractAfter([{ type: "AddMilestone", milestone: milestone("ms1", eur(5_000)) }], draft());
      expect(c.milestones).toMatchObject([{ id: "ms1", amount: eur(5_000), doneOn: null }]);
    });

    it("adds a milestone with no amount after signing", () => {
      const c = contractAfter([{ type: "AddMilestone", milestone: milestone("ms1") }], signedContract());
      expect(c.milestones).toHaveLength(1);
    });

    it("refuses a billable milestone after signing: money is read-only", () => {
      const r = refused(
        decide(signedContract(), { type: "AddMilestone", milestone: milestone("ms1", eur(1)) }),
      );
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "amount" });
    });

    it("refuses a milestone id already used", () => {
      const c = contractAfter([{ type: "AddMilestone", milestone: milestone("ms1") }], draft());
      expect(refused(decide(c, { type: "AddMilestone", milestone: milestone("ms1") }))._tag).toBe(
        "AlreadyExists",
      );
    });

    it("refuses a milestone amount in another currency", () => {
      const r = refused(decide(draft(), { type: "AddMilestone", milestone: milestone("ms1", usd(1)) }));
      expect(r._tag).toBe("CurrencyMismatch");
    });

    it("refuses a negative milestone amount", () => {
      const r = refused(decide(draft(), { type: "AddMilestone", milestone: milestone("ms1", eur(-1)) }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "amount" });
    });

    describe("completing", () => {
      const withMilestone = () =>
        signedContract(createContract({ milestones: [milestone("ms1", eur(5_000))] }));
      const complete = (doneOn: string): ContractCommand => ({
        type: "CompleteMilestone",
        milestoneId: asId.milestone("ms1"),
        doneOn: date(doneOn),
      });

      it("completes a milestone on or before today", () => {
        expect(contractAfter([complete("2026-11-26")], withMilestone()).milestones[0]?.doneOn).toBe(
          "2026-11-26",
        );
      });

      it("refuses a completion dated after today", () => {
        expect(refused(decide(withMilestone(), complete("2026-11-27")))).toMatchObject({ field: "doneOn" });
      });

      it("refuses to complete a milestone twice", () => {
        const done = contractAfter([complete("2026-11-20")], withMilestone());
        expect(refused(decide(done, complete("2026-11-26"))).message).toMatch(/already done on 20 Nov/);
      });

      it("refuses a milestone the contract does not have", () => {
        const r = refused(
          decide(withMilestone(), {
            ...complete("2026-11-26"),
            milestoneId: asId.milestone("ms9"),
          } as ContractCommand),
        );
        expect(r).toMatchObject({ field: "milestoneId" });
      });

      it("refuses to complete a milestone before the contract is signed", () => {
        expect(refused(decide(draft(), complete("2026-11-26")))._tag).toBe("TransitionNotAllowed");
      });
    });
  });
});
