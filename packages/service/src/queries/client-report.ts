// The data of the report an account executive sends a client for a period: what we did together, what was
// delivered and is due, where the contracts stand, budget against spend, billing, and the next steps.
import {
  type Account,
  AccountIdSchema,
  AccountSchema,
  type Activity,
  type ActivityId,
  ActivitySchema,
  addDays,
  BINDING_CONTRACT_STATUSES,
  type Brief,
  BriefSchema,
  basisPoints,
  type CalendarDate,
  type Contract,
  type ContractId,
  type ContractPnl,
  ContractSchema,
  type ContractStatus,
  type ConvertedAmount,
  type CostEntry,
  CostEntrySchema,
  type Currency,
  type CurrencyMismatch,
  contractPnl,
  dateOf,
  type Escalation,
  EscalationSchema,
  type InCurrency,
  type Invoice,
  InvoiceSchema,
  invoiceTotal,
  isInvoicePastDue,
  isWithin,
  type Milestone,
  type Money,
  minDate,
  type Period,
  type RenewalSchedule,
  renewalSchedule,
  startOfDay,
  type Task,
  TaskSchema,
  type Timestamp,
  toReportCurrency,
  total,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { eq, gte, inArray, lt, lte } from "drizzle-orm";
import { z } from "zod";
import { notFound } from "../refusals.ts";
import { findData, listDataWhere, type Scope, selectRows } from "../scope.ts";
import { inCurrency, nowShape, PeriodLabelSchema, reportCurrencyShape, resolvePeriod } from "./options.ts";
import { parseEach, sortedBy } from "./read.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";

export const ClientReportOptionsSchema = z.object({
  accountId: AccountIdSchema,
  /** "2026-Q3", "2026-07" or "2026", under the workspace's fiscal year. */
  period: PeriodLabelSchema,
  ...nowShape,
  ...reportCurrencyShape,
});
export type ClientReportOptions = z.input<typeof ClientReportOptionsSchema>;

/** A milestone of one of the account's contracts. */
export interface ContractMilestone {
  readonly contractId: ContractId;
  readonly contractTitle: string;
  readonly milestone: Milestone;
}

/** An action item recorded in a meeting's minutes. */
export interface ActionItem {
  readonly activityId: ActivityId;
  readonly at: Timestamp;
  readonly subject: string;
  readonly item: string;
}

/** A brief's approved budget, as agreed and in the report's currency. */
export interface BriefBudget {
  readonly brief: Brief;
  readonly approved: ConvertedAmount;
}

export interface BudgetAndBurn {
  /** Approved budgets of the briefs live in the period (received by its end, not rejected, not delivered before it). */
  readonly briefs: readonly BriefBudget[];
  /** The P&L of each contract in force during the period, over the period's invoices and cost entries. */
  readonly contracts: readonly ContractPnl[];
  /** Σ approved brief budgets + Σ values of the contracts in force. */
  readonly budget: Money;
  /** Cost entries dated in the period (voided ones excluded). */
  readonly spentInPeriod: Money;
  /** Cost entries dated up to the period's end (voided ones excluded). */
  readonly spentToDate: Money;
  /** spentToDate ÷ budget in basis points (10,000 = 100 %); null without a budget. */
  readonly burnBasisPoints: number | null;
}

export interface InvoicesInPeriod {
  /** Issued in the period (void ones excluded). */
  readonly issued: readonly Invoice[];
  /** Paid in the period. */
  readonly paid: readonly Invoice[];
  /** Still unpaid and past due by the period's end (or by now, if the period is not over). */
  readonly overdue: readonly Invoice[];
  readonly issuedTotal: Money;
  readonly paidTotal: Money;
  readonly overdueTotal: Money;
}

export interface ClientReport {
  readonly account: Account;
  readonly period: Period;
  readonly now: Timestamp;
  readonly currency: Currency;
  /** Activities done in the period, oldest first. */
  readonly activities: readonly Activity[];
  /** The meetings among them, with their minutes. */
  readonly meetings: readonly Activity[];
  readonly deliverables: {
    /** Milestones met in the period. */
    readonly milestonesDone: readonly ContractMilestone[];
    /** Milestones due in the period and not met by its end. */
    readonly milestonesDue: readonly ContractMilestone[];
    /** Briefs delivered in the period. */
    readonly briefsDelivered: readonly Brief[];
    /** Briefs whose deadline falls in the period and that were not delivered by its end. */
    readonly briefsDue: readonly Brief[];
  };
  /** Contracts not withdrawn and not ended before the period, each with its renewal dates while binding. */
  readonly contracts: readonly { readonly contract: Contract; readonly renewal: RenewalSchedule | null }[];
  readonly budget: BudgetAndBurn;
  readonly invoices: InvoicesInPeriod;
  readonly escalations: {
    readonly opened: readonly Escalation[];
    readonly resolved: readonly Escalation[];
    /** Open, acknowledged or in progress now. */
    readonly open: readonly Escalation[];
  };
  readonly nextSteps: {
    /** Open or in-progress tasks, by due date. */
    readonly tasks: readonly Task[];
    /** Planned activities, soonest first. */
    readonly plannedActivities: readonly Activity[];
    /** Action items from the minutes of the period's meetings. */
    readonly actionItems: readonly ActionItem[];
  };
}

const AGREED: readonly ContractStatus[] = [
  "signed",
  "active",
  "expiring",
  "renewed",
  "expired",
  "terminated",
];
const BINDING: readonly ContractStatus[] = BINDING_CONTRACT_STATUSES;
const OPEN_ESCALATION: readonly Escalation["status"][] = ["open", "acknowledged", "in_progress"];

/** The last day a contract was in force: its end, or the day it ended early. */
const lastDay = (c: Contract): CalendarDate =>
  c.endedAt !== null && dateOf(c.endedAt) < c.endDate ? dateOf(c.endedAt) : c.endDate;

class NoRate {
  constructor(readonly mismatch: CurrencyMismatch) {}
}

/** Converts, or stops the report with the mismatch: a report in one currency cannot skip an amount. */
function converter(target: InCurrency) {
  return (m: Money): Money => {
    const c = toReportCurrency(m, target);
    if (!c.ok) throw new NoRate(c.error);
    return c.value;
  };
}

/** The client report's data for the account and period; NotFound for an unknown account. */
export async function clientReport(
  scope: Scope,
  options: z.output<typeof ClientReportOptionsSchema> & { readonly now: Timestamp },
): Promise<QueryResult<ClientReport>> {
  const { accountId, now } = options;
  const resolved = resolvePeriod(options.period, scope.settings);
  if (!resolved.ok) return queryRefused(resolved.error);
  const period = resolved.value;
  const data = await findData(scope, schema.accounts, accountId);
  if (data === undefined) return queryRefused(notFound("account", accountId));
  const account = AccountSchema.parse(data);

  const a = schema.activities;
  const t = schema.tasks;
  const k = schema.costs;
  const periodStart = startOfDay(period.start);
  const afterPeriod = startOfDay(addDays(period.end, 1));
  // One after another: inside a transaction the queries share one connection anyway.
  const inPeriod = await selectRows(
    scope,
    a,
    { data: a.data },
    {
      where: [
        eq(a.accountId, accountId),
        eq(a.status, "done"),
        gte(a.at, periodStart),
        lt(a.at, afterPeriod),
      ],
      orderBy: [a.at, a.id],
    },
  ).then((rows) => parseEach(ActivitySchema, rows));
  const planned = await selectRows(
    scope,
    a,
    { data: a.data },
    {
      where: [eq(a.accountId, accountId), eq(a.status, "planned")],
      orderBy: [a.at, a.id],
    },
  ).then((rows) => parseEach(ActivitySchema, rows));
  const tasks = await selectRows(
    scope,
    t,
    { data: t.data },
    {
      where: [eq(t.accountId, accountId), inArray(t.status, ["open", "in_progress"])],
      orderBy: [t.dueDate, t.id],
    },
  ).then((rows) => parseEach(TaskSchema, rows));
  const costs = await selectRows(
    scope,
    k,
    { data: k.data },
    {
      where: [eq(k.accountId, accountId), lte(k.date, period.end)],
      orderBy: [k.date, k.id],
    },
  ).then((rows) => parseEach(CostEntrySchema, rows));
  const contracts = await listDataWhere(scope, schema.contracts, schema.contracts.accountId, accountId).then(
    (ds) => ds.map((d) => ContractSchema.parse(d)),
  );
  const briefs = await listDataWhere(scope, schema.briefs, schema.briefs.accountId, accountId).then((ds) =>
    ds.map((d) => BriefSchema.parse(d)),
  );
  const invoices = await listDataWhere(scope, schema.invoices, schema.invoices.accountId, accountId).then(
    (ds) => ds.map((d) => InvoiceSchema.parse(d)),
  );
  const escalations = await listDataWhere(
    scope,
    schema.escalations,
    schema.escalations.accountId,
    accountId,
  ).then((ds) => ds.map((d) => EscalationSchema.parse(d)));
  const inP = (d: CalendarDate | null) => d !== null && isWithin(d, period);
  const inPAt = (ts: Timestamp | null) => ts !== null && isWithin(dateOf(ts), period);
  const target = inCurrency(scope.settings, options);
  const toReport = converter(target);
  const sum = (ms: readonly Money[]) => total(target.currency, ms.map(toReport));

  try {
    // Deliverables.
    const milestones = sortedBy(contracts, (c) => c.startDate).flatMap((c) =>
      sortedBy(c.milestones, (m) => m.dueDate).map((milestone) => ({
        contractId: c.id,
        contractTitle: c.title,
        milestone,
      })),
    );
    const deliverables = {
      milestonesDone: milestones.filter((m) => inP(m.milestone.doneOn)),
      milestonesDue: milestones.filter(
        (m) => inP(m.milestone.dueDate) && (m.milestone.doneOn === null || m.milestone.doneOn > period.end),
      ),
      briefsDelivered: sortedBy(
        briefs.filter((b) => inPAt(b.deliveredAt)),
        (b) => b.deliveredAt,
      ),
      briefsDue: sortedBy(
        briefs.filter(
          (b) =>
            inP(b.deadline) &&
            b.status !== "rejected" &&
            (b.deliveredAt === null || dateOf(b.deliveredAt) > period.end),
        ),
        (b) => b.deadline,
      ),
    };

    // Contracts.
    const relevant = sortedBy(
      contracts.filter((c) => c.status !== "withdrawn" && lastDay(c) >= period.start),
      (c) => c.startDate,
    );
    const inForce = relevant.filter((c) => AGREED.includes(c.status) && c.startDate <= period.end);

    // Budget and burn.
    const recorded = costs.filter((c: CostEntry) => c.status !== "voided");
    const costsInPeriod = recorded.filter((c) => c.date >= period.start);
    const liveBriefs = sortedBy(
      briefs.filter(
        (b) =>
          b.approvedBudget !== null &&
          b.status !== "rejected" &&
          dateOf(b.receivedAt) <= period.end &&
          (b.deliveredAt === null || dateOf(b.deliveredAt) >= period.start),
      ),
      (b) => b.receivedAt,
    );
    const briefBudgets: BriefBudget[] = liveBriefs.map((brief) => {
      const amount = brief.approvedBudget as Money;
      return { brief, approved: { amount, converted: toReport(amount) } };
    });
    const issuedInPeriod = invoices.filter((i) => i.status !== "void" && inP(i.issuedOn));
    const contractPnls: ContractPnl[] = [];
    for (const c of inForce) {
      const p = contractPnl(c, issuedInPeriod, costsInPeriod, target);
      if (!p.ok) throw new NoRate(p.error);
      contractPnls.push(p.value);
    }
    const budget = total(target.currency, [
      ...briefBudgets.map((b) => b.approved.converted),
      ...contractPnls.map((p) => p.plannedValue.converted),
    ]);
    const spentToDate = sum(recorded.map((c) => c.amount));

    // Invoices: overdue judged at the period's end, or now while the period runs.
    const judgedOn = minDate(dateOf(now), addDays(period.end, 1));
    const paid = invoices.filter((i) => inPAt(i.paidAt));
    const overdue = invoices.filter((i) => isInvoicePastDue(i, judgedOn));

    const meetings = inPeriod.filter((x) => x.kind === "meeting");
    return queryOk({
      account,
      period,
      now,
      currency: target.currency,
      activities: inPeriod,
      meetings,
      deliverables,
      contracts: relevant.map((contract) => ({
        contract,
        renewal: BINDING.includes(contract.status)
          ? renewalSchedule(contract, scope.settings.renewals)
          : null,
      })),
      budget: {
        briefs: briefBudgets,
        contracts: contractPnls,
        budget,
        spentInPeriod: sum(costsInPeriod.map((c) => c.amount)),
        spentToDate,
        burnBasisPoints: basisPoints(spentToDate.amount, budget.amount),
      },
      invoices: {
        issued: sortedBy(issuedInPeriod, (i) => i.issuedOn),
        paid: sortedBy(paid, (i) => i.paidAt),
        overdue: sortedBy(overdue, (i) => i.dueDate),
        issuedTotal: sum(issuedInPeriod.map(invoiceTotal)),
        paidTotal: sum(paid.map(invoiceTotal)),
        overdueTotal: sum(overdue.map(invoiceTotal)),
      },
      escalations: {
        opened: sortedBy(
          escalations.filter((e) => inPAt(e.openedAt)),
          (e) => e.openedAt,
        ),
        resolved: sortedBy(
          escalations.filter((e) => inPAt(e.resolvedAt)),
          (e) => e.resolvedAt,
        ),
        open: sortedBy(
          escalations.filter((e) => OPEN_ESCALATION.includes(e.status)),
          (e) => e.slaDueAt,
        ),
      },
      nextSteps: {
        tasks,
        plannedActivities: planned,
        actionItems: meetings.flatMap((m) =>
          (m.minutes?.actionItems ?? []).map((item) => ({
            activityId: m.id,
            at: m.at,
            subject: m.subject,
            item,
          })),
        ),
      },
    });
  } catch (e) {
    if (e instanceof NoRate) return queryRefused(e.mismatch);
    throw e;
  }
}
