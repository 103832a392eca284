import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dateFormatEvidence, readImportDate, readImportMoment } from "./dates.ts";

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
});
