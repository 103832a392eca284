import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, type CalendarDate, date, fromDayNumber, toDayNumber } from "../kernel/calendar-date.ts";
import { type FiscalYearSettings, PERIOD_KINDS, periodsBetween } from "../kernel/fiscal.ts";
import { money } from "../kernel/money.ts";
import { prorate, shareOf, spanDays } from "./proration.ts";

const eur = (n: number) => money(n, "EUR");
const year2027 = { start: date("2027-01-01"), end: date("2027-12-31") };

describe("prorate", () => {
  it("gives a quarter of a calendar year the quarter's days' share, rounded down where the cut falls", () => {
    // 365 days; Q1 holds 90 of them: ⌊100,000 × 90 / 365⌋ = 24,657.
    const q1 = prorate(eur(100_000), year2027, { start: date("2027-01-01"), end: date("2027-03-31") });
    expect(q1).toEqual(eur(24_657));
  });

  it("gives nothing to a period the span does not reach", () => {
    expect(prorate(eur(100_000), year2027, { start: date("2028-01-01"), end: date("2028-03-31") })).toEqual(
      eur(0),
    );
  });

  it("gives the whole amount to a period that holds the whole span", () => {
    expect(prorate(eur(99_999), year2027, { start: date("2026-06-01"), end: date("2028-06-30") })).toEqual(
      eur(99_999),
    );
  });

  it("counts a leap day: 2028-02 holds 29 of 2028's 366 days", () => {
    expect(
      shareOf(
        { start: date("2028-01-01"), end: date("2028-12-31") },
        { start: date("2028-02-01"), end: date("2028-02-29") },
      ),
    ).toEqual({ days: 29, ofDays: 366 });
  });
});

const day = fc
  .integer({ min: toDayNumber(date("2020-01-01")), max: toDayNumber(date("2032-12-31")) })
  .map((n) => fromDayNumber(n));
const span = fc
  .tuple(day, fc.integer({ min: 0, max: 3_000 }))
  .map(([start, length]) => ({ start, end: addDays(start, length) }));
const amount = fc.integer({ min: -1_000_000_000_000, max: Number.MAX_SAFE_INTEGER });
const fiscal: fc.Arbitrary<FiscalYearSettings> = fc.record({
  firstMonth: fc.integer({ min: 1, max: 12 }),
  namedAfter: fc.constantFrom("start" as const, "end" as const),
});

describe("prorate over the periods a span covers (property)", () => {
  it("adds up to the amount exactly, for months, quarters and fiscal years: no minor unit lost", () => {
    fc.assert(
      fc.property(amount, span, fc.constantFrom(...PERIOD_KINDS), fiscal, (a, s, kind, f) => {
        const shares = periodsBetween(kind, s.start, s.end, f).map((p) => prorate(eur(a), s, p).amount);
        expect(shares.reduce((x, y) => x + y, 0)).toBe(a);
      }),
    );
  });

  it("gives a quarter exactly the sum of its months' shares", () => {
    fc.assert(
      fc.property(amount, span, (a, s) => {
        for (const q of periodsBetween("quarter", s.start, s.end)) {
          const months = periodsBetween("month", q.start, q.end).map((m) => prorate(eur(a), s, m).amount);
          expect(months.reduce((x, y) => x + y, 0)).toBe(prorate(eur(a), s, q).amount);
        }
      }),
    );
  });

  it("gives each period between ⌊·⌋ and ⌈·⌉ of its exact share, for amounts not below zero", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), span, day, day, (a, s, x, y) => {
        const [from, to]: [CalendarDate, CalendarDate] = x <= y ? [x, y] : [y, x];
        const share = prorate(eur(a), s, { start: from, end: to }).amount;
        const { days, ofDays } = shareOf(s, { start: from, end: to });
        expect(ofDays).toBe(spanDays(s));
        const exact = (a * days) / ofDays;
        expect(share).toBeGreaterThanOrEqual(Math.floor(exact) - 1);
        expect(share).toBeLessThanOrEqual(Math.ceil(exact) + 1);
      }),
    );
  });
});
