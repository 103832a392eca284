import { z } from "zod";
import { InvariantViolation } from "./result.ts";

// Calendar dates are ISO strings ("2026-11-26") and all arithmetic is done on day numbers with the
// proleptic Gregorian calendar (Howard Hinnant's days-from-civil), so no time zone or clock is involved.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The years a date or a moment given to the domain may fall in, from 1900 through 2999. Every date a person
 * enters (a deal's close, a contract's start, an activity's moment, a report's period) is refused outside it, in
 * every adapter. The margin is deliberate: what the domain derives from a date (a term of up to 100 years, a
 * notice period, the day after a period) stays far inside what its arithmetic and PostgreSQL can hold (years 1
 * to 9999), so no derived date ever fails; a derived date that would leave the range is refused where it is made.
 */
export const DATE_RANGE = { firstYear: 1900, lastYear: 2999 } as const;
// Asked only of a well-formed date, so a malformed one is told one thing.
const inRange = {
  message: `must fall in the years ${DATE_RANGE.firstYear} to ${DATE_RANGE.lastYear}`,
  when: (p: { issues: readonly unknown[] }) => p.issues.length === 0,
};

/** Whether a year lies in {@link DATE_RANGE}. */
export function isYearInRange(year: number): boolean {
  return year >= DATE_RANGE.firstYear && year <= DATE_RANGE.lastYear;
}

/** Whether a date (`YYYY-MM-DD`) or a moment (`YYYY-MM-DDT…`) lies in {@link DATE_RANGE}. */
export function isInDateRange(value: string): boolean {
  return isYearInRange(Number(value.slice(0, 4)));
}

/** A calendar date, `YYYY-MM-DD`, in {@link DATE_RANGE}. */
export const CalendarDateSchema = z
  .string()
  // A text not written YYYY-MM-DD is refused for that alone: "31/01/2027" is not a day that does not exist.
  .regex(ISO_DATE, { message: "a date is written YYYY-MM-DD", abort: true })
  .refine(isValidIsoDate, "that day does not exist in the calendar")
  .refine(isInDateRange, inRange)
  .brand<"CalendarDate">();
export type CalendarDate = z.infer<typeof CalendarDateSchema>;

/** An instant in UTC, ISO 8601 with a `Z` offset, e.g. `2026-11-26T09:30:00.000Z`, in {@link DATE_RANGE}. */
export const TimestampSchema = z.iso
  .datetime({ offset: false })
  .refine(isInDateRange, inRange)
  .brand<"Timestamp">();
export type Timestamp = z.infer<typeof TimestampSchema>;

export interface YearMonthDay {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number; // 1–31
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isValidIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Parses and brands a date; throws on a malformed one (use the schema for user input). */
export function date(s: string): CalendarDate {
  if (!isValidIsoDate(s)) throw new InvariantViolation(`Not a calendar date: ${s}`);
  return s as CalendarDate;
}

/** Parses and brands a timestamp; throws on a malformed one (use the schema for user input). */
export function timestamp(s: string): Timestamp {
  return TimestampSchema.parse(s);
}

export function toParts(d: CalendarDate): YearMonthDay {
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) };
}

export function fromParts({ year, month, day }: YearMonthDay): CalendarDate {
  if (year < 0 || year > 9999) throw new InvariantViolation(`Year out of range: ${year}`);
  return date(
    `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
  );
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(d: CalendarDate): number {
  const { year, month, day } = toParts(d);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(n: number): CalendarDate {
  const z0 = n + 719468;
  const era = Math.floor(z0 / 146097);
  const doe = z0 - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return fromParts({ year, month, day });
}

export function addDays(d: CalendarDate, days: number): CalendarDate {
  if (!Number.isInteger(days)) throw new InvariantViolation(`Days must be whole: ${days}`);
  return fromDayNumber(toDayNumber(d) + days);
}

/**
 * Adds calendar months. A day that does not exist in the target month is clamped to its last day
 * (2027-01-31 + 1 month = 2027-02-28; 2028-02-29 − 12 months = 2027-02-28).
 */
export function addMonths(d: CalendarDate, months: number): CalendarDate {
  if (!Number.isInteger(months)) throw new InvariantViolation(`Months must be whole: ${months}`);
  const { year, month, day } = toParts(d);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return fromParts({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

export function addYears(d: CalendarDate, years: number): CalendarDate {
  return addMonths(d, years * 12);
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0; // ISO strings of four-digit years sort as dates
}

export const isBefore = (a: CalendarDate, b: CalendarDate): boolean => a < b;
export const isAfter = (a: CalendarDate, b: CalendarDate): boolean => a > b;
export const isOnOrBefore = (a: CalendarDate, b: CalendarDate): boolean => a <= b;
export const isOnOrAfter = (a: CalendarDate, b: CalendarDate): boolean => a >= b;

export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a <= b ? a : b;
}

export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a >= b ? a : b;
}

export function startOfMonth(d: CalendarDate): CalendarDate {
  return date(`${d.slice(0, 8)}01`);
}

export function endOfMonth(d: CalendarDate): CalendarDate {
  const { year, month } = toParts(d);
  return fromParts({ year, month, day: daysInMonth(year, month) });
}

export function isEndOfMonth(d: CalendarDate): boolean {
  return d === endOfMonth(d);
}

/** The calendar date (UTC) of an instant. */
export function dateOf(t: Timestamp): CalendarDate {
  // A Timestamp was checked when it was made (TimestampSchema checks the calendar day), so its day needs no
  // second check: reports call this once per deal and period, and the check was most of their time.
  return t.slice(0, 10) as CalendarDate;
}

/** The instant at which a UTC calendar day starts. */
export function startOfDay(d: CalendarDate): Timestamp {
  return `${d}T00:00:00.000Z` as Timestamp;
}

/** Milliseconds from `a` to `b`. `Date.parse` only reads its argument, not the clock. */
export function millisBetween(a: Timestamp, b: Timestamp): number {
  return Date.parse(b) - Date.parse(a);
}

/** Whole days elapsed from `a` to `b`, rounded down. */
export function elapsedDays(a: Timestamp, b: Timestamp): number {
  return Math.floor(millisBetween(a, b) / 86_400_000);
}

export function addHours(t: Timestamp, hours: number): Timestamp {
  return new Date(Date.parse(t) + hours * 3_600_000).toISOString() as Timestamp;
}

export function compareTimestamps(a: Timestamp, b: Timestamp): number {
  return Date.parse(a) - Date.parse(b);
}

/** A duration counted in days or in calendar months, as notice periods and terms are written. */
export const DurationSchema = z.discriminatedUnion("unit", [
  z.strictObject({ unit: z.literal("days"), count: z.number().int().min(0).max(36_500) }),
  z.strictObject({ unit: z.literal("months"), count: z.number().int().min(0).max(1_200) }),
]);
export type Duration = z.infer<typeof DurationSchema>;

export function addDuration(d: CalendarDate, duration: Duration, sign: 1 | -1 = 1): CalendarDate {
  return duration.unit === "days" ? addDays(d, sign * duration.count) : addMonths(d, sign * duration.count);
}
