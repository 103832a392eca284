import { describe, expect, it } from "vitest";
import {
  contractAfter,
  contractCtx,
  createContract,
  on,
  signedContract,
} from "../../testing/contract.fixtures.ts";
import { accepted, refused } from "../../testing/fixtures.ts";
import type { Contract } from "../entities/contract.ts";
import { asId } from "../kernel/ids.ts";
import type { ContractCommand } from "./contract.commands.ts";
import { contractMachine } from "./contract.machine.ts";

// c1 runs 2027-01-01 to 2027-12-31 with 3 months' notice: the notice deadline is 2027-09-30, the 120-day
// notice window opens on 2027-06-02, and a tacit renewal would run 2028-01-01 to 2028-12-31.

const at = (day: string) => contractCtx({ now: on(day) });
const decide = (state: Contract, command: ContractCommand, day: string) =>
  contractMachine.decide(state, command, at(day));
const step = (command: ContractCommand, day: string) => [command, at(day)] as const;

const active = (create?: ContractCommand) =>
  contractAfter([step({ type: "Activate" }, "2027-01-01")], signedContract(create));
const expiring = (create?: ContractCommand) =>
  contractAfter([step({ type: "EnterNoticeWindow" }, "2027-06-02")], active(create));
const noticed = () =>
  contractAfter([step({ type: "GiveNotice", reason: "moving in-house" }, "2027-09-30")], expiring());

describe("contract renewal", () => {
  describe("activating (automatic)", () => {
    it("activates a signed contract on its start date", () => {
      expect(active().status).toBe("active");
    });

    it("refuses before the start date, saying when", () => {
      const r = refused(decide(signedContract(), { type: "Activate" }, "2026-12-31"));
      expect(r).toMatchObject({ _tag: "NotYetDue", due: "2027-01-01" });
      expect(r.message).toBe("It is too early to activate the contract: not before 2027-01-01.");
    });
  });

  describe("entering the notice window (automatic)", () => {
    it("moves to expiring when the window opens, recording the deadline", () => {
      const [e] = accepted(decide(active(), { type: "EnterNoticeWindow" }, "2027-06-02"));
      expect(e).toMatchObject({ type: "ContractEnteredNoticeWindow", noticeDeadline: "2027-09-30" });
      expect(expiring().status).toBe("expiring");
    });

    it("refuses the day before the window opens", () => {
      expect(refused(decide(active(), { type: "EnterNoticeWindow" }, "2027-06-01"))).toMatchObject({
        _tag: "NotYetDue",
        due: "2027-06-02",
      });
    });
  });

  describe("giving notice of non-renewal", () => {
    it("records the notice on the deadline itself", () => {
      expect(noticed()).toMatchObject({
        nonRenewalNoticeAt: on("2027-09-30"),
        nonRenewalNoticeReason: "moving in-house",
        status: "expiring",
      });
    });

    it("may be given early, while active, with no reason", () => {
      const c = contractAfter([step({ type: "GiveNotice", reason: " " }, "2027-02-01")], active());
      expect(c).toMatchObject({ status: "active", nonRenewalNoticeReason: null });
      expect(c.nonRenewalNoticeAt).toBe(on("2027-02-01"));
    });

    it("refuses after the deadline, saying the contract renews", () => {
      const r = refused(decide(expiring(), { type: "GiveNotice" }, "2027-10-01"));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "noticeDeadline" });
      expect(r.message).toBe("The notice deadline passed on 30 Sep: the contract renews on 1 Jan 2028.");
    });

    it("refuses notice twice", () => {
      // Spelt as the page around it spells dates (it read "2026-11-14" beside "14 Nov, 14:24 UTC").
      expect(refused(decide(noticed(), { type: "GiveNotice" }, "2027-09-30")).message).toBe(
        "Notice of non-renewal was already given on 30 Sep.",
      );
    });

    it("refuses notice on a contract that does not renew by itself", () => {
      const c = expiring(createContract({ autoRenewal: false }));
      expect(refused(decide(c, { type: "GiveNotice" }, "2027-07-01"))).toMatchObject({
        field: "autoRenewal",
      });
    });

    it("refuses notice before the contract is signed", () => {
      const draft = contractAfter([createContract()]);
      expect(refused(decide(draft, { type: "GiveNotice" }, "2026-11-26"))._tag).toBe("TransitionNotAllowed");
    });
  });

  describe("renewing tacitly (automatic)", () => {
    it("renews the day after the deadline passed without notice, extending the end by the term", () => {
      const [e] = accepted(decide(expiring(), { type: "ApplyTacitRenewal" }, "2027-10-01"));
      expect(e).toMatchObject({ renewsOn: "2028-01-01", newEndDate: "2028-12-31" });
      const c = contractAfter([step({ type: "ApplyTacitRenewal" }, "2027-10-01")], expiring());
      expect(c).toMatchObject({ status: "active", endDate: "2028-12-31" });
    });

    it("renews by the renewal term when one is set", () => {
      const c = contractAfter(
        [step({ type: "ApplyTacitRenewal" }, "2027-10-01")],
        expiring(createContract({ renewalTerm: { unit: "months", count: 6 } })),
      );
      expect(c.endDate).toBe("2028-06-30");
    });

    it("refuses on the deadline itself: notice may still come", () => {
      expect(refused(decide(expiring(), { type: "ApplyTacitRenewal" }, "2027-09-30"))).toMatchObject({
        _tag: "NotYetDue",
        due: "2027-10-01",
      });
    });

    it("refuses once notice was given", () => {
      const r = refused(decide(noticed(), { type: "ApplyTacitRenewal" }, "2027-10-01"));
      expect(r.message).toBe("Notice of non-renewal was given: the contract expires after 31 Dec instead.");
    });

    it("refuses a contract without auto-renewal", () => {
      const c = expiring(createContract({ autoRenewal: false }));
      expect(refused(decide(c, { type: "ApplyTacitRenewal" }, "2027-10-01")).message).toBe(
        "This contract does not renew by itself.",
      );
    });

    it("enters the next notice window from the renewed end date", () => {
      const renewed = contractAfter([step({ type: "ApplyTacitRenewal" }, "2027-10-01")], expiring());
      expect(refused(decide(renewed, { type: "EnterNoticeWindow" }, "2028-06-01"))).toMatchObject({
        due: "2028-06-02",
      });
    });
  });

  describe("expiring (automatic)", () => {
    it("expires the day after the end once notice was given", () => {
      const c = contractAfter([step({ type: "Expire" }, "2028-01-01")], noticed());
      expect(c).toMatchObject({ status: "expired", endedAt: on("2028-01-01") });
    });

    it("expires a contract without auto-renewal", () => {
      const c = contractAfter(
        [step({ type: "Expire" }, "2028-01-01")],
        expiring(createContract({ autoRenewal: false })),
      );
      expect(c.status).toBe("expired");
    });

    it("refuses on the end date itself", () => {
      expect(refused(decide(noticed(), { type: "Expire" }, "2027-12-31"))).toMatchObject({
        _tag: "NotYetDue",
        due: "2028-01-01",
      });
    });

    it("refuses a contract that will renew tacitly", () => {
      expect(refused(decide(expiring(), { type: "Expire" }, "2028-01-01")).message).toBe(
        "This contract renews by itself unless notice is given by 30 Sep 2027.",
      );
    });
  });

  describe("renewed by a new contract", () => {
    it("records the contract that renews it", () => {
      const c = contractAfter(
        [step({ type: "MarkRenewed", renewedById: asId.contract("c2") }, "2027-07-01")],
        expiring(),
      );
      expect(c).toMatchObject({ status: "renewed", renewedById: "c2", endedAt: on("2027-07-01") });
    });

    it("may be renewed early, while active", () => {
      const c = contractAfter(
        [step({ type: "MarkRenewed", renewedById: asId.contract("c2") }, "2027-03-01")],
        active(),
      );
      expect(c.status).toBe("renewed");
    });

    it("refuses to be renewed by itself", () => {
      const r = refused(
        decide(expiring(), { type: "MarkRenewed", renewedById: asId.contract("c1") }, "2027-07-01"),
      );
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "renewedById" });
    });

    it("refuses before it is in force", () => {
      const r = refused(
        decide(signedContract(), { type: "MarkRenewed", renewedById: asId.contract("c2") }, "2026-12-01"),
      );
      expect(r._tag).toBe("TransitionNotAllowed");
    });
  });

  it("links a renewal to the contract it renews", () => {
    const c = contractAfter([
      createContract({ contractId: asId.contract("c2"), previousContractId: asId.contract("c1") }),
    ]);
    expect(c.previousContractId).toBe("c1");
  });
});

describe("linking the renewal deal", () => {
  it("records the renewal opportunity on a binding contract", () => {
    const linked = contractAfter(
      [step({ type: "LinkRenewalOpportunity", opportunityId: asId.opportunity("o-renewal") }, "2027-06-02")],
      expiring(),
    );
    expect(linked).toMatchObject({ status: "expiring", renewalOpportunityId: "o-renewal" });
  });

  it("refuses a second renewal deal, naming the first", () => {
    const linked = contractAfter(
      [step({ type: "LinkRenewalOpportunity", opportunityId: asId.opportunity("o-renewal") }, "2027-06-02")],
      expiring(),
    );
    const r = refused(
      decide(
        linked,
        { type: "LinkRenewalOpportunity", opportunityId: asId.opportunity("o-2") },
        "2027-06-03",
      ),
    );
    expect(r).toMatchObject({ _tag: "InvalidInput", field: "opportunityId" });
    expect(r.message).toContain("o-renewal");
  });

  it("refuses on a contract not yet signed", () => {
    expect(
      refused(
        decide(
          contractAfter([createContract()]),
          { type: "LinkRenewalOpportunity", opportunityId: asId.opportunity("o") },
          "2026-12-01",
        ),
      )._tag,
    ).toBe("TransitionNotAllowed");
  });
});
