import type { Actor, ApprovalAuthority, Contract, RenewalSettings } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { contractMoves, type MoveContext, moveCommand } from "./contract-moves.ts";

const authority = [
  { role: "supervisor", limit: { amount: 2_500_000, currency: "EUR" }, maxDiscountPercent: 10 },
  { role: "admin", limit: null, maxDiscountPercent: null },
] as ApprovalAuthority[];
const renewals: RenewalSettings = {
  noticeWindowDays: 120,
  reminderOffsetsDays: [30],
  clientNoticeDays: 30,
  renewalLeadDays: 30,
};

const contract = (over: Partial<Contract> = {}): Contract =>
  ({
    id: "msa",
    accountId: "acme",
    opportunityId: null,
    ownerId: "sam",
    title: "Acme MSA",
    status: "pending_approval",
    value: { amount: 1_000_000, currency: "EUR" },
    discountPercent: 0,
    startDate: "2027-01-01",
    term: { unit: "months", count: 12 },
    endDate: "2027-12-31",
    noticePeriod: { unit: "months", count: 3 },
    autoRenewal: true,
    renewalTerm: null,
    requiredApprovals: ["supervisor"],
    approvals: [],
    milestones: [],
    towers: [],
    createdAt: "2026-11-01T09:00:00.000Z",
    signedAt: null,
    endedAt: null,
    endReason: null,
    nonRenewalNoticeAt: null,
    nonRenewalNoticeReason: null,
    renewalOpportunityId: null,
    previousRenewalOpportunityId: null,
    previousContractId: null,
    renewedById: null,
    ...over,
  }) as Contract;

const ctx = (actor: Partial<Actor> = {}): MoveContext => ({
  actor: { memberId: "boss", role: "supervisor", ...actor } as Actor,
  now: "2026-11-27T10:00:00.000Z" as MoveContext["now"],
  approvalAuthority: authority,
  renewals,
  account: { ownerId: "sam" as Contract["ownerId"], team: [] },
});

describe("contractMoves", () => {
  it("offers only the moves the status allows", () => {
    const types = contractMoves(contract(), ctx()).map((m) => m.type);
    expect(types).toEqual(["Approve", "Sign", "SendBack", "Withdraw"]);
  });

  it("blocks signing while an approval is missing, and says which", () => {
    const sign = contractMoves(contract(), ctx()).find((m) => m.type === "Sign");
    expect(sign).toMatchObject({ allowed: false });
    expect(sign && !sign.allowed && sign.why).toMatch(/supervisor/i);
  });

  it("lets the owner's supervisor approve, then an admin sign", () => {
    const asManager = { ...ctx(), reportsOf: ["sam" as Actor["memberId"]] };
    expect(contractMoves(contract(), asManager).find((m) => m.type === "Approve")).toMatchObject({
      allowed: true,
    });
    const approved = contract({
      approvals: [
        { memberId: "boss", role: "supervisor", at: "2026-11-27T09:00:00.000Z" },
      ] as Contract["approvals"],
    });
    expect(contractMoves(approved, ctx({ role: "admin" })).find((m) => m.type === "Sign")).toMatchObject({
      allowed: true,
    });
  });

  it("blocks a move the actor's role may not make, with the permission's sentence", () => {
    const moves = contractMoves(contract(), ctx({ role: "viewer", memberId: "vic" as Actor["memberId"] }));
    const approve = moves.find((m) => m.type === "Approve");
    expect(approve).toMatchObject({ allowed: false });
  });
});

describe("moveCommand", () => {
  it("carries a trimmed reason, and leaves an optional one out when empty", () => {
    expect(moveCommand("Terminate", "  budget cut ")).toEqual({ type: "Terminate", reason: "budget cut" });
    expect(moveCommand("GiveNotice", " ")).toEqual({ type: "GiveNotice" });
    expect(moveCommand("Sign")).toEqual({ type: "Sign" });
  });
});
