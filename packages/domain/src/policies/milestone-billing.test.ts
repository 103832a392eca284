import { describe, expect, it } from "vitest";
import {
  contractAfter,
  contractCtx,
  createContract,
  eur,
  milestone,
  signingSteps,
} from "../../testing/contract.fixtures.ts";
import { accepted, ctx } from "../../testing/fixtures.ts";
import { defaultWorkspaceSettings } from "../entities/settings.ts";
import { date } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { run } from "../kernel/machine.ts";
import type { ContractEvent } from "../machines/contract.commands.ts";
import { invoiceMachine } from "../machines/invoice.machine.ts";
import { contractFollowUps, milestoneInvoice, milestoneInvoiceId } from "./follow-ups.ts";

const settings = defaultWorkspaceSettings("EUR");
const prospect = { id: asId.account("a1"), status: "active" as const };

/** c1 signed with two milestones, one billable (5,000.00 EUR) and one not, then the billable one done. */
function completed(milestoneId = "m-design") {
  const create = createContract({
    milestones: [milestone("m-design", eur(5_000)), milestone("m-kickoff")],
  });
  const done = {
    type: "CompleteMilestone" as const,
    milestoneId: asId.milestone(milestoneId),
    doneOn: date("2026-11-24"),
  };
  const contract = contractAfter([...signingSteps(create), done]);
  const event: ContractEvent = {
    type: "MilestoneCompleted",
    at: contractCtx().now,
    milestoneId: done.milestoneId,
    doneOn: done.doneOn,
  };
  return { contract, event };
}

describe("completing a milestone with an amount drafts its invoice", () => {
  it("one line for the milestone's amount, linked to it, due after the payment terms", () => {
    const { contract, event } = completed();
    const [f, ...rest] = contractFollowUps(event, contract, prospect, settings);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      target: "invoice",
      id: "c1.milestone.m-design",
      because: 'the milestone "Milestone m-design" of "Managed services" was done on 24 Nov',
      command: {
        type: "DraftInvoice",
        accountId: "a1",
        contractId: "c1",
        currency: "EUR",
        lines: [
          {
            description: "Milestone: Milestone m-design",
            quantity: "1",
            unitPrice: eur(5_000),
            milestoneId: "m-design",
          },
        ],
        dueDate: "2026-12-24",
      },
    });
  });

  it("the invoice machine accepts the draft when the milestone is the contract's", () => {
    const { contract } = completed();
    const draft = milestoneInvoice(contract, asId.milestone("m-design"), settings.billing)!;
    const r = run(invoiceMachine, invoiceMachine.initial, draft, {
      ...ctx(),
      contractMilestones: contract.milestones.map((m) => m.id),
    });
    expect(r.ok && r.value.state).toMatchObject({
      status: "draft",
      contractId: "c1",
      lines: [{ milestoneId: "m-design" }],
    });
  });

  it("names the same invoice every time, so a second completion could not raise another", () => {
    expect(milestoneInvoiceId(asId.contract("c1"), asId.milestone("m-design"))).toBe(
      milestoneInvoiceId(asId.contract("c1"), asId.milestone("m-design")),
    );
    const long = milestoneInvoiceId(asId.contract("k".repeat(128)), asId.milestone("m".repeat(128)));
    expect(long.length).toBe(128);
    expect(long).not.toBe(
      milestoneInvoiceId(asId.contract("k".repeat(128)), asId.milestone(`${"m".repeat(127)}n`)),
    );
  });

  it("drafts nothing for a milestone without an amount, or when the workspace turned it off", () => {
    const { contract, event } = completed("m-kickoff");
    expect(contractFollowUps(event, contract, prospect, settings)).toEqual([]);
    const billable = completed();
    const off = { ...settings, billing: { ...settings.billing, draftInvoiceOnMilestone: false } };
    expect(contractFollowUps(billable.event, billable.contract, prospect, off)).toEqual([]);
  });
});

describe("an invoice line billing a milestone", () => {
  const line = (milestoneId: string) => ({
    description: "Milestone",
    quantity: "1",
    unitPrice: eur(100),
    towerId: null,
    milestoneId: asId.milestone(milestoneId),
    period: null,
  });
  const draft = {
    type: "DraftInvoice" as const,
    invoiceId: asId.invoice("i1"),
    accountId: asId.account("a1"),
    contractId: asId.contract("c1"),
    currency: eur(0).currency,
    lines: [line("m-other")],
    dueDate: date("2026-12-31"),
  };

  it("is refused when the invoice's contract has no such milestone, naming the line", () => {
    const r = invoiceMachine.decide(invoiceMachine.initial, draft, {
      ...ctx(),
      contractMilestones: [asId.milestone("m-design")],
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        _tag: "InvalidInput",
        field: "milestoneId",
        message: expect.stringContaining("Line 1 bills milestone m-other"),
      },
    });
  });

  it("is refused on an invoice for no contract, and when added later as well", () => {
    const none = invoiceMachine.decide(
      invoiceMachine.initial,
      { ...draft, contractId: null },
      { ...ctx(), contractMilestones: null },
    );
    expect(none).toMatchObject({ ok: false, error: { message: expect.stringContaining("for no contract") } });
    const c = { ...ctx(), contractMilestones: [asId.milestone("m-design")] };
    const state = accepted(
      invoiceMachine.decide(invoiceMachine.initial, { ...draft, lines: [line("m-design")] }, c),
    ).reduce(invoiceMachine.evolve, invoiceMachine.initial);
    expect(invoiceMachine.decide(state, { type: "AddLine", line: line("m-gone") }, c)).toMatchObject({
      ok: false,
      error: { field: "milestoneId" },
    });
  });
});
