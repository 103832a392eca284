import {
  type Currency,
  type CurrencyMismatch,
  convertWith,
  type ExchangeRate,
  type Money,
  plus,
  zero,
} from "../kernel/money.ts";
import { ok, type Result } from "../kernel/result.ts";

// Every report adds money in one currency. Each item is converted on its own (half-even) and the report keeps
// both figures, so a reader can see which rate produced which amount; totals are exact sums of the converted ones.

/** The currency a report is written in, and the rates that bring other currencies into it. */
export interface InCurrency {
  readonly currency: Currency;
  readonly rates: readonly ExchangeRate[];
}

/** An amount as it was recorded and as the report counts it. */
export interface ConvertedAmount {
  readonly amount: Money;
  readonly converted: Money;
}

/** Brings an amount into the report's currency, rounding half-even; a missing rate is a refusal, never a skip. */
export function toReportCurrency(m: Money, target: InCurrency): Result<Money, CurrencyMismatch> {
  return convertWith(m, target.currency, target.rates, "half_even");
}

/** A deal's amount as recorded (null: no amount yet) and as a report counts it (zero while there is none). */
export interface CountedDealAmount {
  readonly amount: Money | null;
  readonly converted: Money;
}

/**
 * Brings an amount that may not be known yet into the report's currency: no amount yet counts as zero in the
 * report's currency, never as a guess (the SQL reports do the same: `sum` skips a null, `coalesce(…, 0)`).
 */
export function toReportCurrencyOrZero(m: Money | null, target: InCurrency): Result<Money, CurrencyMismatch> {
  return m === null ? ok(zero(target.currency)) : toReportCurrency(m, target);
}

/** The exact sum of amounts already in `c` (bigint inside `plus`); a foreign amount here is a bug and throws. */
export function total(c: Currency, amounts: Iterable<Money>): Money {
  let t = zero(c);
  for (const m of amounts) t = plus(t, m);
  return t;
}
