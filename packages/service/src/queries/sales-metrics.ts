// Sales metrics and their trend: the domain's `salesMetrics` over the last N months, quarters or years, for all
// deals and per owner, team, type, source or service line, as of any moment. For a past moment the deals and the
// stages they entered are rebuilt from the event log as they stood then, so a past answer does not move when deals
// move; for now they are read from the deals' read table and the stage-entry fields of their events (the same
// histories, held equal by a test on both databases). The figures are the domain's, computed in memory: not in
// SQL, because stage conversion and time in stage need each deal's ordered stage visits.
import {
  type DealHistory,
  DealLabelSchema,
  dateOf,
  isSameServiceLine,
  type MaskFor,
  METRIC_DIMENSIONS,
  type MemberId,
  MemberIdSchema,
  type MetricsGroup,
  masked,
  type Opportunity,
  OpportunityTypeSchema,
  PERIOD_KINDS,
  type Period,
  periodOf,
  type Redacted,
  redact,
  refuse,
  type SalesMetrics,
  type StageEntry,
  salesMetrics,
  shiftPeriod,
  TimestampSchema,
} from "@accountable/domain";
import { schema } from "@accountable/store";
import { asc, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { opportunitySpec } from "../aggregates/opportunity.ts";
import { allMembers } from "../lookups.ts";
import { type Scope, selectRows } from "../scope.ts";
import { type Viewer, viewerCan } from "../visibility.ts";
import { replayOpportunities } from "./history.ts";
import { inCurrency, oneOrMany, reportCurrencyShape } from "./options.ts";
import { MetricsGroupSchema, PeriodSchema, readonlyArray, SalesMetricsSchema } from "./report-schemas.ts";
import { type QueryResult, queryOk, queryRefused } from "./result.ts";

/** The most periods one trend reads. */
export const MAX_TREND_PERIODS = 36;

export const SalesMetricsOptionsSchema = z.strictObject({
  /** The length of each period of the trend (under the workspace's fiscal year). */
  per: z.enum(PERIOD_KINDS).default("quarter"),
  /** How many periods, ending with the one that holds `asOf`. Query strings carry it as text. */
  last: z.coerce.number().int().min(1).max(MAX_TREND_PERIODS).default(4),
  /** The metrics as they stood at this moment, rebuilt from the events; the service clock when absent. */
  asOf: TimestampSchema.optional(),
  groupBy: z.enum(METRIC_DIMENSIONS).optional(),
  /** Only the deals of these owners. */
  ownerId: oneOrMany(MemberIdSchema, 500),
  /** Only deals of these types. */
  type: oneOrMany(OpportunityTypeSchema, 10),
  /** Only deals from this lead source. */
  source: DealLabelSchema.optional(),
  /** Only deals of this service line (its other spellings too: "media" is "Media"). */
  serviceLine: DealLabelSchema.optional(),
  ...reportCurrencyShape,
});
export type SalesMetricsOptions = z.input<typeof SalesMetricsOptionsSchema>;

export const SalesMetricsReportSchema = z
  .object({
    /** The periods of the trend, oldest first (those beginning after `asOf` are never asked for). */
    periods: readonlyArray(PeriodSchema),
    metrics: SalesMetricsSchema,
  })
  .meta({
    id: "SalesMetricsReport",
    description:
      "Win rate by count and by value, average deal size and won cycle, pipeline velocity, stage conversion and time in stage: over the span and per period, for all deals and per group, as of a moment.",
  });
export type SalesMetricsReport = z.output<typeof SalesMetricsReportSchema>;

/** The last `count` periods of a kind, ending with the one that holds the day. */
function lastPeriods(scope: Scope, kind: Period["kind"], count: number, day: ReturnType<typeof dateOf>) {
  const current = periodOf(kind, day, scope.settings.fiscalYear);
  return Array.from({ length: count }, (_, i) =>
    shiftPeriod(current, i - count + 1, scope.settings.fiscalYear),
  );
}

/** Every deal as it stood at `asOf`, with the stages it entered up to then (from its events, in order). */
export async function dealHistoriesAsOf(scope: Scope, asOf: SalesMetrics["asOf"]): Promise<DealHistory[]> {
  const out: DealHistory[] = [];
  let entries: StageEntry[] = [];
  await replayOpportunities(scope, asOf, {
    onEvent: (event) => {
      switch (event.type) {
        case "OpportunityCreated":
          entries.push({ stageId: event.stageId, at: event.at });
          break;
        case "OpportunityImported":
          entries.push({ stageId: event.stageId, at: event.stageEnteredAt });
          break;
        case "OpportunityStageChanged":
          entries.push({ stageId: event.toStageId, at: event.at });
          break;
        case "OpportunityWon":
        case "OpportunityLost":
        case "OpportunityReopened":
          entries.push({ stageId: event.stageId, at: event.at });
          break;
        default:
          break;
      }
    },
    onDeal: (deal) => {
      out.push({ deal, entries });
      entries = [];
    },
  });
  return out;
}

/** The stage-entry events, by type, and the payload field holding the stage entered and when. */
const ENTRY_EVENTS = {
  OpportunityCreated: { stage: "stageId", at: "at" },
  OpportunityImported: { stage: "stageId", at: "stageEnteredAt" },
  OpportunityStageChanged: { stage: "toStageId", at: "at" },
  OpportunityWon: { stage: "stageId", at: "at" },
  OpportunityLost: { stage: "stageId", at: "at" },
  OpportunityReopened: { stage: "stageId", at: "at" },
} as const;

/**
 * Every deal as it stands now, with the stages it entered, read from the deals' read table (rows were checked
 * when projected) and only the stage-entry fields of their events, instead of replaying every event: the same
 * histories as {@link dealHistoriesAsOf} at `now` when no deal's event is dated after `now` (the caller checks).
 */
export async function dealHistoriesNow(scope: Scope): Promise<DealHistory[]> {
  const o = schema.opportunities;
  const e = schema.events;
  const stage = sql.join(
    Object.entries(ENTRY_EVENTS).map(([type, f]) => sql`when ${type} then ${e.payload} ->> ${f.stage}`),
    sql` `,
  );
  const at = sql.join(
    Object.entries(ENTRY_EVENTS).map(([type, f]) => sql`when ${type} then ${e.payload} ->> ${f.at}`),
    sql` `,
  );
  const [deals, entries] = await Promise.all([
    selectRows(scope, o, { id: o.id, data: o.data }, { orderBy: [asc(o.id)] }),
    selectRows(
      scope,
      e,
      {
        streamId: e.streamId,
        stageId: sql<string>`case ${e.type} ${stage} end`,
        at: sql<string>`case ${e.type} ${at} end`,
      },
      {
        where: [eq(e.streamType, opportunitySpec.type), inArray(e.type, Object.keys(ENTRY_EVENTS))],
        orderBy: [asc(e.streamId), asc(e.version)],
      },
    ),
  ]);
  const byDeal = new Map<string, StageEntry[]>();
  for (const row of entries) {
    const list = byDeal.get(row.streamId);
    const entry = { stageId: row.stageId as StageEntry["stageId"], at: row.at as StageEntry["at"] };
    if (list) list.push(entry);
    else byDeal.set(row.streamId, [entry]);
  }
  // Trusted rows (see the house's "reads trust the projection"): the domain's Opportunity as projected.
  return deals.map((d) => ({ deal: d.data as Opportunity, entries: byDeal.get(d.id) ?? [] }));
}

/** Whether a deal's event is dated after `moment` (an import or a clock ahead): then only a replay is exact. */
async function opportunityEventsAfter(scope: Scope, moment: SalesMetrics["asOf"]): Promise<boolean> {
  const e = schema.events;
  const rows = await selectRows(
    scope,
    e,
    { one: sql<number>`1` },
    { where: [eq(e.streamType, opportunitySpec.type), gt(e.at, new Date(moment))], limit: 1 },
  );
  return rows.length > 0;
}

/**
 * The deals and their stage entries as of `asOf`: read from the read table when that is now (or later) and
 * nothing is dated after it, rebuilt from the events otherwise.
 */
export async function dealHistories(
  scope: Scope,
  asOf: SalesMetrics["asOf"],
  now: SalesMetrics["asOf"],
): Promise<DealHistory[]> {
  if (asOf >= now && !(await opportunityEventsAfter(scope, asOf))) return dealHistoriesNow(scope);
  return dealHistoriesAsOf(scope, asOf);
}

/** Sales metrics and their trend (see {@link SalesMetricsReport}); refuses an amount with no rate. */
export async function salesMetricsReport(
  scope: Scope,
  options: z.output<typeof SalesMetricsOptionsSchema> & { readonly now: SalesMetrics["asOf"] },
): Promise<QueryResult<SalesMetricsReport>> {
  const asOf = options.asOf ?? options.now;
  // The calendar runs from year 1 to 9999: a trend reaching outside it (with a year's room for a fiscal year
  // named after its end) is refused rather than computed.
  const monthsPer = { month: 1, quarter: 3, year: 12 }[options.per];
  const year = Number(dateOf(asOf).slice(0, 4));
  const yearsBack = Math.ceil(((options.last - 1) * monthsPer) / 12) + 1;
  if (year - yearsBack < 1 || year + 1 > 9998)
    return queryRefused(
      refuse.invalidInput(
        "asOf",
        `The last ${options.last} ${options.per}s as of ${asOf} would reach outside the years 1 to 9999.`,
      ),
    );
  const periods = lastPeriods(scope, options.per, options.last, dateOf(asOf));
  const [histories, members] = await Promise.all([
    dealHistories(scope, asOf, options.now),
    options.groupBy === "team" ? allMembers(scope) : Promise.resolve([]),
  ]);
  const kept = histories.filter(
    ({ deal }) =>
      (options.ownerId === undefined || options.ownerId.includes(deal.ownerId)) &&
      (options.type === undefined || options.type.includes(deal.type)) &&
      (options.source === undefined || deal.leadSource === options.source) &&
      // A line asked for matches its other spellings (case and spacing aside), as its group and whitespace do.
      (options.serviceLine === undefined || isSameServiceLine(deal.serviceLine, options.serviceLine)),
  );
  const result = salesMetrics(kept, {
    ...inCurrency(scope.settings, options),
    periods,
    asOf,
    pipelines: scope.settings.pipelines,
    ...(options.groupBy ? { groupBy: options.groupBy } : {}),
    members,
    serviceLines: scope.settings.serviceLines,
  });
  if (!result.ok) return queryRefused(result.error);
  return queryOk({ periods, metrics: result.value });
}

/** The report as a reader sees it: money (amounts, value win rate, deal size, velocity) masked where they may not. */
export type SalesMetricsView = Redacted<SalesMetricsReport>;

/**
 * The report with the money a viewer may not see masked. Money over a set of deals shows only to a viewer who
 * may see the money of a report on every owner it covers (`finance.read` on `{ kind: "report", ownerId }`): the
 * owners filtered on, or, grouped by owner, the group's owner; over everyone's deals, a report on no one in
 * particular (`always`). Totals over deals a reader may not see would reveal them.
 */
export async function redactSalesMetrics(
  viewer: Viewer,
  report: SalesMetricsReport,
  ownerIds: readonly MemberId[] | undefined,
): Promise<SalesMetricsView> {
  const maskOver = async (owners: readonly (MemberId | undefined)[]): Promise<MaskFor> => {
    for (const ownerId of owners) {
      const permission = await viewerCan(viewer, "finance.read", {
        kind: "report",
        ...(ownerId === undefined ? {} : { ownerId }),
      });
      if (!permission.allowed) {
        const hidden = masked("finance.read", permission.refusal.message);
        return () => hidden;
      }
    }
    return () => null;
  };
  const filtered = ownerIds === undefined || ownerIds.length === 0 ? [undefined] : ownerIds;
  const overall = await maskOver(filtered);
  const { metrics } = report;
  const groups: Redacted<MetricsGroup>[] = [];
  for (const group of metrics.groups) {
    const byOwner = metrics.groupBy === "owner" && group.key !== null;
    const mask = byOwner ? await maskOver([MemberIdSchema.parse(group.key)]) : overall;
    groups.push(redact(MetricsGroupSchema, group, "finance.read", mask));
  }
  return {
    periods: report.periods,
    metrics: {
      ...metrics,
      all: redact(MetricsGroupSchema, metrics.all, "finance.read", overall),
      groups,
    },
  };
}
