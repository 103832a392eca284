import {
  type FiscalYearSettings,
  FORECAST_CATEGORIES,
  money,
  type PeriodForecastSummary,
} from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { formatMajorCompact } from "../../ui/format.ts";
import {
  attainmentText,
  CHARTED_CATEGORIES,
  categoryRank,
  dealsPageWords,
  endOfDay,
  hasFigures,
  major,
  ownerBars,
  quarterChoices,
} from "./forecast-data.ts";

const calendarYear: FiscalYearSettings = { firstMonth: 1, namedAfter: "end" };
const eur = (amount: number) => money(amount, "EUR");

describe("quarterChoices", () => {
  it("lists the quarters around today's, in order", () => {
    expect(quarterChoices("2026-11-27" as never, calendarYear, 1, 1)).toEqual([
      "2026-Q3",
      "2026-Q4",
      "2027-Q1",
    ]);
  });
});

describe("ownerBars", () => {
  it("stacks each owner's categories in major units, under the owner's name", () => {
    const cat = (amount: number) => ({ amount: eur(amount), weighted: eur(0), count: 1 });
    const period = {
      owners: [
        {
          ownerId: "sam",
          categories: {
            pipeline: cat(100_00),
            best_case: cat(0),
            most_likely: cat(0),
            commit: cat(2_500_50),
            closed: cat(1_000_00),
            omitted: cat(999_00),
          },
        },
      ],
    } as unknown as PeriodForecastSummary;
    const [bar] = ownerBars(period, (id) => (id === "sam" ? "Sam Seller" : id));
    expect(bar).toEqual({
      owner: "Sam Seller",
      closed: 1000,
      commit: 2500.5,
      most_likely: 0,
      best_case: 0,
      pipeline: 100,
    });
    expect(CHARTED_CATEGORIES).not.toContain("omitted");
  });
});

describe("formatting", () => {
  it("reads amounts, attainment and as-of moments as a person means them", () => {
    expect(major(eur(1_200_050))).toBe(12000.5);
    // A masked amount is no figure at all, never a zero on a chart.
    expect(major({ masked: true, reason: "not granted", requires: "finance.read" })).toBeNull();
    expect(hasFigures([{ owner: "Sam", closed: null }])).toBe(false);
    expect(hasFigures([{ owner: "Sam", closed: 0 }])).toBe(true);
    expect(attainmentText(14355)).toBe("143.6 %");
    expect(attainmentText(null)).toBe("—");
    expect(endOfDay("2026-10-27")).toBe("2026-10-27T23:59:59.999Z");
  });
});

describe("the forecast's pages of deals", () => {
  it("says which deals a page shows", () => {
    expect(dealsPageWords(0, 100, 100, 431)).toBe("Deals 1–100 of 431, in id order.");
    expect(dealsPageWords(4, 31, 100, 431)).toBe("Deals 401–431 of 431, in id order.");
    expect(dealsPageWords(1, 0, 100, 100)).toBe("No deal on this page of 100.");
  });
});

describe("the forecast chart", () => {
  it("lists its legend in the domain's category order, not alphabetically", () => {
    const items = [...CHARTED_CATEGORIES].sort().map((dataKey) => ({ dataKey }));
    const sorted = [...items].sort((a, b) => categoryRank(a) - categoryRank(b)).map((i) => i.dataKey);
    // The domain's order, from closed to pipeline (the table's columns, the stack from the bottom).
    expect(sorted).toEqual(FORECAST_CATEGORIES.filter((c) => c !== "omitted").reverse());
    expect(sorted).toEqual([...CHARTED_CATEGORIES]);
  });
  it("carries the currency on its axis, compact as the board's totals", () => {
    expect(formatMajorCompact(12_000_000, "EUR")).toMatch(/€/);
    expect(formatMajorCompact(12_000_000, "EUR")).toBe("€12M");
    expect(formatMajorCompact(1_425_000, "EUR")).toBe("€1.4M");
  });
});
