// The data of the report an account executive sends a client for a period: what we did together, what was
// delivered and is due, where the contracts stand, budget against spend, billing, and the next steps.
import {
  AccountIdSchema,
  AccountSchema,
  type Activity,
  ActivityIdSchema,
  ActivitySchema,
  addDays,
  BINDING_CONTRACT_STATUSES,
  BriefSchema,
  basisPoints,
  type CalendarDate,
  ClientContractSchema,
  type Contract,
  ContractIdSchema,
  ContractSchema,
  type ContractStatus,
  type CurrencyMismatch,
  CurrencySchema,
  clientViewOfActivity,
  clientViewOfContract,
  dateOf,
  EscalationSchema,
  type InCurrency,
  InvoiceSchema,
  invoiceTotal,
  isEscalationLive,
  isInvoicePastDue,
  isTaskForClient,
  isWithin,
  MilestoneSchema,
  type Money,
  MoneySchema,
  minDate,
  OPEN_TASK_STATUSES,
  renewalSchedule,
  startOfDay,
  TaskSchema,
  type Timestamp,
  TimestampSchema,
  toReportCurrency,
  total,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { eq, gte, inArray, lt } from "drizzle-orm";
import { z } from "zod";
import { notFound } from "../refusals.ts";
import { findData, listDataWhere, type Scope, selectRows } from "../scope.ts";
import { inCurrency, nowShape, PeriodLabelSchema, reportCurrencyShape, resolvePeriod } from "./options.ts";
import { parseEach, sortedBy } from "./read.ts";
import {
  ConvertedAmountSchema,
  PeriodSchema,
  RenewalScheduleSchema,
  readonlyArray,
} from "./report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";

export const ClientReportOptionsSchema = z.strictObject({
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

/** A contract in force in the period, as the client sees its budget: its value and what was billed on it. */
export const ContractBudgetSchema = z
  .object({
    contractId: ContractIdSchema,
    title: z.string(),
    /** The contract's value, as agreed and in the report's currency. */
    value: ConvertedAmountSchema,
    /** Invoices on the contract issued in the period (void ones excluded), at the client's prices. */
    billedInPeriod: MoneySchema,
    /** Invoices on the contract issued up to the period's end (void ones excluded). */
    billedToDate: MoneySchema,
  })
  .meta({ id: "ContractBudget" });
export type ContractBudget = z.output<typeof ContractBudgetSchema>;

// Burn is what the client was billed, at the client's prices: never the agency's own cost, which with the
// billed amount would tell the client the agency's margin.
export const BudgetAndBurnSchema = z
  .object({
    /** Approved budgets of the briefs live in the period (received by its end, not rejected, not delivered before it). */
    briefs: readonlyArray(BriefBudgetSchema),
    /** Each contract in force during the period: its value and what was billed on it. */
    contracts: readonlyArray(ContractBudgetSchema),
    /** Σ approved brief budgets + Σ values of the contracts in force. */
    budget: MoneySchema,
    /** Invoices of the account issued in the period (void ones excluded), at the client's prices. */
    billedInPeriod: MoneySchema,
    /** Invoices of the account issued up to the period's end (void ones excluded). */
    billedToDate: MoneySchema,
    /** billedToDate ÷ budget in basis points (10,000 = 100 %); null without a budget. */
    burnBasisPoints: z.number().int().nullable(),
  })
  .meta({
    id: "BudgetAndBurn",
    description: "Budget against what was billed at the client's prices (never the agency's cost).",
  });
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
    /** Activities done in the period, oldest first, as the client may read them (no internal note). */
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
      z.object({ contract: ClientContractSchema, renewal: RenewalScheduleSchema.nullable() }),
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
      /** Open or in-progress tasks agreed with the client, by due date. */
      tasks: readonlyArray(TaskSchema),
      /** Planned activities, soonest first, as the client may read them. */
      plannedActivities: readonlyArray(ActivitySchema),
      /** Action items from the minutes of the period's meetings. */
      actionItems: readonlyArray(ActionItemSchema),
    }),
  })
  .meta({
    id: "ClientReport",
    description:
      "The report an AE sends the client for a period: activities, deliverables, contracts, budget, invoices. It holds nothing internal: no internal note, no task not agreed with the client, no cost of the agency.",
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

/** The last day a contract was in force: its end, or the day it ended early. */
const lastDay = (c: Contract): CalendarDate =>
  c.endedAt !== null && dateOf(c.endedAt) < c.endDate ? dateOf(c.endedAt) : c.endDate;

/** The activities as the client may read them: internal notes left out, the team's notes on the others too. */
const forClient = (activities: readonly Activity[]): Activity[] =>
  activities.flatMap((x) => clientViewOfActivity(x) ?? []);

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

/**
 * The client report's data for the account and period; NotFound for an unknown account. It holds only what the
 * client may read (the domain's client-view.ts): every format rendered from it, and its JSON, is safe to send.
 */
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
  ).then((rows) => forClient(parseEach(ActivitySchema, rows)));
  const planned = await selectRows(
    scope,
    a,
    { data: a.data },
    {
      where: [eq(a.accountId, accountId), eq(a.status, "planned")],
      orderBy: [a.at, a.id],
    },
  ).then((rows) => forClient(parseEach(ActivitySchema, rows)));
  const tasks = await selectRows(
    scope,
    t,
    { data: t.data },
    {
      where: [eq(t.accountId, accountId), inArray(t.status, [...OPEN_TASK_STATUSES])],
      orderBy: [t.dueDate, t.id],
    },
  ).then((rows) => parseEach(TaskSchema, rows).filter(isTaskForClient));
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

    // Budget and burn: billed at the client's prices, never the agency's cost.
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
    const issuedToDate = invoices.filter(
      (i) => i.status !== "void" && i.issuedOn !== null && i.issuedOn <= period.end,
    );
    const issuedInPeriod = issuedToDate.filter((i) => inP(i.issuedOn));
    const billed = (xs: typeof invoices) => sum(xs.map(invoiceTotal));
    const contractBudgets: ContractBudget[] = inForce.map((c) => {
      const on = (xs: typeof invoices) => xs.filter((i) => i.contractId === c.id);
      return {
        contractId: c.id,
        title: c.title,
        value: { amount: c.value, converted: toReport(c.value) },
        billedInPeriod: billed(on(issuedInPeriod)),
        billedToDate: billed(on(issuedToDate)),
      };
    });
    const budget = total(target.currency, [
      ...briefBudgets.map((b) => b.approved.converted),
      ...contractBudgets.map((c) => c.value.converted),
    ]);
    const billedToDate = billed(issuedToDate);

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
        contract: clientViewOfContract(contract),
        renewal: BINDING.includes(contract.status)
          ? renewalSchedule(contract, scope.settings.renewals, dateOf(now))
          : null,
      })),
      budget: {
        briefs: briefBudgets,
        contracts: contractBudgets,
        budget,
        billedInPeriod: billed(issuedInPeriod),
        billedToDate,
        burnBasisPoints: basisPoints(billedToDate.amount, budget.amount),
      },
      invoices: {
        issued: sortedBy(issuedInPeriod, (i) => i.issuedOn),
        paid: sortedBy(paid, (i) => i.paidAt),
        overdue: sortedBy(overdue, (i) => i.dueDate),
        issuedTotal: billed(issuedInPeriod),
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
          escalations.filter((e) => isEscalationLive(e)),
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
