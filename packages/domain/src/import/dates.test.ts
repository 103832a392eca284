import { format as formatDate, isValid, parse } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromDayNumber, toDayNumber, toParts } from "../kernel/calendar-date.ts";
import {
  type DateFormat,
  dateFormatEvidence,
  EXCEL_SERIAL_RANGE,
  isExcelSerial,
  readImportDate,
  readImportMoment,
} from "./dates.ts";

const day = (cell: string, format?: "DD/MM/YYYY" | "MM/DD/YYYY") => {
  const r = readImportDate(cell, format);
  return r.ok ? r.value : `error: ${r.error}`;
};
const moment = (cell: string, format?: "DD/MM/YYYY" | "MM/DD/YYYY") => {
  const r = readImportMoment(cell, format);
  return r.ok ? r.value : `error: ${r.error}`;
};

describe("dates as exports write them", () => {
  it("reads the forms that need no date format", () => {
    for (const cell of [
      "2017-03-01",
      "2017-3-1",
      "2017/03/01",
      "01.03.2017",
      "1.3.17",
      "1-Mar-2017",
      "01-Mar-17",
      "1 March 2017",
      "Mar 1, 2017",
      "March 1 2017",
      "2017-03-01T10:00:00Z",
      "2017-03-01 10:00:00",
      "1/3/2017 10:00",
    ])
      expect([cell, day(cell, "DD/MM/YYYY")]).toEqual([cell, "2017-03-01"]);
  });

  it("reads year-last numbers in the file's order, and only when the order is said or the value shows it", () => {
    expect(day("3/1/2017", "MM/DD/YYYY")).toBe("2017-03-01");
    expect(day("3/1/2017", "DD/MM/YYYY")).toBe("2017-01-03");
    expect(day("03-01-17", "MM/DD/YYYY")).toBe("2017-03-01");
    expect(day("14/3/2017")).toBe("2017-03-14");
    expect(day("3/14/2017")).toBe("2017-03-14");
    expect(day("5/5/2017")).toBe("2017-05-05");
    expect(day("3/1/2017")).toMatch(/could be read day first or month first.*DD\/MM\/YYYY or MM\/DD\/YYYY/);
    expect(day("31/2/2017", "DD/MM/YYYY")).toBe(
      'error: "31/2/2017" is not a day of the calendar read as DD/MM/YYYY',
    );
    expect(day("13/13/2017")).toMatch(/not a day of the calendar/);
    expect(day("soon")).toMatch(/is not a date/);
    expect(day("1/3/1066", "DD/MM/YYYY")).toMatch(/outside the years/);
  });

  it("says what each cell shows of the order", () => {
    expect(dateFormatEvidence("14/03/2017")).toBe("DD/MM/YYYY");
    expect(dateFormatEvidence("03/14/2017 9:30 PM")).toBe("MM/DD/YYYY");
    expect(dateFormatEvidence("03/01/2017")).toBe("either");
    expect(dateFormatEvidence("05/05/2017")).toBeNull();
    expect(dateFormatEvidence("2017-03-14")).toBeNull();
    expect(dateFormatEvidence("14.03.2017")).toBeNull();
  });

  it("takes no order from a cell that is a day in neither reading", () => {
    // 31 February and the 31st month: it would have made a file day first, then been rejected by that very reading.
    expect(dateFormatEvidence("31/02/2027")).toBeNull();
    expect(dateFormatEvidence("02/30/2027")).toBeNull();
    expect(dateFormatEvidence("29/02/2028")).toBe("DD/MM/YYYY");
    expect(dateFormatEvidence("29/02/2027")).toBeNull();
  });

  it("reads moments: with their offset, else as UTC, a day alone at its start", () => {
    expect(moment("2017-03-01T10:00:00Z")).toBe("2017-03-01T10:00:00Z");
    expect(moment("2017-03-01T10:00:00+01:00")).toBe("2017-03-01T09:00:00.000Z");
    expect(moment("2017-03-01 10:00:00")).toBe("2017-03-01T10:00:00.000Z");
    expect(moment("3/1/2017 2:05 PM", "MM/DD/YYYY")).toBe("2017-03-01T14:05:00.000Z");
    expect(moment("01.03.2017 14:05:09")).toBe("2017-03-01T14:05:09.000Z");
    expect(moment("1-Mar-2017")).toBe("2017-03-01T00:00:00.000Z");
    expect(moment("2017-03-01 25:00")).toMatch(/error/);
  });

  it("reads any day written DD/MM/YYYY or MM/DD/YYYY back as that day (property)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1950-01-01"), max: new Date("2049-12-31"), noInvalidDate: true }),
        (d) => {
          const [y, m, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
          const iso = `${y}-${String(m).padStart(2, "0")}-${String(dd).padStart(2, "0")}`;
          expect(day(`${dd}/${m}/${y}`, "DD/MM/YYYY")).toBe(iso);
          expect(day(`${m}/${dd}/${y}`, "MM/DD/YYYY")).toBe(iso);
          expect(day(`${dd}.${m}.${y}`)).toBe(iso);
        },
      ),
    );
  });

  it("reads what exports write as they are read: 31/02 is no day, 29/02 only in a leap year", () => {
    expect(day("29/2/2016", "DD/MM/YYYY")).toBe("2016-02-29");
    expect(day("29/2/2017", "DD/MM/YYYY")).toMatch(/not a day of the calendar read as DD\/MM\/YYYY/);
    expect(day("2/29/2000", "MM/DD/YYYY")).toBe("2000-02-29");
    expect(day("29.02.1900")).toBe('error: "29.02.1900" is not a day of the calendar');
    expect(day("2017-02-29T10:00:00Z")).toMatch(/not a day of the calendar/);
    expect(day("31 Apr 2017")).toBe('error: "31 Apr 2017" is not a day of the calendar');
    expect(day("1 Smarch 2017")).toMatch(/is not a date/);
    expect(day("1-MAR-17")).toBe("2017-03-01");
    expect(day("1-March-17")).toBe("2017-03-01");
    expect(day("Sep 30 2017")).toBe("2017-09-30");
    expect(day("1 Mar 17")).toMatch(/outside the years/);
    expect(day("2017-03-01T10:00:00+01")).toBe("2017-03-01");
  });

  it("reads moments' fractions, offsets and the end of a day", () => {
    expect(moment("2017-03-01T10:00:00.5")).toBe("2017-03-01T10:00:00.500Z");
    expect(moment("2017-03-01T10:00:00,25+01")).toBe("2017-03-01T09:00:00.250Z");
    expect(moment("2017-03-01T23:30:00-0130")).toBe("2017-03-02T01:00:00.000Z");
    expect(moment("2017-03-01T24:00")).toBe("2017-03-02T00:00:00.000Z");
    expect(moment("2017-03-01T24:01")).toMatch(/error/);
    expect(moment("31/12/2016 12:00 AM")).toBe("2016-12-31T00:00:00.000Z");
    expect(moment("31/12/2016 12:59:59pm")).toBe("2016-12-31T12:59:59.000Z");
    expect(moment("31/12/2016 13:00 PM")).toMatch(/"13:00 PM" in .* is not a time of day/);
    expect(moment("31/12/2016 10:60")).toMatch(/not a time of day/);
    expect(moment("2999-12-31T23:00:00-02:00")).toMatch(/outside the years/);
  });
});

describe("Excel date serials (the 1900 date system)", () => {
  const serial = (cell: string) => {
    const r = readImportDate(cell, undefined, { excelSerial: true });
    return r.ok ? r.value : `error: ${r.error}`;
  };
  const serialMoment = (cell: string) => {
    const r = readImportMoment(cell, undefined, { excelSerial: true });
    return r.ok ? r.value : `error: ${r.error}`;
  };

  it("reads a serial as its day and its fraction as the time of day, to the second", () => {
    expect(serial("45123")).toBe("2023-07-16");
    expect(serial("45123.99")).toBe("2023-07-16");
    expect(serial("1")).toBe("1900-01-01");
    expect(serial("36526")).toBe("2000-01-01");
    expect(serialMoment("45123")).toBe("2023-07-16T00:00:00.000Z");
    expect(serialMoment("45123.5")).toBe("2023-07-16T12:00:00.000Z");
    expect(serialMoment("45123.3333333333")).toBe("2023-07-16T08:00:00.000Z");
    expect(serialMoment("45123.999999999")).toBe("2023-07-17T00:00:00.000Z");
  });

  it("knows Excel's 29 February 1900: serial 60 is no day, and the serials after it are one day ahead", () => {
    expect(serial("59")).toBe("1900-02-28");
    expect(serial("60")).toMatch(/Excel's 29 February 1900, a day that never was/);
    expect(serial("61")).toBe("1900-03-01");
    expect(serial("0")).toMatch(/outside the years/);
    expect(serial("401768")).toBe("2999-12-31");
    expect(serial("401769")).toMatch(/outside the years/);
  });

  it("reads a serial equal to the day it counts from 1899-12-30 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 401_768 }), (n) => {
        expect(serial(String(n))).toBe(fromDayNumber(toDayNumber(readDay("1900-01-01")) - 2 + n));
      }),
    );
  });

  it("takes for a column of serials only numbers of days from 1950 through 2099: not years, not yyyymmdd", () => {
    expect(isExcelSerial("45123")).toBe(true);
    expect(isExcelSerial(" 45123.5 ")).toBe(true);
    expect(isExcelSerial(String(EXCEL_SERIAL_RANGE.first))).toBe(true);
    expect(isExcelSerial(String(EXCEL_SERIAL_RANGE.last))).toBe(true);
    expect(serial(String(EXCEL_SERIAL_RANGE.first))).toBe("1950-01-01");
    expect(serial(String(EXCEL_SERIAL_RANGE.last))).toBe("2099-12-31");
    for (const cell of ["2017", "20170301", "18263", "73051", "-45123", "45,123", "4.5e4", "", "2023-07-16"])
      expect([cell, isExcelSerial(cell)]).toEqual([cell, false]);
  });
});

// The reader is hand-written (the domain depends on zod and ts-pattern only); date-fns, a dev dependency, is the
// reference it is held to: every form, written by date-fns' format from a random day and time, reads back as
// date-fns' parse reads it (its two-digit years pivot on 2000, as the reader's do).
describe("the date reader agrees with date-fns", () => {
  const REFERENCE = new Date(2000, 0, 15, 12);
  /** [the date-fns pattern, the import's date format it needs, whether its year has two digits] */
  const DAYS: readonly [string, DateFormat, boolean][] = [
    ["yyyy-MM-dd", "DD/MM/YYYY", false],
    ["yyyy-M-d", "DD/MM/YYYY", false],
    ["yyyy/MM/dd", "MM/DD/YYYY", false],
    ["yyyy.M.d", "DD/MM/YYYY", false],
    ["dd.MM.yyyy", "MM/DD/YYYY", false],
    ["d.M.yy", "DD/MM/YYYY", true],
    ["d/M/yyyy", "DD/MM/YYYY", false],
    ["dd-MM-yy", "DD/MM/YYYY", true],
    ["M/d/yyyy", "MM/DD/YYYY", false],
    ["MM-dd-yy", "MM/DD/YYYY", true],
    ["d-MMM-yyyy", "DD/MM/YYYY", false],
    ["dd-MMM-yy", "MM/DD/YYYY", true],
    ["d-MMMM-yyyy", "DD/MM/YYYY", false],
    ["d MMM yyyy", "DD/MM/YYYY", false],
    ["d MMMM yyyy", "DD/MM/YYYY", false],
    ["MMM d, yyyy", "DD/MM/YYYY", false],
    ["MMMM d, yyyy", "DD/MM/YYYY", false],
    ["MMM d yyyy", "DD/MM/YYYY", false],
    ["MMMM d yyyy", "DD/MM/YYYY", false],
  ];
  /** Times of day, after a day written as the pattern's first part. */
  const MOMENTS: readonly [string, DateFormat][] = [
    ["yyyy-MM-dd'T'HH:mm:ss", "DD/MM/YYYY"],
    ["yyyy-MM-dd HH:mm:ss.SSS", "DD/MM/YYYY"],
    ["yyyy-MM-dd'T'HH:mm", "DD/MM/YYYY"],
    ["d/M/yyyy H:mm", "DD/MM/YYYY"],
    ["M/d/yyyy h:mm a", "MM/DD/YYYY"],
    ["M/d/yyyy h:mm:ssa", "MM/DD/YYYY"],
    ["dd.MM.yyyy HH:mm:ss.SSS", "DD/MM/YYYY"],
    ["d-MMM-yyyy h:mm:ss a", "DD/MM/YYYY"],
  ];
  const first = toDayNumber(readDay("1900-01-01"));
  const last = toDayNumber(readDay("2999-12-31"));
  const twoDigitFirst = toDayNumber(readDay("1950-01-01"));
  const twoDigitLast = toDayNumber(readDay("2049-12-31"));
  /** A local Date for date-fns (its format and parse work in local time), and how date-fns' parse reads it back. */
  const local = (n: number, ms = 0) => {
    const { year, month, day: d } = toParts(fromDayNumber(n));
    const at = new Date(2000, 0, 1);
    at.setFullYear(year, month - 1, d);
    at.setHours(0, 0, 0, ms);
    return at;
  };
  const iso = (d: Date) => formatDate(d, "yyyy-MM-dd");
  const isoMoment = (d: Date) => `${formatDate(d, "yyyy-MM-dd'T'HH:mm:ss.SSS")}Z`;

  it.each(DAYS)("reads days written %s as date-fns does", (pattern, format, twoDigits) => {
    fc.assert(
      fc.property(
        fc.integer({ min: twoDigits ? twoDigitFirst : first, max: twoDigits ? twoDigitLast : last }),
        (n) => {
          const cell = formatDate(local(n), pattern);
          const reference = parse(cell, pattern, REFERENCE);
          expect(isValid(reference)).toBe(true);
          expect([cell, day(cell, format)]).toEqual([cell, iso(reference)]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each(MOMENTS)("reads moments written %s as date-fns does", (pattern, format) => {
    fc.assert(
      fc.property(
        fc.integer({ min: first + 1, max: last - 1 }),
        // Hours 4 to 22 keep clear of the hours a daylight-saving change skips, in whatever zone the test runs.
        fc.integer({ min: 4 * 3_600_000, max: 23 * 3_600_000 - 1 }),
        (n, ms) => {
          const cell = formatDate(local(n, ms), pattern);
          const reference = parse(cell, pattern, REFERENCE);
          expect(isValid(reference)).toBe(true);
          expect([cell, moment(cell, format)]).toEqual([cell, isoMoment(reference)]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function readDay(cell: string) {
  const r = readImportDate(cell);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
