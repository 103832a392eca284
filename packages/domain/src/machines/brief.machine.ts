import { match } from "ts-pattern";
import { z } from "zod";
import { BRIEF_STATUSES, type Brief, BriefSchema } from "../entities/brief.ts";
import type { Contract } from "../entities/contract.ts";
import type { Opportunity } from "../entities/opportunity.ts";
import { type CalendarDate, CalendarDateSchema, dateOf } from "../kernel/calendar-date.ts";
import type { DecisionContext } from "../kernel/context.ts";
import {
  AccountIdSchema,
  BriefIdSchema,
  ContractIdSchema,
  MemberIdSchema,
  OpportunityIdSchema,
} from "../kernel/ids.ts";
import {
  aReasonTo,
  assertNew,
  checkMove,
  type Decision,
  existingRecord,
  type GuardedTable,
  type GuardSet,
  type Machine,
} from "../kernel/machine.ts";
import { currencyMismatch, MoneySchema, toDecimalString } from "../kernel/money.ts";
import type { InvalidInput } from "../kernel/refusal.ts";
import { refuse } from "../kernel/refusal.ts";
import { assertNever, err, InvariantViolation, ok } from "../kernel/result.ts";
import { spellDate } from "../kernel/spell-date.ts";
import { text } from "../kernel/text.ts";
import { eventSchema } from "./event-schema.ts";

export type BriefState = { readonly status: "none" } | Brief;
export type BriefStatusOrNone = BriefState["status"];

/**
 * What brief decisions are given: the moment, the actor, and the records a link names — the deal (`LinkDeal`)
 * or the contract (`LinkContract`) as the workspace holds them, null when there is none. The service loads the
 * one the command names; other commands look at neither.
 */
export interface BriefContext extends DecisionContext {
  readonly deal?: Pick<Opportunity, "id" | "accountId" | "name" | "status"> | null;
  readonly contract?: Pick<Contract, "id" | "accountId" | "title" | "status" | "opportunityId"> | null;
}

// A blank reason passes the schema and is refused by `decide`, so a form and a script both get ReasonRequired.
const Reason = text().trim().max(2000);

export const BriefCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("ReceiveBrief"),
    briefId: BriefIdSchema,
    accountId: AccountIdSchema,
    title: BriefSchema.shape.title,
    description: BriefSchema.shape.description.default(""),
    clientBudget: MoneySchema,
    deadline: CalendarDateSchema.nullable().default(null),
    plannerId: MemberIdSchema.nullable().default(null),
  }),
  z.strictObject({ type: z.literal("StartAnalysis"), plannerId: MemberIdSchema.optional() }),
  z.strictObject({ type: z.literal("AssignPlanner"), plannerId: MemberIdSchema }),
  z.strictObject({ type: z.literal("ApproveBudget"), approvedBudget: MoneySchema }),
  z.strictObject({ type: z.literal("StartProduction") }),
  z.strictObject({ type: z.literal("Deliver") }),
  z.strictObject({ type: z.literal("Close") }),
  z.strictObject({ type: z.literal("Reject"), reason: Reason }),
  z.strictObject({
    type: z.literal("ChangeDeadline"),
    deadline: CalendarDateSchema,
    reason: Reason.optional(),
  }),
  /** Links the deal the brief leads to; linking another one later needs a reason. */
  z.strictObject({
    type: z.literal("LinkDeal"),
    opportunityId: OpportunityIdSchema,
    reason: Reason.optional(),
  }),
  /** Links the contract the brief is delivered under; linking another one later needs a reason. */
  z.strictObject({
    type: z.literal("LinkContract"),
    contractId: ContractIdSchema,
    reason: Reason.optional(),
  }),
]);
export type BriefCommand = z.infer<typeof BriefCommandSchema>;

const brief = BriefSchema.shape;

/** Everything that can happen to a brief; the store parses each event it reads back with this schema. */
export const BriefEventSchema = z.discriminatedUnion("type", [
  eventSchema("BriefReceived", {
    briefId: brief.id,
    accountId: brief.accountId,
    title: brief.title,
    description: brief.description,
    clientBudget: brief.clientBudget,
    deadline: brief.deadline,
    plannerId: brief.plannerId,
  }),
  eventSchema("BriefAnalysisStarted", { plannerId: brief.plannerId.unwrap() }),
  eventSchema("BriefPlannerAssigned", { plannerId: brief.plannerId.unwrap() }),
  eventSchema("BriefBudgetApproved", { approvedBudget: brief.approvedBudget.unwrap() }),
  eventSchema("BriefProductionStarted"),
  eventSchema("BriefDelivered"),
  eventSchema("BriefClosed"),
  // `decide` trims the reasons it records and refuses blank ones.
  eventSchema("BriefRejected", { reason: brief.rejectionReason.unwrap().min(1).max(2000) }),
  eventSchema("BriefDeadlineChanged", {
    deadline: brief.deadline.unwrap(),
    reason: text().min(1).max(2000).nullable(),
  }),
  eventSchema("BriefDealLinked", {
    opportunityId: OpportunityIdSchema,
    /** The deal it led to before, when this link replaced one. */
    previousOpportunityId: OpportunityIdSchema.nullable(),
    reason: text().min(1).max(2000).nullable(),
  }),
  eventSchema("BriefContractLinked", {
    contractId: ContractIdSchema,
    previousContractId: ContractIdSchema.nullable(),
    reason: text().min(1).max(2000).nullable(),
  }),
]);
export type BriefEvent = z.infer<typeof BriefEventSchema>;

/** Statuses in which the work is not yet delivered, so the planner and the deadline may still change. */
const undelivered = ["received", "in_analysis", "budget_approved", "in_production"] as const;
/** Statuses in which a brief may be linked to its deal and contract: any but closed or rejected. */
const linkable = [...undelivered, "delivered"] as const;

type Guards = GuardSet<BriefState, BriefCommand, BriefContext>;

const briefOf = (state: BriefState): Brief | undefined => (state.status === "none" ? undefined : state);
const reasonOf = (c: { readonly reason?: string | null | undefined }): string | null =>
  c.reason?.trim() || null;

/** The deal a LinkDeal names, as the context found it; undefined for other commands or when it is not there. */
const dealNamed = (command: BriefCommand, ctx: BriefContext) =>
  command.type === "LinkDeal" && ctx.deal?.id === command.opportunityId ? ctx.deal : undefined;
/** The contract a LinkContract names, as the context found it. */
const contractNamed = (command: BriefCommand, ctx: BriefContext) =>
  command.type === "LinkContract" && ctx.contract?.id === command.contractId ? ctx.contract : undefined;

/**
 * The named checks of the brief's table. Linking: the deal or contract is the brief's account's, and neither lost
 * nor withdrawn; when the brief's contract was made from a deal, it is the brief's deal; a brief leads to one deal
 * and is delivered under one contract at a time, so replacing a link needs a reason (kept with the event).
 */
export const briefGuards = {
  aBudgetNotNegative: {
    words: "a budget that is not negative",
    check: (_state, command) =>
      command.type === "ReceiveBrief" && command.clientBudget.amount < 0
        ? refuse.invalidInput("clientBudget", "The client's budget cannot be negative.")
        : undefined,
  },
  aDeadlineNotInThePast: {
    words: "a deadline not in the past",
    check: (_state, command, ctx) => {
      const deadline =
        command.type === "ReceiveBrief" || command.type === "ChangeDeadline" ? command.deadline : null;
      return deadline === null ? undefined : pastDeadline(deadline, dateOf(ctx.now));
    },
  },
  aPlanner: {
    words: "an account planner",
    check: (state, command) =>
      command.type === "StartAnalysis" && (command.plannerId ?? briefOf(state)?.plannerId ?? null) === null
        ? refuse.invalidInput("plannerId", "An account planner must be assigned before the analysis starts.")
        : undefined,
  },
  aDifferentPlanner: {
    words: "a different planner",
    check: (state, command) =>
      command.type === "AssignPlanner" && command.plannerId === briefOf(state)?.plannerId
        ? refuse.invalidInput("plannerId", `${command.plannerId} is already the planner of this brief.`)
        : undefined,
  },
  inTheClientBudgetsCurrency: {
    words: "the client budget's currency",
    check: (state, command) => {
      const expected = briefOf(state)?.clientBudget.currency;
      return command.type === "ApproveBudget" && expected && command.approvedBudget.currency !== expected
        ? currencyMismatch(expected, command.approvedBudget.currency)
        : undefined;
    },
  },
  aPositiveBudget: {
    words: "a positive amount",
    check: (state, command) =>
      command.type === "ApproveBudget" && command.approvedBudget.amount <= 0
        ? refuse.invalidInput(
            "approvedBudget",
            `An approved budget must be positive, not ${toDecimalString(command.approvedBudget)} ${briefOf(state)?.clientBudget.currency ?? command.approvedBudget.currency}.`,
          )
        : undefined,
  },
  aReason: aReasonTo<BriefCommand>({
    Reject: "reject the brief",
  }),
  aDifferentDeadline: {
    words: "a different date",
    check: (state, command, ctx) =>
      command.type === "ChangeDeadline" && command.deadline === briefOf(state)?.deadline
        ? refuse.invalidInput(
            "deadline",
            `The deadline is already ${spellDate(command.deadline, dateOf(ctx.now))}.`,
          )
        : undefined,
  },
  // Only a date already agreed with the client needs a reason to move; setting the first one does not.
  aReasonToMoveAnAgreedDeadline: {
    words: "a reason to move a deadline agreed with the client",
    check: (state, command) =>
      command.type === "ChangeDeadline" &&
      (briefOf(state)?.deadline ?? null) !== null &&
      reasonOf(command) === null
        ? refuse.reasonRequired("move a deadline agreed with the client")
        : undefined,
  },
  aDealOfTheWorkspace: {
    words: "a deal of the workspace",
    check: (_state, command, ctx) =>
      command.type === "LinkDeal" && !dealNamed(command, ctx)
        ? refuse.invalidInput("opportunityId", `There is no deal ${command.opportunityId} in this workspace.`)
        : undefined,
  },
  aDealOfTheBriefsAccount: {
    words: "a deal of the brief's account",
    check: (state, command, ctx) => {
      const deal = dealNamed(command, ctx);
      const b = briefOf(state);
      return deal && b && deal.accountId !== b.accountId
        ? refuse.invalidInput(
            "opportunityId",
            `The deal "${deal.name}" belongs to account ${deal.accountId}; this brief is account ${b.accountId}'s.`,
          )
        : undefined;
    },
  },
  aDealNotLost: {
    words: "a deal not lost",
    check: (_state, command, ctx) => {
      const deal = dealNamed(command, ctx);
      return deal?.status === "lost"
        ? refuse.invalidInput("opportunityId", `The deal "${deal.name}" was lost: a brief cannot lead to it.`)
        : undefined;
    },
  },
  aDifferentDeal: {
    words: "a different deal",
    check: (state, command, ctx) => {
      const deal = dealNamed(command, ctx);
      return deal && briefOf(state)?.opportunityId === deal.id
        ? refuse.invalidInput("opportunityId", `This brief already leads to the deal "${deal.name}".`)
        : undefined;
    },
  },
  theDealOfTheBriefsContract: {
    words: "the deal of the brief's contract, if one is linked",
    check: (_state, command, ctx) => {
      const deal = dealNamed(command, ctx);
      const contract = ctx.contract;
      return deal && contract && contract.opportunityId !== null && contract.opportunityId !== deal.id
        ? refuse.invalidInput(
            "opportunityId",
            `This brief is delivered under "${contract.title}", which was made from deal ${contract.opportunityId}, not the deal "${deal.name}".`,
          )
        : undefined;
    },
  },
  aReasonToReplaceTheDeal: {
    words: "a reason to replace a linked deal",
    check: (state, command) => {
      const linked = briefOf(state)?.opportunityId ?? null;
      return command.type === "LinkDeal" && linked !== null && reasonOf(command) === null
        ? refuse.reasonRequired(`replace the deal this brief leads to (${linked})`)
        : undefined;
    },
  },
  aContractOfTheWorkspace: {
    words: "a contract of the workspace",
    check: (_state, command, ctx) =>
      command.type === "LinkContract" && !contractNamed(command, ctx)
        ? refuse.invalidInput("contractId", `There is no contract ${command.contractId} in this workspace.`)
        : undefined,
  },
  aContractOfTheBriefsAccount: {
    words: "a contract of the brief's account",
    check: (state, command, ctx) => {
      const contract = contractNamed(command, ctx);
      const b = briefOf(state);
      return contract && b && contract.accountId !== b.accountId
        ? refuse.invalidInput(
            "contractId",
            `The contract "${contract.title}" belongs to account ${contract.accountId}; this brief is account ${b.accountId}'s.`,
          )
        : undefined;
    },
  },
  aContractNotWithdrawn: {
    words: "a contract not withdrawn",
    check: (_state, command, ctx) => {
      const contract = contractNamed(command, ctx);
      return contract?.status === "withdrawn"
        ? refuse.invalidInput(
            "contractId",
            `The contract "${contract.title}" was withdrawn: nothing is delivered under it.`,
          )
        : undefined;
    },
  },
  aDifferentContract: {
    words: "a different contract",
    check: (state, command, ctx) => {
      const contract = contractNamed(command, ctx);
      return contract && briefOf(state)?.contractId === contract.id
        ? refuse.invalidInput("contractId", `This brief is already delivered under "${contract.title}".`)
        : undefined;
    },
  },
  madeFromTheBriefsDeal: {
    words: "made from the brief's deal, if both name one",
    check: (state, command, ctx) => {
      const contract = contractNamed(command, ctx);
      const dealId = briefOf(state)?.opportunityId ?? null;
      return contract &&
        dealId !== null &&
        contract.opportunityId !== null &&
        contract.opportunityId !== dealId
        ? refuse.invalidInput(
            "contractId",
            `The contract "${contract.title}" was made from deal ${contract.opportunityId}, but this brief leads to deal ${dealId}.`,
          )
        : undefined;
    },
  },
  aReasonToReplaceTheContract: {
    words: "a reason to replace a linked contract",
    check: (state, command) => {
      const linked = briefOf(state)?.contractId ?? null;
      return command.type === "LinkContract" && linked !== null && reasonOf(command) === null
        ? refuse.reasonRequired(`replace the contract this brief is delivered under (${linked})`)
        : undefined;
    },
  },
} as const satisfies Guards;

/** The name of one of the brief machine's guards. */
export type BriefGuard = keyof typeof briefGuards;

export const briefTable = {
  ReceiveBrief: {
    command: "ReceiveBrief",
    label: "receive",
    from: ["none"],
    to: ["received"],
    guards: ["aBudgetNotNegative", "aDeadlineNotInThePast"],
  },
  StartAnalysis: {
    command: "StartAnalysis",
    label: "start analysis",
    from: ["received"],
    to: ["in_analysis"],
    guards: ["aPlanner"],
  },
  AssignPlanner: {
    command: "AssignPlanner",
    label: "assign a planner",
    from: undelivered,
    to: undelivered,
    guards: ["aDifferentPlanner"],
  },
  ApproveBudget: {
    command: "ApproveBudget",
    label: "approve the budget",
    from: ["in_analysis"],
    to: ["budget_approved"],
    guards: ["inTheClientBudgetsCurrency", "aPositiveBudget"],
  },
  StartProduction: {
    command: "StartProduction",
    label: "start production",
    from: ["budget_approved"],
    to: ["in_production"],
    guards: [],
  },
  Deliver: { command: "Deliver", label: "deliver", from: ["in_production"], to: ["delivered"], guards: [] },
  Close: { command: "Close", label: "close", from: ["delivered"], to: ["closed"], guards: [] },
  Reject: {
    command: "Reject",
    label: "reject",
    from: ["received", "in_analysis", "budget_approved"],
    to: ["rejected"],
    guards: ["aReason"],
  },
  ChangeDeadline: {
    command: "ChangeDeadline",
    label: "change the deadline",
    from: undelivered,
    to: undelivered,
    guards: ["aDifferentDeadline", "aDeadlineNotInThePast", "aReasonToMoveAnAgreedDeadline"],
  },
  LinkDeal: {
    command: "LinkDeal",
    label: "link the deal",
    from: linkable,
    to: linkable,
    guards: [
      "aDealOfTheWorkspace",
      "aDealOfTheBriefsAccount",
      "aDealNotLost",
      "aDifferentDeal",
      "theDealOfTheBriefsContract",
      "aReasonToReplaceTheDeal",
    ],
  },
  LinkContract: {
    command: "LinkContract",
    label: "link the contract",
    from: linkable,
    to: linkable,
    guards: [
      "aContractOfTheWorkspace",
      "aContractOfTheBriefsAccount",
      "aContractNotWithdrawn",
      "aDifferentContract",
      "madeFromTheBriefsDeal",
      "aReasonToReplaceTheContract",
    ],
  },
} as const satisfies GuardedTable<BriefStatusOrNone, BriefCommand["type"], BriefGuard>;

function decide(state: BriefState, command: BriefCommand, ctx: BriefContext): Decision<BriefEvent> {
  const refused = checkMove("brief", briefTable, briefGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<BriefEvent>>()
    .with({ type: "ReceiveBrief" }, (c) =>
      ok([
        {
          type: "BriefReceived",
          at,
          briefId: c.briefId,
          accountId: c.accountId,
          title: c.title,
          description: c.description,
          clientBudget: c.clientBudget,
          deadline: c.deadline,
          plannerId: c.plannerId,
        },
      ]),
    )
    .with({ type: "StartAnalysis" }, (c) => {
      const plannerId = c.plannerId ?? existing(state).plannerId;
      if (plannerId === null)
        throw new InvariantViolation("the guard aPlanner let an analysis start with no planner");
      return ok([{ type: "BriefAnalysisStarted", at, plannerId }]);
    })
    .with({ type: "AssignPlanner" }, (c) =>
      ok([{ type: "BriefPlannerAssigned", at, plannerId: c.plannerId }]),
    )
    .with({ type: "ApproveBudget" }, (c) =>
      ok([{ type: "BriefBudgetApproved", at, approvedBudget: c.approvedBudget }]),
    )
    .with({ type: "StartProduction" }, () => ok([{ type: "BriefProductionStarted", at }]))
    .with({ type: "Deliver" }, () => ok([{ type: "BriefDelivered", at }]))
    .with({ type: "Close" }, () => ok([{ type: "BriefClosed", at }]))
    .with({ type: "Reject" }, (c) => ok([{ type: "BriefRejected", at, reason: c.reason.trim() }]))
    .with({ type: "ChangeDeadline" }, (c) =>
      ok([{ type: "BriefDeadlineChanged", at, deadline: c.deadline, reason: reasonOf(c) }]),
    )
    .with({ type: "LinkDeal" }, (c) =>
      ok([
        {
          type: "BriefDealLinked",
          at,
          opportunityId: c.opportunityId,
          previousOpportunityId: existing(state).opportunityId,
          reason: reasonOf(c),
        },
      ]),
    )
    .with({ type: "LinkContract" }, (c) =>
      ok([
        {
          type: "BriefContractLinked",
          at,
          contractId: c.contractId,
          previousContractId: existing(state).contractId,
          reason: reasonOf(c),
        },
      ]),
    )
    .exhaustive();
}

function pastDeadline(deadline: CalendarDate, today: CalendarDate): InvalidInput | undefined {
  return deadline < today
    ? refuse.invalidInput(
        "deadline",
        `A deadline cannot be in the past: ${spellDate(deadline, today)} is before today (${spellDate(today, today)}).`,
      )
    : undefined;
}

function existing(state: BriefState, event?: BriefEvent): Brief {
  return existingRecord(state, "a brief", event);
}

function evolve(state: BriefState, event: BriefEvent): BriefState {
  switch (event.type) {
    case "BriefReceived":
      assertNew(state, "brief", event);
      return {
        id: event.briefId,
        accountId: event.accountId,
        title: event.title,
        description: event.description,
        clientBudget: event.clientBudget,
        approvedBudget: null,
        plannerId: event.plannerId,
        status: "received",
        deadline: event.deadline,
        receivedAt: event.at,
        deliveredAt: null,
        rejectionReason: null,
        opportunityId: null,
        contractId: null,
      };
    case "BriefAnalysisStarted":
      return { ...existing(state, event), status: "in_analysis", plannerId: event.plannerId };
    case "BriefPlannerAssigned":
      return { ...existing(state, event), plannerId: event.plannerId };
    case "BriefBudgetApproved":
      return { ...existing(state, event), status: "budget_approved", approvedBudget: event.approvedBudget };
    case "BriefProductionStarted":
      return { ...existing(state, event), status: "in_production" };
    case "BriefDelivered":
      return { ...existing(state, event), status: "delivered", deliveredAt: event.at };
    case "BriefClosed":
      return { ...existing(state, event), status: "closed" };
    case "BriefRejected":
      return { ...existing(state, event), status: "rejected", rejectionReason: event.reason };
    case "BriefDeadlineChanged":
      return { ...existing(state, event), deadline: event.deadline };
    case "BriefDealLinked":
      return { ...existing(state, event), opportunityId: event.opportunityId };
    case "BriefContractLinked":
      return { ...existing(state, event), contractId: event.contractId };
    default:
      return assertNever(event, "brief event");
  }
}

/**
 * Brief: received → in_analysis (with a planner) → budget_approved → in_production → delivered → closed;
 * rejected with a reason before production starts. Until it is closed or rejected it may be linked to the deal
 * it leads to and the contract it is delivered under (the agency chain brief → deal → contract).
 */
export const briefMachine: Machine<BriefState, BriefCommand, BriefEvent, BriefContext> = {
  name: "brief",
  initial: { status: "none" },
  statuses: ["none", ...BRIEF_STATUSES],
  terminal: ["closed", "rejected"],
  table: briefTable,
  guards: briefGuards,
  decide,
  evolve,
};
