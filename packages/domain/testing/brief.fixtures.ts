// Helpers for the brief machine's tests. Not exported from the package.
import fc from "fast-check";
import { date, type Timestamp } from "../src/kernel/calendar-date.ts";
import { asId } from "../src/kernel/ids.ts";
import { money } from "../src/kernel/money.ts";
import type { BriefCommand, BriefContext } from "../src/machines/brief.machine.ts";
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

/** Deals the brief context may hold: Acme's open d1 and won d2, Acme's lost d3, and Globex's d4. */
export const briefDeals = {
  d1: { id: asId.opportunity("d1"), accountId: asId.account("acme"), name: "Spring launch", status: "open" },
  d2: { id: asId.opportunity("d2"), accountId: asId.account("acme"), name: "Summer launch", status: "won" },
  d3: { id: asId.opportunity("d3"), accountId: asId.account("acme"), name: "Lost pitch", status: "lost" },
  d4: { id: asId.opportunity("d4"), accountId: asId.account("globex"), name: "Globex deal", status: "open" },
} as const satisfies Record<string, NonNullable<BriefContext["deal"]>>;

/** Contracts the brief context may hold: Acme's k1 made from d1, Acme's k2 from no deal, Acme's withdrawn k3, Globex's k4. */
export const briefContracts = {
  k1: {
    id: asId.contract("k1"),
    accountId: asId.account("acme"),
    title: "Spring retainer",
    status: "active",
    opportunityId: asId.opportunity("d1"),
  },
  k2: {
    id: asId.contract("k2"),
    accountId: asId.account("acme"),
    title: "Framework",
    status: "signed",
    opportunityId: null,
  },
  k3: {
    id: asId.contract("k3"),
    accountId: asId.account("acme"),
    title: "Withdrawn",
    status: "withdrawn",
    opportunityId: null,
  },
  k4: {
    id: asId.contract("k4"),
    accountId: asId.account("globex"),
    title: "Globex MSA",
    status: "active",
    opportunityId: null,
  },
} as const satisfies Record<string, NonNullable<BriefContext["contract"]>>;

/** A brief context at `now` that holds the deal and contract a link names (or none, for an unknown id). */
export function briefCtx(
  now: Timestamp,
  command?: BriefCommand,
  contract?: keyof typeof briefContracts,
): BriefContext {
  const deal =
    command?.type === "LinkDeal"
      ? (briefDeals as Record<string, BriefContext["deal"]>)[command.opportunityId]
      : undefined;
  const k =
    command?.type === "LinkContract"
      ? (briefContracts as Record<string, BriefContext["contract"]>)[command.contractId]
      : contract === undefined
        ? undefined
        : briefContracts[contract];
  return { ...ctx({ now }), deal: deal ?? null, contract: k ?? null };
}

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
  fc
    .tuple(fc.constantFrom("d1", "d2", "d3", "d4", "d9"), fc.constantFrom(undefined, "", "the pitch moved"))
    .map(
      ([d, reason]): BriefCommand =>
        reason === undefined
          ? { type: "LinkDeal", opportunityId: asId.opportunity(d) }
          : { type: "LinkDeal", opportunityId: asId.opportunity(d), reason },
    ),
  fc
    .tuple(fc.constantFrom("k1", "k2", "k3", "k4", "k9"), fc.constantFrom(undefined, "", "re-signed"))
    .map(
      ([k, reason]): BriefCommand =>
        reason === undefined
          ? { type: "LinkContract", contractId: asId.contract(k) }
          : { type: "LinkContract", contractId: asId.contract(k), reason },
    ),
);

/** Brief commands, each decided at a later moment than the one before. */
export const arbitraryBriefSteps = arbitrarySteps(arbitraryBriefCommand, (now: Timestamp) =>
  fc
    .record({
      deal: fc.constantFrom(null, ...Object.values(briefDeals)),
      contract: fc.constantFrom(null, ...Object.values(briefContracts)),
    })
    .map((facts): BriefContext => ({ ...ctx({ now }), ...facts })),
);

/** Each command an hour after the one before, decided with the deal and contract it names. */
const hourly = (commands: BriefCommand[]) =>
  hourByHour((now) => now, commands).map(([command, now]) => [command, briefCtx(now, command)] as const);

/** Lives that between them lead to every kind of brief event, an hour per step. */
export const BRIEF_JOURNEYS = [
  hourly([
    receiveBrief(),
    analyse,
    { type: "AssignPlanner", plannerId: asId.member("pl2") },
    { type: "ApproveBudget", approvedBudget: money(4_500_000, "EUR") },
    produce,
    { type: "ChangeDeadline", deadline: date("2027-01-15") },
    { type: "LinkDeal", opportunityId: asId.opportunity("d1") },
    { type: "LinkContract", contractId: asId.contract("k1") },
    deliver,
    { type: "Close" },
  ]),
  hourly([receiveBrief(), { type: "Reject", reason: "out of scope" }]),
];
