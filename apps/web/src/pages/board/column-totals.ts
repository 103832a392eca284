// A column's figures from the domain's calculations: how many deals, their amount and their weighted amount
// (amount × the probability in force), per currency — a board filtered by owner or period sums what it shows.
// A deal whose amount the reader may not see (the Masked shape) is counted but never summed: its line says
// masked, so no total reveals what the cards hide. The deals the reader may see (the server masked the others by
// the domain's money-visibility rule, so the web decides nothing here) get a subtotal of their own — an AE's own
// deals in a column shared with colleagues. A deal with no amount yet is counted and summed nowhere:
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
  /**
   * When the column's money is masked: the sum of the deals whose amounts the reader may see, with how many, and
   * whether they are all the reader's own (`mine`: "your deals").
   */
  readonly visible?: {
    readonly count: number;
    readonly mine: boolean;
    readonly lines: readonly { readonly amount: Money; readonly weighted: Money }[];
  };
}

type Line = { amount: Money; weighted: Money };

/** A deal as the board receives it: its money (amount, budget, proposal) may be masked for the reader. */
export function columnTotals(
  deals: readonly Redacted<Opportunity>[],
  /** The reader, to say whether the visible deals are all theirs. */
  memberId?: string,
): ColumnTotals {
  const byCurrency = new Map<string, Line>();
  let masked: Masked | undefined;
  let unpriced = 0;
  let summed = 0;
  let mine = true;
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
    summed++;
    if (memberId === undefined || deal.ownerId !== memberId) mine = false;
  }
  const lines = [...byCurrency.values()].sort((a, b) => b.weighted.amount - a.weighted.amount);
  if (masked)
    return {
      count: deals.length,
      unpriced,
      lines: [],
      masked,
      ...(summed > 0 ? { visible: { count: summed, mine, lines } } : {}),
    };
  return { count: deals.length, unpriced, lines };
}
