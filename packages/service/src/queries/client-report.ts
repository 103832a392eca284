// The data of the report an account executive sends a client for a period: what we did together, what was
// delivered and is due, where the contracts stand, budget against spend, billing, and the next steps.
import {
  AccountIdSchema,
  AccountSchema,
  ActivityIdSchema,
  ActivitySchema,
  addDays,
  BINDING_CONTRACT_STATUSES,
  BriefSchema,
  basisPoints,
  type CalendarDate,
  type Contract,
  ContractIdSchema,
  type ContractPnl,
  ContractSchema,
  type ContractStatus,
  type CostEntry,
  CostEntrySchema,
  type CurrencyMismatch,
  CurrencySchema,
  contractPnl,
  dateOf,
  type Escalation,
  EscalationSchema,
  type InCurrency,
  InvoiceSchema,
  invoiceTotal,
  isInvoicePastDue,
  isWithin,
  MilestoneSchema,
  type Money,
  MoneySchema,
  minDate,
  renewalSchedule,
  startOfDay,
  TaskSchema,
  type Timestamp,
  TimestampSchema,
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
import {
  ContractPnlSchema,
  ConvertedAmountSchema,
  PeriodSchema,
  RenewalScheduleSchema,
  readonlyArray,
} from "./report-schemas.ts";
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
export const ContractMilestoneSchema = z
  .object({ contractId: ContractIdSchema, contractTitle: z.string(), milestone: MilestoneSchema })
  .meta({ id: "ContractMilestone" });
export type ContractMilestone = z.output<typeof ContractMilestoneSchema>;

/** An action item recorded in a meeting's minutes. */
export const ActionItemSchema = z
  .object({ activityId: ActivityIdSchema, at: TimestampSchema, subject: z.string(), item: z.string() })
  .meta({ id: "ActionItem" });
export type ActionItem = z.output<typeof ActionItemSchema>;

/** A brief's approved budget, as agreed and in the report's currency. */
export const BriefBudgetSchema = z
  .object({ brief: BriefSchema, approved: ConvertedAmountSchema })
  .meta({ id: "BriefBudget" });
export type BriefBudget = z.output<typeof BriefBudgetSchema>;

export const BudgetAndBurnSchema = z
  .object({
    /** Approved budgets of the briefs live in the period (received by its end, not rejected, not delivered before it). */
    briefs: readonlyArray(BriefBudgetSchema),
    /** The P&L of each contract in force during the period, over the period's invoices and cost entries. */
    contracts: readonlyArray(ContractPnlSchema),
    /** Σ approved brief budgets + Σ values of the contracts in force. */
    budget: MoneySchema,
    /** Cost entries dated in the period (voided ones excluded). */
    spentInPeriod: MoneySchema,
    /** Cost entries dated up to the period's end (voided ones excluded). */
    spentToDate: MoneySchema,
    /** spentToDate ÷ budget in basis points (10,000 = 100 %); null without a budget. */
    burnBasisPoints: z.number().int().nullable(),
  })
  .meta({ id: "BudgetAndBurn" });
export type BudgetAndBurn = z.output<typeof BudgetAndBurnSchema>;

export const InvoicesInPeriodSchema = z
  .object({
    /** Issued in the period (void ones excluded). */
    issued: readonlyArray(InvoiceSchema),
    /** Paid in the period. */
    paid: readonlyArray(InvoiceSchema),
    /** Still unpaid and past due by the period's end (or by now, if the period is not over). */
    overdue: readonlyArray(InvoiceSchema),
    issuedTotal: MoneySchema,
    paidTotal: MoneySchema,
    overdueTotal: MoneySchema,
  })
  .meta({ id: "InvoicesInPeriod" });
export type InvoicesInPeriod = z.output<typeof InvoicesInPeriodSchema>;

export const ClientReportSchema = z
  .object({
    account: AccountSchema,
    period: PeriodSchema,
    now: TimestampSchema,
    currency: CurrencySchema,
    /** Activities done in the period, oldest first. */
    activities: readonlyArray(ActivitySchema),
    /** The meetings among them, with their minutes. */
    meetings: readonlyArray(ActivitySchema),
    deliverables: z.object({
      /** Milestones met in the period. */
      milestonesDone: readonlyArray(ContractMilestoneSchema),
      /** Milestones due in the period and not met by its end. */
      milestonesDue: readonlyArray(ContractMilestoneSchema),
      /** Briefs delivered in the period. */
      briefsDelivered: readonlyArray(BriefSchema),
      /** Briefs whose deadline falls in the period and that were not delivered by its end. */
      briefsDue: readonlyArray(BriefSchema),
    }),
    /** Contracts not withdrawn and not ended before the period, each with its renewal dates while binding. */
    contracts: readonlyArray(
      z.object({ contract: ContractSchema, renewal: RenewalScheduleSchema.nullable() }),
    ),
    budget: BudgetAndBurnSchema,
    invoices: InvoicesInPeriodSchema,
    escalations: z.object({
      opened: readonlyArray(EscalationSchema),
      resolved: readonlyArray(EscalationSchema),
      /** Open, acknowledged or in progress now. */
      open: readonlyArray(EscalationSchema),
    }),
    nextSteps: z.object({
      /** Open or in-progress tasks, by due date. */
      tasks: readonlyArray(TaskSchema),
      /** Planned activities, soonest first. */
      plannedActivities: readonlyArray(ActivitySchema),
      /** Action items from the minutes of the period's meetings. */
      actionItems: readonlyArray(ActionItemSchema),
    }),
  })
  .meta({
    id: "ClientReport",
    description:
      "The report an AE sends the client for a period: activities, deliverables, contracts, budget, invoices.",
  });
export type ClientReport = z.output<typeof ClientReportSchema>;

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
