import { describe, expect, it } from "vitest";
import { date } from "./calendar-date.ts";
import {
  fiscalQuarterOf,
  fiscalYearOf,
  isWithin,
  monthOf,
  parsePeriod,
  period,
  periodOf,
  periodsBetween,
  shiftPeriod,
} from "./fiscal.ts";

const april = { firstMonth: 4, namedAfter: "end" } as const;

describe("fiscal periods", () => {
  it("uses the calendar year by default", () => {
    expect(fiscalYearOf(date("2026-11-26"))).toEqual({
      kind: "year",
      label: "2026",
      start: "2026-01-01",
      end: "2026-12-31",
    });
    expect(fiscalQuarterOf(date("2026-08-15"))).toEqual({
      kind: "quarter",
      label: "2026-Q3",
      start: "2026-07-01",
      end: "2026-09-30",
    });
  });

  it("starts the year in a configured month, named after the year it ends in", () => {
    expect(fiscalYearOf(date("2026-03-31"), april)).toMatchObject({
      label: "2026",
      start: "2025-04-01",
      end: "2026-03-31",
    });
    expect(fiscalYearOf(date("2026-04-01"), april)).toMatchObject({
      label: "2027",
      start: "2026-04-01",
      end: "2027-03-31",
    });
    expect(fiscalQuarterOf(date("2026-04-01"), april)).toMatchObject({
      label: "2027-Q1",
      start: "2026-04-01",
      end: "2026-06-30",
    });
    expect(fiscalQuarterOf(date("2027-02-28"), april)).toMatchObject({
      label: "2027-Q4",
      start: "2027-01-01",
      end: "2027-03-31",
    });
  });

  it("can name the year after the year it starts in", () => {
    const s = { firstMonth: 7, namedAfter: "start" } as const;
    expect(fiscalYearOf(date("2026-08-01"), s)).toMatchObject({
      label: "2026",
      start: "2026-07-01",
      end: "2027-06-30",
    });
    expect(parsePeriod("2026-Q2", s)).toMatchObject({ start: "2026-10-01", end: "2026-12-31" });
  });

  it("ends February quarters right in leap years", () => {
    const s = { firstMonth: 12, namedAfter: "end" } as const;
    expect(fiscalQuarterOf(date("2028-01-15"), s)).toMatchObject({
      label: "2028-Q1",
      start: "2027-12-01",
      end: "2028-02-29",
    });
  });

  it("reads period labels", () => {
    expect(parsePeriod("2026-Q3")).toMatchObject({ kind: "quarter", start: "2026-07-01", end: "2026-09-30" });
    expect(parsePeriod("2027-Q1", april)).toMatchObject({ start: "2026-04-01", end: "2026-06-30" });
    expect(parsePeriod("2026-02")).toEqual(monthOf(date("2026-02-01")));
    expect(parsePeriod("2026")).toMatchObject({ kind: "year", start: "2026-01-01" });
    expect(parsePeriod("2027", april)).toMatchObject({ start: "2026-04-01", end: "2027-03-31" });
    expect(parsePeriod("2026-Q5")).toBeUndefined();
    expect(parsePeriod("2026-13")).toBeUndefined();
    expect(parsePeriod("Q3")).toBeUndefined();
    expect(() => period("nope")).toThrow(/Not a period/);
  });

  it("steps through periods", () => {
    expect(shiftPeriod(period("2026-Q4"), 1).label).toBe("2027-Q1");
    expect(shiftPeriod(period("2026-01"), -1).label).toBe("2025-12");
    expect(shiftPeriod(period("2026"), 2).label).toBe("2028");
    expect(periodsBetween("quarter", date("2026-02-10"), date("2026-08-01")).map((p) => p.label)).toEqual([
      "2026-Q1",
      "2026-Q2",
      "2026-Q3",
    ]);
    expect(periodOf("month", date("2026-02-10")).label).toBe("2026-02");
    expect(periodOf("year", date("2026-02-10"), april).label).toBe("2026");
    expect(isWithin(date("2026-09-30"), period("2026-Q3"))).toBe(true);
    expect(isWithin(date("2026-10-01"), period("2026-Q3"))).toBe(false);
  });
});

describe("periods outside the domain's date range", () => {
  it("are not periods at all, under any fiscal year", () => {
    const april = { firstMonth: 4, namedAfter: "end" } as const;
    for (const label of ["9999-Q4", "9999", "0000-Q1", "1899-12", "3000"]) {
      expect(parsePeriod(label)).toBeUndefined();
      expect(parsePeriod(label, april)).toBeUndefined();
    }
    expect(parsePeriod("2999-Q4")).toMatchObject({ start: "2999-10-01", end: "2999-12-31" });
    expect(parsePeriod("1900", april)).toMatchObject({ start: "1899-04-01", end: "1900-03-31" });
  });
});
