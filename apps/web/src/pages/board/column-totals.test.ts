import { masked, type Opportunity } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { columnTotals } from "./column-totals.ts";

const deal = (amount: number, currency: string, probability: number) =>
  ({
    status: "open",
    amount: { amount, currency },
    probability,
    probabilityOverride: null,
  }) as unknown as Opportunity;

describe("columnTotals", () => {
  it("sums amounts and weighted amounts per currency, the largest weighted line first", () => {
    const totals = columnTotals([
      deal(100_00, "USD", 50),
      deal(1_000_00, "EUR", 25),
      deal(300_00, "EUR", 25),
    ]);
    expect(totals.count).toBe(3);
    expect(totals.lines).toEqual([
      { amount: { amount: 1_300_00, currency: "EUR" }, weighted: { amount: 325_00, currency: "EUR" } },
      { amount: { amount: 100_00, currency: "USD" }, weighted: { amount: 50_00, currency: "USD" } },
    ]);
  });

  it("is empty for an empty column", () => {
    expect(columnTotals([])).toEqual({ count: 0, unpriced: 0, lines: [] });
  });

  it("never sums a column holding a masked amount: its money shows as masked, its count stays", () => {
    const hidden = masked("finance.read", "Viewers see no money (finance read is not granted)");
    const totals = columnTotals([deal(100_00, "EUR", 50), { ...deal(0, "EUR", 50), amount: hidden }]);
    expect(totals).toMatchObject({ count: 2, unpriced: 0, lines: [], masked: hidden });
    // The visible deal is summed apart (below), never into the column's line.
    expect(totals.visible?.count).toBe(1);
  });

  it("sums the deals the reader may see apart when the column's money is masked: 'your deals' when all theirs", () => {
    const hidden = masked("finance.read", "An AE sees the amounts of their own deals and accounts");
    const mine = { ...deal(100_00, "EUR", 50), ownerId: "ae-1" } as Opportunity;
    const theirs = { ...deal(0, "EUR", 50), amount: hidden, ownerId: "ae-2" } as unknown as Opportunity;
    const line = [
      { amount: { amount: 100_00, currency: "EUR" }, weighted: { amount: 50_00, currency: "EUR" } },
    ];
    expect(columnTotals([mine, theirs], "ae-1")).toEqual({
      count: 2,
      unpriced: 0,
      lines: [],
      masked: hidden,
      visible: { count: 1, mine: true, lines: line },
    });
    // A visible deal of someone else's (on the reader's own account) is summed, but not called theirs.
    const onMyAccount = { ...deal(100_00, "EUR", 50), ownerId: "ae-3" } as Opportunity;
    expect(columnTotals([onMyAccount, theirs], "ae-1").visible).toEqual({
      count: 1,
      mine: false,
      lines: line,
    });
    // Nothing visible, no subtotal.
    expect(columnTotals([theirs], "ae-1").visible).toBeUndefined();
  });

  it("counts a deal with no amount yet apart: in the column's deals, in no total, never as zero", () => {
    const totals = columnTotals([deal(100_00, "EUR", 50), { ...deal(0, "EUR", 50), amount: null }]);
    expect(totals).toEqual({
      count: 2,
      unpriced: 1,
      lines: [{ amount: { amount: 100_00, currency: "EUR" }, weighted: { amount: 50_00, currency: "EUR" } }],
    });
  });
});
