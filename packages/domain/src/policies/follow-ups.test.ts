import { describe, expect, it } from "vitest";
import { contractAfter, contractCtx, on, signedContract } from "../../testing/contract.fixtures.ts";
import { accepted, ctx } from "../../testing/fixtures.ts";
import type { Account } from "../entities/account.ts";
import type { Member } from "../entities/member.ts";
import { defaultWorkspaceSettings, pipelineForType } from "../entities/settings.ts";
import { timestamp } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { run } from "../kernel/machine.ts";
import { type AccountCommand, type AccountState, accountMachine } from "../machines/account.machine.ts";
import type { ContractEvent } from "../machines/contract.commands.ts";
import type { contractMachine } from "../machines/contract.machine.ts";
import { escalationMachine } from "../machines/escalation.machine.ts";
import { opportunityMachine } from "../machines/opportunity.machine.ts";
import {
  activityFollowUps,
  contractFollowUps,
  renewalOpportunityId,
  slaBreachFollowUps,
} from "./follow-ups.ts";

const settings = defaultWorkspaceSettings("EUR");
/** A workspace that hands signed contracts over by hand: a signature asks nothing of delivery. */
const byHand = { ...settings, handover: { ...settings.handover, onSigning: false } };

function account(status: Account["status"]): Pick<Account, "id" | "status"> {
  return { id: asId.account("a1"), status };
}

const signedEvent: ContractEvent = {
  type: "ContractSigned",
  at: on("2026-11-20"),
  signedOn: "2026-11-20" as never,
};

describe("follow-ups of a signed contract", () => {
  it("moves a prospect to onboarding, and the account machine accepts it", () => {
    const [f, ...rest] = contractFollowUps(signedEvent, signedContract(), account("prospect"), byHand);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ target: "account", id: "a1", command: { type: "StartOnboarding" } });
    const created: AccountCommand = {
      type: "CreateAccount",
      accountId: asId.account("a1"),
      name: "Acme",
      ownerId: asId.member("m1"),
      parentId: null,
      industry: null,
      website: null,
      employees: null,
      annualRevenue: null,
      region: null,
      team: [],
    };
    let state: AccountState = accountMachine.initial;
    for (const c of [created, f!.command as AccountCommand]) {
      const r = run(accountMachine, state, c, { ...ctx(), hasBindingContract: true, sameName: null });
      if (!r.ok) throw new Error(r.error.message);
      state = r.value.state;
    }
    expect(state.status).toBe("onboarding");
  });

  it("wins back a churned or dormant account", () => {
    for (const status of ["churned", "dormant"] as const) {
      expect(contractFollowUps(signedEvent, signedContract(), account(status), settings)[0]?.command).toEqual(
        { type: "WinBack" },
      );
    }
  });

  it("hands the contract over to delivery after the account's move, unless the workspace does it by hand", () => {
    const follow = contractFollowUps(signedEvent, signedContract(), account("prospect"), settings);
    expect(follow.map((f) => [f.target, f.command.type])).toEqual([
      ["account", "StartOnboarding"],
      ["contract", "HandOverToDelivery"],
    ]);
    expect(follow[1]).toMatchObject({ id: "c1", because: expect.stringContaining("was signed") });
    const handedOver = { ...signedContract(), handedOverAt: on("2026-11-20") };
    expect(contractFollowUps(signedEvent, handedOver, account("active"), settings)).toEqual([]);
  });

  it("asks nothing of an account already live", () => {
    for (const status of ["onboarding", "active", "at_risk"] as const) {
      expect(contractFollowUps(signedEvent, signedContract(), account(status), byHand)).toEqual([]);
    }
  });
});

describe("follow-ups of a contract entering its notice window", () => {
  // c1 runs 2027-01-01 to 2027-12-31 with 3 months' notice: deadline 2027-09-30, window opens 2027-06-02.
  const step = (command: Parameters<typeof contractMachine.decide>[1], day: string) =>
    [command, contractCtx({ now: on(day) })] as const;
  const expiring = () =>
    contractAfter(
      [step({ type: "Activate" }, "2027-01-01"), step({ type: "EnterNoticeWindow" }, "2027-06-02")],
      signedContract(),
    );
  const event: ContractEvent = {
    type: "ContractEnteredNoticeWindow",
    at: on("2027-06-02"),
    noticeDeadline: "2027-09-30" as never,
  };

  it("opens a renewal deal closing on the notice deadline, and links it", () => {
    const contract = expiring();
    const [create, link] = contractFollowUps(event, contract, account("active"), settings);
    const id = renewalOpportunityId(contract);
    expect(create).toMatchObject({
      target: "opportunity",
      id,
      command: {
        type: "CreateOpportunity",
        // Named by the year the next term starts (c1 ends 2027-12-31): next year's renewal reads otherwise.
        name: `Renewal 2028: ${contract.title}`,
        opportunityType: "renewal",
        closeDate: "2027-09-30",
        amount: contract.value,
        ownerId: contract.ownerId,
      },
    });
    expect(link).toMatchObject({
      target: "contract",
      id: contract.id,
      command: { type: "LinkRenewalOpportunity", opportunityId: id },
    });
    expect(create!.because).toContain("notice must be given by 30 Sep");

    // Both commands pass their machines' rules.
    const pipeline = pipelineForType(settings, "renewal");
    const opp = accepted(
      opportunityMachine.decide(opportunityMachine.initial, create!.command as never, {
        ...ctx(),
        pipeline,
        contacts: [],
        contracts: [],
      }),
    );
    expect(opp[0]).toMatchObject({
      type: "OpportunityCreated",
      stageId: "renewal_review",
      pipelineId: "renewals",
    });
    const linked = contractAfter(
      [[link!.command as never, contractCtx({ now: on("2027-06-02") })]],
      contract,
    );
    expect(linked.renewalOpportunityId).toBe(id);

    // Once linked, the policy asks for nothing more: a second sweep opens no second deal.
    expect(contractFollowUps(event, linked, account("active"), settings)).toEqual([]);
  });

  it("derives the same renewal id every time, one per term", () => {
    const c = expiring();
    expect(renewalOpportunityId(c)).toBe(renewalOpportunityId(c));
    expect(renewalOpportunityId({ ...c, endDate: "2028-12-31" as never })).not.toBe(renewalOpportunityId(c));
    expect(() => renewalOpportunityId({ ...c, id: asId.contract("c".repeat(120)) })).toThrow(/too long/);
  });

  it("asks nothing for other contract events", () => {
    expect(
      contractFollowUps(
        { type: "ContractActivated", at: on("2027-01-01") } as ContractEvent,
        expiring(),
        account("active"),
        settings,
      ),
    ).toEqual([]);
  });
});

describe("follow-ups of an SLA breach", () => {
  const members: Member[] = [
    {
      id: asId.member("m-owner"),
      name: "Owner",
      email: "o@x.test",
      role: "account_manager",
      reportsTo: asId.member("m-boss"),
      status: "active",
      active: true,
    },
    {
      id: asId.member("m-boss"),
      name: "Boss",
      email: "b@x.test",
      role: "supervisor",
      reportsTo: null,
      status: "active",
      active: true,
    },
  ];
  const opened = () => {
    const [e] = accepted(
      escalationMachine.decide(
        escalationMachine.initial,
        {
          type: "OpenEscalation",
          escalationId: asId.escalation("e1"),
          accountId: asId.account("a1"),
          contractId: null,
          title: "Outage",
          description: "",
          severity: "critical",
          ownerId: asId.member("m-owner"),
        },
        { ...ctx(), slaHours: settings.slaHours },
      ),
    );
    return escalationMachine.evolve(escalationMachine.initial, e!);
  };

  it("escalates to the owner's supervisor once the SLA has passed", () => {
    const e = opened();
    if (e.status === "none") throw new Error("unreachable");
    expect(slaBreachFollowUps(e, timestamp("2026-11-26T12:00:00.000Z"), members)).toEqual([]);
    const [f] = slaBreachFollowUps(e, timestamp("2026-11-26T13:00:01.000Z"), members);
    expect(f).toMatchObject({
      target: "escalation",
      id: "e1",
      command: { type: "EscalateToSupervisor", supervisorId: "m-boss" },
    });
  });
});

describe("follow-ups of an activity", () => {
  const base = {
    id: asId.activity("act1"),
    accountId: asId.account("a1"),
    opportunityId: asId.opportunity("o1"),
    contractId: null,
    kind: "call" as const,
    subject: "Budget call",
    body: null,
    authorId: asId.member("m1"),
    contactIds: [asId.contact("c1"), asId.contact("c2")],
    at: timestamp("2026-11-25T10:00:00.000Z"),
    done: true,
    status: "done" as const,
    direction: null,
    minutes: null,
    visibility: "internal" as const,
  };
  const logged = { type: "ActivityLogged", at: timestamp("2026-11-26T09:00:00.000Z") } as never;

  it("resets the deal's rotting clock and marks each contact engaged at the activity's time", () => {
    const ups = activityFollowUps(logged, base);
    expect(ups.map((f) => [f.target, f.id, f.command])).toEqual([
      ["opportunity", "o1", { type: "RecordActivity", at: "2026-11-25T10:00:00.000Z" }],
      ["contact", "c1", { type: "RecordEngagement", at: "2026-11-25T10:00:00.000Z" }],
      ["contact", "c2", { type: "RecordEngagement", at: "2026-11-25T10:00:00.000Z" }],
    ]);
  });

  it("asks nothing for a note, a planned activity, or a deal-less, contact-less one", () => {
    expect(activityFollowUps(logged, { ...base, kind: "note" })).toEqual([]);
    expect(activityFollowUps({ type: "ActivityPlanned" } as never, base)).toEqual([]);
    expect(activityFollowUps(logged, { ...base, opportunityId: null, contactIds: [] })).toEqual([]);
  });
});

describe("follow-ups across a tacit renewal", () => {
  it("open a fresh renewal deal in the next term's notice window", () => {
    const step = (command: Parameters<typeof contractMachine.decide>[1], day: string) =>
      [command, contractCtx({ now: on(day) })] as const;
    // c1 runs 2027-01-01 to 2027-12-31, 3 months' notice (deadline 2027-09-30), renews tacitly for a year.
    const renewed = contractAfter(
      [
        step({ type: "Activate" }, "2027-01-01"),
        step({ type: "EnterNoticeWindow" }, "2027-06-02"),
        step({ type: "LinkRenewalOpportunity", opportunityId: asId.opportunity("o-r1") }, "2027-06-02"),
        step({ type: "ApplyTacitRenewal" }, "2027-10-01"),
      ],
      signedContract(),
    );
    expect(renewed).toMatchObject({ status: "active", endDate: "2028-12-31", renewalOpportunityId: null });
    const inWindow = contractAfter([step({ type: "EnterNoticeWindow" }, "2028-06-03")], renewed);
    const event: ContractEvent = {
      type: "ContractEnteredNoticeWindow",
      at: on("2028-06-03"),
      noticeDeadline: "2028-09-30" as never,
    };
    const [create] = contractFollowUps(event, inWindow, account("active"), settings);
    expect(create).toMatchObject({ target: "opportunity", id: renewalOpportunityId(inWindow) });
    expect(renewalOpportunityId(inWindow)).not.toBe("o-r1");
  });
});
