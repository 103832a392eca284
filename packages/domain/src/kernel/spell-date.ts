import type { CalendarDate, Timestamp } from "./calendar-date.ts";

// Dates and moments as people read them, in one format for every adapter ("6 Jul 2026", "7 Dec, 17:48 UTC"),
// never a locale's. This module imports nothing at run time, so a browser's first-load chunk can use it without
// the rest of the domain (`@accountable/domain/spell`); `@accountable/domain` exports the same functions.

const MONTH_NAMES = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

/** A date or a moment's UTC day as "6 Jul". */
function dayAndMonth(d: string): string {
  return `${Number(d.slice(8, 10))} ${MONTH_NAMES[Number(d.slice(5, 7)) - 1]}`;
}

/**
 * A date as a sentence says it to a person: "11 Nov" in the reference date's year, "11 Nov 2024" in any other
 * (a 2024 approval does not read as this November's). Pure: the reference is given (usually today), never read
 * from a clock. A moment (`YYYY-MM-DDT…`) is spelt by its UTC day.
 */
export function spellDate(d: CalendarDate | Timestamp, reference: CalendarDate | Timestamp): string {
  const year = Number(d.slice(0, 4));
  return year === Number(reference.slice(0, 4)) ? dayAndMonth(d) : `${dayAndMonth(d)} ${year}`;
}

/** A date with its year, as a sentence kept apart from any "today" says it: "11 Nov 2024". */
export function spellFullDate(d: CalendarDate | Timestamp): string {
  return `${dayAndMonth(d)} ${Number(d.slice(0, 4))}`;
}

/** A moment in a sentence: its day as {@link spellDate} says it and its UTC time ("11 Nov, 14:05 UTC"). */
export function spellMoment(t: Timestamp, reference: CalendarDate | Timestamp): string {
  return `${spellDate(t, reference)}, ${t.slice(11, 16)} UTC`;
}

/** A moment with its year, where nothing beside it says which year it is: "11 Nov 2024, 14:05 UTC". */
export function spellFullMoment(t: Timestamp): string {
  return `${spellFullDate(t)}, ${t.slice(11, 16)} UTC`;
}
