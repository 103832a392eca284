import { z } from "zod";
import { type CalendarDate, CalendarDateSchema, TimestampSchema } from "../kernel/calendar-date.ts";
import {
  AccountIdSchema,
  ContractIdSchema,
  InvoiceIdSchema,
  MilestoneIdSchema,
  TowerIdSchema,
} from "../kernel/ids.ts";
import {
  type Currency,
  CurrencySchema,
  type Money,
  MoneySchema,
  multiply,
  plus,
  zero,
} from "../kernel/money.ts";
import { text } from "../kernel/text.ts";

export const INVOICE_STATUSES = ["draft", "issued", "overdue", "paid", "written_off", "void"] as const;
export const InvoiceStatusSchema = z.enum(INVOICE_STATUSES).meta({ id: "InvoiceStatus" });
export type InvoiceStatus = z.infer<typeof InvoiceStatusSchema>;

/** The days a line bills (a retainer's period), first and last included. */
export const InvoicePeriodSchema = z
  .strictObject({ start: CalendarDateSchema, end: CalendarDateSchema })
  .refine((p) => p.start <= p.end, "a period ends on or after the day it starts")
  .meta({ id: "InvoicePeriod" });
export type InvoicePeriod = z.infer<typeof InvoicePeriodSchema>;

/** One line: a quantity (a decimal, e.g. "7.5" hours) at a unit price. */
export const InvoiceLineSchema = z
  .strictObject({
    description: text().trim().min(1, "a line needs a description").max(500),
    quantity: z
      .string()
      .regex(/^\d{1,9}(\.\d{1,3})?$/, "a quantity is a number with at most three decimals, e.g. 7.5"),
    unitPrice: MoneySchema,
    towerId: TowerIdSchema.nullable().default(null),
    /** The contract milestone the line bills, if any (lines recorded before this link have none). */
    milestoneId: MilestoneIdSchema.nullable().default(null),
    /** The period of the contract the line bills (a retainer's), if any (older lines have none). */
    period: InvoicePeriodSchema.nullable().default(null),
  })
  .meta({ id: "InvoiceLine" });
export type InvoiceLine = z.infer<typeof InvoiceLineSchema>;

export const InvoiceSchema = z
  .strictObject({
    id: InvoiceIdSchema,
    accountId: AccountIdSchema,
    contractId: ContractIdSchema.nullable(),
    number: text().trim().min(1).max(50).nullable(),
    currency: CurrencySchema,
    lines: z.array(InvoiceLineSchema),
    status: InvoiceStatusSchema,
    issuedOn: CalendarDateSchema.nullable(),
    dueDate: CalendarDateSchema,
    paidAt: TimestampSchema.nullable(),
    /** Why it was voided or written off. */
    reason: text().nullable(),
  })
  .meta({ id: "Invoice" });
export type Invoice = z.infer<typeof InvoiceSchema>;

/** A line's amount: quantity × unit price, rounded half-even to the minor unit. */
export function lineAmount(line: InvoiceLine): Money {
  return multiply(line.unitPrice, line.quantity, "half_even");
}

/** The invoice total in its currency (lines must share it; the schema-checked commands ensure that). */
export function invoiceTotal(invoice: {
  readonly currency: Currency;
  readonly lines: readonly InvoiceLine[];
}): Money {
  return invoice.lines.reduce((total, line) => plus(total, lineAmount(line)), zero(invoice.currency));
}

/** Money still owed: issued or overdue, not paid, written off or void. */
export function isInvoiceOutstanding(i: Pick<Invoice, "status">): boolean {
  return i.status === "issued" || i.status === "overdue";
}

/** Past due and unpaid on the given day, whether or not the sweep has marked it overdue yet. */
export function isInvoicePastDue(i: Pick<Invoice, "status" | "dueDate">, today: CalendarDate): boolean {
  return isInvoiceOutstanding(i) && i.dueDate < today;
}
