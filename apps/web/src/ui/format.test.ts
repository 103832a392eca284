import { describe, expect, it } from "vitest";
import {
  dateInWords,
  formatCloseDate,
  formatDate,
  formatDateTime,
  formatMoment,
  formatToday,
  momentInWords,
} from "./format.ts";

describe("dates on the web", () => {
  it("reads a date as the domain spells it, whatever the browser's locale", () => {
    expect(formatDate("2026-07-06")).toBe("6 Jul 2026");
    expect(formatCloseDate("2027-01-15")).toBe("15 Jan 2027");
    expect(formatCloseDate(null)).toBe("no close date yet");
  });

  it("reads a moment in UTC, with its year when it is not this year's or stands alone", () => {
    const now = new Date("2026-12-07T18:00:00.000Z");
    expect(formatDateTime("2026-12-07T17:48:12.000Z", now)).toBe("7 Dec, 17:48 UTC");
    expect(formatDateTime("2024-11-11T09:05:00.000Z", now)).toBe("11 Nov 2024, 09:05 UTC");
    expect(formatMoment("2026-12-07T17:48:12.000Z")).toBe("7 Dec 2026, 17:48 UTC");
  });

  it("says a date field's value in words under it (the browser draws the field in its own locale)", () => {
    expect(dateInWords("2027-06-30")).toBe("Wed, 30 Jun 2027");
    expect(dateInWords("")).toBeUndefined();
    expect(momentInWords("2027-06-30T14:05")).toBe("Wed, 30 Jun 2027, 14:05 (your time)");
    expect(momentInWords("")).toBeUndefined();
  });

  it("heads today's page with the weekday and the date", () => {
    expect(formatToday(new Date(2026, 11, 7, 12))).toBe("Monday, 7 Dec 2026");
  });
});
