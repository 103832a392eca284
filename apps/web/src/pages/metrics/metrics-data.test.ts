import { masked } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import {
  groupLabel,
  groupWinRateTrend,
  hasAny,
  seriesRank,
  trendLength,
  trendPoints,
} from "./metrics-data.ts";

const eur = (amount: number) => ({ amount, currency: "EUR" }) as never;
const hidden = masked("finance.read", "Your role may not see amounts.");

const figures = (over: object) =>
  ({
    won: 2,
    wonAmount: eur(1_500_000),
    lost: 1,
    lostAmount: eur(500_000),
    winRateBasisPoints: 6667,
    valueWinRateBasisPoints: 7500,
    averageDealSize: eur(750_000),
    cycleDays: 45,
    averageCycleDays: 22.5,
    openAtEnd: 4,
    velocityPerDay: eur(8889),
    stages: [],
    ...over,
  }) as never;

describe("the metrics page's chart points", () => {
  it("plots rates in per cent and money in major units; a masked figure is no point, not zero", () => {
    const [shown, masked_] = trendPoints([
      { period: { label: "2026-Q1" }, figures: figures({}) },
      {
        period: { label: "2026-Q2" },
        figures: figures({
          wonAmount: hidden,
          lostAmount: hidden,
          valueWinRateBasisPoints: hidden,
          averageDealSize: hidden,
          velocityPerDay: hidden,
        }),
      },
    ]);
    expect(shown).toEqual({
      period: "2026-Q1",
      winRate: 66.67,
      valueWinRate: 75,
      won: 15_000,
      lost: 5_000,
      averageCycleDays: 22.5,
      averageDealSize: 7_500,
      velocityPerDay: 88.89,
    });
    expect(masked_).toMatchObject({ winRate: 66.67, valueWinRate: null, won: null, averageDealSize: null });
    expect(hasAny([masked_!], ["won", "lost", "velocityPerDay"])).toBe(false);
    expect(hasAny([masked_!], ["winRate"])).toBe(true);
  });

  it("names groups for people and reads only the trend lengths offered", () => {
    const name = (id: string) => (id === "m-1" ? "Ada" : id);
    expect(groupLabel("owner", "m-1", name)).toBe("Ada");
    expect(groupLabel("team", "m-1", name)).toBe("Ada's team");
    expect(groupLabel("type", "new_business", name)).toBe("New business");
    expect(groupLabel("source", null, name)).toBe("Not said");
    expect(trendLength("12")).toBe(12);
    expect(trendLength("13")).toBe(4);
    expect(trendLength(undefined)).toBe(4);
  });
});

describe("the win rate per group chart", () => {
  it("draws a line for each of the busiest groups that closed a deal, a point per period", () => {
    const group = (key: string | null, rates: (number | null)[], closed: number) => ({
      key,
      whole: figures({ won: closed, lost: 0 }),
      trend: rates.map((r, i) => ({
        period: { label: `P${i}` },
        figures: figures({ winRateBasisPoints: r }),
      })),
    });
    const { data, series } = groupWinRateTrend(
      [group("a", [5000, null], 2), group("quiet", [null, null], 0), group(null, [10_000, 2500], 5)],
      (k) => k ?? "Not said",
    );
    expect(series.map((s) => [s.name, s.label])).toEqual([
      ["g0", "Not said"],
      ["g1", "a"],
    ]);
    expect(data).toEqual([
      { period: "P0", g0: 100, g1: 50 },
      { period: "P1", g0: 25, g1: null },
    ]);
  });
});

describe("the metrics charts' legends", () => {
  it("read in the series' order (won before lost), not alphabetically", () => {
    const rank = seriesRank([{ name: "won" }, { name: "lost" }]);
    const items = [{ dataKey: "lost" }, { dataKey: "won" }];
    expect([...items].sort((a, b) => rank(a) - rank(b)).map((i) => i.dataKey)).toEqual(["won", "lost"]);
    expect(rank({ dataKey: "other" })).toBe(2);
  });
});
