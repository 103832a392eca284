import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../kernel/calendar-date.ts";
import { isPastCloseDate } from "./opportunity.ts";

const day = (d: string) => d as CalendarDate;

describe("isPastCloseDate", () => {
  it("is an open deal whose close day has gone by", () => {
    expect(isPastCloseDate({ status: "open", closeDate: day("2026-12-06") }, day("2026-12-07"))).toBe(true);
  });
  it("is not a deal closing today or later", () => {
    expect(isPastCloseDate({ status: "open", closeDate: day("2026-12-07") }, day("2026-12-07"))).toBe(false);
  });
  it("is never a closed deal, nor one without a close date", () => {
    expect(isPastCloseDate({ status: "won", closeDate: day("2026-01-01") }, day("2026-12-07"))).toBe(false);
    expect(isPastCloseDate({ status: "open", closeDate: null }, day("2026-12-07"))).toBe(false);
  });
});
