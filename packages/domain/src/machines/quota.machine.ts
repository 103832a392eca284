import { match } from "ts-pattern";
import { z } from "zod";
import { QUOTA_STATUSES, type Quota, QuotaSchema } from "../entities/quota.ts";
import type { DecisionContext } from "../kernel/context.ts";
import { MemberIdSchema, QuotaIdSchema } from "../kernel/ids.ts";
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
import { currencyMismatch, type Money } from "../kernel/money.ts";
import { refuse } from "../kernel/refusal.ts";
import { assertNever, err, ok } from "../kernel/result.ts";
import { text } from "../kernel/text.ts";
import { eventSchema } from "./event-schema.ts";

export type QuotaState = { readonly status: "none" } | Quota;
export type QuotaStatusOrNone = QuotaState["status"];

const field = QuotaSchema.shape;
// A blank reason passes the schema and is refused by `decide`, so a form and a script both get ReasonRequired.
const Reason = text().trim().max(2000);

/** Every command a quota accepts, as adapters parse it from user input. */
export const QuotaCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("SetQuota"),
    quotaId: QuotaIdSchema,
    memberId: MemberIdSchema,
    period: field.period,
    amount: field.amount,
  }),
  z.strictObject({ type: z.literal("ChangeQuota"), amount: field.amount, reason: Reason }),
  z.strictObject({ type: z.literal("RetireQuota"), reason: Reason }),
]);
/** A command as `decide` receives it: parsed, defaults applied. */
export type QuotaCommand = z.infer<typeof QuotaCommandSchema>;

/** Everything that can happen to a quota; the store parses each event it reads back with this schema. */
export const QuotaEventSchema = z.discriminatedUnion("type", [
  eventSchema("QuotaSet", {
    quotaId: QuotaIdSchema,
    memberId: MemberIdSchema,
    period: field.period,
    amount: field.amount,
  }),
  eventSchema("QuotaChanged", { amount: field.amount, reason: Reason }),
  eventSchema("QuotaRetired", { reason: Reason }),
]);
export type QuotaEvent = z.infer<typeof QuotaEventSchema>;

type Guards = GuardSet<QuotaState, QuotaCommand, DecisionContext>;

const amountOf = (command: QuotaCommand): Money | undefined =>
  "amount" in command ? command.amount : undefined;

/**
 * The named checks of the quota's table. A quota is a positive amount, and a change keeps its currency
 * (attainment compares it with won deals).
 */
export const quotaGuards = {
  aReason: aReasonTo<QuotaCommand>({
    ChangeQuota: "change a quota",
    RetireQuota: "retire a quota",
  }),
  inTheQuotasCurrency: {
    words: "an amount in the quota's currency",
    check: (state, command) => {
      const amount = amountOf(command);
      return amount && state.status !== "none" && amount.currency !== state.amount.currency
        ? currencyMismatch(state.amount.currency, amount.currency)
        : undefined;
    },
  },
  aPositiveAmount: {
    words: "a positive amount",
    check: (_state, command) => {
      const amount = amountOf(command);
      return amount && !(amount.amount > 0)
        ? refuse.invalidInput("amount", "A quota is a positive amount.")
        : undefined;
    },
  },
  aDifferentAmount: {
    words: "a different amount",
    check: (state, command) =>
      command.type === "ChangeQuota" &&
      state.status !== "none" &&
      command.amount.amount === state.amount.amount
        ? refuse.invalidInput("amount", "The quota is already that amount.")
        : undefined,
  },
} as const satisfies Guards;

/** The name of one of the quota machine's guards. */
export type QuotaGuard = keyof typeof quotaGuards;

export const quotaTable = {
  SetQuota: { command: "SetQuota", label: "set", from: ["none"], to: ["set"], guards: ["aPositiveAmount"] },
  ChangeQuota: {
    command: "ChangeQuota",
    label: "change the amount",
    from: ["set"],
    to: ["set"],
    guards: ["aReason", "inTheQuotasCurrency", "aPositiveAmount", "aDifferentAmount"],
  },
  RetireQuota: {
    command: "RetireQuota",
    label: "retire",
    from: ["set"],
    to: ["retired"],
    guards: ["aReason"],
  },
} as const satisfies GuardedTable<QuotaStatusOrNone, QuotaCommand["type"], QuotaGuard>;

function decide(state: QuotaState, command: QuotaCommand, ctx: DecisionContext): Decision<QuotaEvent> {
  const refused = checkMove("quota", quotaTable, quotaGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<QuotaEvent>>()
    .with({ type: "SetQuota" }, (c) =>
      ok([
        {
          type: "QuotaSet",
          at,
          quotaId: c.quotaId,
          memberId: c.memberId,
          period: c.period,
          amount: c.amount,
        },
      ]),
    )
    .with({ type: "ChangeQuota" }, (c) =>
      ok([{ type: "QuotaChanged", at, amount: c.amount, reason: c.reason.trim() }]),
    )
    .with({ type: "RetireQuota" }, (c) => ok([{ type: "QuotaRetired", at, reason: c.reason.trim() }]))
    .exhaustive();
}

function existing(state: QuotaState, event?: QuotaEvent): Quota {
  return existingRecord(state, "a quota", event);
}

function evolve(state: QuotaState, event: QuotaEvent): QuotaState {
  switch (event.type) {
    case "QuotaSet":
      assertNew(state, "quota", event);
      return {
        id: event.quotaId,
        status: "set",
        memberId: event.memberId,
        period: event.period,
        amount: event.amount,
      };
    case "QuotaChanged":
      return { ...existing(state, event), amount: event.amount };
    case "QuotaRetired":
      return { ...existing(state, event), status: "retired" };
    default:
      return assertNever(event, "quota event");
  }
}

/**
 * Quota: set → retired. Every change of a target a seller is judged on carries a reason; a retired quota stays
 * in the history and counts in no attainment. No one sets their own quota: that is `can`'s separation of duties.
 */
export const quotaMachine: Machine<QuotaState, QuotaCommand, QuotaEvent, DecisionContext> = {
  name: "quota",
  initial: { status: "none" },
  statuses: ["none", ...QUOTA_STATUSES],
  terminal: ["retired"],
  table: quotaTable,
  guards: quotaGuards,
  decide,
  evolve,
};
