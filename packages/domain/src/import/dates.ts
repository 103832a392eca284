import {
  type CalendarDate,
  CalendarDateSchema,
  daysInMonth,
  fromDayNumber,
  fromParts,
  isInDateRange,
  isYearInRange,
  type Timestamp,
  TimestampSchema,
  toDayNumber,
} from "../kernel/calendar-date.ts";
import { err, ok, type Result } from "../kernel/result.ts";

// Dates as exports write them. CRMs and spreadsheets write a day as 2017-03-01, 3/1/2017, 01.03.2017, 1-Mar-2017,
// 1 March 2017, Mar 1, 2017 or 2017-03-01T10:00:00Z; all are read here, by hand and with no library (the domain
// depends on zod and ts-pattern only), and the calendar is checked: 31/02 is no day, 29/02 only in a leap year.
// One form is ambiguous: numbers separated by / or -, year last (3/1/2017 is 3 January in Europe, 1 March in
// America). An import never guesses it: the file decides when one of its dates can only be read one way (a day
// above 12), and otherwise the importer says which with a date format (DD/MM/YYYY or MM/DD/YYYY).

/** The orders a date written with numbers, year last, may mean: the import's date format. */
export const DATE_FORMATS = ["DD/MM/YYYY", "MM/DD/YYYY"] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** English month names, in full and in three letters (any case): the forms with a month by name. */
const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** The month (1–12) a name writes, in full or in its first three letters; undefined for anything else. */
function monthByName(name: string): number | undefined {
  const lower = name.toLowerCase();
  const i = MONTHS.findIndex((m) => m === lower || (lower.length === 3 && m.startsWith(lower)));
  return i < 0 ? undefined : i + 1;
}

/**
 * The forms with a month by name, only one way to read: 1-Mar-2017 (and 1-Mar-17: the one form with a short year),
 * 1 March 2017, Mar 1, 2017 and March 1 2017. Each gives its day, month name and year, in that order of groups.
 */
const NAMED_MONTH: readonly { re: RegExp; day: number; month: number; year: number; shortYear: boolean }[] = [
  { re: /^(\d{1,2})-([A-Za-z]+)-(\d{1,4})\s*$/, day: 1, month: 2, year: 3, shortYear: true },
  { re: /^(\d{1,2}) ([A-Za-z]+) (\d{1,4})\s*$/, day: 1, month: 2, year: 3, shortYear: false },
  { re: /^([A-Za-z]+) (\d{1,2}),? (\d{1,4})\s*$/, day: 2, month: 1, year: 3, shortYear: false },
];

/**
 * A year as written: one or two digits read against the year 2000 (50–99 are 19xx, 00–49 are 20xx: a fixed pivot,
 * so reading is pure) where the form has short years; otherwise as it is (a year 17 is then outside the range).
 */
const fullYear = (digits: string, shortYear = true): number => {
  const n = Number(digits);
  return shortYear && digits.length <= 2 ? (n >= 50 ? 1900 + n : 2000 + n) : n;
};

/** A date with numbers, year last: its two leading numbers. */
const YEAR_LAST_SHAPE = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/;

/**
 * What one cell says about the file's date format: a day first or a month first when only one reading is a day
 * (14/03/2017, 03/14/2017); `either` when both are days and differ (03/01/2017); null when the cell is no date
 * of that shape, reads the same both ways (05/05/2017), or is a day in neither reading (31/02/2017). A time after
 * the day is left aside.
 */
export function dateFormatEvidence(cell: string): DateFormat | "either" | null {
  const m = YEAR_LAST_SHAPE.exec(splitTime(cell.trim()).day);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a === b) return null;
  // A reading counts only if the calendar has that day: "31/02/2027" is no day either way, so it shows nothing
  // (one impossible date must not decide a whole file's format and then be rejected by it).
  const year = fullYear(m[3]!);
  const dayFirst = calendarDay(year, b, a) !== null;
  const monthFirst = calendarDay(year, a, b) !== null;
  if (dayFirst && monthFirst) return "either";
  if (dayFirst) return "DD/MM/YYYY";
  if (monthFirst) return "MM/DD/YYYY";
  return null;
}

/** A cell's day and its time of day, if it has one after a space or a T. */
function splitTime(cell: string): { day: string; time: string | undefined } {
  const m = /^(.*?\d)(?:[ T]+(\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?\s*(?:[AaPp][Mm])?))$/.exec(cell);
  return m ? { day: m[1]!, time: m[2] } : { day: cell, time: undefined };
}

const AMBIGUOUS = (cell: string) =>
  `"${cell}" could be read day first or month first: say which with the date format (${DATE_FORMATS.join(" or ")})`;

/** A day written as year, month and day numbers: that calendar day, or null when the calendar has no such day. */
function calendarDay(year: number, month: number, day: number): YearMonthDayRead | null {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
    ? { year, month, day }
    : null;
}
interface YearMonthDayRead {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * The parts of a cell of numbers, read by its shape: year first (2017/3/1), dotted (day first, as every locale
 * that writes dots does), or year last in the file's `format`. Undefined when the cell has none of these shapes;
 * null when it has one but names no day of the calendar.
 */
function readNumeric(cell: string, format: DateFormat): YearMonthDayRead | null | undefined {
  const first = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(cell);
  if (first) return calendarDay(Number(first[1]), Number(first[3]), Number(first[4]));
  const last = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})$/.exec(cell);
  if (!last) return undefined;
  const [a, sep, b, year] = [Number(last[1]), last[2]!, Number(last[3]), fullYear(last[4]!)];
  return sep === "." || format === "DD/MM/YYYY" ? calendarDay(year, b, a) : calendarDay(year, a, b);
}

/** The parts of a cell with a month by name (see {@link NAMED_MONTH}); as {@link readNumeric} otherwise. */
function readNamed(cell: string): YearMonthDayRead | null | undefined {
  for (const form of NAMED_MONTH) {
    const m = form.re.exec(cell);
    const month = m ? monthByName(m[form.month]!) : undefined;
    if (m && month !== undefined)
      return calendarDay(fullYear(m[form.year]!, form.shortYear), month, Number(m[form.day]));
  }
  return undefined;
}

/** The day a cell writes, read in the file's `format` if its form needs one; or what is wrong, in words. */
function readDay(cell: string, format: DateFormat | undefined): Result<CalendarDate, string> {
  let reading: DateFormat | undefined = format;
  if (reading === undefined) {
    const evidence = dateFormatEvidence(cell);
    if (evidence === "either") return err(AMBIGUOUS(cell));
    reading = evidence ?? "DD/MM/YYYY";
  }
  const numeric = readNumeric(cell, reading);
  const d = numeric === undefined ? readNamed(cell) : numeric;
  if (d === undefined)
    return err(
      `"${cell}" is not a date (such as 2027-03-31, 31/03/2027 or 31-Mar-2027)${NOT_A_SERIAL_COLUMN(cell)}`,
    );
  if (d === null)
    return err(
      YEAR_LAST_SHAPE.test(cell)
        ? `"${cell}" is not a day of the calendar read as ${reading}`
        : `"${cell}" is not a day of the calendar`,
    );
  if (!isYearInRange(d.year)) return err(`${cell} is outside the years a date may have`);
  return ok(fromParts(d));
}

/** How a file's dates are read beyond their form: the import's date format and its columns of Excel serials. */
export interface DateReadingOptions {
  /**
   * The cell's column holds Excel date serials (see {@link isExcelSerial}): a number in it is read as one. An
   * adapter says so only when every cell of the column is one, so a number elsewhere is never taken for a day.
   */
  readonly excelSerial?: boolean;
}

// Excel's dates (the 1900 date system) are serial numbers of days: 1 is 1900-01-01, and the fraction is the time of
// day. Excel counts a 29 February 1900 that never was (Lotus 1-2-3's bug, kept for compatibility): serial 60 is no
// day, and from 61 (1900-03-01) on every serial is one more than the days since 1899-12-31.

/**
 * The serials an import takes for Excel dates when a whole column holds them: 1950-01-01 (18264) through
 * 2099-12-31 (73050). Narrower than the dates the domain accepts, on purpose: a column of years (2017), amounts or
 * counts is not taken for days of 1905, and a yyyymmdd number (20170301) is far above it.
 */
export const EXCEL_SERIAL_RANGE = { first: 18_264, last: 73_050 } as const;

const SERIAL = /^(\d+)(?:\.(\d+))?$/;

/** Whether a cell is a number an Excel date column would hold (see {@link EXCEL_SERIAL_RANGE}). */
export function isExcelSerial(cell: string): boolean {
  const m = SERIAL.exec(cell.trim());
  if (!m) return false;
  const days = Number(m[1]);
  return days >= EXCEL_SERIAL_RANGE.first && days <= EXCEL_SERIAL_RANGE.last;
}

/** Days since 1970-01-01 of 1899-12-31, Excel's day 0. */
const EXCEL_DAY_ZERO = -25_568;

/**
 * The moment an Excel serial (1900 date system) writes, to the second (the fraction is the time of day, as Excel
 * shows it): `45123` is 2023-07-16, `45123.5` its noon. Undefined when the cell is no serial; an error in words when
 * it is serial 60 (Excel's 29 February 1900) or outside the years a date may have.
 */
function readExcelSerial(cell: string): Result<{ day: CalendarDate; ms: number }, string> | undefined {
  const m = SERIAL.exec(cell.trim());
  if (!m) return undefined;
  const serial = Number(m[1]);
  if (serial === 60)
    return err(
      `"${cell}" is Excel's 29 February 1900, a day that never was (Excel counts 1900 as a leap year)`,
    );
  // Outside 1900-01-01 to 2999-12-31 (serial 0 is Excel's 1900-01-00): refused before any date is made of it.
  if (serial < 1 || serial > 401_768) return err(`${cell} is outside the years a date may have`);
  const days = EXCEL_DAY_ZERO + (serial > 60 ? serial - 1 : serial);
  const seconds = Math.round(Number(`0.${m[2] ?? "0"}`) * 86_400);
  const day = fromDayNumber(days + Math.floor(seconds / 86_400));
  return ok({ day, ms: (seconds % 86_400) * 1000 });
}

const NOT_A_SERIAL_COLUMN = (cell: string) =>
  isExcelSerial(cell)
    ? ": a number is read as an Excel date serial only when every cell of its column is one"
    : "";

/**
 * A calendar day as the cell writes it (see the top of this file): `format` reads the ambiguous form, and a column
 * of Excel serials (`options.excelSerial`) its numbers. A moment
 * ("2017-03-01T10:00:00Z", "3/1/2017 10:00 AM") gives its day as written, without moving it to another zone.
 */
export function readImportDate(
  cell: string,
  format?: DateFormat,
  options?: DateReadingOptions,
): Result<CalendarDate, string> {
  if (options?.excelSerial) {
    const serial = readExcelSerial(cell);
    if (serial) return serial.ok ? ok(serial.value.day) : serial;
  }
  // The schemas are asked only what has their shape: a failed zod parse costs ~50 µs, ten times the reading.
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(cell) ? CalendarDateSchema.safeParse(cell) : undefined;
  if (iso?.success) return ok(iso.data);
  const zoned = /^(\d{4}-\d{2}-\d{2})T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.exec(cell);
  return readDay(zoned ? zoned[1]! : splitTime(cell).day, format);
}

const MS_PER_DAY = 86_400_000;

/** Milliseconds since midnight for an hour, minute, second and fraction as written ("5" is half a second). */
const msOfDay = (h: number, min: number, s: number, fraction: string | undefined) =>
  ((h * 60 + min) * 60 + s) * 1000 + Number((fraction ?? "").slice(0, 3).padEnd(3, "0"));

/** The ISO moment of a day and milliseconds from its midnight (which may run into the next or previous day). */
function isoMoment(day: CalendarDate, ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  const rest = ms - days * MS_PER_DAY;
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const [h, m, s, f] = [
    Math.floor(rest / 3_600_000),
    Math.floor(rest / 60_000) % 60,
    Math.floor(rest / 1000) % 60,
    rest % 1000,
  ];
  return `${fromDayNumber(toDayNumber(day) + days)}T${pad(h)}:${pad(m)}:${pad(s)}.${pad(f, 3)}Z`;
}

/**
 * An ISO 8601 moment, with an offset (Z, +01:00, +0100, +01) or without one (read as UTC): `2017-03-01T10:00`,
 * `2017-03-01 10:00:00.5+01:00`; 24:00 is the end of the day. Undefined when the cell is no such moment.
 */
function readIsoMoment(cell: string): string | undefined {
  const m =
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)?$/i.exec(
      cell,
    );
  if (!m) return undefined;
  const day = CalendarDateSchema.safeParse(m[1]);
  const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  const fraction = m[5];
  if (
    !day.success ||
    min > 59 ||
    s > 59 ||
    h > 24 ||
    (h === 24 && (min > 0 || s > 0 || Number(fraction ?? 0) > 0))
  )
    return undefined;
  const [oh, om] = [Number(m[8] ?? 0), Number(m[9] ?? 0)];
  if (oh > 23 || om > 59) return undefined;
  const offset = (m[7] === "-" ? -1 : 1) * (oh * 60 + om) * 60_000;
  return isoMoment(day.data, msOfDay(h, min, s, fraction) - offset);
}

/** Milliseconds since midnight for a time of day: 14:05, 14:05:09, 14:05:09.250, 2:05 PM, 2:05:09pm. */
function readTimeOfDay(time: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:\s*([AaPp])[Mm])?$/.exec(time);
  if (!m) return undefined;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (min > 59 || s > 59) return undefined;
  const half = m[5]?.toLowerCase();
  if (half === undefined) return h > 23 ? undefined : msOfDay(h, min, s, m[4]);
  if (h < 1 || h > 12) return undefined;
  return msOfDay((h % 12) + (half === "p" ? 12 : 0), min, s, m[4]);
}

/**
 * A moment as the cell writes it: an ISO 8601 moment with its offset ("2017-03-01T10:00:00+01:00"), or a day
 * with an optional time of day (read as UTC, as the import's moments are); a day alone is its first moment. In a
 * column of Excel serials (`options.excelSerial`), a serial's fraction is its time of day.
 */
export function readImportMoment(
  cell: string,
  format?: DateFormat,
  options?: DateReadingOptions,
): Result<Timestamp, string> {
  if (options?.excelSerial) {
    const serial = readExcelSerial(cell);
    if (serial) return serial.ok ? asTimestamp(isoMoment(serial.value.day, serial.value.ms), cell) : serial;
  }
  const utc = /^\d{4}-\d{2}-\d{2}T.*Z$/.test(cell) ? TimestampSchema.safeParse(cell) : undefined;
  if (utc?.success) return ok(utc.data);
  const iso = readIsoMoment(cell);
  if (iso !== undefined) return asTimestamp(iso, cell);
  const { day, time } = splitTime(cell);
  const date = readDay(day, format);
  if (!date.ok) return date;
  if (time === undefined) return asTimestamp(`${date.value}T00:00:00.000Z`, cell);
  const ms = readTimeOfDay(time);
  if (ms === undefined) return err(`"${time}" in "${cell}" is not a time of day`);
  return asTimestamp(isoMoment(date.value, ms), cell);
}

/** A moment written by {@link isoMoment} or from a day read here (so well-formed): a timestamp if in range. */
function asTimestamp(iso: string, cell: string): Result<Timestamp, string> {
  return isInDateRange(iso) ? ok(iso as Timestamp) : err(`${cell} is outside the years a date may have`);
}
