// Helpers for the contract machine's and the renewal and approval policies' tests. Not exported from the package.
import type { Contract, Tower } from "../entities/contract.ts";
import type { Role } from "../entities/member.ts";
import { defaultWorkspaceSettings, type RenewalSettings } from "../entities/settings.ts";
import { type CalendarDate, date, type Timestamp, timestamp } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { run } from "../kernel/machine.ts";
import { type Money, money } from "../kernel/money.ts";
import type { ContractCommand, ContractContext, ContractState } from "../machines/contract.commands.ts";
import { contractMachine } from "../machines/contract.machine.ts";
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
    discountPercent: 0,
    startDate: date("2027-01-01"),
    term: { unit: "months", count: 12 },
    noticePeriod: { unit: "months", count: 3 },
    autoRenewal: true,
    renewalTerm: null,
    towers: [],
    milestones: [],
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
