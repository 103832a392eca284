import type { Opportunity, WonOpportunity } from "../entities/opportunity.ts";
import { dateOf, elapsedDays, millisBetween, type Timestamp } from "../kernel/calendar-date.ts";
import { isWithin, type Period } from "../kernel/fiscal.ts";
import type { OpportunityId, StageId } from "../kernel/ids.ts";
import { type CurrencyMismatch, divideRounded, type Money, money } from "../kernel/money.ts";
import { invariant, ok, type Result } from "../kernel/result.ts";
import { basisPoints } from "./basis-points.ts";
import { type CountedDealAmount, type InCurrency, toReportCurrencyOrZero, total } from "./in-currency.ts";

// Sales metrics over closed deals. A deal is "closed in a period" when the UTC date of its closedAt falls in
// it (as in the forecast and quota attainment); without a period every closed deal counts. Each metric returns
// the deals it counted so a reader can check it.

const DAY_MS = 86_400_000;

/** Options shared by the metrics: the report's currency and rates, and the period of closing (all if absent). */
export interface SalesMetricsOptions extends InCurrency {
  readonly period?: Period;
}

function closedIn(opp: Opportunity, period: Period | undefined): boolean {
  return opp.status !== "open" && (period === undefined || isWithin(dateOf(opp.closedAt), period));
}

/** A counted deal, with its amount as recorded and in the report's currency. */
export interface CountedAmount extends CountedDealAmount {
  readonly opportunityId: OpportunityId;
}

/** A set of deals and their total in the report's currency. */
export interface DealTotal {
  readonly count: number;
  readonly amount: Money;
  readonly deals: readonly CountedAmount[];
}

function dealTotal(opps: readonly Opportunity[], target: InCurrency): Result<DealTotal, CurrencyMismatch> {
  const deals: CountedAmount[] = [];
  for (const opp of opps) {
    const converted = toReportCurrencyOrZero(opp.amount, target);
    if (!converted.ok) return converted;
    deals.push({ opportunityId: opp.id, amount: opp.amount, converted: converted.value });
  }
  return ok({
    count: deals.length,
    amount: total(
      target.currency,
      deals.map((d) => d.converted),
    ),
    deals,
  });
}

/** Won ÷ (won + lost), by count and by amount, over the deals closed in the period. */
export interface WinRate {
  readonly period: Period | null;
  readonly won: DealTotal;
  readonly lost: DealTotal;
  /** In basis points (10,000 = 100 %), half-even; null when nothing closed. */
  readonly byCountBasisPoints: number | null;
  /** In basis points, half-even; null when the closed deals add up to zero. */
  readonly byAmountBasisPoints: number | null;
}

/** The win rate of the deals closed in the period, by count and by amount; refuses a currency without a rate. */
export function winRate(
  opps: readonly Opportunity[],
  options: SalesMetricsOptions,
): Result<WinRate, CurrencyMismatch> {
  const closed = opps.filter((o) => closedIn(o, options.period));
  const won = dealTotal(
    closed.filter((o) => o.status === "won"),
    options,
  );
  if (!won.ok) return won;
  const lost = dealTotal(
    closed.filter((o) => o.status === "lost"),
    options,
  );
  if (!lost.ok) return lost;
  return ok({
    period: options.period ?? null,
    won: won.value,
    lost: lost.value,
    byCountBasisPoints: basisPoints(won.value.count, won.value.count + lost.value.count),
    byAmountBasisPoints: basisPoints(
      won.value.amount.amount,
      won.value.amount.amount + lost.value.amount.amount,
    ),
  });
}

/** The mean amount of the deals won in the period. */
export interface AverageDealSize extends DealTotal {
  readonly period: Period | null;
  /** total ÷ count, half-even; null when nothing was won. */
  readonly average: Money | null;
}

/** The average size of the deals won in the period; refuses a currency without a rate. */
export function averageDealSize(
  opps: readonly Opportunity[],
  options: SalesMetricsOptions,
): Result<AverageDealSize, CurrencyMismatch> {
  const won = dealTotal(
    opps.filter((o) => o.status === "won" && closedIn(o, options.period)),
    options,
  );
  if (!won.ok) return won;
  const { count, amount } = won.value;
  return ok({
    ...won.value,
    period: options.period ?? null,
    average:
      count === 0
        ? null
        : money(Number(divideRounded(BigInt(amount.amount), BigInt(count), "half_even")), amount.currency),
  });
}

/** A won deal's cycle: whole days from creation to the win. */
export interface DealCycle {
  readonly opportunityId: OpportunityId;
  readonly createdAt: Timestamp;
  readonly closedAt: Timestamp;
  readonly days: number;
}

/** How long won deals took, creation to win, in days. */
export interface SalesCycle {
  readonly period: Period | null;
  readonly count: number;
  readonly totalDays: number;
  /** null when nothing was won; a fraction of a day is kept (days are not money). */
  readonly meanDays: number | null;
  /** The middle cycle, or the mean of the two middle ones; null when nothing was won. */
  readonly medianDays: number | null;
  readonly deals: readonly DealCycle[];
}

/** Sales-cycle length of the deals won in the period: whole days from createdAt to closedAt, mean and median. */
export function salesCycle(
  opps: readonly Opportunity[],
  options: { readonly period?: Period } = {},
): SalesCycle {
  const won = opps.filter((o): o is WonOpportunity => o.status === "won" && closedIn(o, options.period));
  const deals = won.map((o) => ({
    opportunityId: o.id,
    createdAt: o.createdAt,
    closedAt: o.closedAt,
    // An imported deal may carry a close before its creation; it counts as a same-day win, not negative time.
    days: Math.max(0, elapsedDays(o.createdAt, o.closedAt)),
  }));
  const sorted = deals.map((d) => d.days).sort((a, b) => a - b);
  const totalDays = sorted.reduce((s, d) => s + d, 0);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0
      ? null
      : sorted.length % 2 === 1
        ? sorted[mid]!
        : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    period: options.period ?? null,
    count: deals.length,
    totalDays,
    meanDays: deals.length === 0 ? null : totalDays / deals.length,
    medianDays: median,
    deals,
  };
}

/** Money the pipeline is expected to close per day, and the four inputs it came from. */
export interface PipelineVelocity {
  /**
   * open deals × win rate (by count) × average deal size ÷ mean cycle length, in minor units per day, computed
   * exactly from the counted inputs and rounded half-even once; null when nothing closed in the period or the
   * won deals closed the day they were created (a zero-day cycle).
   */
  readonly perDay: Money | null;
  readonly openDeals: { readonly count: number; readonly opportunityIds: readonly OpportunityId[] };
  readonly winRate: WinRate;
  readonly averageDealSize: AverageDealSize;
  readonly salesCycle: SalesCycle;
}

/**
 * Pipeline velocity: the deals open now, with the win rate, deal size and cycle of the deals closed in the period.
 * Refuses a currency without a rate.
 */
export function pipelineVelocity(
  opps: readonly Opportunity[],
  options: SalesMetricsOptions,
): Result<PipelineVelocity, CurrencyMismatch> {
  const rate = winRate(opps, options);
  if (!rate.ok) return rate;
  const size = averageDealSize(opps, options);
  if (!size.ok) return size;
  const cycle = salesCycle(opps, options);
  const open = opps.filter((o) => o.status === "open").map((o) => o.id);
  return ok({
    perDay: velocityPerDay({
      open: open.length,
      won: rate.value.won.count,
      lost: rate.value.lost.count,
      wonTotal: size.value.amount,
      cycleDays: cycle.totalDays,
    }),
    openDeals: { count: open.length, opportunityIds: open },
    winRate: rate.value,
    averageDealSize: size.value,
    salesCycle: cycle,
  });
}

/**
 * Velocity from its counted inputs: `open` deals × win rate (won ÷ (won + lost)) × average won size (wonTotal ÷
 * won) ÷ mean cycle (cycleDays ÷ won) = open × wonTotal ÷ ((won + lost) × cycleDays), computed exactly and rounded
 * half-even once. Null when nothing closed, or every win closed the day it was created; zero when nothing was won.
 */
export function velocityPerDay(inputs: {
  readonly open: number;
  readonly won: number;
  readonly lost: number;
  readonly wonTotal: Money;
  readonly cycleDays: number;
}): Money | null {
  const { open, won, lost, wonTotal, cycleDays } = inputs;
  if (won + lost === 0) return null;
  if (won === 0) return money(0, wonTotal.currency);
  if (cycleDays === 0) return null;
  // N × (W ÷ (W + L)) × (S ÷ W) ÷ (D ÷ W) = N × W × S ÷ ((W + L) × D): W cancels once, so it stays in.
  const n = BigInt(open) * BigInt(won) * BigInt(wonTotal.amount);
  const d = BigInt(won + lost) * BigInt(cycleDays);
  return money(Number(divideRounded(n, d, "half_even")), wonTotal.currency);
}

/** The moment a deal entered a stage, as read from its stage-change events. */
export interface StageEntry {
  readonly stageId: StageId;
  readonly at: Timestamp;
}

/** Time spent in one stage, all visits summed. */
export interface StageTime {
  readonly stageId: StageId;
  /** Whole days, rounded down from the summed time (two half-days make a day). */
  readonly days: number;
  readonly millis: number;
  readonly visits: number;
}

/** Time in each stage (in order of first entry; the current stage counted up to now) and the current stage's age. */
export interface TimeInStage {
  readonly stages: readonly StageTime[];
  readonly current: { readonly stageId: StageId; readonly since: Timestamp; readonly days: number } | null;
}

/**
 * Days per stage from the ordered stage entries of one deal, summing revisits, and the age of the current
 * stage at `now`. Entries out of order, or a `now` before the last entry, are a caller's bug and throw.
 */
export function timeInStage(entries: readonly StageEntry[], now: Timestamp): TimeInStage {
  const byStage = new Map<StageId, { millis: number; visits: number }>();
  entries.forEach((entry, i) => {
    const until = entries[i + 1]?.at ?? now;
    const millis = millisBetween(entry.at, until);
    invariant(millis >= 0, `Stage entries must be in order and before now: ${entry.at} then ${until}`);
    const seen = byStage.get(entry.stageId) ?? { millis: 0, visits: 0 };
    byStage.set(entry.stageId, { millis: seen.millis + millis, visits: seen.visits + 1 });
  });
  const last = entries.at(-1);
  return {
    stages: [...byStage].map(([stageId, t]) => ({
      stageId,
      days: Math.floor(t.millis / DAY_MS),
      millis: t.millis,
      visits: t.visits,
    })),
    current: last ? { stageId: last.stageId, since: last.at, days: elapsedDays(last.at, now) } : null,
  };
}
