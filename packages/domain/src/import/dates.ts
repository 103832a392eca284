import { isValid, parse, parseISO } from "date-fns";
import {
  type CalendarDate,
  CalendarDateSchema,
  fromParts,
  isYearInRange,
  type Timestamp,
  TimestampSchema,
} from "../kernel/calendar-date.ts";
import { err, ok, type Result } from "../kernel/result.ts";

// Dates as exports write them. CRMs and spreadsheets write a day as 2017-03-01, 3/1/2017, 01.03.2017, 1-Mar-2017 or
// 2017-03-01T10:00:00Z; all are read (by date-fns, which checks the calendar: 31/02 is no day). One form is
// ambiguous: numbers separated by / or -, year last (3/1/2017 is 3 January in Europe, 1 March in America). An
// import never guesses it: the file decides when one of its dates can only be read one way (a day above 12), and
// otherwise the importer says which with a date format (DD/MM/YYYY or MM/DD/YYYY).

/** The orders a date written with numbers, year last, may mean: the import's date format. */
export const DATE_FORMATS = ["DD/MM/YYYY", "MM/DD/YYYY"] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** Forms with a month by name, only one way to read (date-fns, English month names). */
const NAMED_MONTH = [
  "d-MMM-yy",
  "d-MMM-yyyy",
  "d MMM yyyy",
  "d MMMM yyyy",
  "MMM d, yyyy",
  "MMMM d, yyyy",
  "MMM d yyyy",
  "MMMM d yyyy",
  "d-MMMM-yyyy",
];

const TIMES = ["H:mm", "H:mm:ss", "H:mm:ss.SSS", "h:mm a", "h:mm:ss a", "h:mma", "h:mm:ssa"];

/** Two-digit years read against this day: 50–99 are 19xx, 00–49 are 20xx. Fixed, so reading is pure. */
const REFERENCE = new Date(2000, 0, 15, 12);

/** A date with numbers, year last: its two leading numbers. */
const YEAR_LAST_SHAPE = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/;

/**
 * What one cell says about the file's date format: a day first or a month first when only one reading is a day
 * (14/03/2017, 03/14/2017); `either` when both are days and differ (03/01/2017); null when the cell is no date
 * of that shape, or reads the same both ways (05/05/2017). A time after the day is left aside.
 */
export function dateFormatEvidence(cell: string): DateFormat | "either" | null {
  const m = YEAR_LAST_SHAPE.exec(splitTime(cell.trim()).day);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a === b || a === 0 || b === 0 || (a > 12 && b > 12)) return null;
  if (a > 12) return "DD/MM/YYYY";
  if (b > 12) return "MM/DD/YYYY";
  return "either";
}

/** A cell's day and its time of day, if it has one after a space or a T. */
function splitTime(cell: string): { day: string; time: string | undefined } {
  const m = /^(.*?\d)(?:[ T]+(\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?\s*(?:[AaPp][Mm])?))$/.exec(cell);
  return m ? { day: m[1]!, time: m[2] } : { day: cell, time: undefined };
}

const tryParse = (text: string, patterns: readonly string[]): Date | undefined => {
  for (const pattern of patterns) {
    const d = parse(text, pattern, REFERENCE);
    if (isValid(d)) return d;
  }
  return undefined;
};

const AMBIGUOUS = (cell: string) =>
  `"${cell}" could be read day first or month first: say which with the date format (${DATE_FORMATS.join(" or ")})`;

/**
 * The date-fns pattern for a cell of numbers, chosen by its shape (so each cell is parsed once): year first, dotted
 * (day first, as every locale that writes dots does), or year last in the file's `format`. `yy` is a two-digit year.
 */
function numericPattern(cell: string, format: DateFormat): string | undefined {
  const first = /^\d{4}([-/.])\d{1,2}\1\d{1,2}$/.exec(cell);
  if (first) return `yyyy${first[1]}M${first[1]}d`;
  const last = /^\d{1,2}([-/.])\d{1,2}\1(\d{2}|\d{4})$/.exec(cell);
  if (!last) return undefined;
  const [sep, year] = [last[1]!, last[2]!.length === 2 ? "yy" : "yyyy"];
  return sep === "." || format === "DD/MM/YYYY" ? `d${sep}M${sep}${year}` : `M${sep}d${sep}${year}`;
}

/**
 * Days already read, by format and cell: an export repeats the same few hundred dates over thousands of rows, and
 * date-fns' `parse` costs ~80 µs a cell (0.8 s of CPU for 10,000 rows, measured). Reading is pure, so a cell read
 * once reads the same again; the memo is emptied when it grows past a bound.
 */
const DAYS_READ = new Map<string, Result<CalendarDate, string>>();
const DAYS_READ_BOUND = 50_000;

/** The day a cell writes, read in the file's `format` if its form needs one; or what is wrong, in words. */
function readDay(cell: string, format: DateFormat | undefined): Result<CalendarDate, string> {
  const key = `${format ?? ""}|${cell}`;
  const known = DAYS_READ.get(key);
  if (known) return known;
  if (DAYS_READ.size >= DAYS_READ_BOUND) DAYS_READ.clear();
  const read = readDayOnce(cell, format);
  DAYS_READ.set(key, read);
  return read;
}

function readDayOnce(cell: string, format: DateFormat | undefined): Result<CalendarDate, string> {
  let reading: DateFormat | undefined = format;
  if (reading === undefined) {
    const evidence = dateFormatEvidence(cell);
    if (evidence === "either") return err(AMBIGUOUS(cell));
    reading = evidence ?? "DD/MM/YYYY";
  }
  const pattern = numericPattern(cell, reading);
  const d = pattern === undefined ? tryParse(cell, NAMED_MONTH) : tryParse(cell, [pattern]);
  if (d === undefined)
    return err(
      pattern !== undefined && YEAR_LAST_SHAPE.test(cell)
        ? `"${cell}" is not a day of the calendar read as ${reading}`
        : pattern !== undefined
          ? `"${cell}" is not a day of the calendar`
          : `"${cell}" is not a date (such as 2027-03-31, 31/03/2027 or 31-Mar-2027)`,
    );
  if (!isYearInRange(d.getFullYear())) return err(`${cell} is outside the years a date may have`);
  return ok(fromParts({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() }));
}

/**
 * A calendar day as the cell writes it (see the top of this file): `format` reads the ambiguous form. A moment
 * ("2017-03-01T10:00:00Z", "3/1/2017 10:00 AM") gives its day as written, without moving it to another zone.
 */
export function readImportDate(cell: string, format?: DateFormat): Result<CalendarDate, string> {
  const iso = CalendarDateSchema.safeParse(cell);
  if (iso.success) return ok(iso.data);
  const zoned = /^(\d{4}-\d{2}-\d{2})T.*(?:Z|[+-]\d{2}:?\d{2})$/i.exec(cell);
  return readDay(zoned ? zoned[1]! : splitTime(cell).day, format);
}

/**
 * A moment as the cell writes it: an ISO 8601 moment with its offset ("2017-03-01T10:00:00+01:00"), or a day
 * with an optional time of day (read as UTC, as the import's moments are); a day alone is its first moment.
 */
export function readImportMoment(cell: string, format?: DateFormat): Result<Timestamp, string> {
  const utc = TimestampSchema.safeParse(cell);
  if (utc.success) return ok(utc.data);
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(cell)) {
    // ISO with an offset, or without one (read as UTC).
    const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(cell) ? cell : `${cell}Z`;
    const d = parseISO(zoned.replace(" ", "T"));
    if (isValid(d)) return asTimestamp(d.toISOString(), cell);
  }
  const { day, time } = splitTime(cell);
  const date = readDay(day, format);
  if (!date.ok) return date;
  if (time === undefined) return asTimestamp(`${date.value}T00:00:00.000Z`, cell);
  const t = tryParse(time.replace(/\s+(?=[AaPp][Mm]$)/, " "), TIMES);
  if (t === undefined) return err(`"${time}" in "${cell}" is not a time of day`);
  const hh = String(t.getHours()).padStart(2, "0");
  const mm = String(t.getMinutes()).padStart(2, "0");
  const ss = String(t.getSeconds()).padStart(2, "0");
  const ms = String(t.getMilliseconds()).padStart(3, "0");
  return asTimestamp(`${date.value}T${hh}:${mm}:${ss}.${ms}Z`, cell);
}

function asTimestamp(iso: string, cell: string): Result<Timestamp, string> {
  const parsed = TimestampSchema.safeParse(iso);
  return parsed.success ? ok(parsed.data) : err(`${cell} is outside the years a date may have`);
}
