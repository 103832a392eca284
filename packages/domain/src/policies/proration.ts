import { daysBetween, maxDate, minDate } from "../kernel/calendar-date.ts";
import { type Money, money } from "../kernel/money.ts";
import { InvariantViolation } from "../kernel/result.ts";
import type { DateSpan } from "./sales-trend.ts";

// Planned money is spread over the days a contract covers, so a period's P&L holds the share of the term that
// falls in it. The share of a day range is the difference of two cumulative figures, each rounded down:
//   share(from..to) = ⌊V × days(start..to) / N⌋ − ⌊V × days(start..from−1) / N⌋
// where V is the amount and N the days of the span. Summed over periods that tile the span, the inner terms
// cancel and what is left is ⌊V × N / N⌋ − 0 = V: every minor unit lands in exactly one period, whether the
// periods are months, quarters or years, and a quarter's share is exactly the sum of its months' shares.

/** Days in a span, both ends included (0 when it ends before it starts). */
export function spanDays(s: DateSpan): number {
  return Math.max(0, daysBetween(s.start, s.end) + 1);
}

/** The days two spans share, or null when they do not meet. */
export function overlap(a: DateSpan, b: DateSpan): DateSpan | null {
  const start = maxDate(a.start, b.start);
  const end = minDate(a.end, b.end);
  return start <= end ? { start, end } : null;
}

/** ⌊V × days / N⌋ in bigint, so amounts near the safe-integer limit times thousands of days stay exact. */
function cumulative(amount: bigint, days: number, total: number): bigint {
  const n = amount * BigInt(days);
  const d = BigInt(total);
  const q = n / d;
  // bigint division truncates toward zero; round toward −∞ so negative amounts telescope the same way.
  return n % d !== 0n && n < 0n ? q - 1n : q;
}

/**
 * The share of `amount`, spread evenly over the days of `span`, that falls within `within`: exact minor units,
 * and the shares of periods that tile the span add up to `amount` exactly (see the module comment).
 */
export function prorate(amount: Money, span: DateSpan, within: DateSpan): Money {
  const total = spanDays(span);
  if (total === 0)
    throw new InvariantViolation(`an empty span cannot be prorated: ${span.start}..${span.end}`);
  const o = overlap(span, within);
  if (o === null) return money(0, amount.currency);
  const v = BigInt(amount.amount);
  const upTo = cumulative(v, daysBetween(span.start, o.end) + 1, total);
  const before = cumulative(v, daysBetween(span.start, o.start), total);
  return money(Number(upTo - before), amount.currency);
}

/** The days of `span` that fall within `within`, and the days of the whole span: the share prorated. */
export interface ProratedShare {
  readonly days: number;
  readonly ofDays: number;
}

/** How many of the span's days a period holds. */
export function shareOf(span: DateSpan, within: DateSpan): ProratedShare {
  const o = overlap(span, within);
  return { days: o === null ? 0 : spanDays(o), ofDays: spanDays(span) };
}
