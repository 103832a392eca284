import { describe, expect, it } from "vitest";
import {
  agencyAuthority,
  contractAfter,
  contractCtx,
  createContract,
  eur,
  usd,
} from "../../testing/contract.fixtures.ts";
import { accepted, actor, refused } from "../../testing/fixtures.ts";
import type { Contract } from "../entities/contract.ts";
import type { Role } from "../entities/member.ts";
import { date } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import type { ContractCommand } from "./contract.commands.ts";
import { contractMachine } from "./contract.machine.ts";

const decide = (state: Contract, command: ContractCommand, context = contractCtx()) =>
  contractMachine.decide(state, command, context);

const as = (role: Role, id = `m-${role}`) => contractCtx({ actor: actor(role, id) });

/** A contract submitted for approval, created with the given value and discount. */
const submitted = (value = eur(20_000), discountPercent = 0) =>
  contractAfter([createContract({ value, discountPercent }), { type: "SubmitForApproval" }]);

const approve = (c: Contract, role: Role, id?: string) => decide(c, { type: "Approve" }, as(role, id));

describe("contract approval", () => {
  describe("submitting", () => {
    it("records the roles that must approve: 20,000 needs a supervisor", () => {
      expect(submitted()).toMatchObject({ status: "pending_approval", requiredApprovals: ["supervisor"] });
    });

    it("routes 100,000 to a director", () => {
      expect(submitted(eur(100_000)).requiredApprovals).toEqual(["director"]);
    });

    it("routes 300,000 to the managing director (admin)", () => {
      expect(submitted(eur(300_000)).requiredApprovals).toEqual(["admin"]);
    });

    it("routes 20,000 at a 15 % discount to a director", () => {
      expect(submitted(eur(20_000), 15).requiredApprovals).toEqual(["director"]);
    });

    it("submits straight from a draft, or from negotiation", () => {
      const c = contractAfter([
        createContract(),
        { type: "StartNegotiation" },
        { type: "SubmitForApproval" },
      ]);
      expect(c.status).toBe("pending_approval");
    });

    it("refuses when the contract's currency is not the ladder's", () => {
      const c = contractAfter([createContract({ value: usd(20_000) })]);
      expect(refused(decide(c, { type: "SubmitForApproval" }))._tag).toBe("CurrencyMismatch");
    });

    it("refuses when no one may approve it", () => {
      const c = contractAfter([createContract({ value: eur(300_000) })]);
      const r = refused(
        decide(
          c,
          { type: "SubmitForApproval" },
          contractCtx({ approvalAuthority: agencyAuthority.slice(0, 2) }),
        ),
      );
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "approvalAuthority" });
    });

    it("refuses when the towers do not add up to the value", () => {
      const t = {
        id: asId.tower("t1"),
        name: "Service desk",
        accountManagerId: asId.member("m-am"),
        value: eur(15_000),
        cost: eur(9_000),
        renewalDate: null,
      };
      const c = contractAfter([createContract({ towers: [t] })]);
      const r = refused(decide(c, { type: "SubmitForApproval" }));
      expect(r).toMatchObject({ _tag: "InvalidInput", field: "towers" });
      expect(r.message).toBe("The towers add up to 15,000.00 EUR, but the contract is worth 20,000.00 EUR.");
      const fixed = contractAfter([{ type: "UpdateTower", towerId: t.id, value: eur(20_000) }], c);
      expect(accepted(decide(fixed, { type: "SubmitForApproval" }))).toHaveLength(1);
    });

    it("needs no approval when the workspace sets no authority, and may then be signed", () => {
      const none = contractCtx({ approvalAuthority: [] });
      const c = contractAfter([createContract(), [{ type: "SubmitForApproval" }, none]]);
      expect(c.requiredApprovals).toEqual([]);
      expect(contractAfter([[{ type: "Sign" }, none]], c).status).toBe("signed");
    });
  });

  describe("approving", () => {
    it("records the approver and their role", () => {
      const c = contractAfter([[{ type: "Approve" }, as("supervisor")]], submitted());
      expect(c.approvals).toEqual([{ memberId: "m-supervisor", role: "supervisor", at: contractCtx().now }]);
    });

    it("lets a director approve what needs a supervisor", () => {
      expect(accepted(approve(submitted(), "director"))).toMatchObject([
        { type: "ContractApproved", role: "director" },
      ]);
    });

    it("refuses a supervisor on 100,000: above their limit", () => {
      const r = refused(approve(submitted(eur(100_000)), "supervisor"));
      expect(r).toMatchObject({ _tag: "NotAnApprover", memberId: "m-supervisor", role: "supervisor" });
      expect(r.message).toBe(
        "You cannot approve this: as supervisor your authority does not cover 100,000.00 EUR at a 0% discount.",
      );
    });

    it("refuses a supervisor on a 15 % discount: above their cap", () => {
      expect(refused(approve(submitted(eur(20_000), 15), "supervisor"))._tag).toBe("NotAnApprover");
    });

    it("refuses a role with no authority", () => {
      expect(refused(approve(submitted(), "account_executive")).message).toBe(
        "You cannot approve this: as account executive you hold no approval authority.",
      );
    });

    it("refuses the same member twice", () => {
      const c = contractAfter([[{ type: "Approve" }, as("director")]], submitted(eur(100_000)));
      expect(refused(approve(c, "director"))).toMatchObject({
        _tag: "AlreadyApproved",
        memberId: "m-director",
      });
    });

    it("refuses an approval that is no longer needed", () => {
      const c = contractAfter([[{ type: "Approve" }, as("supervisor")]], submitted());
      const r = refused(approve(c, "director"));
      expect(r).toMatchObject({ _tag: "NotAnApprover" });
      expect(r.message).toMatch(/already in/);
    });

    it("refuses approval outside pending approval", () => {
      const c = contractAfter([createContract()]);
      expect(refused(approve(c, "director"))._tag).toBe("TransitionNotAllowed");
    });
  });

  describe("sending back", () => {
    it("returns to negotiation and clears the approvals", () => {
      const c = contractAfter(
        [
          [{ type: "Approve" }, as("supervisor")],
          { type: "SendBack", reason: "the client wants a longer term" },
        ],
        submitted(),
      );
      expect(c).toMatchObject({ status: "in_negotiation", approvals: [], requiredApprovals: [] });
    });

    it("refuses to send back without a reason", () => {
      expect(refused(decide(submitted(), { type: "SendBack", reason: " " }))._tag).toBe("ReasonRequired");
    });

    it("routes afresh on resubmission after the terms changed", () => {
      const c = contractAfter(
        [
          { type: "SendBack", reason: "bigger scope" },
          { type: "UpdateTerms", value: eur(100_000) },
          { type: "SubmitForApproval" },
        ],
        submitted(),
      );
      expect(c.requiredApprovals).toEqual(["director"]);
    });
  });

  describe("signing", () => {
    it("signs once approved, stamping the moment", () => {
      const c = contractAfter([[{ type: "Approve" }, as("supervisor")], { type: "Sign" }], submitted());
      expect(c).toMatchObject({ status: "signed", signedAt: contractCtx().now });
    });

    it("keeps an earlier signature date at that day's start", () => {
      const c = contractAfter(
        [[{ type: "Approve" }, as("supervisor")], { type: "Sign", signedOn: date("2026-11-20") }],
        submitted(),
      );
      expect(c.signedAt).toBe("2026-11-20T00:00:00.000Z");
    });

    it("refuses to sign before the approvals are in, naming the roles missing", () => {
      const r = refused(decide(submitted(eur(100_000)), { type: "Sign" }));
      expect(r).toMatchObject({ _tag: "ApprovalsPending", pendingRoles: ["director"] });
      expect(r.message).toBe("Still waiting for approval from a director.");
    });

    it("refuses a signature dated after today", () => {
      const c = contractAfter([[{ type: "Approve" }, as("supervisor")]], submitted());
      expect(refused(decide(c, { type: "Sign", signedOn: date("2026-11-27") }))).toMatchObject({
        _tag: "InvalidInput",
        field: "signedOn",
      });
    });

    it("refuses to sign a draft: it must be approved first", () => {
      expect(refused(decide(contractAfter([createContract()]), { type: "Sign" }))._tag).toBe(
        "TransitionNotAllowed",
      );
    });
  });
});
