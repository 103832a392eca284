import type { Opportunity } from "../entities/opportunity.ts";
import type { ForecastCategory } from "../entities/pipeline.ts";
import { type CalendarDate, dateOf } from "../kernel/calendar-date.ts";
import { isWithin, type Period } from "../kernel/fiscal.ts";
import type { MemberId, OpportunityId } from "../kernel/ids.ts";
import { type Currency, type CurrencyMismatch, type Money, percentOf } from "../kernel/money.ts";
import { err, ok, type Result } from "../kernel/result.ts";
import { type InCurrency, toReportCurrencyOrZero, total } from "./in-currency.ts";

// Salesforce-style forecast. Categories are disjoint buckets; rollups are cumulative sums of them:
//   openPipeline = pipeline + best_case + most_likely + commit
//   bestCase     = best_case + most_likely + commit + closed
//   commit       = commit + closed
//   closed       = closed
// Which deal counts where:
// - an open deal counts in its own forecastCategory, except "closed", which is kept for won money: an open deal
//   in an open stage mapped to "closed" (a misconfigured pipeline) counts as commit, the highest open category;
// - a won deal counts as closed whatever category it carried;
// - a lost deal counts in no category, not even omitted (omitted is for live deals the owner leaves out); lost
//   deals are listed apart in each cell so the report still shows them.
// Which date places a deal in a period: an open deal's expected closeDate; a won or lost deal's actual close,
// the UTC date of closedAt (the same date quota attainment uses), because closeDate was only ever an estimate.
// An open deal with no close date yet falls in no period (it is listed in `outsidePeriods`); a deal with no
// amount yet counts in its category's deals with zero (its line keeps `amount: null`), never with a guess.

/** A deal's probability for weighting: 100 once won, 0 once lost, its probability in force while open. */
export function effectiveProbability(opp: Opportunity): number {
  switch (opp.status) {
    case "open":
      return opp.probability;
    case "won":
      return 100;
    case "lost":
      return 0;
  }
}

/** Weighted amount: amount × probability (the deal's own currency, rounded half-even); null: no amount yet. */
export function weightedAmount(opp: Opportunity): Money | null {
  return opp.amount === null ? null : percentOf(opp.amount, effectiveProbability(opp), "half_even");
}

/**
 * The date that places a deal in a forecast period: expected close while open, actual close (UTC) after; null for
 * an open deal with no close date yet, which no period holds.
 */
export function forecastDate(opp: Opportunity): CalendarDate | null {
  return opp.status === "open" ? opp.closeDate : dateOf(opp.closedAt);
}

/** Where a deal counts in a forecast: one of the categories, or `lost` (counted in none). */
export type ForecastBucket = ForecastCategory | "lost";

/** The category a deal counts in (see the rules at the top of this file). */
export function forecastBucket(opp: Opportunity): ForecastBucket {
  switch (opp.status) {
    case "won":
      return "closed";
    case "lost":
      return "lost";
    case "open":
      return opp.forecastCategory === "closed" ? "commit" : opp.forecastCategory;
  }
}

/** One weighted deal: its amount, the amount in the report's currency, the probability and the weighted figure. */
export interface WeightedLine {
  readonly opportunityId: OpportunityId;
  /** As recorded; null: no amount yet (then `converted` and `weighted` are zero). */
  readonly amount: Money | null;
  readonly converted: Money;
  readonly probability: number;
  /** `converted × probability`: converted first, then weighted, so every figure is in the report's currency. */
  readonly weighted: Money;
}

/** The open pipeline, weighted, with every deal behind it. */
export interface WeightedPipeline {
  readonly currency: Currency;
  readonly amount: Money;
  readonly weighted: Money;
  readonly lines: readonly WeightedLine[];
}

function weightedLine(opp: Opportunity, target: InCurrency): Result<WeightedLine, CurrencyMismatch> {
  const converted = toReportCurrencyOrZero(opp.amount, target);
  if (!converted.ok) return converted;
  const probability = effectiveProbability(opp);
  return ok({
    opportunityId: opp.id,
    amount: opp.amount,
    converted: converted.value,
    probability,
    weighted: percentOf(converted.value, probability, "half_even"),
  });
}

/** The weighted value of the open deals in one currency; refuses a deal whose currency has no rate. */
export function weightedPipeline(
  opps: readonly Opportunity[],
  target: InCurrency,
): Result<WeightedPipeline, CurrencyMismatch> {
  const lines: WeightedLine[] = [];
  for (const opp of opps) {
    if (opp.status !== "open") continue;
    const line = weightedLine(opp, target);
    if (!line.ok) return line;
    lines.push(line.value);
  }
  return ok({
    currency: target.currency,
    amount: total(
      target.currency,
      lines.map((l) => l.converted),
    ),
    weighted: total(
      target.currency,
      lines.map((l) => l.weighted),
    ),
    lines,
  });
}

/** One deal in a forecast cell. */
export interface ForecastLine extends WeightedLine {
  readonly name: string;
  readonly ownerId: MemberId;
  readonly status: Opportunity["status"];
  readonly bucket: ForecastBucket;
  /** The date that placed it in the period (see {@link forecastDate}). */
  readonly date: CalendarDate;
}

/** The deals of one category in one cell: their total, weighted total, and ids. */
export interface CategoryTotal {
  readonly amount: Money;
  readonly weighted: Money;
  readonly opportunityIds: readonly OpportunityId[];
}

/**
 * How each rollup is named wherever it is shown (the CLI's reports, the API's descriptions, the web's forecast):
 * by the categories it adds up, so that "Best case" alone always means the category — the deals in best case —
 * as Salesforce and HubSpot name their categories, and a cumulative figure never reads as one of them.
 */
export const FORECAST_ROLLUP_LABELS = {
  closed: "Closed won",
  commit: "Commit + won",
  bestCase: "Best case + most likely + commit + won",
  openPipeline: "Open pipeline",
} as const satisfies Readonly<Record<keyof ForecastRollups, string>>;

/** What each rollup adds up, in words (for a description beside its label). */
export const FORECAST_ROLLUP_SUMS = {
  closed: "the deals won in the period",
  commit: "cumulative: commit and closed won",
  bestCase: "cumulative: best case, most likely, commit and closed won",
  openPipeline: "every open deal: pipeline, best case, most likely and commit",
} as const satisfies Readonly<Record<keyof ForecastRollups, string>>;

/** The cumulative rollups over the categories. */
export interface ForecastRollups {
  /** pipeline + best_case + most_likely + commit */
  readonly openPipeline: Money;
  /** best_case + most_likely + commit + closed */
  readonly bestCase: Money;
  /** commit + closed */
  readonly commit: Money;
  /** closed (won) */
  readonly closed: Money;
}

/** A cell of the forecast (a period, or a period and an owner): totals by category, rollups, and the deals. */
export interface ForecastFigures {
  readonly categories: Readonly<Record<ForecastCategory, CategoryTotal>>;
  readonly rollups: ForecastRollups;
  /** The same rollups over the weighted amounts. */
  readonly weightedRollups: ForecastRollups;
  /** Lost deals closed in the period: counted in no category, shown so nothing disappears silently. */
  readonly lost: CategoryTotal;
  /** Every deal of the cell, lost ones included. */
  readonly lines: readonly ForecastLine[];
}

export interface OwnerForecast extends ForecastFigures {
  readonly ownerId: MemberId;
}

export interface PeriodForecast {
  readonly period: Period;
  readonly total: ForecastFigures;
  /** One cell per owner with a deal in the period, ordered by owner id; empty unless grouped by owner. */
  readonly owners: readonly OwnerForecast[];
}

export interface Forecast {
  readonly currency: Currency;
  readonly periods: readonly PeriodForecast[];
  /** Deals whose date falls in none of the periods asked for. */
  readonly outsidePeriods: readonly OpportunityId[];
}

export interface ForecastOptions extends InCurrency {
  /** Periods to report (from kernel/fiscal); a deal counts in every period that holds its date. */
  readonly periods: readonly Period[];
  readonly groupBy?: "owner";
}

function categoryTotal(c: Currency, lines: readonly ForecastLine[]): CategoryTotal {
  return {
    amount: total(
      c,
      lines.map((l) => l.converted),
    ),
    weighted: total(
      c,
      lines.map((l) => l.weighted),
    ),
    opportunityIds: lines.map((l) => l.opportunityId),
  };
}

function rollups<T>(
  c: Currency,
  categories: Readonly<Record<ForecastCategory, T>>,
  pick: (t: T) => Money,
): ForecastRollups {
  const of = (...cs: ForecastCategory[]) =>
    total(
      c,
      cs.map((k) => pick(categories[k])),
    );
  return {
    openPipeline: of("pipeline", "best_case", "most_likely", "commit"),
    bestCase: of("best_case", "most_likely", "commit", "closed"),
    commit: of("commit", "closed"),
    closed: of("closed"),
  };
}

function figures(c: Currency, lines: readonly ForecastLine[]): ForecastFigures {
  const of = (bucket: ForecastBucket) =>
    categoryTotal(
      c,
      lines.filter((l) => l.bucket === bucket),
    );
  const categories: Record<ForecastCategory, CategoryTotal> = {
    pipeline: of("pipeline"),
    best_case: of("best_case"),
    most_likely: of("most_likely"),
    commit: of("commit"),
    closed: of("closed"),
    omitted: of("omitted"),
  };
  return {
    categories,
    rollups: rollups(c, categories, (t) => t.amount),
    weightedRollups: rollups(c, categories, (t) => t.weighted),
    lost: of("lost"),
    lines,
  };
}

/**
 * The forecast per period (and per owner when asked): category totals, cumulative rollups, weighted rollups and
 * the deals behind every figure, in one currency. Refuses a deal in a reported period whose currency has no rate.
 */
export function forecast(
  opps: readonly Opportunity[],
  options: ForecastOptions,
): Result<Forecast, CurrencyMismatch> {
  const byPeriod = options.periods.map(() => [] as ForecastLine[]);
  const outsidePeriods: OpportunityId[] = [];
  for (const opp of opps) {
    const date = forecastDate(opp);
    const hits = date === null ? [] : options.periods.flatMap((p, i) => (isWithin(date, p) ? [i] : []));
    if (date === null || hits.length === 0) {
      outsidePeriods.push(opp.id);
      continue;
    }
    const weighted = weightedLine(opp, options);
    if (!weighted.ok) return err(weighted.error);
    const line: ForecastLine = {
      ...weighted.value,
      name: opp.name,
      ownerId: opp.ownerId,
      status: opp.status,
      bucket: forecastBucket(opp),
      date,
    };
    for (const i of hits) byPeriod[i]?.push(line);
  }
  const c = options.currency;
  const periods = options.periods.map((period, i): PeriodForecast => {
    const lines = byPeriod[i] ?? [];
    const ownerIds = options.groupBy === "owner" ? [...new Set(lines.map((l) => l.ownerId))].sort() : [];
    return {
      period,
      total: figures(c, lines),
      owners: ownerIds.map((ownerId) => ({
        ownerId,
        ...figures(
          c,
          lines.filter((l) => l.ownerId === ownerId),
        ),
      })),
    };
  });
  return ok({ currency: c, periods, outsidePeriods });
}

// --- the forecast summarised: what a report sends ------------------------------------------------------------
// A forecast over tens of thousands of deals is mostly its lines and id lists. A report sends the figures, with
// the number of deals behind each, and the deals themselves a page at a time (in id order) when asked.

/** A category's total and weighted total, and how many deals make them. */
export interface CountedTotal {
  readonly amount: Money;
  readonly weighted: Money;
  readonly count: number;
}

/** A cell's figures: {@link ForecastFigures} with counts in place of id lists and lines. */
export interface ForecastFiguresSummary {
  readonly categories: Readonly<Record<ForecastCategory, CountedTotal>>;
  readonly rollups: ForecastRollups;
  readonly weightedRollups: ForecastRollups;
  readonly lost: CountedTotal;
  /** Every deal of the cell, lost ones included. */
  readonly deals: number;
}

export interface OwnerForecastSummary extends ForecastFiguresSummary {
  readonly ownerId: MemberId;
}

/** One page of a period's deals in id order; `nextCursor` is the id the next page starts after. */
export interface ForecastLinesPage {
  readonly items: readonly ForecastLine[];
  readonly nextCursor: OpportunityId | null;
}

export interface PeriodForecastSummary {
  readonly period: Period;
  readonly total: ForecastFiguresSummary;
  readonly owners: readonly OwnerForecastSummary[];
  /** A page of the period's deals when asked for, null otherwise. */
  readonly lines: ForecastLinesPage | null;
}

export interface ForecastSummary {
  readonly currency: Currency;
  readonly periods: readonly PeriodForecastSummary[];
}

/** Which page of a period's deals to list: `limit` deals whose id sorts after `after`. */
export interface LinesWanted {
  readonly after?: string | undefined;
  readonly limit: number;
}

/** A cell's figures from its category totals: the rollups over them, and the number of deals. */
export function summaryFigures(
  c: Currency,
  categories: Readonly<Record<ForecastCategory, CountedTotal>>,
  lost: CountedTotal,
): ForecastFiguresSummary {
  return {
    categories,
    rollups: rollups(c, categories, (t) => t.amount),
    weightedRollups: rollups(c, categories, (t) => t.weighted),
    lost,
    deals: Object.values(categories).reduce((n, t) => n + t.count, lost.count),
  };
}

const counted = (t: CategoryTotal): CountedTotal => ({
  amount: t.amount,
  weighted: t.weighted,
  count: t.opportunityIds.length,
});

function figuresSummary(c: Currency, f: ForecastFigures): ForecastFiguresSummary {
  const categories = {} as Record<ForecastCategory, CountedTotal>;
  for (const [k, t] of Object.entries(f.categories) as [ForecastCategory, CategoryTotal][])
    categories[k] = counted(t);
  return summaryFigures(c, categories, counted(f.lost));
}

/**
 * The page of `lines` that `wanted` asks for (ids compared as strings, the order a page is read in): a forecast's
 * lines, a quota's counted deals.
 */
export function linesPage<T extends { readonly opportunityId: OpportunityId }>(
  lines: readonly T[],
  wanted: LinesWanted,
): { readonly items: readonly T[]; readonly nextCursor: OpportunityId | null } {
  const after = wanted.after;
  const sorted = lines
    .filter((l) => after === undefined || l.opportunityId > after)
    .sort((a, b) => (a.opportunityId < b.opportunityId ? -1 : a.opportunityId > b.opportunityId ? 1 : 0));
  const items = sorted.slice(0, wanted.limit);
  return {
    items,
    nextCursor: sorted.length > wanted.limit ? (items[items.length - 1]?.opportunityId ?? null) : null,
  };
}

/** The forecast summarised (see {@link ForecastSummary}), with a page of each period's deals when asked. */
export function summariseForecast(f: Forecast, lines?: LinesWanted): ForecastSummary {
  return {
    currency: f.currency,
    periods: f.periods.map((p) => ({
      period: p.period,
      total: figuresSummary(f.currency, p.total),
      owners: p.owners.map((o) => ({ ownerId: o.ownerId, ...figuresSummary(f.currency, o) })),
      lines: lines === undefined ? null : linesPage(p.total.lines, lines),
    })),
  };
}
