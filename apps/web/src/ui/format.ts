// Formatting for people: money from minor units, dates, relative days. Only the domain's spelling of dates is
// imported here (`@accountable/domain/spell`, which imports nothing): this module is in the first-load chunk, and
// the domain (with zod) loads with the pages that decide moves.
import type { Timestamp } from "@accountable/domain";
import { spellFullDate, spellFullMoment, spellMoment } from "@accountable/domain/spell";

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, compact: boolean): Intl.NumberFormat {
  const key = `${currency}:${compact}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(undefined, {
      style: "currency",
      currency,
      // "€12M", "€1.4M": no ".0" the currency's two decimals would add.
      ...(compact ? { notation: "compact", minimumFractionDigits: 0, maximumFractionDigits: 1 } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** The number of minor units in a major one (100 for EUR, 1 for JPY), as Intl knows it. */
function minorUnits(currency: string): number {
  const digits = currencyFormat(currency, false).resolvedOptions().maximumFractionDigits ?? 2;
  return 10 ** digits;
}

/** An amount in minor units (the domain's Money, or the API's). */
export interface MoneyLike {
  readonly amount: number;
  readonly currency: string;
}

/** "€120,000.00", or "€120K" when compact. */
export function formatMoney(m: MoneyLike, compact = false): string {
  return currencyFormat(m.currency, compact).format(m.amount / minorUnits(m.currency));
}

/** How a deal without an amount or a close date reads (its stage allows it): never as zero or a blank. */
export const NOT_YET = { amount: "no amount yet", closeDate: "no close date yet" } as const;

/** A figure already in major units (a chart's axis: 12,000,000) as money, compact: "€12M" — formatMoney's compact form. */
export function formatMajorCompact(value: number, currency: string): string {
  return currencyFormat(currency, true).format(value);
}

/** A deal's close date as "11 Nov 2026", or "no close date yet". */
export function formatCloseDate(isoDate: string | null): string {
  return isoDate === null ? NOT_YET.closeDate : formatDate(isoDate);
}

// Dates read as the domain spells them in every adapter ("6 Jul 2026", "7 Dec, 17:48 UTC"), never in the
// browser's locale ("Jul 6, 2026" sat beside the domain's "6 Jul 2026" on one page).

/** A calendar date (YYYY-MM-DD), or a moment's UTC day, as "31 Mar 2027": always with its year. */
export function formatDate(isoDate: string): string {
  return spellFullDate(isoDate as Timestamp);
}

/**
 * A date field's value (YYYY-MM-DD) in words ("Wed, 30 Jun 2027"), said under the field: the browser draws the
 * field itself in its own locale ("06/30/2027"). Undefined while the field holds no whole date.
 */
export function dateInWords(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const day = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) return undefined;
  return `${shortWeekday.format(day)}, ${formatDate(value)}`;
}

/** A local date-and-time field's value (YYYY-MM-DDTHH:mm) in words: "Wed, 30 Jun 2027, 14:05 (your time)". */
export function momentInWords(value: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  const day = m ? dateInWords(m[1]!) : undefined;
  return day && m ? `${day}, ${m[2]} (your time)` : undefined;
}
const shortWeekday = new Intl.DateTimeFormat("en", { weekday: "short", timeZone: "UTC" });

/** A moment as "11 Nov, 14:05 UTC", with its year when it is not this year's ("11 Nov 2024, 14:05 UTC"). */
export function formatDateTime(iso: string, now = new Date()): string {
  return spellMoment(iso as Timestamp, now.toISOString() as Timestamp);
}

/**
 * A record's moment where it stands alone (a details table's "Created at", a list's "SLA due") as "7 Dec 2026,
 * 14:05 UTC": always with its year, since nothing beside it says which year it is.
 */
export function formatMoment(iso: string): string {
  return spellFullMoment(iso as Timestamp);
}

/** Today as a heading says it: "Monday, 7 Dec 2026" (the weekday in the app's language, the date as everywhere). */
export function formatToday(today = new Date()): string {
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
  return `${weekday.format(today)}, ${formatDate(day)}`;
}
const weekday = new Intl.DateTimeFormat("en", { weekday: "long" });

/** Whole days from today to a calendar date: negative when it has passed. */
export function daysUntil(isoDate: string, today = new Date()): number {
  const [y, m, d] = isoDate.slice(0, 10).split("-").map(Number);
  const then = Date.UTC(y!, (m ?? 1) - 1, d ?? 1);
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((then - now) / 86_400_000);
}

/** "today", "in 3 days", "2 days ago". */
export function relativeDays(days: number): string {
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** "in 5 h", "3 h ago", for SLA clocks. */
export function relativeHours(iso: string, now = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 0) return ms >= 0 ? "within the hour" : "within the last hour";
  if (Math.abs(hours) < 48) return hours > 0 ? `in ${hours} h` : `${-hours} h ago`;
  return relativeDays(Math.round(hours / 24));
}

/** "account_executive" → "Account executive". */
export function humanize(tag: string): string {
  const words = tag.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** [30, 14, 7] → "30, 14 and 7 days"; [1] → "1 day". */
export function dayCounts(days: readonly number[]): string {
  const numbers = days.length <= 1 ? days.join("") : `${days.slice(0, -1).join(", ")} and ${days.at(-1)}`;
  return `${numbers} ${days.length === 1 && days[0] === 1 ? "day" : "days"}`;
}
