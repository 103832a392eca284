import { date, masked } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import {
  chosenPeriod,
  hasFigures,
  marginPercent,
  periodChoices,
  periodOfKind,
  periodWords,
  shareWords,
  towersShown,
  WHOLE_TERM,
  withFigures,
  withheldWords,
} from "./pnl-data.ts";

const calendar = { firstMonth: 1, namedAfter: "end" } as const;
const fiscalApril = { firstMonth: 4, namedAfter: "end" } as const;
const today = date("2026-12-07");
const eur = (amount: number) => ({ amount, currency: "EUR" });
const hidden = masked("finance.read", "Your role may not see amounts.");
const pnl = (revenue: number, cost: number) => ({ revenue: eur(revenue), cost: eur(cost) });
const line = (planned: object, actual: object) =>
  ({ planned, actual }) as never as {
    planned: ReturnType<typeof pnl>;
    actual: ReturnType<typeof pnl>;
  };

describe("the P&L's period from the address", () => {
  it("reads a quarter, a month, a year and whole terms; anything else is today's quarter", () => {
    expect(chosenPeriod("2026-Q3", today, calendar)).toEqual({ kind: "quarter", label: "2026-Q3" });
    expect(chosenPeriod("2026-07", today, calendar)).toEqual({ kind: "month", label: "2026-07" });
    expect(chosenPeriod("2025", today, calendar)).toEqual({ kind: "year", label: "2025" });
    expect(chosenPeriod(WHOLE_TERM, today, calendar)).toEqual({ kind: WHOLE_TERM, label: null });
    expect(chosenPeriod(undefined, today, calendar)).toEqual({ kind: "quarter", label: "2026-Q4" });
    expect(chosenPeriod("2026-Q5", today, calendar)).toEqual({ kind: "quarter", label: "2026-Q4" });
    expect(chosenPeriod("next year", today, calendar)).toEqual({ kind: "quarter", label: "2026-Q4" });
  });

  it("names today's quarter as the workspace's fiscal year does", () => {
    // A fiscal year from April, named after its end: 7 Dec 2026 is in FY2027's third quarter.
    expect(chosenPeriod(undefined, today, fiscalApril)).toEqual({ kind: "quarter", label: "2027-Q3" });
    expect(periodOfKind("year", today, fiscalApril)).toBe("2027");
  });

  it("offers the periods around today, in order, and keeps a chosen one further away", () => {
    expect(periodChoices("quarter", today, calendar)).toEqual([
      "2025-Q4",
      "2026-Q1",
      "2026-Q2",
      "2026-Q3",
      "2026-Q4",
      "2027-Q1",
      "2027-Q2",
      "2027-Q3",
    ]);
    expect(periodChoices("year", today, calendar)).toEqual(["2023", "2024", "2025", "2026", "2027"]);
    const months = periodChoices("month", today, calendar);
    expect(months[0]).toBe("2025-12");
    expect(months.at(-1)).toBe("2027-03");
    expect(periodChoices("quarter", today, calendar, "2020-Q1")[0]).toBe("2020-Q1");
    // A chosen period of another kind is not mixed in.
    expect(periodChoices("quarter", today, calendar, "2020")).not.toContain("2020");
  });

  it("switching the kind picks the period of that kind holding today", () => {
    expect(periodOfKind("month", today, calendar)).toBe("2026-12");
    expect(periodOfKind("quarter", today, calendar)).toBe("2026-Q4");
    expect(periodOfKind(WHOLE_TERM, today, calendar)).toBe(WHOLE_TERM);
  });

  it("writes a month as people read it", () => {
    expect(periodWords("2026-07")).toBe("Jul 2026");
    expect(periodWords("2026-Q3")).toBe("2026-Q3");
    expect(periodWords("2026")).toBe("2026");
  });
});

describe("the P&L's rows", () => {
  it("leaves out lines zero throughout, and counts them", () => {
    const zero = line(pnl(0, 0), pnl(0, 0));
    const planned = line(pnl(100, 40), pnl(0, 0));
    const costOnly = line(pnl(0, 0), pnl(0, 5));
    const secret = line({ revenue: hidden, cost: hidden }, { revenue: hidden, cost: hidden });
    expect(hasFigures(zero)).toBe(false);
    expect(hasFigures(planned)).toBe(true);
    expect(hasFigures(costOnly)).toBe(true);
    // Masked figures may be anything: the line stays, showing them masked.
    expect(hasFigures(secret)).toBe(true);
    expect(withFigures([zero, planned, zero, secret])).toEqual({ shown: [planned, secret], empty: 2 });
  });

  it("shows no tower that only repeats its contract, and every tower with figures otherwise", () => {
    const build = { towerId: "t1", ...line(pnl(100, 40), pnl(50, 10)) };
    const idle = { towerId: "t2", ...line(pnl(0, 0), pnl(0, 0)) };
    const run = { towerId: "t3", ...line(pnl(60, 20), pnl(0, 0)) };
    const contract = (towers: object[], p = pnl(100, 40), a = pnl(50, 10)) =>
      ({ ...line(p, a), towers }) as never as Parameters<typeof towersShown<typeof build>>[0];
    expect(towersShown(contract([build, idle]))).toEqual([]);
    expect(towersShown(contract([build, idle], pnl(100, 90)))).toEqual([build]);
    expect(towersShown(contract([build, idle, run], pnl(160, 60)))).toEqual([build, run]);
    expect(towersShown(contract([idle]))).toEqual([]);
  });

  it("writes margins and planned shares, and leaves a masked margin to the caller", () => {
    expect(marginPercent(1250)).toBe("12.5 %");
    expect(marginPercent(-300)).toBe("-3.0 %");
    expect(marginPercent(null)).toBe("—");
    expect(marginPercent(hidden)).toBeNull();
    expect(shareWords({ days: 92, ofDays: 730 })).toBe("92 of 730 days");
    expect(shareWords(null)).toBeNull();
  });

  it("says why the total leaves accounts out, and why there is none when every line is withheld", () => {
    expect(withheldWords(1, 4)).toBe(
      "1 account's figures are not yours to see: the total adds up the others.",
    );
    expect(withheldWords(2, 4)).toBe(
      "2 accounts' figures are not yours to see: the total adds up the others.",
    );
    expect(withheldWords(5, 5)).toBe("No account's figures are yours to see, so there is no total.");
  });
});
