// Helpers for the brief machine's tests. Not exported from the package.
import fc from "fast-check";
import { date, type Timestamp } from "../src/kernel/calendar-date.ts";
import { asId } from "../src/kernel/ids.ts";
import { money } from "../src/kernel/money.ts";
import type { BriefCommand } from "../src/machines/brief.machine.ts";
import { ctx } from "./fixtures.ts";
import { arbitrarySteps } from "./small-machines.fixtures.ts";
import { hourByHour } from "./timeline.fixtures.ts";

/** Receives brief b1 from Acme, a spring campaign with a 50,000 EUR budget, no deadline and no planner yet. */
export const receiveBrief = (
  overrides: Partial<Extract<BriefCommand, { type: "ReceiveBrief" }>> = {},
): BriefCommand => ({
  type: "ReceiveBrief",
  briefId: asId.brief("b1"),
  accountId: asId.account("acme"),
  title: "Spring campaign",
  description: "",
  clientBudget: money(5_000_000, "EUR"),
  deadline: null,
  plannerId: null,
  ...overrides,
});
export const analyse: BriefCommand = { type: "StartAnalysis", plannerId: asId.member("pl1") };
export const produce: BriefCommand = { type: "StartProduction" };
export const deliver: BriefCommand = { type: "Deliver" };

const planner = fc.constantFrom(asId.member("pl1"), asId.member("pl2"));

/** Any brief command: budgets negative or in another currency, deadlines past, reasons blank or given. */
export const arbitraryBriefCommand: fc.Arbitrary<BriefCommand> = fc.oneof(
  fc.constantFrom(
    receiveBrief(),
    receiveBrief({ plannerId: asId.member("pl2"), deadline: date("2026-12-01") }),
  ),
  fc.constantFrom<BriefCommand>({ type: "StartAnalysis" }, analyse),
  planner.map((plannerId): BriefCommand => ({ type: "AssignPlanner", plannerId })),
  fc
    .tuple(fc.integer({ min: -5, max: 9_000_000 }), fc.constantFrom("EUR", "USD"))
    .map(([amount, code]): BriefCommand => ({ type: "ApproveBudget", approvedBudget: money(amount, code) })),
  fc.constantFrom<BriefCommand>(produce, deliver, { type: "Close" }),
  fc.constantFrom("", "out of scope").map((reason): BriefCommand => ({ type: "Reject", reason })),
  fc
    .tuple(fc.constantFrom("2026-11-01", "2026-12-01", "2027-01-15"), fc.constantFrom(undefined, "", "asked"))
    .map(
      ([d, reason]): BriefCommand =>
        reason === undefined
          ? { type: "ChangeDeadline", deadline: date(d) }
          : { type: "ChangeDeadline", deadline: date(d), reason },
    ),
);

/** Brief commands, each decided at a later moment than the one before. */
export const arbitraryBriefSteps = arbitrarySteps(arbitraryBriefCommand, (now: Timestamp) =>
  fc.constant(ctx({ now })),
);

const hourly = (commands: BriefCommand[]) => hourByHour((now) => ctx({ now }), commands);

/** Lives that between them lead to every kind of brief event, an hour per step. */
export const BRIEF_JOURNEYS = [
  hourly([
    receiveBrief(),
    analyse,
    { type: "AssignPlanner", plannerId: asId.member("pl2") },
    { type: "ApproveBudget", approvedBudget: money(4_500_000, "EUR") },
    produce,
    { type: "ChangeDeadline", deadline: date("2027-01-15") },
    deliver,
    { type: "Close" },
  ]),
  hourly([receiveBrief(), { type: "Reject", reason: "out of scope" }]),
];
