import type { Opportunity } from "../entities/opportunity.ts";
import type { Quota } from "../entities/quota.ts";
import { type CalendarDate, dateOf } from "../kernel/calendar-date.ts";
import { type FiscalYearSettings, isWithin, type Period, parsePeriod } from "../kernel/fiscal.ts";
import type { MemberId, OpportunityId, QuotaId } from "../kernel/ids.ts";
import { type CurrencyMismatch, type Money, minus } from "../kernel/money.ts";
import { type InvalidInput, refuse } from "../kernel/refusal.ts";
import { err, ok, type Result } from "../kernel/result.ts";
import { basisPoints } from "./basis-points.ts";
import { type LinesWanted, linesPage } from "./forecast.ts";
import {
  type ConvertedAmount,
  type CountedDealAmount,
  type InCurrency,
  toReportCurrency,
  toReportCurrencyOrZero,
  total,
} from "./in-currency.ts";

// A won deal counts toward its owner's quota in the period holding the UTC date of `closedAt` — the day it
// was actually won, as in the forecast — not its `closeDate`, which was an estimate. Open and lost deals never
// count. The quota itself is converted into the report's currency too, so target and result compare directly.
// A retired quota (set in error or superseded) is left out: it has no attainment to report.

/** A won deal counted toward a quota (one won without an amount counts zero, as its stage allowed). */
export interface CountedDeal extends CountedDealAmount {
  readonly opportunityId: OpportunityId;
  readonly closedOn: CalendarDate;
}

/** One quota's attainment and the deals behind it. */
export interface QuotaAttainment {
  readonly quotaId: QuotaId;
  readonly memberId: MemberId;
  readonly period: Period;
  /** The quota as set, and converted into the report's currency. */
  readonly target: ConvertedAmount;
  readonly closedWon: Money;
  /** closedWon ÷ target in basis points (10,000 = 100 %), half-even; null if the target converts to zero. */
  readonly attainmentBasisPoints: number | null;
  /** target − closedWon: what is still to close; negative once the quota is beaten. */
  readonly gap: Money;
  readonly deals: readonly CountedDeal[];
}

export interface QuotaAttainmentOptions extends InCurrency {
  /** The workspace's fiscal year, which decides what "2026-Q3" means. */
  readonly fiscalYear: FiscalYearSettings;
}

/**
 * Attainment of each quota by its member's deals won in its period, in one currency. Refuses a deal or quota
 * whose currency has no rate, and a quota whose period does not exist (e.g. month 13).
 */
export function quotaAttainment(
  quotas: readonly Quota[],
  opps: readonly Opportunity[],
  options: QuotaAttainmentOptions,
): Result<QuotaAttainment[], CurrencyMismatch | InvalidInput> {
  const out: QuotaAttainment[] = [];
  for (const quota of quotas) {
    if (quota.status === "retired") continue;
    const p = parsePeriod(quota.period, options.fiscalYear);
    if (!p) return err(refuse.invalidInput("period", `There is no period "${quota.period}".`));
    const target = toReportCurrency(quota.amount, options);
    if (!target.ok) return target;
    const deals: CountedDeal[] = [];
    for (const opp of opps) {
      if (opp.status !== "won" || opp.ownerId !== quota.memberId) continue;
      const closedOn = dateOf(opp.closedAt);
      if (!isWithin(closedOn, p)) continue;
      const converted = toReportCurrencyOrZero(opp.amount, options);
      if (!converted.ok) return converted;
      deals.push({ opportunityId: opp.id, closedOn, amount: opp.amount, converted: converted.value });
    }
    const closedWon = total(
      options.currency,
      deals.map((d) => d.converted),
    );
    out.push({
      quotaId: quota.id,
      memberId: quota.memberId,
      period: p,
      target: { amount: quota.amount, converted: target.value },
      closedWon,
      attainmentBasisPoints: basisPoints(closedWon.amount, target.value.amount),
      gap: minus(target.value, closedWon),
      deals,
    });
  }
  return ok(out);
}

/** One page of a quota's counted deals in id order; `nextCursor` is the id the next page starts after. */
export interface CountedDealsPage {
  readonly items: readonly CountedDeal[];
  readonly nextCursor: OpportunityId | null;
}

/**
 * One quota's attainment as a report answers it: the figures and how many deals won count, the deals themselves
 * a page at a time when asked (a member's won deals can run to thousands; the figures are what most readers want).
 */
export interface QuotaAttainmentSummary extends Omit<QuotaAttainment, "deals"> {
  /** How many won deals count toward the quota. */
  readonly dealCount: number;
  /** A page of the counted deals when asked for, null otherwise. */
  readonly deals: CountedDealsPage | null;
}

/** The page of a quota's deals that `wanted` asks for: the forecast's {@link linesPage}. */
export const countedDealsPage: (deals: readonly CountedDeal[], wanted: LinesWanted) => CountedDealsPage =
  linesPage;

/** A quota's attainment summarised (see {@link QuotaAttainmentSummary}), with a page of its deals when asked. */
export function summariseQuotaAttainment(a: QuotaAttainment, lines?: LinesWanted): QuotaAttainmentSummary {
  const { deals, ...figures } = a;
  return {
    ...figures,
    dealCount: deals.length,
    deals: lines === undefined ? null : countedDealsPage(deals, lines),
  };
}
