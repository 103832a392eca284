import type { Member } from "../entities/member.ts";
import type { Opportunity } from "../entities/opportunity.ts";
import type { Pipeline } from "../entities/pipeline.ts";
import { serviceLineKey } from "../entities/service-line.ts";
import { type CalendarDate, dateOf, millisBetween, type Timestamp } from "../kernel/calendar-date.ts";
import type { Period } from "../kernel/fiscal.ts";
import type { PipelineId, StageId } from "../kernel/ids.ts";
import type { CurrencyMismatch, Money } from "../kernel/money.ts";
import { ok, type Result } from "../kernel/result.ts";
import { basisPoints } from "./basis-points.ts";
import type { InCurrency } from "./in-currency.ts";
import { averageDealSize, type StageEntry, salesCycle, velocityPerDay, winRate } from "./sales-metrics.ts";
import { workspaceServiceLines } from "./whitespace.ts";

// Sales metrics over periods, per group of deals, as of a moment (see the README's "Sales metrics"). Every
// figure is computed from the deals as they stood at `asOf` and their stage entries up to then; a period is read
// as of its own end (or `asOf`, for the period that holds it). The counted figures (won, lost, their amounts,
// cycle days, stage visits) of consecutive periods add up to the figures of the span they cover.

const DAY_MS = 86_400_000;

/** What sales metrics can be grouped by. */
export const METRIC_DIMENSIONS = ["owner", "team", "type", "source", "serviceLine"] as const;
/** What sales metrics can be grouped by. */
export type MetricDimension = (typeof METRIC_DIMENSIONS)[number];

/** A deal as it stood at the report's moment, with every stage it entered up to then, in order. */
export interface DealHistory {
  readonly deal: Opportunity;
  readonly entries: readonly StageEntry[];
}

/** A span of days, first and last included. */
export interface DateSpan {
  readonly start: CalendarDate;
  readonly end: CalendarDate;
}

/** Conversion out of one stage and time spent in it, over the visits that began (or ended) in a span. */
export interface StageFigures {
  readonly pipelineId: PipelineId;
  readonly stageId: StageId;
  /** Visits that began in the span (a deal entering the stage twice is two visits). */
  readonly entered: number;
  /** Of those, visits followed later (up to the report's moment) by an entry to a stage further along. */
  readonly advanced: number;
  /** advanced ÷ entered in basis points, half-even; null when nothing entered. */
  readonly conversionBasisPoints: number | null;
  /** Visits that ended in the span (the deal moved on, won or lost). */
  readonly completedVisits: number;
  /** Time spent in those visits, summed. */
  readonly totalMillis: number;
  /** totalMillis ÷ completedVisits in days (a fraction kept); null when no visit ended. */
  readonly meanDays: number | null;
}

/** Every sales metric over one span. */
export interface SalesFigures {
  /** Deals closed as won in the span, and their amount in the report's currency. */
  readonly won: number;
  readonly wonAmount: Money;
  readonly lost: number;
  readonly lostAmount: Money;
  /** won ÷ (won + lost), basis points; null when nothing closed. */
  readonly winRateBasisPoints: number | null;
  /** wonAmount ÷ (wonAmount + lostAmount), basis points; null when the closed deals add up to zero. */
  readonly valueWinRateBasisPoints: number | null;
  /** wonAmount ÷ won, half-even; null when nothing was won. */
  readonly averageDealSize: Money | null;
  /** Whole days from creation to win, summed over the won deals. */
  readonly cycleDays: number;
  /** cycleDays ÷ won (a fraction kept); null when nothing was won. */
  readonly averageCycleDays: number | null;
  /** Deals open at the end of the span (created by then, not yet closed). */
  readonly openAtEnd: number;
  /** openAtEnd × win rate × average deal size ÷ average cycle, per day (see `velocityPerDay`). */
  readonly velocityPerDay: Money | null;
  /** Per stage of every pipeline, in pipeline order (open stages: the closing ones have no next stage). */
  readonly stages: readonly StageFigures[];
}

/** One period of a trend and its figures. */
export interface PeriodFigures {
  readonly period: Period;
  readonly figures: SalesFigures;
}

/** One group's figures over the whole span and per period. */
export interface MetricsGroup {
  /** The group's key (an owner's or manager's member id, a deal type, a source, a service line); null: not said. */
  readonly key: string | null;
  readonly whole: SalesFigures;
  readonly trend: readonly PeriodFigures[];
}

/** Sales metrics as of a moment, over consecutive periods, for all deals and per group. */
export interface SalesMetrics {
  readonly asOf: Timestamp;
  readonly currency: Money["currency"];
  /** The span from the first period's start to the last one's end (or `asOf`, if earlier). */
  readonly span: DateSpan;
  readonly all: MetricsGroup;
  readonly groupBy: MetricDimension | null;
  /** One per key met among the deals, in key order (null last); empty without `groupBy`. */
  readonly groups: readonly MetricsGroup[];
}

/** The options of `salesMetrics`. */
export interface SalesMetricsTrendOptions extends InCurrency {
  /** Consecutive periods, oldest first. */
  readonly periods: readonly Period[];
  readonly asOf: Timestamp;
  /** The workspace's pipelines: the order of their stages decides what "further along" means. */
  readonly pipelines: readonly Pipeline[];
  readonly groupBy?: MetricDimension;
  /** For `groupBy: "team"`: who reports to whom. */
  readonly members?: readonly Pick<Member, "id" | "reportsTo">[];
  /**
   * For `groupBy: "serviceLine"`: the workspace's catalog (settings' `serviceLines`), whose spelling names a
   * line's group. Two spellings of one line (case and spacing aside) are one group either way, as in whitespace.
   */
  readonly serviceLines?: readonly string[];
}

/**
 * The group a deal falls in: its owner; its team (the owner's manager, or the owner for one who reports to
 * nobody — a team is a manager and those who report to them directly); its type; its lead source; its service line,
 * named as `lineNames` (by `serviceLineKey`) names it, so "Media" and "media " are one line.
 */
export function dimensionKey(
  deal: Opportunity,
  dimension: MetricDimension,
  members: readonly Pick<Member, "id" | "reportsTo">[] = [],
  lineNames: ReadonlyMap<string, string> = new Map(),
): string | null {
  switch (dimension) {
    case "owner":
      return deal.ownerId;
    case "team":
      return members.find((m) => m.id === deal.ownerId)?.reportsTo ?? deal.ownerId;
    case "type":
      return deal.type;
    case "source":
      return deal.leadSource ?? null;
    case "serviceLine": {
      if (!deal.serviceLine) return null;
      return lineNames.get(serviceLineKey(deal.serviceLine)) ?? deal.serviceLine.trim();
    }
  }
}

const within = (d: CalendarDate, span: DateSpan) => d >= span.start && d <= span.end;

/** The span's last day as of `asOf`: a period still running is read up to `asOf`. */
function endAsOf(span: DateSpan, asOf: Timestamp): DateSpan {
  const today = dateOf(asOf);
  return today < span.end ? { start: span.start, end: today } : span;
}

/** Where a stage stands in its pipeline: open stages in order, then the won stage; null for lost or unknown. */
function stageRank(pipelines: ReadonlyMap<PipelineId, Pipeline>) {
  const ranks = new Map<string, number>();
  for (const p of pipelines.values()) {
    const open = p.stages.filter((s) => s.kind === "open");
    for (const [i, s] of open.entries()) ranks.set(`${p.id}\u0000${s.id}`, i);
    for (const s of p.stages) if (s.kind === "won") ranks.set(`${p.id}\u0000${s.id}`, open.length);
  }
  return (pipelineId: PipelineId, stageId: StageId): number | null =>
    ranks.get(`${pipelineId}\u0000${stageId}`) ?? null;
}

/** One visit of a stage, read once per report: when it began, whether the deal went further, when it ended. */
interface Visit {
  readonly key: string;
  readonly day: CalendarDate;
  readonly advanced: boolean;
  /** The day the next entry ended this visit; null while the deal is still in the stage. */
  readonly endDay: CalendarDate | null;
  readonly millis: number;
}

/** A deal with the days its figures compare, computed once per report instead of once per period and group. */
interface PreparedDeal {
  readonly deal: Opportunity;
  readonly created: CalendarDate;
  /** The day it was won or lost; null while open. */
  readonly closed: CalendarDate | null;
  readonly visits: readonly Visit[];
}

const keyOf = (p: PipelineId, s: StageId) => `${p}\u0000${s}`;

function prepare(
  histories: readonly DealHistory[],
  rankOf: (p: PipelineId, s: StageId) => number | null,
): PreparedDeal[] {
  return histories.map(({ deal, entries }) => {
    const ranks = entries.map((e) => rankOf(deal.pipelineId, e.stageId));
    const visits = entries.map((entry, i): Visit => {
      const next = entries[i + 1];
      const from = ranks[i] ?? null;
      return {
        key: keyOf(deal.pipelineId, entry.stageId),
        day: dateOf(entry.at),
        advanced: from !== null && ranks.slice(i + 1).some((r) => r !== null && r > from),
        endDay: next ? dateOf(next.at) : null,
        millis: next ? Math.max(0, millisBetween(entry.at, next.at)) : 0,
      };
    });
    return {
      deal,
      created: dateOf(deal.createdAt),
      closed: deal.status === "open" ? null : dateOf(deal.closedAt),
      visits,
    };
  });
}

function stageFigures(deals: readonly PreparedDeal[], span: DateSpan, pipelines: readonly Pipeline[]) {
  const tally = new Map<string, { entered: number; advanced: number; completed: number; millis: number }>();
  for (const { visits } of deals) {
    for (const v of visits) {
      const began = within(v.day, span);
      const ended = v.endDay !== null && within(v.endDay, span);
      if (!began && !ended) continue;
      let t = tally.get(v.key);
      if (!t) {
        t = { entered: 0, advanced: 0, completed: 0, millis: 0 };
        tally.set(v.key, t);
      }
      if (began) {
        t.entered += 1;
        if (v.advanced) t.advanced += 1;
      }
      if (ended) {
        t.completed += 1;
        t.millis += v.millis;
      }
    }
  }
  return pipelines.flatMap((p) =>
    p.stages
      .filter((s) => s.kind === "open")
      .map((s): StageFigures => {
        const t = tally.get(keyOf(p.id, s.id)) ?? { entered: 0, advanced: 0, completed: 0, millis: 0 };
        return {
          pipelineId: p.id,
          stageId: s.id,
          entered: t.entered,
          advanced: t.advanced,
          conversionBasisPoints: basisPoints(t.advanced, t.entered),
          completedVisits: t.completed,
          totalMillis: t.millis,
          meanDays: t.completed === 0 ? null : t.millis / t.completed / DAY_MS,
        };
      }),
  );
}

/** Whether the deal was open at the end of the span's last day: created by then and not closed by then. */
function openAt(d: PreparedDeal, end: CalendarDate): boolean {
  return d.created <= end && (d.closed === null || d.closed > end);
}

type FiguresOptions = Pick<SalesMetricsTrendOptions, "currency" | "rates" | "pipelines">;

/** Every figure over one span (already cut at `asOf`), for the given deals. */
export function figuresOver(
  histories: readonly DealHistory[],
  span: DateSpan,
  options: FiguresOptions,
): Result<SalesFigures, CurrencyMismatch> {
  const rankOf = stageRank(new Map(options.pipelines.map((p) => [p.id, p])));
  return preparedFigures(prepare(histories, rankOf), span, options);
}

function preparedFigures(
  deals: readonly PreparedDeal[],
  span: DateSpan,
  options: FiguresOptions,
): Result<SalesFigures, CurrencyMismatch> {
  const closed = deals.filter((d) => d.closed !== null && within(d.closed, span)).map((d) => d.deal);
  const target = { currency: options.currency, rates: options.rates };
  const rate = winRate(closed, target);
  if (!rate.ok) return rate;
  const size = averageDealSize(closed, target);
  if (!size.ok) return size;
  const cycle = salesCycle(closed);
  const openAtEnd = deals.filter((d) => openAt(d, span.end)).length;
  const { won, lost } = rate.value;
  return ok({
    won: won.count,
    wonAmount: won.amount,
    lost: lost.count,
    lostAmount: lost.amount,
    winRateBasisPoints: rate.value.byCountBasisPoints,
    valueWinRateBasisPoints: rate.value.byAmountBasisPoints,
    averageDealSize: size.value.average,
    cycleDays: cycle.totalDays,
    averageCycleDays: cycle.meanDays,
    openAtEnd,
    velocityPerDay: velocityPerDay({
      open: openAtEnd,
      won: won.count,
      lost: lost.count,
      wonTotal: won.amount,
      cycleDays: cycle.totalDays,
    }),
    stages: stageFigures(deals, span, options.pipelines),
  });
}

function groupFigures(
  key: string | null,
  deals: readonly PreparedDeal[],
  options: SalesMetricsTrendOptions,
  whole: DateSpan,
): Result<MetricsGroup, CurrencyMismatch> {
  const all = preparedFigures(deals, whole, options);
  if (!all.ok) return all;
  const trend: PeriodFigures[] = [];
  for (const period of options.periods) {
    if (dateOf(options.asOf) < period.start) continue;
    const figures = preparedFigures(deals, endAsOf(period, options.asOf), options);
    if (!figures.ok) return figures;
    trend.push({ period, figures: figures.value });
  }
  return ok({ key, whole: all.value, trend });
}

/**
 * Sales metrics (win rate by count and by value, average deal size and won cycle, pipeline velocity, stage
 * conversion and time in stage) over each period and over their whole span, for all deals and, with `groupBy`,
 * per group. Periods that begin after `asOf` are left out. Refuses an amount with no rate into the currency.
 */
export function salesMetrics(
  histories: readonly DealHistory[],
  options: SalesMetricsTrendOptions,
): Result<SalesMetrics, CurrencyMismatch> {
  const first = options.periods[0];
  const last = options.periods.at(-1);
  const span = endAsOf(
    { start: first?.start ?? dateOf(options.asOf), end: last?.end ?? dateOf(options.asOf) },
    options.asOf,
  );
  const deals = prepare(histories, stageRank(new Map(options.pipelines.map((p) => [p.id, p]))));
  const all = groupFigures(null, deals, options, span);
  if (!all.ok) return all;
  const groups: MetricsGroup[] = [];
  if (options.groupBy) {
    const dimension = options.groupBy;
    // A line is named by the catalog's spelling, else the smallest spelling met (as whitespace names it).
    const lineNames =
      dimension === "serviceLine"
        ? workspaceServiceLines({
            declaredLines: options.serviceLines ?? [],
            deals: histories.map((h) => h.deal),
            contracts: [],
          })
        : new Map<string, string>();
    const byKey = new Map<string | null, PreparedDeal[]>();
    for (const d of deals) {
      const key = dimensionKey(d.deal, dimension, options.members, lineNames);
      const group = byKey.get(key);
      if (group) group.push(d);
      else byKey.set(key, [d]);
    }
    const keys = [...byKey.keys()].sort((a, b) =>
      a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0,
    );
    for (const key of keys) {
      const g = groupFigures(key, byKey.get(key) ?? [], options, span);
      if (!g.ok) return g;
      groups.push(g.value);
    }
  }
  return ok({
    asOf: options.asOf,
    currency: options.currency,
    span,
    all: all.value,
    groupBy: options.groupBy ?? null,
    groups,
  });
}

/** One stage's figures over each period of a trend and over the whole span. */
export interface StageTrendRow<S extends StageFigures = StageFigures> {
  readonly pipelineId: PipelineId;
  readonly stageId: StageId;
  /** One per period of the trend, oldest first. */
  readonly periods: readonly { readonly period: Period; readonly figures: S }[];
  readonly whole: S;
}

/**
 * Stage conversion and time in stage as a trend: each open stage a visit began or ended in over the span, in
 * pipeline order, with its figures in every period of the trend and over the whole span. Stages no deal touched in
 * the span are left out (they would be a row of dashes).
 */
export function stageTrend<S extends StageFigures>(group: {
  readonly whole: { readonly stages: readonly S[] };
  readonly trend: readonly { readonly period: Period; readonly figures: { readonly stages: readonly S[] } }[];
}): StageTrendRow<S>[] {
  const perPeriod = group.trend.map((t) => ({
    period: t.period,
    byKey: new Map(t.figures.stages.map((st) => [keyOf(st.pipelineId, st.stageId), st])),
  }));
  return group.whole.stages
    .filter((st) => st.entered > 0 || st.completedVisits > 0)
    .map((st) => ({
      pipelineId: st.pipelineId,
      stageId: st.stageId,
      periods: perPeriod.flatMap(({ period, byKey }) => {
        const figures = byKey.get(keyOf(st.pipelineId, st.stageId));
        return figures ? [{ period, figures }] : [];
      }),
      whole: st,
    }));
}
