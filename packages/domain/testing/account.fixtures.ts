// Helpers for the account machine's tests. Not exported from the package.
import fc from "fast-check";
import type { Timestamp } from "../src/kernel/calendar-date.ts";
import { asId } from "../src/kernel/ids.ts";
import { currency } from "../src/kernel/money.ts";
import type { AccountCommand, AccountContext } from "../src/machines/account.machine.ts";
import { ctx } from "./fixtures.ts";
import { arbitrarySteps } from "./small-machines.fixtures.ts";
import { hourByHour } from "./timeline.fixtures.ts";

/** An account context at T0, with a binding contract unless told otherwise. */
export function accountCtx(overrides: Partial<AccountContext> = {}): AccountContext {
  return { ...ctx(), hasBindingContract: true, sameName: null, ...overrides };
}

/** Creates the prospect Acme, owned by ae1, in retail (1,200 people, EUR 250 million a year, EMEA), with as1 as its assistant. */
export const createAccount = (
  overrides: Partial<Extract<AccountCommand, { type: "CreateAccount" }>> = {},
): AccountCommand => ({
  type: "CreateAccount",
  accountId: asId.account("acme"),
  name: "Acme",
  ownerId: asId.member("ae1"),
  parentId: null,
  industry: "Retail",
  website: null,
  employees: 1200,
  annualRevenue: { amount: 250_000_000_00, currency: currency("EUR") },
  region: "EMEA",
  team: [{ memberId: asId.member("as1"), role: "assistant" }],
  ...overrides,
});

export const onboard: AccountCommand = { type: "StartOnboarding" };
export const activate: AccountCommand = { type: "CompleteOnboarding" };

const member = fc.constantFrom(asId.member("ae1"), asId.member("ae2"), asId.member("as1"));
const reason = fc.constantFrom("", "sponsor left");

/** Any account command, blank reasons and repeated team members included. */
export const arbitraryAccountCommand: fc.Arbitrary<AccountCommand> = fc.oneof(
  fc.constantFrom(createAccount(), createAccount({ team: [] })),
  fc.record({
    type: fc.constant("UpdateAccount" as const),
    name: fc.constantFrom("Acme SA", "Acme Group"),
    industry: fc.constantFrom(null, "Banking"),
  }),
  fc.constantFrom<AccountCommand>({ type: "UpdateAccount", parentId: asId.account("acme") }),
  member.map((ownerId): AccountCommand => ({ type: "ChangeOwner", ownerId })),
  member.map((memberId): AccountCommand => ({ type: "AddTeamMember", memberId, role: "assistant" })),
  member.map((memberId): AccountCommand => ({ type: "RemoveTeamMember", memberId })),
  fc.constantFrom<AccountCommand>(onboard, activate, { type: "Recover" }, { type: "WinBack" }),
  reason.map((r): AccountCommand => ({ type: "FlagAtRisk", reason: r })),
  reason.map((r): AccountCommand => ({ type: "MarkChurned", reason: r })),
  reason.map((r): AccountCommand => ({ type: "MarkDormant", reason: r })),
  reason.map((r): AccountCommand => ({ type: "Archive", reason: r })),
);

/** Account commands at forward-moving moments, with or without a binding contract at each. */
export const arbitraryAccountSteps = arbitrarySteps(arbitraryAccountCommand, (now: Timestamp) =>
  fc.boolean().map((hasBindingContract) => accountCtx({ now, hasBindingContract })),
);

const hourly = (commands: AccountCommand[]) => hourByHour((now) => accountCtx({ now }), commands);

/** Lives that between them lead to every kind of account event, an hour per step, a contract binding throughout. */
export const ACCOUNT_JOURNEYS = [
  hourly([
    createAccount(),
    { type: "UpdateAccount", name: "Acme SA", industry: null },
    { type: "UpdateAccount", employees: 1500, annualRevenue: null, region: "Paris office" },
    { type: "ChangeOwner", ownerId: asId.member("ae2") },
    { type: "AddTeamMember", memberId: asId.member("am1"), role: "account_manager" },
    { type: "RemoveTeamMember", memberId: asId.member("as1") },
    onboard,
    activate,
    { type: "FlagAtRisk", reason: "sponsor left" },
    { type: "Recover" },
    { type: "MarkDormant" },
    { type: "WinBack" },
    activate,
    { type: "MarkChurned", reason: "budget cut" },
  ]),
  hourly([createAccount(), { type: "Archive", reason: "never replied" }]),
];
