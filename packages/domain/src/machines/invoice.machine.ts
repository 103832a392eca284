import { match } from "ts-pattern";
import { z } from "zod";
import {
  INVOICE_STATUSES,
  type Invoice,
  type InvoiceLine,
  InvoiceLineSchema,
  InvoiceSchema,
  invoiceTotal,
} from "../entities/invoice.ts";
import {
  addDays,
  type CalendarDate,
  CalendarDateSchema,
  compareTimestamps,
  dateOf,
  TimestampSchema,
} from "../kernel/calendar-date.ts";
import type { DecisionContext } from "../kernel/context.ts";
import { AccountIdSchema, ContractIdSchema, InvoiceIdSchema, type MilestoneId } from "../kernel/ids.ts";
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
import {
  type Currency,
  CurrencySchema,
  currencyMismatch,
  divideRounded,
  parseDecimal,
  toDecimalString,
} from "../kernel/money.ts";
import { type Refusal, refuse } from "../kernel/refusal.ts";
import { assertNever, err, InvariantViolation, ok } from "../kernel/result.ts";
import { spellDate } from "../kernel/spell-date.ts";
import { text } from "../kernel/text.ts";
import { eventSchema } from "./event-schema.ts";

export type InvoiceState = { readonly status: "none" } | Invoice;

/**
 * What invoice decisions are given: the moment, the actor, and the milestones of the contract the invoice is
 * for (null: it names no contract). A line may bill a milestone only of that contract. Left out, milestone
 * links are not checked: the service always gives them.
 */
export interface InvoiceContext extends DecisionContext {
  readonly contractMilestones?: readonly MilestoneId[] | null;
}
export type InvoiceStatusOrNone = InvoiceState["status"];

// A blank reason passes the schema and is refused by `decide`, so a form and a script both get ReasonRequired.
const Reason = text().trim().max(2000);

export const InvoiceCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("DraftInvoice"),
    invoiceId: InvoiceIdSchema,
    accountId: AccountIdSchema,
    contractId: ContractIdSchema.nullable().default(null),
    currency: CurrencySchema,
    lines: z.array(InvoiceLineSchema).default([]),
    dueDate: CalendarDateSchema,
  }),
  z.strictObject({ type: z.literal("AddLine"), line: InvoiceLineSchema }),
  z.strictObject({ type: z.literal("RemoveLine"), index: z.number().int().min(0) }),
  z.strictObject({ type: z.literal("ChangeDueDate"), dueDate: CalendarDateSchema }),
  z.strictObject({
    type: z.literal("Issue"),
    number: text().trim().min(1).max(50),
    issuedOn: CalendarDateSchema,
  }),
  z.strictObject({ type: z.literal("MarkOverdue") }),
  z.strictObject({ type: z.literal("RecordPayment"), paidAt: TimestampSchema.optional() }),
  z.strictObject({ type: z.literal("WriteOff"), reason: Reason }),
  z.strictObject({ type: z.literal("Void"), reason: Reason }),
]);
export type InvoiceCommand = z.infer<typeof InvoiceCommandSchema>;

const invoice = InvoiceSchema.shape;
// `decide` trims the reasons it records and refuses blank ones.
const RecordedReason = invoice.reason.unwrap().min(1).max(2000);

/** Everything that can happen to an invoice; the store parses each event it reads back with this schema. */
export const InvoiceEventSchema = z.discriminatedUnion("type", [
  eventSchema("InvoiceDrafted", {
    invoiceId: invoice.id,
    accountId: invoice.accountId,
    contractId: invoice.contractId,
    currency: invoice.currency,
    lines: invoice.lines,
    dueDate: invoice.dueDate,
  }),
  eventSchema("InvoiceLineAdded", { line: InvoiceLineSchema }),
  eventSchema("InvoiceLineRemoved", { index: z.number().int().min(0) }),
  eventSchema("InvoiceDueDateChanged", { dueDate: invoice.dueDate }),
  eventSchema("InvoiceIssued", { number: invoice.number.unwrap(), issuedOn: invoice.issuedOn.unwrap() }),
  eventSchema("InvoiceMarkedOverdue"),
  eventSchema("InvoicePaid", { paidAt: invoice.paidAt.unwrap() }),
  eventSchema("InvoiceWrittenOff", { reason: RecordedReason }),
  eventSchema("InvoiceVoided", { reason: RecordedReason }),
]);
export type InvoiceEvent = z.infer<typeof InvoiceEventSchema>;

type Guards = GuardSet<InvoiceState, InvoiceCommand, InvoiceContext>;

const invoiceOf = (state: InvoiceState): Invoice | undefined => (state.status === "none" ? undefined : state);

/** Refuses a line billing a milestone the invoice's contract does not have (or an invoice with no contract). */
function checkMilestones(lines: readonly InvoiceLine[], ctx: InvoiceContext): Refusal | undefined {
  if (ctx.contractMilestones === undefined) return undefined;
  const known = ctx.contractMilestones ?? [];
  for (const [i, line] of lines.entries()) {
    if (!line.milestoneId || known.includes(line.milestoneId)) continue;
    return refuse.invalidInput(
      "milestoneId",
      ctx.contractMilestones === null
        ? `Line ${i + 1} bills milestone ${line.milestoneId}, but the invoice is for no contract.`
        : `Line ${i + 1} bills milestone ${line.milestoneId}, which the invoice's contract does not have.`,
    );
  }
  return undefined;
}

/** The named checks of the invoice's table. */
export const invoiceGuards = {
  linesInTheInvoiceCurrency: {
    words: "lines in the invoice's currency",
    check: (state, command) => {
      if (command.type === "DraftInvoice") return checkLines(command.currency, command.lines);
      const invoice = invoiceOf(state);
      if (!invoice) return undefined;
      if (command.type === "AddLine") return checkLines(invoice.currency, [...invoice.lines, command.line]);
      // Removing a line changes the running sums, which must still fit (a discount line may have held one down).
      if (command.type === "RemoveLine")
        return checkLines(invoice.currency, withoutLine(invoice.lines, command.index));
      return undefined;
    },
  },
  milestonesOfTheContract: {
    words: "milestones of the invoice's contract",
    check: (_state, command, ctx) => {
      if (command.type === "DraftInvoice") return checkMilestones(command.lines, ctx);
      if (command.type === "AddLine") return checkMilestones([command.line], ctx);
      return undefined;
    },
  },
  aLine: {
    words: "a line of the invoice",
    check: (state, command) => {
      const invoice = invoiceOf(state);
      return command.type === "RemoveLine" && invoice && command.index >= invoice.lines.length
        ? refuse.invalidInput(
            "index",
            `There is no line ${command.index + 1}: the invoice has ${invoice.lines.length}.`,
          )
        : undefined;
    },
  },
  aDifferentDueDate: {
    words: "a different due date",
    check: (state, command, ctx) =>
      command.type === "ChangeDueDate" && command.dueDate === invoiceOf(state)?.dueDate
        ? refuse.invalidInput(
            "dueDate",
            `The invoice is already due on ${spellDate(command.dueDate, ctx.now)}.`,
          )
        : undefined,
  },
  atLeastOneLine: {
    words: "at least one line",
    check: (state) =>
      invoiceOf(state)?.lines.length === 0
        ? refuse.invalidInput("lines", "Add at least one line before issuing the invoice.")
        : undefined,
  },
  aPositiveTotal: {
    words: "a positive total",
    check: (state) => {
      const invoice = invoiceOf(state);
      if (!invoice) return undefined;
      const total = invoiceTotal(invoice);
      return total.amount <= 0
        ? refuse.invalidInput(
            "lines",
            `An invoice is issued for a positive total; this one comes to ${toDecimalString(total)} ${total.currency}.`,
          )
        : undefined;
    },
  },
  dueOnOrAfterTheIssueDate: {
    words: "a due date on or after the issue date",
    check: (state, command, ctx) => {
      const invoice = invoiceOf(state);
      return command.type === "Issue" && invoice && invoice.dueDate < command.issuedOn
        ? refuse.invalidInput(
            "dueDate",
            `The due date ${spellDate(invoice.dueDate, ctx.now)} is before the issue date ${spellDate(command.issuedOn, ctx.now)}.`,
          )
        : undefined;
    },
  },
  pastTheDueDate: {
    words: "the due date has passed",
    check: (state, _command, ctx) => {
      const invoice = invoiceOf(state);
      return invoice && !(dateOf(ctx.now) > invoice.dueDate)
        ? refuse.notYetDue("mark the invoice overdue", addDays(invoice.dueDate, 1))
        : undefined;
    },
  },
  notInTheFuture: {
    words: "a payment that has been made",
    check: (_state, command, ctx) => {
      if (command.type !== "RecordPayment") return undefined;
      const paidAt = command.paidAt ?? ctx.now;
      return compareTimestamps(paidAt, ctx.now) > 0
        ? refuse.invalidInput("paidAt", `A payment cannot be recorded ahead of time: ${paidAt} is after now.`)
        : undefined;
    },
  },
  aReason: aReasonTo<InvoiceCommand>({
    WriteOff: "write off the invoice",
    Void: "void the invoice",
  }),
} as const satisfies Guards;

/** The name of one of the invoice machine's guards. */
export type InvoiceGuard = keyof typeof invoiceGuards;

export const invoiceTable = {
  DraftInvoice: {
    command: "DraftInvoice",
    label: "draft",
    from: ["none"],
    to: ["draft"],
    guards: ["linesInTheInvoiceCurrency", "milestonesOfTheContract"],
  },
  AddLine: {
    command: "AddLine",
    label: "add a line",
    from: ["draft"],
    to: ["draft"],
    guards: ["linesInTheInvoiceCurrency", "milestonesOfTheContract"],
  },
  RemoveLine: {
    command: "RemoveLine",
    label: "remove a line",
    from: ["draft"],
    to: ["draft"],
    guards: ["aLine", "linesInTheInvoiceCurrency"],
  },
  ChangeDueDate: {
    command: "ChangeDueDate",
    label: "change the due date",
    from: ["draft"],
    to: ["draft"],
    guards: ["aDifferentDueDate"],
  },
  Issue: {
    command: "Issue",
    label: "issue",
    from: ["draft"],
    to: ["issued"],
    guards: ["atLeastOneLine", "aPositiveTotal", "dueOnOrAfterTheIssueDate"],
  },
  MarkOverdue: {
    command: "MarkOverdue",
    label: "mark overdue",
    from: ["issued"],
    to: ["overdue"],
    guards: ["pastTheDueDate"],
    automatic: true,
  },
  RecordPayment: {
    command: "RecordPayment",
    label: "record the payment",
    from: ["issued", "overdue"],
    to: ["paid"],
    guards: ["notInTheFuture"],
  },
  WriteOff: {
    command: "WriteOff",
    label: "write off",
    from: ["overdue"],
    to: ["written_off"],
    guards: ["aReason"],
  },
  Void: { command: "Void", label: "void", from: ["draft", "issued"], to: ["void"], guards: ["aReason"] },
} as const satisfies GuardedTable<InvoiceStatusOrNone, InvoiceCommand["type"], InvoiceGuard>;

function decide(state: InvoiceState, command: InvoiceCommand, ctx: InvoiceContext): Decision<InvoiceEvent> {
  const refused = checkMove("invoice", invoiceTable, invoiceGuards, state, command, ctx);
  if (refused) return err(refused);
  const at = ctx.now;
  return match(command)
    .returnType<Decision<InvoiceEvent>>()
    .with({ type: "DraftInvoice" }, (c) =>
      ok([
        {
          type: "InvoiceDrafted",
          at,
          invoiceId: c.invoiceId,
          accountId: c.accountId,
          contractId: c.contractId,
          currency: c.currency,
          lines: c.lines,
          dueDate: c.dueDate,
        },
      ]),
    )
    .with({ type: "AddLine" }, (c) => ok([{ type: "InvoiceLineAdded", at, line: c.line }]))
    .with({ type: "RemoveLine" }, (c) => ok([{ type: "InvoiceLineRemoved", at, index: c.index }]))
    .with({ type: "ChangeDueDate" }, (c) => ok([{ type: "InvoiceDueDateChanged", at, dueDate: c.dueDate }]))
    .with({ type: "Issue" }, (c) =>
      ok([{ type: "InvoiceIssued", at, number: c.number, issuedOn: c.issuedOn }]),
    )
    .with({ type: "MarkOverdue" }, () => ok([{ type: "InvoiceMarkedOverdue", at }]))
    .with({ type: "RecordPayment" }, (c) => ok([{ type: "InvoicePaid", at, paidAt: c.paidAt ?? at }]))
    .with({ type: "WriteOff" }, (c) => ok([{ type: "InvoiceWrittenOff", at, reason: c.reason.trim() }]))
    .with({ type: "Void" }, (c) => ok([{ type: "InvoiceVoided", at, reason: c.reason.trim() }]))
    .exhaustive();
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const fits = (n: bigint): boolean => n <= MAX && n >= -MAX;

/**
 * Refuses lines in another currency, and lines whose amount or running total would not fit in a money amount,
 * so `lineAmount` and `invoiceTotal` never throw on an invoice this machine built.
 */
function checkLines(currency: Currency, lines: readonly InvoiceLine[]): Refusal | undefined {
  let total = 0n;
  for (const [i, line] of lines.entries()) {
    if (line.unitPrice.currency !== currency) return currencyMismatch(currency, line.unitPrice.currency);
    const quantity = parseDecimal(line.quantity);
    if (quantity === undefined || quantity.numerator < 0n)
      return refuse.invalidInput("quantity", `Line ${i + 1} has no usable quantity: "${line.quantity}".`);
    // The same arithmetic as `lineAmount`, in bigint, so an overflow is a refusal rather than a crash.
    const amount = divideRounded(
      BigInt(line.unitPrice.amount) * quantity.numerator,
      quantity.denominator,
      "half_even",
    );
    total += amount;
    if (!fits(amount) || !fits(total))
      return refuse.invalidInput(
        "lines",
        `Line ${i + 1} takes the invoice beyond the largest amount it can hold.`,
      );
  }
  return undefined;
}

const withoutLine = (lines: readonly InvoiceLine[], index: number): InvoiceLine[] =>
  lines.filter((_, i) => i !== index);

function existing(state: InvoiceState, event?: InvoiceEvent): Invoice {
  return existingRecord(state, "an invoice", event);
}

function evolve(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  switch (event.type) {
    case "InvoiceDrafted":
      assertNew(state, "invoice", event);
      return {
        id: event.invoiceId,
        accountId: event.accountId,
        contractId: event.contractId,
        number: null,
        currency: event.currency,
        lines: [...event.lines],
        status: "draft",
        issuedOn: null,
        dueDate: event.dueDate,
        paidAt: null,
        reason: null,
      };
    case "InvoiceLineAdded": {
      const invoice = existing(state, event);
      return { ...invoice, lines: [...invoice.lines, event.line] };
    }
    case "InvoiceLineRemoved": {
      const invoice = existing(state, event);
      if (event.index >= invoice.lines.length)
        throw new InvariantViolation(`${event.type} for line ${event.index} of ${invoice.lines.length}`);
      return { ...invoice, lines: withoutLine(invoice.lines, event.index) };
    }
    case "InvoiceDueDateChanged":
      return { ...existing(state, event), dueDate: event.dueDate };
    case "InvoiceIssued":
      return { ...existing(state, event), status: "issued", number: event.number, issuedOn: event.issuedOn };
    case "InvoiceMarkedOverdue":
      return { ...existing(state, event), status: "overdue" };
    case "InvoicePaid":
      return { ...existing(state, event), status: "paid", paidAt: event.paidAt };
    case "InvoiceWrittenOff":
      return { ...existing(state, event), status: "written_off", reason: event.reason };
    case "InvoiceVoided":
      return { ...existing(state, event), status: "void", reason: event.reason };
    default:
      return assertNever(event, "invoice event");
  }
}

/**
 * Invoice: draft → issued → paid, or issued → overdue (automatic, the day after the due date) → paid or
 * written_off; a draft or an issued invoice may be voided with a reason.
 */
export const invoiceMachine: Machine<InvoiceState, InvoiceCommand, InvoiceEvent, InvoiceContext> = {
  name: "invoice",
  initial: { status: "none" },
  statuses: ["none", ...INVOICE_STATUSES],
  terminal: ["paid", "written_off", "void"],
  table: invoiceTable,
  guards: invoiceGuards,
  decide,
  evolve,
};

/** The time-driven commands due on this invoice on `today`: mark it overdue once its due date has passed. */
export function dueInvoiceCommands(
  invoice: Pick<Invoice, "status" | "dueDate">,
  today: CalendarDate,
): InvoiceCommand[] {
  return invoice.status === "issued" && today > invoice.dueDate ? [{ type: "MarkOverdue" }] : [];
}
