import {
  type Actor,
  type ApprovalAuthority,
  type Contract,
  defaultWorkspaceSettings,
  type RenewalSettings,
} from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { contractMoves, describeHandover, type MoveContext, moveCommand } from "./contract-moves.ts";

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
    projectManagerIds: [],
    createdAt: "2026-11-01T09:00:00.000Z",
    signedAt: null,
    handedOverAt: null,
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
  handover: defaultWorkspaceSettings("EUR").handover,
  billing: defaultWorkspaceSettings("EUR").billing,
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

  it("gives the permission's sentence when the role and the machine both refuse, as the server does", () => {
    // Signing waits on the supervisor's approval, and a viewer may not sign at all: the server authorises first.
    const viewer = ctx({ role: "viewer", memberId: "vic" as Actor["memberId"] });
    const sign = contractMoves(contract(), viewer).find((m) => m.type === "Sign");
    expect(sign).toMatchObject({ allowed: false, why: expect.stringMatching(/^As a viewer you may not/) });
  });
});

describe("handing over to delivery", () => {
  it("is offered once the contract is signed, and blocked once it was handed over, saying when", () => {
    const signed = contract({
      status: "signed",
      signedAt: "2026-11-20T09:00:00.000Z" as Contract["signedAt"],
    });
    expect(
      contractMoves(signed, ctx({ role: "admin" })).find((m) => m.type === "HandOverToDelivery"),
    ).toEqual({
      type: "HandOverToDelivery",
      label: "hand over to delivery",
      allowed: true,
    });
    const done = { ...signed, handedOverAt: "2026-11-21T09:00:00.000Z" as Contract["signedAt"] };
    expect(contractMoves(done, ctx({ role: "admin" })).find((m) => m.type === "HandOverToDelivery")).toEqual({
      type: "HandOverToDelivery",
      label: "hand over to delivery",
      allowed: false,
      why: "This contract was handed over to delivery on 21 Nov.",
    });
  });

  it("describes a handover in the life cycle: who joined the team, how many tasks", () => {
    const task = (kind: string) => ({
      taskId: `msa.handover.${kind}`,
      kind,
      title: "Something to do",
      assigneeId: "sam",
      dueDate: "2026-12-01",
    });
    const names: Record<string, string> = { ann: "Ann Lee", pat: "Pat Kim" };
    const payload = {
      type: "DeliveryHandedOver",
      at: "2026-11-21T09:00:00.000Z",
      team: [
        { memberId: "ann", role: "account_manager" },
        { memberId: "pat", role: "project_manager" },
      ],
      tasks: [task("kickoff"), task("onboarding"), { ...task("onboarding"), taskId: "msa.handover.3" }],
    };
    expect(describeHandover(payload, (id) => names[id] ?? id)).toBe(
      "Ann Lee (Account manager), Pat Kim (Project manager) joined the account team; 1 kickoff task and 2 onboarding checklist items created.",
    );
    expect(describeHandover({ team: [], tasks: [] }, (id) => id)).toBe(
      "Nobody new joined the account team; 0 kickoff tasks and 0 onboarding checklist items created.",
    );
  });
});

describe("moveCommand", () => {
  it("carries a trimmed reason, and leaves an optional one out when empty", () => {
    expect(moveCommand("Terminate", "  budget cut ")).toEqual({ type: "Terminate", reason: "budget cut" });
    expect(moveCommand("GiveNotice", " ")).toEqual({ type: "GiveNotice" });
    expect(moveCommand("Sign")).toEqual({ type: "Sign" });
  });
});
