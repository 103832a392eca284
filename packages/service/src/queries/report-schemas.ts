// Schemas of what the domain's policies compute (periods, forecasts, attainments, rotting, renewal schedules,
// health, P&L), for the reports that carry them: the API names each report's response with them and a test
// parses every report's real output with them. The domain declares these as TypeScript interfaces; each schema
// here is checked against its interface both ways at compile time (`mirror`), so neither can drift, and is typed
// as exactly that interface, so a report type derived from a schema holds the domain's own types.
import {
  type AccountHealth,
  AccountIdSchema,
  type AccountPnl,
  ActivityIdSchema,
  type Actuals,
  CalendarDateSchema,
  ContactIdSchema,
  ContractIdSchema,
  type ContractPnl,
  ContractStatusSchema,
  type ConvertedAmount,
  CostCategorySchema,
  CostEntryIdSchema,
  type CostLine,
  type CountedDeal,
  type CountedDealsPage,
  type CountedTotal,
  type CurrencyMismatch,
  CurrencySchema,
  EscalationIdSchema,
  FORECAST_ROLLUP_LABELS,
  FORECAST_ROLLUP_SUMS,
  ForecastCategorySchema,
  type ForecastFiguresSummary,
  type ForecastLine,
  type ForecastLinesPage,
  type ForecastRollups,
  type ForecastSummary,
  guardedBy,
  HEALTH_BANDS,
  type HealthFactor,
  InvoiceIdSchema,
  METRIC_DIMENSIONS,
  MemberIdSchema,
  type MetricsGroup,
  MoneySchema,
  OPPORTUNITY_STATUSES,
  OpportunityIdSchema,
  type OwnerForecastSummary,
  PERIOD_KINDS,
  type Period,
  type PeriodFigures,
  type PeriodForecastSummary,
  PipelineIdSchema,
  type Pnl,
  type QuotaAttainment,
  type QuotaAttainmentSummary,
  QuotaIdSchema,
  type RenewalReminder,
  type RenewalSchedule,
  type RevenueLine,
  type SalesFigures,
  type SalesMetrics,
  type ScheduledDate,
  SeveritySchema,
  type SparedDeal,
  type StageFigures,
  StageIdSchema,
  type StaleDeal,
  TimestampSchema,
  TowerIdSchema,
  type TowerPnl,
} from "@accountable/domain";
import { z } from "zod";

/** Read-only all the way down: the domain's interfaces are, zod's outputs are not, and JSON cannot tell. */
type Frozen<T> = T extends string | number | boolean | bigint | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? readonly Frozen<U>[]
    : { readonly [K in keyof T]: Frozen<T[K]> };

/** Whether A and B are assignable to each other, readonly aside. */
type Agree<A, B> = [Frozen<A>] extends [Frozen<B>] ? ([Frozen<B>] extends [Frozen<A>] ? true : false) : false;

/**
 * A schema of the domain type `T`, typed as `T`. Fails to compile ("Expected 2 arguments") unless the schema's
 * output and `T` agree both ways: a field added, dropped or retyped on either side is caught here.
 */
const mirror =
  <T>() =>
  <S extends z.ZodType>(schema: S, ..._drift: Agree<z.output<S>, T> extends true ? [] : [never]) =>
    schema as unknown as z.ZodType<T, T>;

/** A list in a report: read-only, as the reports' types have always had them (JSON cannot tell). */
export const readonlyArray = <T extends z.ZodType>(item: T) => z.array(item).readonly();

// --- kernel and in-currency ---------------------------------------------------------------------------------

export const PeriodSchema = mirror<Period>()(
  z
    .object({
      kind: z.enum(PERIOD_KINDS),
      label: z.string(),
      start: CalendarDateSchema,
      end: CalendarDateSchema,
    })
    .meta({
      id: "Period",
      description: 'A reporting period ("2026-Q3", "2026", "2026-07"), first and last days included.',
    }),
);

export const ConvertedAmountSchema = mirror<ConvertedAmount>()(
  z
    .object({ amount: MoneySchema, converted: MoneySchema })
    .meta({ id: "ConvertedAmount", description: "An amount as recorded, and in the report's currency." }),
);

export const CurrencyMismatchSchema = mirror<CurrencyMismatch>()(
  z
    .object({
      _tag: z.literal("CurrencyMismatch"),
      expected: CurrencySchema,
      actual: CurrencySchema,
      message: z.string(),
    })
    .meta({
      id: "CurrencyMismatch",
      description: "An amount in a currency with no exchange rate into the report's.",
    }),
);

/** The domain's `Result<T, CurrencyMismatch>`: a figure, or the missing rate that kept it from being computed. */
export const orCurrencyMismatch = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion("ok", [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: CurrencyMismatchSchema }),
  ]);

// --- renewal schedule ---------------------------------------------------------------------------------------

export const ScheduledDateSchema = mirror<ScheduledDate>()(
  z.object({ on: CalendarDateSchema, because: z.string() }).meta({ id: "ScheduledDate" }),
);

export const RenewalReminderSchema = mirror<RenewalReminder>()(
  z
    .object({ on: CalendarDateSchema, because: z.string(), daysBeforeDeadline: z.number().int() })
    .meta({ id: "RenewalReminder" }),
);

export const RenewalScheduleSchema = mirror<RenewalSchedule>()(
  z
    .object({
      endDate: ScheduledDateSchema,
      noticeDeadline: ScheduledDateSchema,
      windowOpensOn: ScheduledDateSchema,
      tacitRenewal: z
        .object({
          renewsOn: ScheduledDateSchema,
          newEndDate: ScheduledDateSchema,
          clientMustBeToldBy: ScheduledDateSchema,
        })
        .nullable(),
      reminders: z.array(RenewalReminderSchema),
    })
    .meta({
      id: "RenewalSchedule",
      description: "Every date that matters for a contract's renewal, each with its reason.",
    }),
);

// --- forecast -----------------------------------------------------------------------------------------------

export const ForecastLineSchema = mirror<ForecastLine>()(
  z
    .object({
      opportunityId: OpportunityIdSchema,
      /** Null: no amount yet (then converted and weighted are zero). */
      amount: MoneySchema.nullable(),
      converted: MoneySchema,
      probability: z.number(),
      weighted: MoneySchema,
      name: z.string(),
      ownerId: MemberIdSchema,
      status: z.enum(OPPORTUNITY_STATUSES),
      bucket: z.union([ForecastCategorySchema, z.literal("lost")]),
      date: CalendarDateSchema,
    })
    .meta({ id: "ForecastLine" }),
);

export const CountedTotalSchema = mirror<CountedTotal>()(
  z
    .object({ amount: MoneySchema, weighted: MoneySchema, count: z.number().int() })
    .meta({ id: "CountedTotal" }),
);

export const ForecastRollupsSchema = mirror<ForecastRollups>()(
  z
    .object({ openPipeline: MoneySchema, bestCase: MoneySchema, commit: MoneySchema, closed: MoneySchema })
    .meta({
      id: "ForecastRollups",
      // Money is recognised by its schema's identity (field-visibility), so the fields keep MoneySchema itself and
      // the words go on the object.
      description: `Cumulative figures over the categories, named by what they add up (the category alone is under categories): ${(
        ["openPipeline", "bestCase", "commit", "closed"] as const
      )
        .map((k) => `${k} is "${FORECAST_ROLLUP_LABELS[k]}", ${FORECAST_ROLLUP_SUMS[k]}`)
        .join("; ")}.`,
    }),
);

const forecastFiguresShape = {
  // Every category, each key spelled out so the client knows them (the mirror fails if the domain adds one).
  categories: z.object({
    pipeline: CountedTotalSchema,
    best_case: CountedTotalSchema,
    most_likely: CountedTotalSchema,
    commit: CountedTotalSchema,
    closed: CountedTotalSchema,
    omitted: CountedTotalSchema,
  }),
  rollups: ForecastRollupsSchema,
  weightedRollups: ForecastRollupsSchema,
  lost: CountedTotalSchema,
  deals: z.number().int(),
};

export const ForecastFiguresSummarySchema = mirror<ForecastFiguresSummary>()(
  z.object(forecastFiguresShape).meta({ id: "ForecastFiguresSummary" }),
);

export const OwnerForecastSummarySchema = mirror<OwnerForecastSummary>()(
  z.object({ ...forecastFiguresShape, ownerId: MemberIdSchema }).meta({ id: "OwnerForecastSummary" }),
);

export const ForecastLinesPageSchema = mirror<ForecastLinesPage>()(
  z
    .object({ items: z.array(ForecastLineSchema), nextCursor: OpportunityIdSchema.nullable() })
    .meta({ id: "ForecastLinesPage", description: "One page of a period's deals, in id order." }),
);

export const PeriodForecastSummarySchema = mirror<PeriodForecastSummary>()(
  z
    .object({
      period: PeriodSchema,
      total: ForecastFiguresSummarySchema,
      owners: z.array(OwnerForecastSummarySchema),
      lines: ForecastLinesPageSchema.nullable(),
    })
    .meta({ id: "PeriodForecastSummary" }),
);

export const ForecastSummarySchema = mirror<ForecastSummary>()(
  z.object({ currency: CurrencySchema, periods: z.array(PeriodForecastSummarySchema) }).meta({
    id: "ForecastSummary",
    description: "The forecast per period: figures and deal counts; the deals a page at a time when asked.",
  }),
);

// --- quota attainment ---------------------------------------------------------------------------------------

export const CountedDealSchema = mirror<CountedDeal>()(
  z
    .object({
      /** Null: won without an amount (a won stage that did not require one); counted as zero. */
      amount: MoneySchema.nullable(),
      converted: MoneySchema,
      opportunityId: OpportunityIdSchema,
      closedOn: CalendarDateSchema,
    })
    .meta({ id: "CountedDeal" }),
);

export const QuotaAttainmentSchema = mirror<QuotaAttainment>()(
  z
    .object({
      quotaId: QuotaIdSchema,
      memberId: MemberIdSchema,
      period: PeriodSchema,
      // The target is the quota's (quota.read); the gap to it tells the target too.
      target: guardedBy("quota.read", ConvertedAmountSchema),
      closedWon: MoneySchema,
      attainmentBasisPoints: z.number().int().nullable(),
      gap: guardedBy("quota.read", MoneySchema),
      deals: z.array(CountedDealSchema),
    })
    .meta({ id: "QuotaAttainment" }),
);

export const CountedDealsPageSchema = mirror<CountedDealsPage>()(
  z
    .object({ items: z.array(CountedDealSchema), nextCursor: OpportunityIdSchema.nullable() })
    .meta({ id: "CountedDealsPage", description: "One page of a quota's counted deals, in id order." }),
);

export const QuotaAttainmentSummarySchema = mirror<QuotaAttainmentSummary>()(
  z
    .object({
      quotaId: QuotaIdSchema,
      memberId: MemberIdSchema,
      period: PeriodSchema,
      // The target is the quota's (quota.read); the gap to it tells the target too.
      target: guardedBy("quota.read", ConvertedAmountSchema),
      closedWon: MoneySchema,
      attainmentBasisPoints: z.number().int().nullable(),
      gap: guardedBy("quota.read", MoneySchema),
      dealCount: z.number().int().meta({ description: "How many won deals count toward the quota." }),
      deals: CountedDealsPageSchema.nullable().meta({
        description: "A page of the counted deals when asked for (lines=true), null otherwise.",
      }),
    })
    .meta({ id: "QuotaAttainmentSummary" }),
);

// --- sales metrics ------------------------------------------------------------------------------------------

export const StageFiguresSchema = mirror<StageFigures>()(
  z
    .object({
      pipelineId: PipelineIdSchema,
      stageId: StageIdSchema,
      entered: z.number().int(),
      advanced: z.number().int(),
      conversionBasisPoints: z.number().int().nullable(),
      completedVisits: z.number().int(),
      totalMillis: z.number().int(),
      meanDays: z.number().nullable(),
    })
    .meta({
      id: "StageFigures",
      description: "Conversion out of a stage and time spent in it, over a span.",
    }),
);

export const SalesFiguresSchema = mirror<SalesFigures>()(
  z
    .object({
      won: z.number().int(),
      wonAmount: MoneySchema,
      lost: z.number().int(),
      lostAmount: MoneySchema,
      winRateBasisPoints: z.number().int().nullable(),
      valueWinRateBasisPoints: z.number().int().nullable(),
      averageDealSize: MoneySchema.nullable(),
      cycleDays: z.number().int(),
      averageCycleDays: z.number().nullable(),
      openAtEnd: z.number().int(),
      velocityPerDay: MoneySchema.nullable(),
      stages: z.array(StageFiguresSchema),
    })
    .meta({ id: "SalesFigures", description: "Every sales metric over one span (see the domain's README)." }),
);

export const PeriodFiguresSchema = mirror<PeriodFigures>()(
  z.object({ period: PeriodSchema, figures: SalesFiguresSchema }).meta({ id: "PeriodFigures" }),
);

export const MetricsGroupSchema = mirror<MetricsGroup>()(
  z
    .object({ key: z.string().nullable(), whole: SalesFiguresSchema, trend: z.array(PeriodFiguresSchema) })
    .meta({ id: "MetricsGroup" }),
);

export const SalesMetricsSchema = mirror<SalesMetrics>()(
  z
    .object({
      asOf: TimestampSchema,
      currency: CurrencySchema,
      span: z.object({ start: CalendarDateSchema, end: CalendarDateSchema }),
      all: MetricsGroupSchema,
      groupBy: z.enum(METRIC_DIMENSIONS).nullable(),
      groups: z.array(MetricsGroupSchema),
    })
    .meta({ id: "SalesMetrics" }),
);

// --- rotting ------------------------------------------------------------------------------------------------

const idlenessShape = {
  opportunityId: OpportunityIdSchema,
  pipelineId: PipelineIdSchema,
  stageId: StageIdSchema,
  stageLabel: z.string(),
  idleDays: z.number().int(),
  limit: z.number().int(),
  since: TimestampSchema,
  sinceReason: z.enum(["entered_stage", "completed_activity"]),
};

export const StaleDealSchema = mirror<StaleDeal>()(
  z.object({ kind: z.literal("stale"), ...idlenessShape }).meta({ id: "StaleDeal" }),
);

export const SparedDealSchema = mirror<SparedDeal>()(
  z
    .object({
      kind: z.literal("spared"),
      ...idlenessShape,
      plannedActivityId: ActivityIdSchema,
      plannedAt: TimestampSchema,
    })
    .meta({ id: "SparedDeal" }),
);

// --- account health -----------------------------------------------------------------------------------------

const factor = <S extends string>(signal: S) => ({
  signal: z.literal(signal),
  pointsLost: z.number(),
  sentence: z.string(),
});

export const HealthFactorSchema = mirror<HealthFactor>()(
  z
    .discriminatedUnion("signal", [
      z
        .object({
          ...factor("engagement"),
          lastActivityId: ActivityIdSchema.nullable(),
          lastActivityAt: TimestampSchema.nullable(),
          daysSince: z.number().int().nullable(),
          limitDays: z.number().int(),
        })
        .meta({ id: "EngagementFactor" }),
      z
        .object({
          ...factor("stakeholders"),
          activeContactIds: z.array(ContactIdSchema),
          engagedContactIds: z.array(ContactIdSchema),
          limitDays: z.number().int(),
        })
        .meta({ id: "StakeholdersFactor" }),
      z
        .object({
          ...factor("sponsor"),
          sponsorIds: z.array(ContactIdSchema),
          departedSponsorIds: z.array(ContactIdSchema),
        })
        .meta({ id: "SponsorFactor" }),
      z
        .object({
          ...factor("escalations"),
          escalations: z.array(
            z.object({
              escalationId: EscalationIdSchema,
              severity: SeveritySchema,
              slaBreached: z.boolean(),
              points: z.number(),
            }),
          ),
        })
        .meta({ id: "EscalationsFactor" }),
      z
        .object({
          ...factor("overdue_invoices"),
          invoices: z.array(
            z.object({
              amount: MoneySchema,
              converted: MoneySchema,
              invoiceId: InvoiceIdSchema,
              dueDate: CalendarDateSchema,
              daysPastDue: z.number().int(),
              points: z.number(),
            }),
          ),
          total: MoneySchema,
        })
        .meta({ id: "OverdueInvoicesFactor" }),
      z
        .object({
          ...factor("renewal"),
          contracts: z.array(
            z.object({
              contractId: ContractIdSchema,
              title: z.string(),
              status: ContractStatusSchema,
              endDate: CalendarDateSchema,
              noticeDeadline: CalendarDateSchema,
              points: z.number(),
            }),
          ),
        })
        .meta({ id: "RenewalFactor" }),
    ])
    .meta({
      id: "HealthFactor",
      description: "One reason behind a health score: the points it cost and why.",
    }),
);

export const AccountHealthSchema = mirror<AccountHealth>()(
  z
    .object({
      accountId: AccountIdSchema,
      score: z.number(),
      band: z.enum(HEALTH_BANDS),
      pointsLost: z.number(),
      factors: z.array(HealthFactorSchema),
    })
    .meta({ id: "AccountHealth", description: "A 0–100 score, its band, and every factor behind it." }),
);

// --- P&L ----------------------------------------------------------------------------------------------------

export const PnlSchema = mirror<Pnl>()(
  z
    .object({
      revenue: MoneySchema,
      cost: MoneySchema,
      margin: MoneySchema,
      marginBasisPoints: z.number().int().nullable(),
    })
    .meta({ id: "Pnl", description: "Revenue, cost, margin, and margin in basis points of revenue." }),
);

export const RevenueLineSchema = mirror<RevenueLine>()(
  z
    .object({
      amount: MoneySchema,
      converted: MoneySchema,
      invoiceId: InvoiceIdSchema,
      lineIndex: z.number().int(),
      description: z.string(),
      towerId: TowerIdSchema.nullable(),
    })
    .meta({ id: "RevenueLine" }),
);

export const CostLineSchema = mirror<CostLine>()(
  z
    .object({
      amount: MoneySchema,
      converted: MoneySchema,
      costEntryId: CostEntryIdSchema,
      towerId: TowerIdSchema.nullable(),
      category: CostCategorySchema,
      date: CalendarDateSchema,
    })
    .meta({ id: "CostLine" }),
);

const actualsShape = {
  actual: PnlSchema,
  revenueLines: z.array(RevenueLineSchema),
  costEntries: z.array(CostLineSchema),
};

export const ActualsSchema = mirror<Actuals>()(z.object(actualsShape).meta({ id: "Actuals" }));

export const TowerPnlSchema = mirror<TowerPnl>()(
  z
    .object({
      ...actualsShape,
      towerId: TowerIdSchema,
      name: z.string(),
      plannedValue: ConvertedAmountSchema,
      plannedCost: ConvertedAmountSchema,
      planned: PnlSchema,
    })
    .meta({ id: "TowerPnl" }),
);

export const ContractPnlSchema = mirror<ContractPnl>()(
  z
    .object({
      ...actualsShape,
      contractId: ContractIdSchema,
      title: z.string(),
      status: ContractStatusSchema,
      plannedValue: ConvertedAmountSchema,
      ownPlannedCost: ConvertedAmountSchema,
      plannedShare: z.object({ days: z.number().int(), ofDays: z.number().int() }).nullable().meta({
        description:
          "Given a period: the days of the contract's term within it, of all its days; planned figures are that share.",
      }),
      planned: PnlSchema,
      towers: z.array(TowerPnlSchema),
      unallocated: ActualsSchema,
    })
    .meta({ id: "ContractPnl" }),
);

export const AccountPnlSchema = mirror<AccountPnl>()(
  z
    .object({
      accountId: AccountIdSchema,
      planned: PnlSchema,
      actual: PnlSchema,
      contracts: z.array(ContractPnlSchema),
      excludedContractIds: z.array(ContractIdSchema),
      otherActuals: ActualsSchema,
    })
    .meta({ id: "AccountPnl" }),
);
