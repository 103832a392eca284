// Money in SQL as the domain computes it: exact integers of minor units, each amount converted into the report's
// currency on its own and rounded half-even (the domain's convertWith and divideRounded), sums exact. The reports
// computed where the data is (forecast, quota attainment) share these; each has a property test holding its
// figures equal to the domain's on random data, on both drivers.
import {
  type Currency,
  type ExchangeRate,
  type Money,
  minorUnitExponent,
  money,
  parseDecimal,
} from "@accountable/domain";
import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/**
 * `n ÷ d` rounded half-even to an integer, as the domain's divideRounded does, for integer `n` and a positive
 * integer `d`, both numeric (exact; `div` truncates toward zero, `mod` takes the sign of `n`). The truncated
 * quotient q moves one unit away from zero when twice the remainder exceeds d, or equals it and q is odd:
 * `2|r| + (|q| mod 2) > d` says both at once (2|r| is at most d − 1 when it is below d).
 */
export function halfEven(n: SQL, d: SQL): SQL {
  return sql`(div(${n}, ${d}) + sign(${n}) * (2 * abs(mod(${n}, ${d})) + mod(abs(div(${n}, ${d})), 2) > ${d})::int)`;
}

/**
 * `n × p ÷ 100` rounded half-even the same way, in bigint arithmetic (|n| < 2^53, so n × 100 fits; `/`
 * truncates toward zero and `%` takes the sign of the dividend): the weighting. `sign()` of a bigint goes
 * through a double, exact for −1, 0 and 1.
 */
export function percentHalfEven(n: SQL, p: SQL): SQL {
  const x = sql`(${n} * ${p})`;
  return sql`(${x} / 100 + sign(${x})::int * (2 * abs(${x} % 100) + abs(${x} / 100) % 2 > 100)::int)`;
}

/** A rate as the exact integer fraction the domain's `convert` applies to minor units (exponents included). */
function rateFraction(rate: ExchangeRate): { numerator: bigint; denominator: bigint } {
  const r = parseDecimal(rate.rate);
  if (!r) throw new Error(`Not a decimal rate: ${rate.rate}`); // parsed by the options schema: a bug
  const shift = minorUnitExponent(rate.to) - minorUnitExponent(rate.from);
  return {
    numerator: r.numerator * (shift > 0 ? 10n ** BigInt(shift) : 1n),
    denominator: r.denominator * (shift < 0 ? 10n ** BigInt(-shift) : 1n),
  };
}

/**
 * A deal's amount (minor units, and its currency) in the report's currency, as the domain's
 * toReportCurrencyOrZero computes it: no amount yet counts 0 (never "no rate": it has no currency); a currency
 * with no rate into the report's is null (the caller refuses it). The first rate into the report's currency for
 * each other currency, as convertWith finds it, is written into the statement as constants (a handful): no join.
 */
export function convertedMinor(
  amountMinor: PgColumn | SQL,
  currencyOf: PgColumn | SQL,
  currency: Currency,
  rates: readonly ExchangeRate[],
): SQL {
  const fractions = new Map<string, { numerator: bigint; denominator: bigint }>();
  for (const r of rates)
    if (r.to === currency && r.from !== currency && !fractions.has(r.from))
      fractions.set(r.from, rateFraction(r));
  return sql`case when ${amountMinor} is null then 0::bigint else case ${currencyOf} when ${currency} then ${amountMinor}${sql.join(
    [...fractions].map(
      ([from, f]) =>
        sql` when ${from} then ${halfEven(
          sql`(${amountMinor}::numeric * ${f.numerator.toString()}::numeric)`,
          sql`${f.denominator.toString()}::numeric`,
        )}::bigint`,
    ),
  )} end end`;
}

/** The rows of a statement run through `db.execute` (both drivers answer `{ rows }`). */
export const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;

/** A sum from SQL as Money; a sum beyond the safe integers breaks the domain's invariant and throws, as `total` does. */
export function minor(text: string | null, currency: string): Money {
  const v = BigInt(text ?? "0");
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
    throw new Error(`Money overflow: ${v}`);
  return money(Number(v), currency);
}
