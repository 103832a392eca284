import { match } from "ts-pattern";
import { z } from "zod";
import { BRIEF_STATUSES, type Brief, BriefSchema } from "../entities/brief.ts";
import type { Contract } from "../entities/contract.ts";
import type { Opportunity } from "../entities/opportunity.ts";
import { type CalendarDate, CalendarDateSchema, dateOf, spellDate } from "../kernel/calendar-date.ts";
import type { DecisionContext } from "../kernel/context.ts";
import {
  AccountIdSchema,
  BriefIdSchema,
  ContractIdSchema,
  MemberIdSchema,
  OpportunityIdSchema,
} from "../kernel/ids.ts";
import { checkTransition, type Decision, type Machine, type TransitionTable } from "../kernel/machine.ts";
import { currencyMismatch, MoneySchema, toDecimalString } from "../kernel/money.ts";
import type { InvalidInput } from "../kernel/refusal.ts";
import { refuse } from "../kernel/refusal.ts";
import { assertNever, err, InvariantViolation, ok } from "../kernel/result.ts";
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

export const briefTable = {
  ReceiveBrief: {
    command: "ReceiveBrief",
    label: "receive",
    from: ["none"],
    to: ["received"],
    guards: ["a budget that is not negative", "a deadline not in the past"],
  },
  StartAnalysis: {
    command: "StartAnalysis",
    label: "start analysis",
    from: ["received"],
    to: ["in_analysis"],
    guards: ["an account planner"],
  },
  AssignPlanner: {
    command: "AssignPlanner",
    label: "assign a planner",
    from: undelivered,
    to: undelivered,
    guards: ["a different planner"],
  },
  ApproveBudget: {
    command: "ApproveBudget",
    label: "approve the budget",
    from: ["in_analysis"],
    to: ["budget_approved"],
    guards: ["in the client budget's currency", "a positive amount"],
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
    guards: ["a reason"],
  },
  ChangeDeadline: {
    command: "ChangeDeadline",
    label: "change the deadline",
    from: undelivered,
    to: undelivered,
    guards: ["a different date", "not in the past", "a reason to move a deadline agreed with the client"],
  },
  LinkDeal: {
    command: "LinkDeal",
    label: "link the deal",
    from: linkable,
    to: linkable,
    guards: [
      "a deal of the brief's account",
      "a deal not lost",
      "the deal of the brief's contract, if one is linked",
      "a different deal, and a reason to replace one",
    ],
  },
  LinkContract: {
    command: "LinkContract",
    label: "link the contract",
    from: linkable,
    to: linkable,
    guards: [
      "a contract of the brief's account",
      "a contract not withdrawn",
      "made from the brief's deal, if both name one",
      "a different contract, and a reason to replace one",
    ],
  },
} as const satisfies TransitionTable<BriefStatusOrNone, BriefCommand["type"]>;

const isBlank = (s: string): boolean => s.trim() === "";

function decide(state: BriefState, command: BriefCommand, ctx: BriefContext): Decision<BriefEvent> {
  const blocked = checkTransition("brief", briefTable, state.status, command.type);
  if (blocked) return err(blocked);
  const at = ctx.now;
  const today = dateOf(at);
  return match(command)
    .returnType<Decision<BriefEvent>>()
    .with({ type: "ReceiveBrief" }, (c) => {
      if (c.clientBudget.amount < 0)
        return err(refuse.invalidInput("clientBudget", "The client's budget cannot be negative."));
      const past = c.deadline === null ? undefined : pastDeadline(c.deadline, today);
      if (past) return err(past);
      return ok([
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
      ]);
    })
    .with({ type: "StartAnalysis" }, (c) => {
      const plannerId = c.plannerId ?? existing(state).plannerId;
      return plannerId === null
        ? err(
            refuse.invalidInput(
              "plannerId",
              "An account planner must be assigned before the analysis starts.",
            ),
          )
        : ok([{ type: "BriefAnalysisStarted", at, plannerId }]);
    })
    .with({ type: "AssignPlanner" }, (c) =>
      c.plannerId === existing(state).plannerId
        ? err(refuse.invalidInput("plannerId", `${c.plannerId} is already the planner of this brief.`))
        : ok([{ type: "BriefPlannerAssigned", at, plannerId: c.plannerId }]),
    )
    .with({ type: "ApproveBudget" }, (c) => {
      const expected = existing(state).clientBudget.currency;
      if (c.approvedBudget.currency !== expected)
        return err(currencyMismatch(expected, c.approvedBudget.currency));
      if (c.approvedBudget.amount <= 0)
        return err(
          refuse.invalidInput(
            "approvedBudget",
            `An approved budget must be positive, not ${toDecimalString(c.approvedBudget)} ${expected}.`,
          ),
        );
      return ok([{ type: "BriefBudgetApproved", at, approvedBudget: c.approvedBudget }]);
    })
    .with({ type: "StartProduction" }, () => ok([{ type: "BriefProductionStarted", at }]))
    .with({ type: "Deliver" }, () => ok([{ type: "BriefDelivered", at }]))
    .with({ type: "Close" }, () => ok([{ type: "BriefClosed", at }]))
    .with({ type: "Reject" }, (c) =>
      isBlank(c.reason)
        ? err(refuse.reasonRequired("reject the brief"))
        : ok([{ type: "BriefRejected", at, reason: c.reason.trim() }]),
    )
    .with({ type: "ChangeDeadline" }, (c) => {
      const current = existing(state).deadline;
      if (c.deadline === current)
        return err(
          refuse.invalidInput("deadline", `The deadline is already ${spellDate(c.deadline, today)}.`),
        );
      const past = pastDeadline(c.deadline, today);
      if (past) return err(past);
      const reason = c.reason?.trim() || null;
      // Only a date already agreed with the client needs a reason to move; setting the first one does not.
      if (current !== null && reason === null)
        return err(refuse.reasonRequired("move a deadline agreed with the client"));
      return ok([{ type: "BriefDeadlineChanged", at, deadline: c.deadline, reason }]);
    })
    .with({ type: "LinkDeal" }, (c) => linkDeal(existing(state), c, ctx))
    .with({ type: "LinkContract" }, (c) => linkContract(existing(state), c, ctx))
    .exhaustive();
}

type Command<T extends BriefCommand["type"]> = Extract<BriefCommand, { type: T }>;

/**
 * Guards of "link the deal": the deal is the brief's account's and not lost; when the brief's contract was made
 * from a deal, it is that one; a brief leads to one deal at a time, so replacing the link needs a reason (kept
 * with the event, beside the deal it replaced).
 */
function linkDeal(b: Brief, c: Command<"LinkDeal">, ctx: BriefContext): Decision<BriefEvent> {
  const deal = ctx.deal;
  if (!deal || deal.id !== c.opportunityId)
    return err(
      refuse.invalidInput("opportunityId", `There is no deal ${c.opportunityId} in this workspace.`),
    );
  if (deal.accountId !== b.accountId)
    return err(
      refuse.invalidInput(
        "opportunityId",
        `The deal "${deal.name}" belongs to account ${deal.accountId}; this brief is account ${b.accountId}'s.`,
      ),
    );
  if (deal.status === "lost")
    return err(
      refuse.invalidInput("opportunityId", `The deal "${deal.name}" was lost: a brief cannot lead to it.`),
    );
  if (b.opportunityId === deal.id)
    return err(refuse.invalidInput("opportunityId", `This brief already leads to the deal "${deal.name}".`));
  const contract = ctx.contract;
  if (contract && contract.opportunityId !== null && contract.opportunityId !== deal.id)
    return err(
      refuse.invalidInput(
        "opportunityId",
        `This brief is delivered under "${contract.title}", which was made from deal ${contract.opportunityId}, not the deal "${deal.name}".`,
      ),
    );
  const reason = c.reason?.trim() || null;
  if (b.opportunityId !== null && reason === null)
    return err(refuse.reasonRequired(`replace the deal this brief leads to (${b.opportunityId})`));
  return ok([
    {
      type: "BriefDealLinked",
      at: ctx.now,
      opportunityId: deal.id,
      previousOpportunityId: b.opportunityId,
      reason,
    },
  ]);
}

/**
 * Guards of "link the contract": the contract is the brief's account's and not withdrawn; when the brief leads
 * to a deal and the contract was made from one, they are the same deal; replacing the link needs a reason.
 */
function linkContract(b: Brief, c: Command<"LinkContract">, ctx: BriefContext): Decision<BriefEvent> {
  const contract = ctx.contract;
  if (!contract || contract.id !== c.contractId)
    return err(refuse.invalidInput("contractId", `There is no contract ${c.contractId} in this workspace.`));
  if (contract.accountId !== b.accountId)
    return err(
      refuse.invalidInput(
        "contractId",
        `The contract "${contract.title}" belongs to account ${contract.accountId}; this brief is account ${b.accountId}'s.`,
      ),
    );
  if (contract.status === "withdrawn")
    return err(
      refuse.invalidInput(
        "contractId",
        `The contract "${contract.title}" was withdrawn: nothing is delivered under it.`,
      ),
    );
  if (b.contractId === contract.id)
    return err(
      refuse.invalidInput("contractId", `This brief is already delivered under "${contract.title}".`),
    );
  if (
    b.opportunityId !== null &&
    contract.opportunityId !== null &&
    contract.opportunityId !== b.opportunityId
  )
    return err(
      refuse.invalidInput(
        "contractId",
        `The contract "${contract.title}" was made from deal ${contract.opportunityId}, but this brief leads to deal ${b.opportunityId}.`,
      ),
    );
  const reason = c.reason?.trim() || null;
  if (b.contractId !== null && reason === null)
    return err(refuse.reasonRequired(`replace the contract this brief is delivered under (${b.contractId})`));
  return ok([
    {
      type: "BriefContractLinked",
      at: ctx.now,
      contractId: contract.id,
      previousContractId: b.contractId,
      reason,
    },
  ]);
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
  if (state.status === "none")
    throw new InvariantViolation(`${event?.type ?? "A command"} applied to a brief that does not exist`);
  return state;
}

function evolve(state: BriefState, event: BriefEvent): BriefState {
  switch (event.type) {
    case "BriefReceived":
      if (state.status !== "none") throw new InvariantViolation(`${event.type} applied to an existing brief`);
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
  decide,
  evolve,
};
