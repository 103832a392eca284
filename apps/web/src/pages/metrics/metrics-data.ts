// What the metrics page draws, from the domain's SalesMetrics as the member reads it: one point per period of the
// trend (rates in per cent, money in major units for the charts' axes; a masked figure is no point, never zero),
// and the words a group or a stage is shown with.
import {
  isMasked,
  type Masked,
  type MaybeMoney,
  METRIC_DIMENSIONS,
  type MetricDimension,
  OPPORTUNITY_TYPES,
  type OpportunityType,
  PERIOD_KINDS,
  type PeriodKind,
  type Redacted,
  type SalesFigures,
  toDecimalString,
} from "@accountable/domain";
import { humanize } from "../../ui/format.ts";

/** A period's figures as the member reads them. */
export type FiguresAsRead = Redacted<SalesFigures>;

/** The trend lengths offered (the API takes 1 to 36). */
export const TREND_LENGTHS = [4, 6, 8, 12] as const;
export const DEFAULT_PER: PeriodKind = "quarter";
export const DEFAULT_LAST = 4;

/** The choices of "group by", in the domain's order, with the words shown for them. */
export const DIMENSION_LABELS: Record<MetricDimension, string> = {
  owner: "Owner",
  team: "Team",
  type: "Deal type",
  source: "Lead source",
  serviceLine: "Service line",
};

export const isPeriodKind = (v: string | undefined): v is PeriodKind =>
  (PERIOD_KINDS as readonly string[]).includes(v ?? "");
export const isOpportunityType = (v: string | undefined): v is OpportunityType =>
  (OPPORTUNITY_TYPES as readonly string[]).includes(v ?? "");
export const isDimension = (v: string | undefined): v is MetricDimension =>
  (METRIC_DIMENSIONS as readonly string[]).includes(v ?? "");

/** The address's `last`, when it is one of the lengths offered; the default otherwise. */
export function trendLength(v: string | undefined): number {
  const n = Number(v);
  return (TREND_LENGTHS as readonly number[]).includes(n) ? n : DEFAULT_LAST;
}

/** An amount in major units, as a chart plots it; null when masked or absent (not zero). */
export const major = (m: MaybeMoney | null): number | null =>
  m === null || isMasked(m) ? null : Number(toDecimalString(m));

/** Basis points as per cent for a chart (62.5 for 6,250); null when masked or absent. */
export const pct = (bp: number | Masked | null): number | null =>
  bp === null || isMasked(bp) ? null : bp / 100;

/** "62.5 %", "—" when there is nothing to divide (a masked rate is shown by the caller as masked). */
export const rateText = (bp: number | null): string => (bp === null ? "—" : `${(bp / 100).toFixed(1)} %`);

/** "23.5 days", "—" when nothing was won or no visit ended. */
export const daysText = (days: number | null): string =>
  days === null ? "—" : `${days.toFixed(1)} day${days === 1 ? "" : "s"}`;

/** One point of the trend charts. */
export interface TrendPoint {
  readonly period: string;
  readonly winRate: number | null;
  readonly valueWinRate: number | null;
  readonly won: number | null;
  readonly lost: number | null;
  readonly averageCycleDays: number | null;
  readonly averageDealSize: number | null;
  readonly velocityPerDay: number | null;
}

export function trendPoints(
  trend: readonly { readonly period: { readonly label: string }; readonly figures: FiguresAsRead }[],
): TrendPoint[] {
  return trend.map(({ period, figures: f }) => ({
    period: period.label,
    winRate: pct(f.winRateBasisPoints),
    valueWinRate: pct(f.valueWinRateBasisPoints),
    won: major(f.wonAmount),
    lost: major(f.lostAmount),
    averageCycleDays: f.averageCycleDays === null ? null : Math.round(f.averageCycleDays * 10) / 10,
    averageDealSize: major(f.averageDealSize),
    velocityPerDay: major(f.velocityPerDay),
  }));
}

/** Whether any point has a figure for one of the keys: a chart of masked or empty figures draws only axes. */
export const hasAny = (points: readonly TrendPoint[], keys: readonly (keyof TrendPoint)[]): boolean =>
  points.some((p) => keys.some((k) => typeof p[k] === "number"));

/** How a group's key reads: a member's name (owner, team: the manager), a type humanised, or "Not said". */
export function groupLabel(
  dimension: MetricDimension,
  key: string | null,
  name: (memberId: string) => string,
): string {
  if (key === null) return "Not said";
  if (dimension === "owner") return name(key);
  if (dimension === "team") return `${name(key)}'s team`;
  return dimension === "type" ? humanize(key) : key;
}

/** The most groups one chart draws a line for (the busiest, by deals closed over the span). */
export const CHARTED_GROUPS = 8;
const GROUP_COLORS = ["teal.6", "indigo.6", "orange.6", "grape.6", "cyan.6", "red.6", "lime.7", "pink.6"];

/** A chart of one figure per period with a line per group: rows keyed `g0`, `g1`, … and the series naming them. */
export interface GroupTrend {
  readonly data: readonly Record<string, string | number | null>[];
  readonly series: readonly { readonly name: string; readonly label: string; readonly color: string }[];
}

/**
 * The win rate by count per period, one line per group: the groups that closed the most deals over the span
 * (at most CHARTED_GROUPS; groups that closed nothing draw no line).
 */
export function groupWinRateTrend(
  groups: readonly {
    readonly key: string | null;
    readonly whole: FiguresAsRead;
    readonly trend: readonly {
      readonly period: { readonly label: string };
      readonly figures: FiguresAsRead;
    }[];
  }[],
  label: (key: string | null) => string,
): GroupTrend {
  const charted = groups
    .filter((g) => g.whole.won + g.whole.lost > 0)
    .sort((a, b) => b.whole.won + b.whole.lost - (a.whole.won + a.whole.lost))
    .slice(0, CHARTED_GROUPS);
  const labels = charted[0]?.trend.map((t) => t.period.label) ?? [];
  return {
    data: labels.map((period, i) => {
      const row: Record<string, string | number | null> = { period };
      for (const [j, g] of charted.entries())
        row[`g${j}`] = pct(g.trend[i]?.figures.winRateBasisPoints ?? null);
      return row;
    }),
    series: charted.map((g, j) => ({
      name: `g${j}`,
      label: label(g.key),
      color: GROUP_COLORS[j % GROUP_COLORS.length] ?? "gray.6",
    })),
  };
}

/**
 * A chart legend's items in the order its series are given (won before lost, by count before by value, groups in
 * the domain's order), not alphabetical (Recharts' default put "Lost" before "Won"): a legend item's rank.
 */
export function seriesRank(series: readonly { readonly name: string }[]) {
  return (item: { readonly dataKey?: unknown }): number => {
    const at = series.findIndex((s) => s.name === item.dataKey);
    return at < 0 ? series.length : at;
  };
}
