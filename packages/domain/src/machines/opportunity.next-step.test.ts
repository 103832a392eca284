import { describe, expect, it } from "vitest";
import { refused } from "../../testing/fixtures.ts";
import { createDeal, dealAfter, oppCtx } from "../../testing/opportunity.fixtures.ts";
import { dateOf } from "../kernel/calendar-date.ts";
import { commandsFrom } from "../kernel/machine.ts";
import { spellDate } from "../kernel/spell-date.ts";
import { OPPORTUNITY_COMMAND_ACTIONS } from "../policies/command-actions.ts";
import {
  type OpportunityCommand,
  OpportunityCommandSchema,
  opportunityMachine,
  opportunityTable,
} from "./opportunity.machine.ts";

// A deal's next step: what happens next, in the owner's words, and by when. It never moves the deal.

const decide = opportunityMachine.decide;
const today = dateOf(oppCtx().now);
const set = (text: string, dueOn: string | null = null): OpportunityCommand =>
  OpportunityCommandSchema.parse({ type: "SetNextStep", text, ...(dueOn === null ? {} : { dueOn }) });

describe("SetNextStep and ClearNextStep", () => {
  it("a new deal has no next step; setting one keeps its text and date, and replaces the one before", () => {
    expect(dealAfter([createDeal()])).toMatchObject({ nextStep: null });
    const first = dealAfter([createDeal(), set("  Send the revised SOW  ", today)]);
    expect(first).toMatchObject({ nextStep: { text: "Send the revised SOW", dueOn: today } });
    const second = dealAfter([createDeal(), set("Send the revised SOW", today), set("Call the CFO")]);
    expect(second).toMatchObject({ status: "open", nextStep: { text: "Call the CFO", dueOn: null } });
  });

  it("does not touch the stage, the amount or the probability", () => {
    const before = dealAfter([createDeal()]);
    const after = dealAfter([createDeal(), set("Book the workshop")]);
    expect({ ...after, nextStep: null }).toEqual(before);
  });

  it("refuses a due date in the past, naming both dates, and a step identical to the standing one", () => {
    const deal = dealAfter([createDeal()]);
    expect(refused(decide(deal, set("Follow up", "2020-01-01"), oppCtx()))).toMatchObject({
      _tag: "InvalidInput",
      field: "dueOn",
      message: `A next step cannot be due in the past: 1 Jan 2020 is before today (${spellDate(today, today)}).`,
    });
    const withStep = dealAfter([createDeal(), set("Follow up", today)]);
    expect(refused(decide(withStep, set("Follow up", today), oppCtx()))).toMatchObject({
      _tag: "InvalidInput",
      field: "text",
    });
  });

  it("clears a standing step, and refuses clearing when there is none", () => {
    expect(dealAfter([createDeal(), set("Follow up"), { type: "ClearNextStep" }])).toMatchObject({
      nextStep: null,
    });
    expect(refused(decide(dealAfter([createDeal()]), { type: "ClearNextStep" }, oppCtx()))).toMatchObject({
      _tag: "InvalidInput",
      field: "nextStep",
    });
  });

  it("is refused by the schema when blank or too long, and by the table on a closed deal", () => {
    expect(OpportunityCommandSchema.safeParse({ type: "SetNextStep", text: "   " }).success).toBe(false);
    expect(OpportunityCommandSchema.safeParse({ type: "SetNextStep", text: "x".repeat(501) }).success).toBe(
      false,
    );
    expect(OpportunityCommandSchema.safeParse({ type: "SetNextStep", text: "ok", extra: 1 }).success).toBe(
      false,
    );
    expect(commandsFrom(opportunityTable, "open")).toEqual(
      expect.arrayContaining(["SetNextStep", "ClearNextStep"]),
    );
    expect(commandsFrom(opportunityTable, "won")).not.toContain("SetNextStep");
    expect(commandsFrom(opportunityTable, "lost")).not.toContain("ClearNextStep");
  });

  it("needs what updating a deal needs", () => {
    expect(OPPORTUNITY_COMMAND_ACTIONS.SetNextStep).toBe("opportunity.update");
    expect(OPPORTUNITY_COMMAND_ACTIONS.ClearNextStep).toBe("opportunity.update");
  });
});
