import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contractAfter, contractCtx, on, signedContract } from "../../testing/contract.fixtures.ts";
import { accepted, ctx, refused } from "../../testing/fixtures.ts";
import type { Contract } from "../entities/contract.ts";
import { defaultWorkspaceSettings, pipelineForType } from "../entities/settings.ts";
import { addDays, type CalendarDate, date } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { run } from "../kernel/machine.ts";
import type { ContractCommand, ContractEvent } from "../machines/contract.commands.ts";
import { contractMachine } from "../machines/contract.machine.ts";
import {
  type OpportunityCommand,
  type OpportunityContext,
  type OpportunityState,
  opportunityMachine,
} from "../machines/opportunity.machine.ts";
import { contractFollowUps, type FollowUp } from "./follow-ups.ts";
import { renewalCloseDate, renewalSettlement } from "./renewal-settlement.ts";

const settings = defaultWorkspaceSettings("EUR");
const account = { id: asId.account("a1"), status: "active" } as const;
const pipeline = pipelineForType(settings, "renewal");

// c1 runs 2027-01-01 to 2027-12-31 with 3 months' notice: deadline 2027-09-30, window opens 2027-06-02.
const step = (command: ContractCommand, day: string) => [command, contractCtx({ now: on(day) })] as const;

/** Runs a contract command and returns the contract after it with the follow-ups it asks for. */
function contractStep(c: Contract, command: ContractCommand, day: string) {
  const r = run(contractMachine, c, command, contractCtx({ now: on(day) }));
  if (!r.ok) throw new Error(`${command.type} refused: ${r.error.message}`);
  const after = r.value.state as Contract;
  const followUps = r.value.events.flatMap((e: ContractEvent) =>
    contractFollowUps(e, after, account, settings),
  );
  return { contract: after, followUps };
}

const dealCtx = (contracts: readonly Contract[], day: string): OpportunityContext => ({
  ...ctx({ now: on(day) }),
  pipeline,
  contacts: [],
  contracts,
});

function runDeal(state: OpportunityState, command: OpportunityCommand, c: OpportunityContext) {
  return run(opportunityMachine, state, command, c);
}

/** The contract in its notice window with its renewal deal opened and linked, as the follow-ups left them. */
function inWindow() {
  const active = contractAfter([step({ type: "Activate" }, "2027-01-01")], signedContract());
  const entered = contractStep(active, { type: "EnterNoticeWindow" }, "2027-06-02");
  const [create, link] = entered.followUps as [FollowUp, FollowUp];
  const opened = runDeal(
    opportunityMachine.initial,
    create.command as OpportunityCommand,
    dealCtx([entered.contract], "2027-06-02"),
  );
  if (!opened.ok) throw new Error(opened.error.message);
  const linked = contractStep(entered.contract, link.command as ContractCommand, "2027-06-02").contract;
  return { contract: linked, deal: opened.value.state, dealId: asId.opportunity(create.id) };
}

/** Applies the one follow-up a settling event asks for to the deal. */
function settle(deal: OpportunityState, contract: Contract, followUps: readonly FollowUp[], day: string) {
  expect(followUps).toHaveLength(1);
  const [f] = followUps as [FollowUp];
  expect(f).toMatchObject({ target: "opportunity", command: { type: "SettleRenewal", contractId: "c1" } });
  return runDeal(deal, f.command as OpportunityCommand, dealCtx([contract], day));
}

describe("the renewal deal's close date", () => {
  it("is the notice deadline when it is still ahead, or today", () => {
    expect(renewalCloseDate(date("2027-09-30"), date("2027-06-02"), { renewalLeadDays: 30 })).toBe(
      "2027-09-30",
    );
    expect(renewalCloseDate(date("2027-09-30"), date("2027-09-30"), { renewalLeadDays: 30 })).toBe(
      "2027-09-30",
    );
  });

  it("is the renewal lead after the day the deal opens when the deadline has passed", () => {
    expect(renewalCloseDate(date("2027-09-30"), date("2027-10-01"), { renewalLeadDays: 30 })).toBe(
      "2027-10-31",
    );
    expect(renewalCloseDate(date("2028-02-01"), date("2028-02-15"), { renewalLeadDays: 14 })).toBe(
      "2028-02-29",
    );
  });

  it("is never before the day the deal opens, and is the deadline whenever the deadline is not past", () => {
    const day = fc.integer({ min: 0, max: 3_000 }).map((n) => addDays(date("2026-01-01"), n));
    fc.assert(
      fc.property(day, day, fc.integer({ min: 1, max: 365 }), (deadline, opened, lead) => {
        const close: CalendarDate = renewalCloseDate(deadline, opened, { renewalLeadDays: lead });
        expect(close >= opened).toBe(true);
        expect(close === deadline).toBe(deadline >= opened);
      }),
    );
  });

  it("is what the follow-up gives the deal a contract opens late, past its deadline", () => {
    const active = contractAfter([step({ type: "Activate" }, "2027-01-01")], signedContract());
    const { followUps } = contractStep(active, { type: "EnterNoticeWindow" }, "2027-10-05");
    expect(followUps[0]).toMatchObject({ command: { type: "CreateOpportunity", closeDate: "2027-11-04" } });
  });
});

describe("settling the renewal deal when the contract's fate is known", () => {
  it("wins the deal when the contract renews tacitly, linked to the contract, whatever stage it stood in", () => {
    const { contract, deal, dealId } = inWindow();
    expect(deal).toMatchObject({ status: "open", stageId: "renewal_review" });
    const renewed = contractStep(contract, { type: "ApplyTacitRenewal" }, "2027-10-01");
    expect(renewed.contract).toMatchObject({
      status: "active",
      renewalOpportunityId: null,
      previousRenewalOpportunityId: dealId,
    });
    const r = settle(deal, renewed.contract, renewed.followUps, "2027-10-01");
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.events.map((e) => e.type)).toEqual(["ContractLinked", "OpportunityWon"]);
    expect(r.value.state).toMatchObject({ status: "won", stageId: "renewed", contractId: "c1" });
  });

  it("wins the deal when the contract is renewed by a signed renewal, linked to the new contract", () => {
    const { contract, deal } = inWindow();
    const renewed = contractStep(
      contract,
      { type: "MarkRenewed", renewedById: asId.contract("c2") },
      "2027-08-01",
    );
    const r = settle(deal, renewed.contract, renewed.followUps, "2027-08-01");
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.state).toMatchObject({ status: "won", contractId: "c2" });
  });

  it("loses the deal when the contract expires, the reason naming the contract and its end", () => {
    const { contract, deal } = inWindow();
    const noticed = contractStep(contract, { type: "GiveNotice", reason: "Budget cut" }, "2027-07-01");
    const expired = contractStep(noticed.contract, { type: "Expire" }, "2028-01-01");
    const r = settle(deal, expired.contract, expired.followUps, "2028-01-01");
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.state).toMatchObject({
      status: "lost",
      stageId: "not_renewed",
      lossReason: '"Managed services" (c1) expired at the end of its term on 31 Dec 2027',
    });
  });

  it("loses the deal when the contract is terminated, with the termination's reason", () => {
    const { contract, deal } = inWindow();
    const ended = contractStep(contract, { type: "Terminate", reason: "Client acquired" }, "2027-07-01");
    const r = settle(deal, ended.contract, ended.followUps, "2027-07-01");
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.state).toMatchObject({
      status: "lost",
      lossReason: '"Managed services" (c1) was terminated: Client acquired',
    });
  });

  it("asks nothing when the contract ends without a renewal deal", () => {
    const active = contractAfter([step({ type: "Activate" }, "2027-01-01")], signedContract());
    expect(contractStep(active, { type: "Terminate", reason: "Fraud" }, "2027-03-01").followUps).toEqual([]);
  });

  it("leaves a deal closed by hand as it was: the settlement is refused as a move a closed deal cannot make", () => {
    const { contract, deal } = inWindow();
    const lost = runDeal(
      deal,
      { type: "CloseAsLost", lossReason: "Re-tendered" },
      dealCtx([contract], "2027-07-01"),
    );
    if (!lost.ok) throw new Error(lost.error.message);
    const renewed = contractStep(contract, { type: "ApplyTacitRenewal" }, "2027-10-01");
    const r = settle(lost.value.state, renewed.contract, renewed.followUps, "2027-10-01");
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.error._tag).toBe("TransitionNotAllowed");
  });
});

describe("SettleRenewal, by the transition table", () => {
  const { contract, deal, dealId } = inWindow();
  const settleCmd: OpportunityCommand = { type: "SettleRenewal", contractId: asId.contract("c1") };
  const statuses: readonly Contract["status"][] = ["expiring", "renewed", "expired", "terminated"];
  const cases = statuses.flatMap((status) => [true, false].map((linked) => ({ status, linked })));

  it.each(cases)("contract $status, deal linked: $linked", ({ status, linked }) => {
    const k: Contract = {
      ...contract,
      status,
      renewedById: status === "renewed" ? asId.contract("c2") : null,
      renewalOpportunityId: linked ? dealId : asId.opportunity("o-other"),
    };
    const r = runDeal(deal, settleCmd, dealCtx([k], "2027-08-01"));
    const expected = !linked || status === "expiring" ? "refused" : status === "renewed" ? "won" : "lost";
    expect(r.ok ? r.value.state.status : "refused").toBe(expected);
    expect(renewalSettlement(k, dealId)?.outcome ?? "refused").toBe(expected);
  });

  it("refuses a contract of another account, in words", () => {
    const r = refused(opportunityMachine.decide(deal, settleCmd, dealCtx([], "2027-08-01")));
    expect(r).toMatchObject({ _tag: "InvalidInput", field: "contractId" });
    expect(r.message).toBe("This deal's account has no contract c1.");
  });

  it("says a renewal not yet decided is not decided", () => {
    const r = refused(opportunityMachine.decide(deal, settleCmd, dealCtx([contract], "2027-08-01")));
    expect(r.message).toBe("Contract c1 is expiring: its renewal is not decided yet.");
  });

  it("is issued by the workspace's policies, from an open deal only", () => {
    expect(opportunityMachine.table.SettleRenewal).toMatchObject({
      from: ["open"],
      to: ["won", "lost"],
      automatic: true,
    });
    expect(
      accepted(
        opportunityMachine.decide(
          deal,
          settleCmd,
          dealCtx([{ ...contract, status: "expired" }], "2028-01-01"),
        ),
      ),
    ).toHaveLength(1);
  });
});
