// What the forecast page draws, from the domain's forecast and quota attainment: one bar per owner with the
// amount in each category (in major units, for the chart's axis), and the period choices around today.
import {
  type CalendarDate,
  type FiscalYearSettings,
  FORECAST_CATEGORIES,
  type ForecastCategory,
  isMasked,
  type MaybeMoney,
  type PeriodForecastSummary,
  periodOf,
  type QuotaAttainmentSummary,
  type Redacted,
  shiftPeriod,
  toDecimalString,
} from "@accountable/domain";

/** The categories a chart stacks, most certain first; "omitted" deals count nowhere and are left out. */
export const CHARTED_CATEGORIES = FORECAST_CATEGORIES.filter(
  (c): c is Exclude<ForecastCategory, "omitted"> => c !== "omitted",
).reverse();

export const CATEGORY_COLORS: Record<(typeof CHARTED_CATEGORIES)[number], string> = {
  closed: "teal.6",
  commit: "indigo.6",
  most_likely: "blue.4",
  best_case: "cyan.4",
  pipeline: "gray.4",
};

/** An amount in major units (12,000.50 for 1,200,050 cents), as a chart plots it; null when masked (not zero). */
export const major = (m: MaybeMoney): number | null => (isMasked(m) ? null : Number(toDecimalString(m)));

export type OwnerBar = { readonly owner: string } & Record<
  (typeof CHARTED_CATEGORIES)[number],
  number | null
>;

/** Whether a chart has anything to draw: a chart of masked amounts would draw nothing but empty axes. */
export const hasFigures = (bars: readonly object[]): boolean =>
  bars.some((b) => Object.values(b).some((v) => typeof v === "number"));

/** One bar per owner, each category's amount stacked. */
export function ownerBars(
  period: Redacted<PeriodForecastSummary>,
  name: (memberId: string) => string,
): OwnerBar[] {
  return period.owners.map((o) => {
    const bar: Record<string, number | string | null> = { owner: name(o.ownerId) };
    for (const c of CHARTED_CATEGORIES) bar[c] = major(o.categories[c].amount);
    return bar as OwnerBar;
  });
}

export interface AttainmentBar {
  readonly member: string;
  readonly target: number | null;
  readonly won: number | null;
}

export function attainmentBars(
  attainments: readonly Redacted<QuotaAttainmentSummary>[],
  name: (memberId: string) => string,
): AttainmentBar[] {
  return attainments.map((a) => ({
    member: name(a.memberId),
    target: major(a.target.converted),
    won: major(a.closedWon),
  }));
}

/** "143.6 %", or "—" without a target. */
export const attainmentText = (basisPoints: number | null): string =>
  basisPoints === null ? "—" : `${(basisPoints / 100).toFixed(1)} %`;

/** Quarters from `back` before today's to `ahead` after it, labelled as the workspace's fiscal year names them. */
export function quarterChoices(
  today: CalendarDate,
  fiscal: FiscalYearSettings,
  back = 4,
  ahead = 3,
): string[] {
  const current = periodOf("quarter", today, fiscal);
  const out: string[] = [];
  for (let i = -back; i <= ahead; i++) out.push(shiftPeriod(current, i, fiscal).label);
  return out;
}

/** The end of a chosen day (UTC), the moment an "as of" date stands for: that day's moves included. */
export const endOfDay = (day: string): string => `${day.slice(0, 10)}T23:59:59.999Z`;

/** Which deals a page of the forecast's list shows, in words: "Deals 101–200 of 431, in id order." */
export function dealsPageWords(
  pageIndex: number,
  shownOnPage: number,
  pageSize: number,
  total: number,
): string {
  if (shownOnPage === 0) return `No deal on this page of ${total}.`;
  const first = pageIndex * pageSize + 1;
  return `Deals ${first}–${first + shownOnPage - 1} of ${total}, in id order.`;
}

/**
 * The forecast chart's legend in the domain's category order (closed, commit, most likely, best case, pipeline), not
 * alphabetical (Recharts' default): a legend item's rank.
 */
export const categoryRank = (item: { readonly dataKey?: unknown }): number =>
  CHARTED_CATEGORIES.indexOf(item.dataKey as (typeof CHARTED_CATEGORIES)[number]);
