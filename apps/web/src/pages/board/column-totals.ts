// A column's figures from the domain's calculations: how many deals, their amount and their weighted amount
// (amount × the probability in force), per currency — a board filtered by owner or period sums what it shows.
// A deal whose amount the reader may not see (the Masked shape) is counted but never summed: its line says
// masked, so no total reveals what the cards hide. A deal with no amount yet is counted and summed nowhere:
// `unpriced` says how many, so a total never passes them off as zero.
import {
  isMasked,
  type Masked,
  type Money,
  type Opportunity,
  plus,
  type Redacted,
  weightedAmount,
  zero,
} from "@accountable/domain";

export interface ColumnTotals {
  readonly count: number;
  /** Deals with no amount yet (in `count`, in no line). */
  readonly unpriced: number;
  /** One line per currency, largest weighted amount first. */
  readonly lines: readonly { readonly amount: Money; readonly weighted: Money }[];
  /** The first masked amount among the deals, when any: the column's money is then shown as masked. */
  readonly masked?: Masked;
}

/** A deal as the board receives it: its money (amount, budget, proposal) may be masked for the reader. */
export function columnTotals(deals: readonly Redacted<Opportunity>[]): ColumnTotals {
  const byCurrency = new Map<string, { amount: Money; weighted: Money }>();
  let masked: Masked | undefined;
  let unpriced = 0;
  for (const deal of deals) {
    const amount = deal.amount;
    if (amount === null) {
      unpriced++;
      continue;
    }
    if (isMasked(amount)) {
      masked ??= amount;
      continue;
    }
    const c = amount.currency;
    const line = byCurrency.get(c) ?? { amount: zero(c), weighted: zero(c) };
    line.amount = plus(line.amount, amount);
    // The amount is shown (not masked, not null), so the weighted amount is one.
    line.weighted = plus(line.weighted, weightedAmount({ ...deal, amount } as Opportunity)!);
    byCurrency.set(c, line);
  }
  if (masked) return { count: deals.length, unpriced, lines: [], masked };
  const lines = [...byCurrency.values()].sort((a, b) => b.weighted.amount - a.weighted.amount);
  return { count: deals.length, unpriced, lines };
}
