// A command's answer as its actor may read it: a role that never sees money reads none in the state, the events
// or the follow-ups (a project manager marking a milestone done, which drafts its invoice); a role that sees
// money somewhere gets the answer whole (it was just permitted the command on this very record).
import { isMasked, type Role } from "@accountable/domain";
import type { Executed } from "@accountable/service";
import { describe, expect, it } from "vitest";
import { answerAsReadBy } from "./commands.ts";

const eur = (amount: number) => ({ amount, currency: "EUR" });
const moneyIn = (v: unknown): unknown[] =>
  Array.isArray(v)
    ? v.flatMap(moneyIn)
    : typeof v === "object" && v !== null
      ? "amount" in v && "currency" in v
        ? [v]
        : Object.values(v).flatMap(moneyIn)
      : [];
const maskedIn = (v: unknown): unknown[] =>
  isMasked(v)
    ? [v]
    : Array.isArray(v)
      ? v.flatMap(maskedIn)
      : typeof v === "object" && v !== null
        ? Object.values(v).flatMap(maskedIn)
        : [];

// Shaped as execute answers (the follow-up trimmed to what carries money).
const milestoneDone = {
  aggregate: "contract",
  id: "c1",
  version: 7,
  dryRun: true,
  events: [
    { type: "MilestoneCompleted", at: "2026-11-19T10:00:00.000Z", milestoneId: "m1", doneOn: "2026-11-19" },
  ],
  state: {
    id: "c1",
    value: eur(12_000_000),
    plannedCost: eur(8_000_000),
    towers: [{ id: "t1", name: "Service desk", value: eur(5_000_000), cost: eur(3_000_000) }],
    milestones: [
      { id: "m1", title: "Launch", dueDate: "2026-12-01", amount: eur(500_000), doneOn: "2026-11-19" },
    ],
  },
  followUps: [{ ok: true, policy: "invoice-milestone", invoice: { lines: [{ unitPrice: eur(500_000) }] } }],
} as unknown as Executed;

describe("answerAsReadBy", () => {
  it.each<Role>(["project_manager", "assistant", "account_planner", "viewer"])(
    "masks every amount of a contract's answer for a %s, whose rule never shows money",
    (role) => {
      const answer = answerAsReadBy({ role }, "contract", milestoneDone);
      expect(moneyIn(answer)).toEqual([]);
      expect(maskedIn(answer)).toHaveLength(moneyIn(milestoneDone).length);
      expect(answer.events).toEqual(milestoneDone.events);
    },
  );

  it.each<Role>(["admin", "finance", "supervisor", "account_executive", "account_manager"])(
    "answers a %s, who sees money on the records they may write, whole",
    (role) => {
      expect(answerAsReadBy({ role }, "contract", milestoneDone)).toEqual(milestoneDone);
    },
  );

  it("masks everything when the actor could not be read; a brief's budgets (the client's figures) go whole to a role that works on briefs, masked to one that sees no money", () => {
    expect(moneyIn(answerAsReadBy(undefined, "contract", milestoneDone))).toEqual([]);
    const brief: Executed = {
      ...milestoneDone,
      aggregate: "brief",
      state: { id: "b1", clientBudget: eur(100) },
    };
    expect(answerAsReadBy({ role: "account_planner" }, "brief", brief)).toEqual(brief);
    // A viewer reads without changing anything and sees no money: not even the client's figures (78ae164).
    const viewer = answerAsReadBy({ role: "viewer" }, "brief", brief);
    expect(moneyIn(viewer)).toEqual([]);
    expect(maskedIn(viewer.state).length).toBeGreaterThan(0);
  });
});
