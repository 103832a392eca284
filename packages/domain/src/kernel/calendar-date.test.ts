import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addDuration,
  addHours,
  addMonths,
  addYears,
  CalendarDateSchema,
  compareDates,
  compareTimestamps,
  DATE_RANGE,
  date,
  dateOf,
  daysBetween,
  daysInMonth,
  elapsedDays,
  endOfMonth,
  fromDayNumber,
  isAfter,
  isBefore,
  isEndOfMonth,
  isLeapYear,
  isOnOrAfter,
  isOnOrBefore,
  maxDate,
  minDate,
  startOfDay,
  startOfMonth,
  TimestampSchema,
  timestamp,
  toDayNumber,
} from "./calendar-date.ts";
import { spellDate, spellFullDate, spellFullMoment, spellMoment } from "./spell-date.ts";

describe("calendar dates", () => {
  it("knows leap years and month lengths", () => {
    expect([2024, 2028, 2000, 1900, 2100, 2027].map(isLeapYear)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2027, 2)).toBe(28);
    expect(daysInMonth(2027, 4)).toBe(30);
    expect(daysInMonth(2027, 12)).toBe(31);
  });

  it("refuses days that do not exist", () => {
    expect(CalendarDateSchema.safeParse("2027-02-29").success).toBe(false);
    expect(CalendarDateSchema.safeParse("2028-02-29").success).toBe(true);
    expect(CalendarDateSchema.safeParse("2027-13-01").success).toBe(false);
    expect(CalendarDateSchema.safeParse("27-1-1").success).toBe(false);
    expect(() => date("2027-04-31")).toThrow(/Not a calendar date/);
  });

  it("counts days from the epoch both ways", () => {
    expect(toDayNumber(date("1970-01-01"))).toBe(0);
    expect(toDayNumber(date("2000-03-01"))).toBe(11_017);
    expect(fromDayNumber(-1)).toBe("1969-12-31");
    expect(fromDayNumber(toDayNumber(date("2028-02-29")))).toBe("2028-02-29");
  });

  it("agrees with the platform's UTC calendar on every day (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
        const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
        expect(fromDayNumber(n)).toBe(iso);
        expect(toDayNumber(date(iso))).toBe(n);
      }),
    );
  });

  it("adds days across months, years and leap days", () => {
    expect(addDays(date("2028-02-28"), 1)).toBe("2028-02-29");
    expect(addDays(date("2027-02-28"), 1)).toBe("2027-03-01");
    expect(addDays(date("2026-12-31"), 1)).toBe("2027-01-01");
    expect(addDays(date("2027-03-01"), -1)).toBe("2027-02-28");
    expect(() => addDays(date("2027-03-01"), 0.5)).toThrow();
  });

  it("adds months, clamping to the month's last day", () => {
    expect(addMonths(date("2027-01-31"), 1)).toBe("2027-02-28");
    expect(addMonths(date("2028-01-31"), 1)).toBe("2028-02-29");
    expect(addMonths(date("2027-05-31"), -3)).toBe("2027-02-28"); // a 3-month notice before 2027-05-31
    expect(addMonths(date("2028-02-29"), 12)).toBe("2029-02-28");
    expect(addMonths(date("2028-02-29"), -12)).toBe("2027-02-28");
    expect(addMonths(date("2026-11-15"), 14)).toBe("2028-01-15");
    expect(addYears(date("2028-02-29"), 4)).toBe("2032-02-29");
    expect(() => addMonths(date("2027-01-01"), 1.5)).toThrow();
  });

  it("adds durations counted in days or months", () => {
    expect(addDuration(date("2027-05-31"), { unit: "months", count: 3 }, -1)).toBe("2027-02-28");
    expect(addDuration(date("2027-05-31"), { unit: "days", count: 90 }, -1)).toBe("2027-03-02");
    expect(addDuration(date("2026-01-01"), { unit: "months", count: 12 })).toBe("2027-01-01");
  });

  it("compares and measures", () => {
    const a = date("2027-02-28");
    const b = date("2028-02-29");
    expect(daysBetween(a, b)).toBe(366);
    expect(compareDates(a, b)).toBe(-1);
    expect(compareDates(b, a)).toBe(1);
    expect(compareDates(a, a)).toBe(0);
    expect([isBefore(a, b), isAfter(a, b), isOnOrBefore(a, a), isOnOrAfter(a, b)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect([minDate(a, b), maxDate(a, b)]).toEqual([a, b]);
  });

  it("finds month boundaries", () => {
    expect(startOfMonth(date("2028-02-17"))).toBe("2028-02-01");
    expect(endOfMonth(date("2028-02-17"))).toBe("2028-02-29");
    expect(isEndOfMonth(date("2027-02-28"))).toBe(true);
    expect(isEndOfMonth(date("2028-02-28"))).toBe(false);
  });

  it("keeps month arithmetic reversible where no clamping happens (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: -240, max: 240 }), (n, months) => {
        const d = fromDayNumber(n);
        const there = addMonths(d, months);
        if (Number(d.slice(8)) <= 28) expect(addMonths(there, -months)).toBe(d);
        else expect(Number(there.slice(8))).toBeLessThanOrEqual(Number(d.slice(8)));
      }),
    );
  });
});

describe("timestamps", () => {
  it("accepts UTC ISO instants only", () => {
    expect(TimestampSchema.safeParse("2026-11-26T09:00:00.000Z").success).toBe(true);
    expect(TimestampSchema.safeParse("2026-11-26T09:00:00+02:00").success).toBe(false);
    expect(TimestampSchema.safeParse("yesterday").success).toBe(false);
  });

  it("measures elapsed time without a clock", () => {
    const a = timestamp("2026-11-26T09:00:00.000Z");
    const b = timestamp("2026-11-29T08:59:59.000Z");
    expect(elapsedDays(a, b)).toBe(2);
    expect(dateOf(b)).toBe("2026-11-29");
    expect(startOfDay(date("2026-11-26"))).toBe("2026-11-26T00:00:00.000Z");
    expect(addHours(a, 4)).toBe("2026-11-26T13:00:00.000Z");
    expect(compareTimestamps(a, b)).toBeLessThan(0);
  });
});

describe("the domain's date range", () => {
  const messages = (r: { error?: { issues: { message: string }[] } }) =>
    r.error?.issues.map((i) => i.message);

  it("takes dates and moments from 1900 through 2999", () => {
    expect(DATE_RANGE).toEqual({ firstYear: 1900, lastYear: 2999 });
    for (const d of ["1900-01-01", "2026-11-26", "2999-12-31"])
      expect(CalendarDateSchema.safeParse(d).success).toBe(true);
    for (const t of ["1900-01-01T00:00:00Z", "2999-12-31T23:59:59.999Z"])
      expect(TimestampSchema.safeParse(t).success).toBe(true);
  });

  it("refuses one outside it in words, and a malformed one only as malformed", () => {
    for (const d of ["0000-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
      expect(messages(CalendarDateSchema.safeParse(d))).toEqual(["must fall in the years 1900 to 2999"]);
    for (const t of ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])
      expect(messages(TimestampSchema.safeParse(t))).toEqual(["must fall in the years 1900 to 2999"]);
    expect(messages(CalendarDateSchema.safeParse("9999-02-30"))).toEqual([
      "that day does not exist in the calendar",
    ]);
    // A day written another way is refused for its writing alone, not as a day the calendar lacks.
    for (const d of ["31/01/2027", "2027-1-31", "tomorrow"])
      expect(messages(CalendarDateSchema.safeParse(d))).toEqual(["a date is written YYYY-MM-DD"]);
  });

  it("leaves room for a hundred-year term after its last day", () => {
    expect(addDuration(date("2999-12-31"), { unit: "months", count: 1200 })).toBe("3099-12-31");
  });
});

describe("dates spelt for people", () => {
  const d = date;
  it("says the day and month, and the year only when it is not the reference's", () => {
    expect(spellDate(d("2026-11-11"), d("2026-03-01"))).toBe("11 Nov");
    expect(spellDate(d("2024-11-11"), d("2026-03-01"))).toBe("11 Nov 2024");
    expect(spellDate(d("2027-01-05"), d("2026-12-31"))).toBe("5 Jan 2027");
    expect(spellDate(d("2028-02-29"), timestamp("2028-06-01T10:00:00.000Z"))).toBe("29 Feb");
    expect(spellMoment(timestamp("2026-11-11T14:05:09.000Z"), d("2026-01-01"))).toBe("11 Nov, 14:05 UTC");
  });

  it("says the year where nothing beside the date says which, a moment's time in UTC", () => {
    expect(spellFullDate(d("2026-07-06"))).toBe("6 Jul 2026");
    expect(spellFullDate(timestamp("2026-12-31T23:59:00.000Z"))).toBe("31 Dec 2026");
    expect(spellFullMoment(timestamp("2026-12-07T17:48:30.000Z"))).toBe("7 Dec 2026, 17:48 UTC");
  });

  it("never leaves an ISO date in the sentence, and keeps the day it was given", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber(d("1900-01-01")), max: toDayNumber(d("2999-12-31")) }),
        (n) => {
          const day = fromDayNumber(n);
          const spelt = spellDate(day, d("2026-06-15"));
          expect(spelt).not.toMatch(/\d{4}-\d{2}/);
          const [dd, mon] = spelt.split(" ");
          expect(Number(dd)).toBe(Number(day.slice(8, 10)));
          expect(mon).toHaveLength(3);
          expect(spelt.endsWith(day.slice(0, 4))).toBe(!day.startsWith("2026"));
        },
      ),
    );
  });
});
