import { BINDING_CONTRACT_STATUSES, type BillingSchedule, type Contract } from "../entities/contract.ts";
import type { BillingSettings } from "../entities/settings.ts";
import { addDays, addMonths, type CalendarDate, maxDate, minDate } from "../kernel/calendar-date.ts";
import { derivedId } from "../kernel/derived-id.ts";
import { type ContractId, type InvoiceId, InvoiceIdSchema } from "../kernel/ids.ts";
import type { Money } from "../kernel/money.ts";
import type { InvoiceCommand } from "../machines/invoice.machine.ts";
import { prorate } from "./proration.ts";
import type { DateSpan } from "./sales-trend.ts";

// A retainer bills the same amount every period. The periods are counted from the schedule's first day: the n-th
// starts `n` months (or quarters) after `startsOn` — computed from `startsOn` each time, so a schedule starting on
// the 31st keeps the 31st wherever the month has one — and ends the day before the next starts. They tile the
// days from `startsOn` to the contract's end exactly: the last one ends with the contract (and a tacit renewal,
// which moves the end, lets the schedule run on). A period cut short (the last one, or the rest of one after a
// renewal) bills its share of days, prorated like the P&L (exact minor units). Its invoice is issued on the
// schedule's `issueDay` of the period (1: its first day), never before the period starts nor after it ends.

const MONTHS: Record<BillingSchedule["period"], number> = { monthly: 1, quarterly: 3 };

/** One period of a retainer: its days, the day its invoice is issued, what it bills, and that invoice's id. */
export interface RetainerPeriod {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  readonly issueOn: CalendarDate;
  readonly amount: Money;
  /** Derived from the contract and the period's first day, so a period can raise one invoice only. */
  readonly invoiceId: InvoiceId;
}

/** The id of the invoice drafted for a retainer's period starting on `start`. */
export function retainerInvoiceId(contractId: ContractId, start: CalendarDate): InvoiceId {
  return InvoiceIdSchema.parse(derivedId(contractId, "period", start.replaceAll("-", "")));
}

/**
 * The periods of a schedule that fall within `from`..`endDate` (from: default the schedule's first day), in
 * order; see the module comment for how they are cut and what each bills.
 */
export function retainerPeriods(
  contractId: ContractId,
  schedule: Pick<BillingSchedule, "amount" | "period" | "startsOn" | "issueDay">,
  endDate: CalendarDate,
  from: CalendarDate = schedule.startsOn,
): RetainerPeriod[] {
  const step = MONTHS[schedule.period];
  const first = maxDate(from, schedule.startsOn);
  const out: RetainerPeriod[] = [];
  for (let n = 0; ; n++) {
    const whole: DateSpan = {
      start: addMonths(schedule.startsOn, n * step),
      end: addDays(addMonths(schedule.startsOn, (n + 1) * step), -1),
    };
    if (whole.start > endDate) return out;
    if (whole.end < first) continue;
    const span = { start: maxDate(whole.start, first), end: minDate(whole.end, endDate) };
    const cut = span.start !== whole.start || span.end !== whole.end;
    const issueOn = minDate(maxDate(addDays(whole.start, schedule.issueDay - 1), span.start), span.end);
    out.push({
      ...span,
      issueOn,
      amount: cut ? prorate(schedule.amount, whole, span) : schedule.amount,
      invoiceId: retainerInvoiceId(contractId, span.start),
    });
  }
}

/** The first day a schedule has not billed yet. */
export function nextUnbilledDay(schedule: Pick<BillingSchedule, "startsOn" | "billedThrough">): CalendarDate {
  return schedule.billedThrough === null ? schedule.startsOn : addDays(schedule.billedThrough, 1);
}

const binding: readonly string[] = BINDING_CONTRACT_STATUSES;

/**
 * The retainer periods due as of `asOf`, oldest first: those not billed yet whose issue day has come, of a
 * contract that binds (signed, active or expiring; an unsigned contract bills nothing, an ended one no more).
 */
export function dueRetainerPeriods(
  contract: Pick<Contract, "id" | "status" | "endDate" | "billingSchedule">,
  asOf: CalendarDate,
): RetainerPeriod[] {
  const s = contract.billingSchedule;
  if (s === null || !binding.includes(contract.status)) return [];
  return retainerPeriods(contract.id, s, contract.endDate, nextUnbilledDay(s)).filter(
    (p) => p.issueOn <= asOf,
  );
}

/** The next period a schedule will bill (due or not), or null when every period to the contract's end is billed. */
export function nextRetainerPeriod(
  contract: Pick<Contract, "id" | "endDate" | "billingSchedule">,
): RetainerPeriod | null {
  const s = contract.billingSchedule;
  if (s === null) return null;
  return retainerPeriods(contract.id, s, contract.endDate, nextUnbilledDay(s))[0] ?? null;
}

/**
 * The draft invoice for a retainer's period: one line for the period's amount, linked to the contract and the
 * period, due the workspace's payment terms after its issue day.
 */
export function retainerInvoice(
  contract: Pick<Contract, "id" | "accountId" | "title">,
  period: Pick<RetainerPeriod, "start" | "end" | "issueOn" | "amount" | "invoiceId">,
  billing: Pick<BillingSettings, "paymentTermsDays">,
): Extract<InvoiceCommand, { type: "DraftInvoice" }> {
  return {
    type: "DraftInvoice",
    invoiceId: period.invoiceId,
    accountId: contract.accountId,
    contractId: contract.id,
    currency: period.amount.currency,
    lines: [
      {
        description: `${contract.title}: ${period.start} to ${period.end}`.slice(0, 500),
        quantity: "1",
        unitPrice: period.amount,
        towerId: null,
        milestoneId: null,
        period: { start: period.start, end: period.end },
      },
    ],
    dueDate: addDays(period.issueOn, billing.paymentTermsDays),
  };
}
