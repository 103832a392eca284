import { z } from "zod";
import {
  addMonths,
  type CalendarDate,
  DATE_RANGE,
  daysInMonth,
  fromParts,
  isYearInRange,
  toParts,
} from "./calendar-date.ts";
import { InvariantViolation } from "./result.ts";

/** When the fiscal year starts, and whether it is named after the calendar year it starts or ends in. */
export const FiscalYearSettingsSchema = z.strictObject({
  firstMonth: z.number().int().min(1).max(12).default(1),
  namedAfter: z.enum(["start", "end"]).default("end"),
});
export type FiscalYearSettings = z.infer<typeof FiscalYearSettingsSchema>;

export const PERIOD_KINDS = ["month", "quarter", "year"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A reporting period: its label ("2026-Q3", "2026", "2026-07"), and its first and last days, inclusive. */
export interface Period {
  readonly kind: PeriodKind;
  readonly label: string;
  readonly start: CalendarDate;
  readonly end: CalendarDate;
}

const calendar: FiscalYearSettings = { firstMonth: 1, namedAfter: "end" };

function fiscalYearStartFor(d: CalendarDate, s: FiscalYearSettings): CalendarDate {
  const { year, month } = toParts(d);
  const startYear = month >= s.firstMonth ? year : year - 1;
  return fromParts({ year: startYear, month: s.firstMonth, day: 1 });
}

function yearName(start: CalendarDate, s: FiscalYearSettings): number {
  const startYear = toParts(start).year;
  return s.firstMonth === 1 || s.namedAfter === "start" ? startYear : startYear + 1;
}

function lastDayBefore(d: CalendarDate): CalendarDate {
  const { year, month, day } = toParts(d);
  if (day > 1) return fromParts({ year, month, day: day - 1 });
  const m = month === 1 ? 12 : month - 1;
  const y = month === 1 ? year - 1 : year;
  return fromParts({ year: y, month: m, day: daysInMonth(y, m) });
}

/** The fiscal year a date falls in. */
export function fiscalYearOf(d: CalendarDate, s: FiscalYearSettings = calendar): Period {
  const start = fiscalYearStartFor(d, s);
  return { kind: "year", label: String(yearName(start, s)), start, end: lastDayBefore(addMonths(start, 12)) };
}

/** The fiscal quarter a date falls in. */
export function fiscalQuarterOf(d: CalendarDate, s: FiscalYearSettings = calendar): Period {
  const fyStart = fiscalYearStartFor(d, s);
  const { year, month } = toParts(d);
  const monthsIn = year * 12 + month - 1 - (toParts(fyStart).year * 12 + toParts(fyStart).month - 1);
  const q = Math.floor(monthsIn / 3);
  const start = addMonths(fyStart, q * 3);
  return {
    kind: "quarter",
    label: `${yearName(fyStart, s)}-Q${q + 1}`,
    start,
    end: lastDayBefore(addMonths(start, 3)),
  };
}

/** The calendar month a date falls in. */
export function monthOf(d: CalendarDate): Period {
  const { year, month } = toParts(d);
  return {
    kind: "month",
    label: d.slice(0, 7),
    start: fromParts({ year, month, day: 1 }),
    end: fromParts({ year, month, day: daysInMonth(year, month) }),
  };
}

export function periodOf(kind: PeriodKind, d: CalendarDate, s: FiscalYearSettings = calendar): Period {
  switch (kind) {
    case "month":
      return monthOf(d);
    case "quarter":
      return fiscalQuarterOf(d, s);
    case "year":
      return fiscalYearOf(d, s);
  }
}

/** The period that follows (or, with `steps < 0`, precedes) the given one. */
export function shiftPeriod(p: Period, steps: number, s: FiscalYearSettings = calendar): Period {
  const months = p.kind === "month" ? 1 : p.kind === "quarter" ? 3 : 12;
  return periodOf(p.kind, addMonths(p.start, steps * months), s);
}

export function isWithin(d: CalendarDate, p: Period): boolean {
  return d >= p.start && d <= p.end;
}

const PERIOD_LABEL = /^(\d{4})(?:-Q([1-4])|-(\d{2}))?$/;

/**
 * A period's label as a person writes it: "2026", "2026-Q3" or "2026-07", named after a year in `DATE_RANGE`
 * (the pattern says so, so the API document does too).
 */
export const PeriodLabelSchema = z
  .string()
  .trim()
  .regex(
    /^(?:19\d\d|2\d\d\d)(?:-Q[1-4]|-(?:0[1-9]|1[0-2]))?$/,
    `a period is written 2026, 2026-Q3 or 2026-07, in the years ${DATE_RANGE.firstYear} to ${DATE_RANGE.lastYear}`,
  );

/**
 * Reads "2026", "2026-Q3" or "2026-07" as a period under the fiscal settings; `undefined` if malformed or named
 * after a year outside the domain's `DATE_RANGE`.
 */
export function parsePeriod(label: string, s: FiscalYearSettings = calendar): Period | undefined {
  const m = PERIOD_LABEL.exec(label.trim());
  if (!m) return undefined;
  const named = Number(m[1]);
  if (!isYearInRange(named)) return undefined;
  const startYear = s.firstMonth === 1 || s.namedAfter === "start" ? named : named - 1;
  const fyStart = fromParts({ year: startYear, month: s.firstMonth, day: 1 });
  if (m[2] !== undefined) return fiscalQuarterOf(addMonths(fyStart, (Number(m[2]) - 1) * 3), s);
  if (m[3] !== undefined) {
    const month = Number(m[3]);
    if (month < 1 || month > 12) return undefined;
    return monthOf(fromParts({ year: named, month, day: 1 }));
  }
  return fiscalYearOf(fyStart, s);
}

/** Like {@link parsePeriod} but throws: for labels the program wrote itself. */
export function period(label: string, s: FiscalYearSettings = calendar): Period {
  const p = parsePeriod(label, s);
  if (!p) throw new InvariantViolation(`Not a period: ${label}`);
  return p;
}

/** Every period of a kind that overlaps [from, to], in order. */
export function periodsBetween(
  kind: PeriodKind,
  from: CalendarDate,
  to: CalendarDate,
  s: FiscalYearSettings = calendar,
): Period[] {
  const out: Period[] = [];
  for (let p = periodOf(kind, from, s); p.start <= to; p = shiftPeriod(p, 1, s)) out.push(p);
  return out;
}
