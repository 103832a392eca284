// Helpers for the invoice machine's tests. Not exported from the package.
import fc from "fast-check";
import type { InvoiceLine } from "../src/entities/invoice.ts";
import { date, type Timestamp } from "../src/kernel/calendar-date.ts";
import { asId } from "../src/kernel/ids.ts";
import { currency, money } from "../src/kernel/money.ts";
import type { InvoiceCommand } from "../src/machines/invoice.machine.ts";
import { ctx, T0 } from "./fixtures.ts";
import { arbitrarySteps } from "./small-machines.fixtures.ts";
import { atHours } from "./timeline.fixtures.ts";

export const EUR = currency("EUR");
/** The due date of the invoices drafted here. */
export const DUE = date("2026-12-26");

/** A line at a unit price in cents (EUR unless told), on no tower. */
export const line = (description: string, quantity: string, cents: number, code = "EUR"): InvoiceLine => ({
  description,
  quantity,
  unitPrice: money(cents, code),
  towerId: null,
  milestoneId: null,
  period: null,
});
export const design = line("Design, hours", "7.5", 12_000); // 900.00
export const hosting = line("Hosting", "1", 4_999); // 49.99

/** Drafts invoice i1 to Acme in EUR, due on DUE, with design and hosting lines unless told. */
export const draftInvoice = (lines: InvoiceLine[] = [design, hosting]): InvoiceCommand => ({
  type: "DraftInvoice",
  invoiceId: asId.invoice("i1"),
  accountId: asId.account("acme"),
  contractId: null,
  currency: EUR,
  lines,
  dueDate: DUE,
});
export const issue = {
  type: "Issue",
  number: "2026-0042",
  issuedOn: date("2026-11-26"),
} satisfies InvoiceCommand;
export const markOverdue: InvoiceCommand = { type: "MarkOverdue" };

/** A line of up to three decimals at a unit price from -maxCents to maxCents. */
export const arbitraryInvoiceLine = (maxCents: number): fc.Arbitrary<InvoiceLine> =>
  fc
    .tuple(
      fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 999_999_999 })),
      fc.option(
        fc.integer({ min: 0, max: 999 }).map((n) =>
          String(n)
            .padStart(3, "0")
            .slice(0, 1 + (n % 3)),
        ),
      ),
      fc.integer({ min: -maxCents, max: maxCents }),
    )
    .map(([whole, fraction, cents]) =>
      line("Work", fraction === null ? `${whole}` : `${whole}.${fraction}`, cents),
    );

/** Any invoice command: lines in another currency or out of range, dates before or after, blank reasons. */
export const arbitraryInvoiceCommand: fc.Arbitrary<InvoiceCommand> = fc.oneof(
  fc.array(arbitraryInvoiceLine(100_000), { maxLength: 3 }).map(draftInvoice),
  arbitraryInvoiceLine(100_000).map((l): InvoiceCommand => ({ type: "AddLine", line: l })),
  fc.constant<InvoiceCommand>({ type: "AddLine", line: line("Licence", "1", 100, "USD") }),
  fc.integer({ min: 0, max: 3 }).map((index): InvoiceCommand => ({ type: "RemoveLine", index })),
  fc
    .constantFrom("2026-12-01", "2027-01-10")
    .map((d): InvoiceCommand => ({ type: "ChangeDueDate", dueDate: date(d) })),
  fc.constantFrom("2026-11-26", "2027-02-01").map((d): InvoiceCommand => ({ ...issue, issuedOn: date(d) })),
  fc.constant(markOverdue),
  fc.constantFrom<InvoiceCommand>({ type: "RecordPayment" }, { type: "RecordPayment", paidAt: T0 }),
  fc.constantFrom("", "bad debt").map((reason): InvoiceCommand => ({ type: "WriteOff", reason })),
  fc.constantFrom("", "duplicate").map((reason): InvoiceCommand => ({ type: "Void", reason })),
);

/** Invoice commands, each decided at a later moment than the one before. */
export const arbitraryInvoiceSteps = arbitrarySteps(arbitraryInvoiceCommand, (now: Timestamp) =>
  fc.constant(ctx({ now })),
);

const DAY = 24;
const timed = (steps: (readonly [hours: number, command: InvoiceCommand])[]) =>
  atHours((now) => ctx({ now }), steps);

/** Lives that between them lead to every kind of invoice event: paid late, written off, voided. */
export const INVOICE_JOURNEYS = [
  timed([
    [0, draftInvoice()],
    [1, { type: "AddLine", line: line("Licence", "1", 100) }],
    [2, { type: "RemoveLine", index: 0 }],
    [3, { type: "ChangeDueDate", dueDate: date("2026-12-01") }],
    [4, issue],
    [6 * DAY, markOverdue],
    [7 * DAY, { type: "RecordPayment" }],
  ]),
  timed([
    [0, draftInvoice()],
    [1, issue],
    [31 * DAY, markOverdue],
    [90 * DAY, { type: "WriteOff", reason: "bad debt" }],
  ]),
  timed([
    [0, draftInvoice()],
    [1, { type: "Void", reason: "duplicate" }],
  ]),
];
