// Helpers for the contract machine's and the renewal and approval policies' tests. Not exported from the package.
import fc from "fast-check";
import type { Contract, Tower } from "../src/entities/contract.ts";
import type { Role } from "../src/entities/member.ts";
import { defaultWorkspaceSettings, type RenewalSettings } from "../src/entities/settings.ts";
import { type CalendarDate, date, type Timestamp, timestamp } from "../src/kernel/calendar-date.ts";
import { asId } from "../src/kernel/ids.ts";
import { run } from "../src/kernel/machine.ts";
import { type Money, money } from "../src/kernel/money.ts";
import type { ContractCommand, ContractContext, ContractState } from "../src/machines/contract.commands.ts";
import { contractMachine } from "../src/machines/contract.machine.ts";
import { actor, T0 } from "./fixtures.ts";

/** Whole euros as money. */
export const eur = (major: number): Money => money(major * 100, "EUR");
/** Whole dollars as money. */
export const usd = (major: number): Money => money(major * 100, "USD");

/** The default agency ladder: supervisor 25,000 at 10 %, director 250,000 at 25 %, admin unlimited. */
export const agencyAuthority = defaultWorkspaceSettings("EUR").approvalAuthority;
/** The default renewal settings: a 120-day window, reminders at 120/90/60/30/14/7/1 days, 30 days' client notice. */
export const defaultRenewals: RenewalSettings = defaultWorkspaceSettings("EUR").renewals;

/** 09:00 UTC on a day. */
export const on = (day: string): Timestamp => timestamp(`${day}T09:00:00.000Z`);

/** A contract context at T0 (2026-11-26), acting as an account executive, with the default settings. */
export function contractCtx(
  overrides: Partial<ContractContext> & { readonly day?: string; readonly role?: Role } = {},
): ContractContext {
  const { day, role, ...rest } = overrides;
  return {
    now: day ? on(day) : T0,
    actor: actor(role ?? "account_executive"),
    approvalAuthority: agencyAuthority,
    renewals: defaultRenewals,
    handover: defaultWorkspaceSettings("EUR").handover,
    billing: defaultWorkspaceSettings("EUR").billing,
    ...rest,
  };
}

/**
 * Creates c1: 20,000 EUR at no discount, 12 months from 2027-01-01 (ends 2027-12-31), 3 months' notice
 * (deadline 2027-09-30, window opens 2027-06-02), renewing tacitly.
 */
export function createContract(
  overrides: Partial<Extract<ContractCommand, { type: "CreateContract" }>> = {},
): ContractCommand {
  return {
    type: "CreateContract",
    contractId: asId.contract("c1"),
    accountId: asId.account("a1"),
    opportunityId: null,
    ownerId: asId.member("m-account_executive"),
    title: "Managed services",
    value: eur(20_000),
    plannedCost: null,
    discountPercent: 0,
    startDate: date("2027-01-01"),
    term: { unit: "months", count: 12 },
    noticePeriod: { unit: "months", count: 3 },
    autoRenewal: true,
    renewalTerm: null,
    towers: [],
    milestones: [],
    projectManagerIds: [],
    previousContractId: null,
    ...overrides,
  };
}

/** A tower of 10,000 EUR (cost 6,000) managed by m-am. */
export function tower(id: string, value: Money = eur(10_000), overrides: Partial<Tower> = {}): Tower {
  return {
    id: asId.tower(id),
    name: `Tower ${id}`,
    accountManagerId: asId.member("m-am"),
    value,
    cost: eur(6_000),
    renewalDate: null,
    ...overrides,
  };
}

/** A milestone due 2027-03-31, billable when given an amount. */
export const milestone = (id: string, amount: Money | null = null) => ({
  id: asId.milestone(id),
  title: `Milestone ${id}`,
  dueDate: date("2027-03-31"),
  amount,
});

/** A step of a scenario: a command and the context it is decided in (default: `contractCtx()`). */
export type Step = ContractCommand | readonly [ContractCommand, ContractContext];

/** Runs the steps from `from` (default: nothing); fails the test on the first refusal. */
export function contractAfter(
  steps: readonly Step[],
  from: ContractState = contractMachine.initial,
): Contract {
  let state = from;
  for (const step of steps) {
    const [command, context] = "type" in step ? [step, contractCtx()] : step;
    const r = run(contractMachine, state, command, context);
    if (!r.ok) throw new Error(`${command.type} refused: ${r.error._tag}: ${r.error.message}`);
    state = r.value.state;
  }
  if (state.status === "none") throw new Error("no contract was created");
  return state;
}

/** The steps from nothing to a signed contract, approved by a member of `approver`'s role. */
export function signingSteps(
  create: ContractCommand = createContract(),
  approver: Role = "supervisor",
): Step[] {
  return [
    create,
    { type: "SubmitForApproval" },
    [{ type: "Approve" }, contractCtx({ role: approver })],
    { type: "Sign", signedOn: date("2026-11-20") },
  ];
}

/** A signed contract (c1 by default), signed on 2026-11-20. */
export const signedContract = (create?: ContractCommand, approver?: Role): Contract =>
  contractAfter(signingSteps(create, approver));

/** The same contract in another status, for rules that only read the dates. */
export function withStatus(c: Contract, status: Contract["status"]): Contract {
  return { ...c, status };
}

/** A calendar date, briefly. */
export const d = (s: string): CalendarDate => date(s);

/** Any contract command, from creation to every way a contract ends. */
export const arbitraryContractCommand: fc.Arbitrary<ContractCommand> = fc.constantFrom<ContractCommand>(
  createContract(),
  createContract({ autoRenewal: false, value: eur(100_000), towers: [tower("t1", eur(100_000))] }),
  { type: "UpdateTerms", value: eur(300_000) },
  { type: "UpdateTerms", discountPercent: 15, startDate: date("2027-03-01") },
  { type: "AddTower", tower: tower("t2", eur(20_000)) },
  { type: "UpdateTower", towerId: asId.tower("t1"), value: eur(1) },
  { type: "RemoveTower", towerId: asId.tower("t1") },
  { type: "ReassignTowerManager", towerId: asId.tower("t2"), accountManagerId: asId.member("m-x") },
  { type: "AddMilestone", milestone: milestone("ms1") },
  { type: "CompleteMilestone", milestoneId: asId.milestone("ms1"), doneOn: date("2026-11-26") },
  { type: "NameProjectManagers", projectManagerIds: [asId.member("m-pm")] },
  { type: "HandOverToDelivery" },
  { type: "SetBillingSchedule", amount: eur(1_500), period: "monthly", issueDay: 1 },
  { type: "SetBillingSchedule", amount: eur(4_000), period: "quarterly", issueDay: 5 },
  { type: "BillRetainerPeriod" },
  { type: "StartNegotiation" },
  { type: "SubmitForApproval" },
  { type: "Approve" },
  { type: "SendBack", reason: "discount too high" },
  { type: "Sign" },
  { type: "Activate" },
  { type: "EnterNoticeWindow" },
  { type: "GiveNotice", reason: "moving in-house" },
  { type: "MarkRenewed", renewedById: asId.contract("c2") },
  { type: "ApplyTacitRenewal" },
  { type: "Expire" },
  { type: "Terminate", reason: "breach" },
  { type: "Withdraw", reason: "lost" },
);

/** The days c1's schedule turns on: creation, start, notice window, notice deadline, end, and after. */
const SCHEDULE_DAYS = [
  "2026-11-26",
  "2027-01-01",
  "2027-06-02",
  "2027-09-30",
  "2027-10-01",
  "2028-01-01",
  "2029-01-01",
];
const APPROVING_ROLES = ["account_executive", "supervisor", "director", "admin"] as const;

/** Contract commands on days that only move forward, as they do for a real contract, by any approving role. */
export const arbitraryContractSteps: fc.Arbitrary<(readonly [ContractCommand, ContractContext])[]> = fc
  .array(
    fc.tuple(
      arbitraryContractCommand,
      fc.constantFrom(...SCHEDULE_DAYS),
      fc.constantFrom(...APPROVING_ROLES),
    ),
    { maxLength: 40 },
  )
  .map((steps) =>
    [...steps]
      .sort((a, b) => a[1].localeCompare(b[1]))
      .map(([command, day, role]) => [command, contractCtx({ day, role })] as const),
  );

/** A scripted step: the day it happens, the command, and who acts (an account executive unless told). */
type Dated = readonly [day: string, command: ContractCommand, role?: Role];
const dated = (steps: readonly Dated[]) =>
  steps.map(
    ([day, command, role]) => [command, contractCtx({ day, role: role ?? "account_executive" })] as const,
  );

const signing: readonly Dated[] = [
  ["2026-11-26", createContract()],
  ["2026-11-26", { type: "SubmitForApproval" }],
  ["2026-11-26", { type: "Approve" }, "supervisor"],
  ["2026-11-26", { type: "Sign" }],
];

/**
 * Lives that between them lead to every kind of contract event: c1 negotiated, sent back, signed, renewed
 * tacitly, then given notice and expired; renewed by another contract; terminated; withdrawn.
 */
export const CONTRACT_JOURNEYS = [
  dated([
    ["2026-11-26", createContract()],
    ["2026-11-26", { type: "UpdateTerms", discountPercent: 5 }],
    ["2026-11-26", { type: "AddTower", tower: tower("t1", eur(20_000)) }],
    ["2026-11-26", { type: "AddTower", tower: tower("t2", eur(5_000)) }],
    ["2026-11-26", { type: "RemoveTower", towerId: asId.tower("t2") }],
    ["2026-11-26", { type: "UpdateTower", towerId: asId.tower("t1"), name: "Hosting", renewalDate: null }],
    ["2026-11-26", { type: "AddMilestone", milestone: milestone("ms1") }],
    ["2026-11-26", { type: "NameProjectManagers", projectManagerIds: [asId.member("m-pm")] }],
    ["2026-11-26", { type: "SetBillingSchedule", amount: eur(1_000), period: "monthly", issueDay: 1 }],
    ["2026-11-26", { type: "StartNegotiation" }],
    ["2026-11-26", { type: "SubmitForApproval" }],
    ["2026-11-26", { type: "SendBack", reason: "discount too high" }, "supervisor"],
    ["2026-11-26", { type: "SubmitForApproval" }],
    ["2026-11-26", { type: "Approve" }, "supervisor"],
    ["2026-11-26", { type: "Sign" }],
    ["2026-11-26", { type: "HandOverToDelivery" }],
    [
      "2026-11-26",
      { type: "CompleteMilestone", milestoneId: asId.milestone("ms1"), doneOn: date("2026-11-26") },
    ],
    [
      "2026-11-26",
      { type: "ReassignTowerManager", towerId: asId.tower("t1"), accountManagerId: asId.member("m-x") },
    ],
    ["2026-11-26", { type: "LinkRenewalOpportunity", opportunityId: asId.opportunity("o-renewal") }],
    ["2027-01-01", { type: "Activate" }],
    ["2027-01-01", { type: "BillRetainerPeriod" }],
    ["2027-06-02", { type: "EnterNoticeWindow" }],
    ["2027-10-01", { type: "ApplyTacitRenewal" }],
    ["2028-09-01", { type: "EnterNoticeWindow" }],
    ["2028-09-01", { type: "GiveNotice", reason: "moving in-house" }],
    ["2029-01-01", { type: "Expire" }],
  ]),
  dated([
    ...signing,
    ["2027-01-01", { type: "Activate" }],
    ["2027-11-01", { type: "MarkRenewed", renewedById: asId.contract("c2") }],
  ]),
  dated([...signing, ["2027-02-01", { type: "Terminate", reason: "breach" }]]),
  dated([
    ["2026-11-26", createContract()],
    ["2026-11-26", { type: "Withdraw", reason: "lost" }],
  ]),
];
