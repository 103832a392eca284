import { match } from "ts-pattern";
import { z } from "zod";
import {
  ACCOUNT_STATUSES,
  type Account,
  AccountSchema,
  AccountTeamMemberSchema,
} from "../entities/account.ts";
import { ImportedFromSchema, sourceOf } from "../entities/imported-from.ts";
import type { DecisionContext } from "../kernel/context.ts";
import { type AccountId, AccountIdSchema, MemberIdSchema } from "../kernel/ids.ts";
import {
  aReasonTo,
  assertNew,
  checkMove,
  type Decision,
  existingRecord,
  type GuardedTable,
  type GuardSet,
  givenFields,
  type Machine,
  somethingToChange,
} from "../kernel/machine.ts";
import type { Money } from "../kernel/money.ts";
import { refuse } from "../kernel/refusal.ts";
import { assertNever, err, ok } from "../kernel/result.ts";
import { text } from "../kernel/text.ts";
import { eventSchema } from "./event-schema.ts";

export type AccountState = { readonly status: "none" } | Account;
export type AccountStatusOrNone = AccountState["status"];

/** What an account decision is given: the moment, the actor, and whether a contract binds the client. */
export interface AccountContext extends DecisionContext {
  /** The account has a signed, active or expiring contract (the service looks it up). */
  readonly hasBindingContract: boolean;
  /**
   * For a new account: another account of the workspace with the same name, compared as names are everywhere
   * (accents, case, spacing; see `normalizeName`), or null. The service looks it up.
   */
  readonly sameName: { readonly id: AccountId; readonly name: string } | null;
}

// A blank reason passes the schema and is refused by `decide`, so a form and a script both get ReasonRequired.
const Reason = text().trim().max(2000);

export const AccountCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("CreateAccount"),
    accountId: AccountIdSchema,
    name: AccountSchema.shape.name,
    ownerId: MemberIdSchema,
    parentId: AccountIdSchema.nullable().default(null),
    industry: AccountSchema.shape.industry.default(null),
    website: AccountSchema.shape.website.default(null),
    employees: AccountSchema.shape.employees.default(null),
    annualRevenue: AccountSchema.shape.annualRevenue.default(null),
    region: AccountSchema.shape.region.default(null),
    team: z.array(AccountTeamMemberSchema).default([]),
    /** Where an imported account came from (the import sets it). */
    importedFrom: ImportedFromSchema.optional(),
    /** Create it even though the workspace has an account of the same name (said on purpose, never assumed). */
    allowDuplicate: z.boolean().optional(),
  }),
  z.strictObject({
    type: z.literal("UpdateAccount"),
    name: AccountSchema.shape.name.optional(),
    industry: AccountSchema.shape.industry.optional(),
    website: AccountSchema.shape.website.optional(),
    parentId: AccountIdSchema.nullable().optional(),
    employees: AccountSchema.shape.employees.optional(),
    annualRevenue: AccountSchema.shape.annualRevenue.optional(),
    region: AccountSchema.shape.region.optional(),
  }),
  z.strictObject({ type: z.literal("ChangeOwner"), ownerId: MemberIdSchema }),
  z.strictObject({
    type: z.literal("AddTeamMember"),
    memberId: MemberIdSchema,
    role: AccountTeamMemberSchema.shape.role,
  }),
  z.strictObject({ type: z.literal("RemoveTeamMember"), memberId: MemberIdSchema }),
  z.strictObject({ type: z.literal("StartOnboarding") }),
  z.strictObject({ type: z.literal("CompleteOnboarding") }),
  z.strictObject({ type: z.literal("FlagAtRisk"), reason: Reason }),
  z.strictObject({ type: z.literal("Recover") }),
  z.strictObject({ type: z.literal("MarkChurned"), reason: Reason }),
  z.strictObject({ type: z.literal("MarkDormant"), reason: Reason.optional() }),
  z.strictObject({ type: z.literal("WinBack") }),
  z.strictObject({ type: z.literal("Archive"), reason: Reason }),
]);
export type AccountCommand = z.infer<typeof AccountCommandSchema>;

/** The details an edit may change; an absent field stays as it is, `null` clears it. */
export const AccountChangesSchema = z.strictObject({
  name: AccountSchema.shape.name.exactOptional(),
  industry: AccountSchema.shape.industry.exactOptional(),
  website: AccountSchema.shape.website.exactOptional(),
  parentId: AccountSchema.shape.parentId.exactOptional(),
  employees: AccountSchema.shape.employees.exactOptional(),
  annualRevenue: AccountSchema.shape.annualRevenue.exactOptional(),
  region: AccountSchema.shape.region.exactOptional(),
});
export type AccountChanges = z.infer<typeof AccountChangesSchema>;

// `decide` trims the reasons it records and refuses blank ones.
const RecordedReason = AccountSchema.shape.statusReason.unwrap().min(1).max(2000);

/** Everything that can happen to an account; the store parses each event it reads back with this schema. */
export const AccountEventSchema = z.discriminatedUnion("type", [
  eventSchema("AccountCreated", {
    accountId: AccountIdSchema,
    name: AccountSchema.shape.name,
    ownerId: AccountSchema.shape.ownerId,
    parentId: AccountSchema.shape.parentId,
    industry: AccountSchema.shape.industry,
    website: AccountSchema.shape.website,
    // Absent from events stored before accounts had a size and a region: read as not known.
    employees: AccountSchema.shape.employees.optional(),
    annualRevenue: AccountSchema.shape.annualRevenue.optional(),
    region: AccountSchema.shape.region.optional(),
    team: AccountSchema.shape.team,
    // Absent from events of accounts made here, and from events stored before imports kept it.
    importedFrom: ImportedFromSchema.optional(),
  }),
  eventSchema("AccountUpdated", { changes: AccountChangesSchema }),
  eventSchema("AccountOwnerChanged", { ownerId: AccountSchema.shape.ownerId }),
  eventSchema("AccountTeamMemberAdded", { member: AccountTeamMemberSchema }),
  eventSchema("AccountTeamMemberRemoved", { memberId: AccountTeamMemberSchema.shape.memberId }),
  eventSchema("AccountOnboardingStarted"),
  eventSchema("AccountOnboardingCompleted"),
  eventSchema("AccountFlaggedAtRisk", { reason: RecordedReason }),
  eventSchema("AccountRecovered"),
  eventSchema("AccountChurned", { reason: RecordedReason }),
  eventSchema("AccountWentDormant", { reason: RecordedReason.nullable() }),
  eventSchema("AccountWonBack"),
  eventSchema("AccountArchived", { reason: RecordedReason }),
]);
export type AccountEvent = z.infer<typeof AccountEventSchema>;

const existingStatuses = ["prospect", "onboarding", "active", "at_risk", "churned", "dormant"] as const;
type Guards = GuardSet<AccountState, AccountCommand, AccountContext>;

const isNegative = (m: Money | null | undefined): boolean => m != null && m.amount < 0;
const accountOf = (state: AccountState): Account | undefined => (state.status === "none" ? undefined : state);

/** The named checks of the account's table. */
export const accountGuards = {
  // A second account of an existing name is refused unless asked for: two "Zephyr Logistics" split a client's history.
  aNameNotTaken: {
    words: "a name no other account has, unless a duplicate is asked for",
    check: (_state, command, ctx) =>
      command.type === "CreateAccount" && ctx.sameName && !command.allowDuplicate
        ? {
            ...refuse.alreadyExists("account", ctx.sameName.id),
            message: `There is already an account named "${ctx.sameName.name}" (${ctx.sameName.id}). To add another account with the same name, create it with allowDuplicate.`,
          }
        : undefined,
  },
  somethingToChange: somethingToChange<AccountCommand, "UpdateAccount">(
    "UpdateAccount",
    changesOf,
    "Say what to change: a name, industry, website, parent, employees, annual revenue or region.",
  ),
  notItsOwnParent: {
    words: "not its own parent",
    check: (state, command) => {
      const self = command.type === "CreateAccount" ? command.accountId : accountOf(state)?.id;
      const parent =
        command.type === "CreateAccount" || command.type === "UpdateAccount" ? command.parentId : undefined;
      return parent !== undefined && parent === self
        ? refuse.invalidInput("parentId", "An account cannot be its own parent.")
        : undefined;
    },
  },
  aRevenueNotNegative: {
    words: "a revenue that is not negative",
    check: (_state, command) =>
      (command.type === "CreateAccount" || command.type === "UpdateAccount") &&
      isNegative(command.annualRevenue)
        ? refuse.invalidInput("annualRevenue", "An annual revenue cannot be negative.")
        : undefined,
  },
  nobodyTwiceOnTheTeam: {
    words: "nobody twice on the team",
    check: (_state, command) => {
      if (command.type !== "CreateAccount") return undefined;
      const team = command.team;
      const twice = team.find((m, i) => team.findIndex((n) => n.memberId === m.memberId) !== i);
      return twice
        ? refuse.invalidInput("team", `${twice.memberId} appears more than once on the team.`)
        : undefined;
    },
  },
  aDifferentOwner: {
    words: "a different owner",
    check: (state, command) =>
      command.type === "ChangeOwner" && command.ownerId === accountOf(state)?.ownerId
        ? refuse.invalidInput("ownerId", `${command.ownerId} already owns this account.`)
        : undefined,
  },
  notOnTheTeam: {
    words: "someone not on the team yet",
    check: (state, command) =>
      command.type === "AddTeamMember" && accountOf(state)?.team.some((m) => m.memberId === command.memberId)
        ? refuse.invalidInput("memberId", `${command.memberId} is already on the account team.`)
        : undefined,
  },
  onTheTeam: {
    words: "someone on the team",
    check: (state, command) =>
      command.type === "RemoveTeamMember" &&
      !accountOf(state)?.team.some((m) => m.memberId === command.memberId)
        ? refuse.invalidInput("memberId", `${command.memberId} is not on the account team.`)
        : undefined,
  },
  // "signed_contract" is the pipeline's exit criterion for the same fact, so adapters already word it.
  aSignedContract: {
    words: "a signed contract",
    check: (state, _command, ctx) =>
      ctx.hasBindingContract
        ? undefined
        : refuse.exitCriteriaNotMet(state.status, "onboarding", ["signed_contract"]),
  },
  aReason: aReasonTo<AccountCommand>({
    FlagAtRisk: "flag the account at risk",
    MarkChurned: "mark the account churned",
    Archive: "archive the prospect",
  }),
} as const satisfies Guards;

/** The name of one of the account machine's guards. */
export type AccountGuard = keyof typeof accountGuards;

export const accountTable = {
  CreateAccount: {
    command: "CreateAccount",
    label: "create",
    from: ["none"],
    to: ["prospect"],
    guards: ["aNameNotTaken", "notItsOwnParent", "aRevenueNotNegative", "nobodyTwiceOnTheTeam"],
  },
  UpdateAccount: {
    command: "UpdateAccount",
    label: "edit details",
    from: existingStatuses,
    to: existingStatuses,
    guards: ["somethingToChange", "notItsOwnParent", "aRevenueNotNegative"],
  },
  ChangeOwner: {
    command: "ChangeOwner",
    label: "change owner",
    from: existingStatuses,
    to: existingStatuses,
    guards: ["aDifferentOwner"],
  },
  AddTeamMember: {
    command: "AddTeamMember",
    label: "add a team member",
    from: existingStatuses,
    to: existingStatuses,
    guards: ["notOnTheTeam"],
  },
  RemoveTeamMember: {
    command: "RemoveTeamMember",
    label: "remove a team member",
    from: existingStatuses,
    to: existingStatuses,
    guards: ["onTheTeam"],
  },
  StartOnboarding: {
    command: "StartOnboarding",
    label: "start onboarding",
    from: ["prospect"],
    to: ["onboarding"],
    guards: ["aSignedContract"],
  },
  CompleteOnboarding: {
    command: "CompleteOnboarding",
    label: "complete onboarding",
    from: ["onboarding"],
    to: ["active"],
    guards: [],
  },
  FlagAtRisk: {
    command: "FlagAtRisk",
    label: "flag at risk",
    from: ["active"],
    to: ["at_risk"],
    guards: ["aReason"],
  },
  Recover: { command: "Recover", label: "recover", from: ["at_risk"], to: ["active"], guards: [] },
  MarkChurned: {
    command: "MarkChurned",
    label: "mark churned",
    from: ["onboarding", "active", "at_risk"],
    to: ["churned"],
    guards: ["aReason"],
  },
  MarkDormant: {
    command: "MarkDormant",
    label: "mark dormant",
    from: ["active", "at_risk"],
    to: ["dormant"],
    guards: [],
  },
  WinBack: {
    command: "WinBack",
    label: "win back",
    from: ["churned", "dormant"],
    to: ["onboarding"],
    guards: ["aSignedContract"],
  },
  Archive: {
    command: "Archive",
    label: "archive",
    from: ["prospect"],
    to: ["archived"],
    guards: ["aReason"],
  },
} as const satisfies GuardedTable<AccountStatusOrNone, AccountCommand["type"], AccountGuard>;

function decide(state: AccountState, command: AccountCommand, ctx: AccountContext): Decision<AccountEvent> {
  const refused = checkMove("account", accountTable, accountGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<AccountEvent>>()
    .with({ type: "CreateAccount" }, (c) =>
      ok([
        {
          type: "AccountCreated",
          at,
          accountId: c.accountId,
          name: c.name,
          ownerId: c.ownerId,
          parentId: c.parentId,
          industry: c.industry,
          website: c.website,
          employees: c.employees,
          annualRevenue: c.annualRevenue,
          region: c.region,
          team: c.team,
          ...(c.importedFrom && { importedFrom: c.importedFrom }),
        },
      ]),
    )
    .with({ type: "UpdateAccount" }, (c) => ok([{ type: "AccountUpdated", at, changes: changesOf(c) }]))
    .with({ type: "ChangeOwner" }, (c) => ok([{ type: "AccountOwnerChanged", at, ownerId: c.ownerId }]))
    .with({ type: "AddTeamMember" }, (c) =>
      ok([{ type: "AccountTeamMemberAdded", at, member: { memberId: c.memberId, role: c.role } }]),
    )
    .with({ type: "RemoveTeamMember" }, (c) =>
      ok([{ type: "AccountTeamMemberRemoved", at, memberId: c.memberId }]),
    )
    .with({ type: "StartOnboarding" }, () => ok([{ type: "AccountOnboardingStarted", at }]))
    .with({ type: "CompleteOnboarding" }, () => ok([{ type: "AccountOnboardingCompleted", at }]))
    .with({ type: "FlagAtRisk" }, (c) => ok([{ type: "AccountFlaggedAtRisk", at, reason: c.reason.trim() }]))
    .with({ type: "Recover" }, () => ok([{ type: "AccountRecovered", at }]))
    .with({ type: "MarkChurned" }, (c) => ok([{ type: "AccountChurned", at, reason: c.reason.trim() }]))
    .with({ type: "MarkDormant" }, (c) =>
      ok([{ type: "AccountWentDormant", at, reason: c.reason?.trim() || null }]),
    )
    .with({ type: "WinBack" }, () => ok([{ type: "AccountWonBack", at }]))
    .with({ type: "Archive" }, (c) => ok([{ type: "AccountArchived", at, reason: c.reason.trim() }]))
    .exhaustive();
}

function changesOf(c: Extract<AccountCommand, { type: "UpdateAccount" }>): AccountChanges {
  return givenFields(c, ["name", "industry", "website", "parentId", "employees", "annualRevenue", "region"]);
}

function existing(state: AccountState, event?: AccountEvent): Account {
  return existingRecord(state, "an account", event);
}

function moved(state: AccountState, event: AccountEvent, status: Account["status"], reason: string | null) {
  return { ...existing(state, event), status, statusChangedAt: event.at, statusReason: reason };
}

function evolve(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case "AccountCreated":
      assertNew(state, "account", event);
      return {
        id: event.accountId,
        name: event.name,
        status: "prospect",
        ownerId: event.ownerId,
        team: [...event.team],
        parentId: event.parentId,
        industry: event.industry,
        website: event.website,
        employees: event.employees ?? null,
        annualRevenue: event.annualRevenue ?? null,
        region: event.region ?? null,
        createdAt: event.at,
        statusChangedAt: event.at,
        statusReason: null,
        ...sourceOf(event.importedFrom),
      };
    case "AccountUpdated":
      return { ...existing(state, event), ...event.changes };
    case "AccountOwnerChanged":
      return { ...existing(state, event), ownerId: event.ownerId };
    case "AccountTeamMemberAdded": {
      const account = existing(state, event);
      return { ...account, team: [...account.team, event.member] };
    }
    case "AccountTeamMemberRemoved": {
      const account = existing(state, event);
      return { ...account, team: account.team.filter((m) => m.memberId !== event.memberId) };
    }
    case "AccountOnboardingStarted":
    case "AccountWonBack":
      return moved(state, event, "onboarding", null);
    case "AccountOnboardingCompleted":
    case "AccountRecovered":
      return moved(state, event, "active", null);
    case "AccountFlaggedAtRisk":
      return moved(state, event, "at_risk", event.reason);
    case "AccountChurned":
      return moved(state, event, "churned", event.reason);
    case "AccountWentDormant":
      return moved(state, event, "dormant", event.reason);
    case "AccountArchived":
      return moved(state, event, "archived", event.reason);
    default:
      return assertNever(event, "account event");
  }
}

/**
 * Account: prospect → onboarding (a signed contract) → active ⇄ at_risk → churned or dormant; a win-back
 * (another signed contract) returns to onboarding; a dead prospect is archived with a reason.
 */
export const accountMachine: Machine<AccountState, AccountCommand, AccountEvent, AccountContext> = {
  name: "account",
  initial: { status: "none" },
  statuses: ["none", ...ACCOUNT_STATUSES],
  terminal: ["archived"],
  table: accountTable,
  guards: accountGuards,
  decide,
  evolve,
};
