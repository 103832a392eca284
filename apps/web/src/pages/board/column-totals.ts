// A column's figures from the domain's calculations: how many deals, their amount and their weighted amount
// (amount × the probability in force), per currency — a board filtered by owner or period sums what it shows.
import { type Money, type Opportunity, plus, weightedAmount, zero } from "@accountable/domain";

export interface ColumnTotals {
  readonly count: number;
  /** One line per currency, largest weighted amount first. */
  readonly lines: readonly { readonly amount: Money; readonly weighted: Money }[];
}

export function columnTotals(deals: readonly Opportunity[]): ColumnTotals {
  const byCurrency = new Map<string, { amount: Money; weighted: Money }>();
  for (const deal of deals) {
    const c = deal.amount.currency;
    const line = byCurrency.get(c) ?? { amount: zero(c), weighted: zero(c) };
    line.amount = plus(line.amount, deal.amount);
    line.weighted = plus(line.weighted, weightedAmount(deal));
    byCurrency.set(c, line);
  }
  const lines = [...byCurrency.values()].sort((a, b) => b.weighted.amount - a.weighted.amount);
  return { count: deals.length, lines };
}
