import { match } from "ts-pattern";
import { z } from "zod";
import { COST_ENTRY_STATUSES, type CostEntry, CostEntrySchema } from "../entities/cost-entry.ts";
import type { DecisionContext } from "../kernel/context.ts";
import {
  AccountIdSchema,
  ContractIdSchema,
  CostEntryIdSchema,
  MemberIdSchema,
  TowerIdSchema,
} from "../kernel/ids.ts";
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
import { currencyMismatch, MoneySchema } from "../kernel/money.ts";
import { refuse } from "../kernel/refusal.ts";
import { assertNever, err, ok } from "../kernel/result.ts";
import { text } from "../kernel/text.ts";
import { eventSchema } from "./event-schema.ts";

export type CostEntryState = { readonly status: "none" } | CostEntry;
export type CostEntryStatusOrNone = CostEntryState["status"];

const field = CostEntrySchema.shape;
// A blank reason passes the schema and is refused by `decide`, so a form and a script both get ReasonRequired.
const Reason = text().trim().max(2000);

/** Every command a cost entry accepts, as adapters parse it from user input. */
export const CostEntryCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("RecordCost"),
    costEntryId: CostEntryIdSchema,
    accountId: AccountIdSchema,
    contractId: ContractIdSchema.nullable().default(null),
    towerId: TowerIdSchema.nullable().default(null),
    date: field.date,
    category: field.category,
    description: field.description,
    amount: MoneySchema,
    hours: field.hours.default(null),
  }),
  z.strictObject({
    type: z.literal("CorrectCost"),
    amount: MoneySchema.optional(),
    description: field.description.optional(),
    date: field.date.optional(),
    category: field.category.optional(),
    hours: field.hours.optional(),
    reason: Reason,
  }),
  z.strictObject({ type: z.literal("VoidCost"), reason: Reason }),
]);
/** A command as `decide` receives it: parsed, defaults applied. */
export type CostEntryCommand = z.infer<typeof CostEntryCommandSchema>;

/** What a correction may change; an absent field stays as it is, `null` hours clears them. */
export const CostEntryChangesSchema = z
  .strictObject({
    amount: MoneySchema,
    description: field.description,
    date: field.date,
    category: field.category,
    hours: field.hours,
  })
  .partial();
export type CostEntryChanges = z.infer<typeof CostEntryChangesSchema>;

/** Everything that can happen to a cost entry; the store parses each event it reads back with this schema. */
export const CostEntryEventSchema = z.discriminatedUnion("type", [
  eventSchema("CostRecorded", {
    costEntryId: CostEntryIdSchema,
    accountId: AccountIdSchema,
    contractId: field.contractId,
    towerId: field.towerId,
    date: field.date,
    category: field.category,
    description: field.description,
    amount: MoneySchema,
    hours: field.hours,
    recordedBy: MemberIdSchema,
  }),
  eventSchema("CostCorrected", { changes: CostEntryChangesSchema, reason: Reason }),
  eventSchema("CostVoided", { reason: Reason }),
]);
export type CostEntryEvent = z.infer<typeof CostEntryEventSchema>;

type Guards = GuardSet<CostEntryState, CostEntryCommand, DecisionContext>;

/**
 * The named checks of the cost entry's table. A cost is a positive amount (a wrong one is corrected or voided, not
 * offset); a correction keeps the currency.
 */
export const costEntryGuards = {
  aPositiveAmount: {
    words: "a positive amount",
    check: (_state, command) => {
      const amount = command.type === "VoidCost" ? undefined : command.amount;
      return amount && !(amount.amount > 0)
        ? refuse.invalidInput("amount", "A cost is a positive amount; void or correct a wrong entry instead.")
        : undefined;
    },
  },
  aTowerCostNamesItsContract: {
    words: "a contract, for a tower's cost",
    check: (_state, command) =>
      command.type === "RecordCost" && command.towerId !== null && command.contractId === null
        ? refuse.invalidInput("contractId", "A tower cost names its contract.")
        : undefined,
  },
  aReason: aReasonTo<CostEntryCommand>({
    CorrectCost: "correct a booked cost",
    VoidCost: "void a booked cost",
  }),
  somethingToChange: somethingToChange<CostEntryCommand, "CorrectCost">(
    "CorrectCost",
    changesOf,
    "Say what to correct: the amount, description, date, category or hours.",
  ),
  inTheEntrysCurrency: {
    words: "an amount in the entry's currency",
    check: (state, command) =>
      command.type === "CorrectCost" &&
      command.amount !== undefined &&
      state.status !== "none" &&
      command.amount.currency !== state.amount.currency
        ? currencyMismatch(state.amount.currency, command.amount.currency)
        : undefined,
  },
} as const satisfies Guards;

/** The name of one of the cost entry machine's guards. */
export type CostEntryGuard = keyof typeof costEntryGuards;

export const costEntryTable = {
  RecordCost: {
    command: "RecordCost",
    label: "record",
    from: ["none"],
    to: ["recorded"],
    guards: ["aPositiveAmount", "aTowerCostNamesItsContract"],
  },
  CorrectCost: {
    command: "CorrectCost",
    label: "correct",
    from: ["recorded"],
    to: ["recorded"],
    guards: ["aReason", "somethingToChange", "inTheEntrysCurrency", "aPositiveAmount"],
  },
  VoidCost: { command: "VoidCost", label: "void", from: ["recorded"], to: ["voided"], guards: ["aReason"] },
} as const satisfies GuardedTable<CostEntryStatusOrNone, CostEntryCommand["type"], CostEntryGuard>;

function decide(
  state: CostEntryState,
  command: CostEntryCommand,
  ctx: DecisionContext,
): Decision<CostEntryEvent> {
  const refused = checkMove("cost_entry", costEntryTable, costEntryGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<CostEntryEvent>>()
    .with({ type: "RecordCost" }, (c) =>
      ok([
        {
          type: "CostRecorded",
          at,
          costEntryId: c.costEntryId,
          accountId: c.accountId,
          contractId: c.contractId,
          towerId: c.towerId,
          date: c.date,
          category: c.category,
          description: c.description,
          amount: c.amount,
          hours: c.hours,
          // Whoever books the cost answers for it; the service never takes it from the input.
          recordedBy: ctx.actor.memberId,
        },
      ]),
    )
    .with({ type: "CorrectCost" }, (c) =>
      ok([{ type: "CostCorrected", at, changes: changesOf(c), reason: c.reason.trim() }]),
    )
    .with({ type: "VoidCost" }, (c) => ok([{ type: "CostVoided", at, reason: c.reason.trim() }]))
    .exhaustive();
}

function changesOf(c: Extract<CostEntryCommand, { type: "CorrectCost" }>): CostEntryChanges {
  return givenFields(c, ["amount", "description", "date", "category", "hours"]);
}

function existing(state: CostEntryState, event?: CostEntryEvent): CostEntry {
  return existingRecord(state, "a cost entry", event);
}

/** The value a change sets, or the current one when the change leaves it out. */
const or = <T>(change: T | undefined, current: T): T => (change === undefined ? current : change);

function evolve(state: CostEntryState, event: CostEntryEvent): CostEntryState {
  switch (event.type) {
    case "CostRecorded":
      assertNew(state, "cost entry", event);
      return {
        id: event.costEntryId,
        status: "recorded",
        accountId: event.accountId,
        contractId: event.contractId,
        towerId: event.towerId,
        date: event.date,
        category: event.category,
        description: event.description,
        amount: event.amount,
        hours: event.hours,
        recordedBy: event.recordedBy,
      };
    case "CostCorrected": {
      const c = existing(state, event);
      const x = event.changes;
      return {
        ...c,
        amount: or(x.amount, c.amount),
        description: or(x.description, c.description),
        date: or(x.date, c.date),
        category: or(x.category, c.category),
        hours: or(x.hours, c.hours),
      };
    }
    case "CostVoided":
      return { ...existing(state, event), status: "voided" };
    default:
      return assertNever(event, "cost entry event");
  }
}

/**
 * Cost entry: recorded → voided. A booked cost moves the margin an account team is judged on, so every
 * correction and every void carries a reason; a voided entry stays in the history and counts in no P&L.
 */
export const costEntryMachine: Machine<CostEntryState, CostEntryCommand, CostEntryEvent, DecisionContext> = {
  name: "cost_entry",
  initial: { status: "none" },
  statuses: ["none", ...COST_ENTRY_STATUSES],
  terminal: ["voided"],
  table: costEntryTable,
  guards: costEntryGuards,
  decide,
  evolve,
};
