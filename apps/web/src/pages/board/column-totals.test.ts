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
    expect(totals).toEqual({ count: 2, unpriced: 0, lines: [], masked: hidden });
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
