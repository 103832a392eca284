import { z } from "zod";
import { isIsoCurrency, notACurrencyMessage } from "./currencies.ts";
import { err, InvariantViolation, ok, type Result } from "./result.ts";

// Money is an integer count of minor units (cents, pence, yen) with its ISO 4217 currency.
// No float ever holds money: scaling goes through bigint with an explicit rounding mode.

/** An ISO 4217 currency code on the standard's list (see `ISO_4217_CURRENCIES`); a refusal suggests the nearest. */
export const CurrencySchema = z
  .string()
  // The pattern tells API schemas the shape; the list decides. Both refuse with the same words.
  .regex(/^[A-Z]{3}$/, { error: (issue) => notACurrencyMessage(String(issue.input)), abort: true })
  .refine(isIsoCurrency, { error: (issue) => notACurrencyMessage(String(issue.input)) })
  .brand<"Currency">();
export type Currency = z.infer<typeof CurrencySchema>;

export const MoneySchema = z
  .strictObject({
    amount: z
      .number()
      .int("an amount is a whole number of minor units (cents)")
      .refine(Number.isSafeInteger, {
        message: "that amount is too large",
      }),
    currency: CurrencySchema,
  })
  .meta({ id: "Money", description: "An amount in integer minor units of an ISO 4217 currency." });
export type Money = z.infer<typeof MoneySchema>;

/** A money amount in a currency other than the one expected, with no exchange rate to bridge them. */
export interface CurrencyMismatch {
  readonly _tag: "CurrencyMismatch";
  readonly expected: Currency;
  readonly actual: Currency;
  readonly message: string;
}

export const currencyMismatch = (expected: Currency, actual: Currency): CurrencyMismatch => ({
  _tag: "CurrencyMismatch",
  expected,
  actual,
  message: `Cannot combine ${actual} with ${expected} without an exchange rate.`,
});

// Currencies whose minor unit is not the cent (ISO 4217 exponent ≠ 2).
const EXPONENT: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Digits after the decimal point in the currency's minor unit (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorUnitExponent(currency: Currency): number {
  return EXPONENT[currency] ?? 2;
}

export function currency(code: string): Currency {
  return CurrencySchema.parse(code);
}

/** Money from integer minor units; throws on a non-integer (a bug: user input goes through the schema). */
export function money(amount: number, code: Currency | string): Money {
  if (!Number.isSafeInteger(amount))
    throw new InvariantViolation(`Money must be whole minor units: ${amount}`);
  return { amount: amount === 0 ? 0 : amount, currency: typeof code === "string" ? currency(code) : code };
}

export const zero = (c: Currency): Money => money(0, c);

function checked(n: bigint): number {
  const v = Number(n);
  if (!Number.isSafeInteger(v)) throw new InvariantViolation(`Money overflow: ${n}`);
  return v === 0 ? 0 : v;
}

export function add(a: Money, b: Money): Result<Money, CurrencyMismatch> {
  if (a.currency !== b.currency) return err(currencyMismatch(a.currency, b.currency));
  return ok(money(checked(BigInt(a.amount) + BigInt(b.amount)), a.currency));
}

export function subtract(a: Money, b: Money): Result<Money, CurrencyMismatch> {
  if (a.currency !== b.currency) return err(currencyMismatch(a.currency, b.currency));
  return ok(money(checked(BigInt(a.amount) - BigInt(b.amount)), a.currency));
}

/** Sums amounts that must all be in `c`; refuses the first one that is not. */
export function sum(c: Currency, amounts: Iterable<Money>): Result<Money, CurrencyMismatch> {
  let total = 0n;
  for (const m of amounts) {
    if (m.currency !== c) return err(currencyMismatch(c, m.currency));
    total += BigInt(m.amount);
  }
  return ok(money(checked(total), c));
}

/** Adds two amounts the caller knows share a currency; a mismatch here is a bug and throws. */
export function plus(a: Money, b: Money): Money {
  if (a.currency !== b.currency)
    throw new InvariantViolation(`Currency mismatch: ${a.currency} + ${b.currency}`);
  return money(checked(BigInt(a.amount) + BigInt(b.amount)), a.currency);
}

/** Subtracts an amount the caller knows shares the currency; a mismatch here is a bug and throws. */
export function minus(a: Money, b: Money): Money {
  if (a.currency !== b.currency)
    throw new InvariantViolation(`Currency mismatch: ${a.currency} - ${b.currency}`);
  return money(checked(BigInt(a.amount) - BigInt(b.amount)), a.currency);
}

export function negate(a: Money): Money {
  return money(-a.amount, a.currency);
}

export function compare(a: Money, b: Money): Result<-1 | 0 | 1, CurrencyMismatch> {
  if (a.currency !== b.currency) return err(currencyMismatch(a.currency, b.currency));
  return ok(a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0);
}

export const isZero = (m: Money): boolean => m.amount === 0;
export const isNegative = (m: Money): boolean => m.amount < 0;
export const isPositive = (m: Money): boolean => m.amount > 0;

export const ROUNDING_MODES = [
  "half_even",
  "half_up",
  "half_down",
  "up",
  "down",
  "ceiling",
  "floor",
] as const;
/**
 * How a scaled amount lands on a whole minor unit: `half_even` (banker's), `half_up` / `half_down` (ties
 * away from / toward zero), `up` / `down` (away from / toward zero), `ceiling` / `floor` (toward ±∞).
 */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** An exact rational factor: numerator / denominator. */
export interface Ratio {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Reads a decimal string ("1.0834", "-0.5") as an exact ratio; `undefined` if it is not one. */
export function parseDecimal(s: string): Ratio | undefined {
  const m = DECIMAL.exec(s.trim());
  if (!m) return undefined;
  const fraction = m[3] ?? "";
  const numerator = BigInt(`${m[2]}${fraction}`) * (m[1] === "-" ? -1n : 1n);
  return { numerator, denominator: 10n ** BigInt(fraction.length) };
}

function ratio(factor: Ratio | string | number): Ratio {
  if (typeof factor === "object") {
    if (factor.denominator === 0n) throw new InvariantViolation("Division by zero");
    return factor;
  }
  if (typeof factor === "number") {
    if (!Number.isInteger(factor))
      throw new InvariantViolation(`Pass fractional factors as decimal strings: ${factor}`);
    return { numerator: BigInt(factor), denominator: 1n };
  }
  const r = parseDecimal(factor);
  if (!r) throw new InvariantViolation(`Not a decimal: ${factor}`);
  return r;
}

/** Divides two bigints and rounds the quotient to an integer by the given mode. */
export function divideRounded(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new InvariantViolation("Division by zero");
  if (d < 0n) return divideRounded(-n, -d, mode);
  const q = n / d; // truncates toward zero
  const r = n % d;
  if (r === 0n) return q;
  const sign = n < 0n ? -1n : 1n;
  const twice = 2n * (r < 0n ? -r : r);
  const away = q + sign;
  switch (mode) {
    case "down":
      return q;
    case "up":
      return away;
    case "ceiling":
      return sign > 0n ? away : q;
    case "floor":
      return sign < 0n ? away : q;
    case "half_up":
      return twice >= d ? away : q;
    case "half_down":
      return twice > d ? away : q;
    case "half_even":
      if (twice > d) return away;
      if (twice < d) return q;
      return q % 2n === 0n ? q : away;
  }
}

/** Multiplies by an exact factor (a ratio, a decimal string such as "1.0834", or an integer), rounding explicitly. */
export function multiply(m: Money, factor: Ratio | string | number, rounding: RoundingMode): Money {
  const r = ratio(factor);
  return money(checked(divideRounded(BigInt(m.amount) * r.numerator, r.denominator, rounding)), m.currency);
}

/** The share of an amount given by a whole-number percentage (a stage probability), rounded explicitly. */
export function percentOf(m: Money, percent: number, rounding: RoundingMode = "half_even"): Money {
  if (!Number.isInteger(percent)) throw new InvariantViolation(`Percent must be whole: ${percent}`);
  return multiply(m, { numerator: BigInt(percent), denominator: 100n }, rounding);
}

/** A rate that converts one currency into another: 1 `from` = `rate` `to` (a decimal string, exact). */
export interface ExchangeRate {
  readonly from: Currency;
  readonly to: Currency;
  readonly rate: string;
}

/** Converts using the rate, accounting for the two currencies' minor units; refuses a rate for other currencies. */
export function convert(
  m: Money,
  rate: ExchangeRate,
  rounding: RoundingMode = "half_even",
): Result<Money, CurrencyMismatch> {
  if (m.currency !== rate.from) return err(currencyMismatch(rate.from, m.currency));
  const r = ratio(rate.rate);
  const shift = minorUnitExponent(rate.to) - minorUnitExponent(rate.from);
  const numerator = r.numerator * (shift > 0 ? 10n ** BigInt(shift) : 1n);
  const denominator = r.denominator * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
  const scaled = divideRounded(BigInt(m.amount) * numerator, denominator, rounding);
  return ok(money(checked(scaled), rate.to));
}

/** Converts into `target` with whichever rate fits; same currency passes through; no rate is a refusal. */
export function convertWith(
  m: Money,
  target: Currency,
  rates: readonly ExchangeRate[],
  rounding: RoundingMode = "half_even",
): Result<Money, CurrencyMismatch> {
  if (m.currency === target) return ok(m);
  const rate = rates.find((r) => r.from === m.currency && r.to === target);
  return rate ? convert(m, rate, rounding) : err(currencyMismatch(target, m.currency));
}

/**
 * Splits an amount by whole-number weights without losing a minor unit: each share is rounded down and the
 * leftover units go, one each, to the shares with the largest remainders (ties to the earliest).
 * `allocate(100 cents, [1, 1, 1])` → 34, 33, 33.
 */
export function allocate(m: Money, weights: readonly number[]): Money[] {
  if (weights.length === 0) throw new InvariantViolation("Allocate needs at least one weight");
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new InvariantViolation(`Weights must be whole and non-negative: ${weights.join(", ")}`);
  }
  const total = weights.reduce((a, w) => a + BigInt(w), 0n);
  if (total === 0n) throw new InvariantViolation("Allocate needs a positive weight");
  const amount = BigInt(m.amount);
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const shares = weights.map((w) => (abs * BigInt(w)) / total);
  const remainders = weights.map((w, i) => ({ i, r: (abs * BigInt(w)) % total }));
  let left = abs - shares.reduce((a, s) => a + s, 0n);
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    left--;
  }
  return shares.map((s) => money(checked(negative ? -s : s), m.currency));
}

/** Writes the amount as a plain decimal in major units: `{ 123456, EUR }` → "1234.56". */
export function toDecimalString(m: Money): string {
  const e = minorUnitExponent(m.currency);
  const abs = Math.abs(m.amount)
    .toString()
    .padStart(e + 1, "0");
  const whole = e === 0 ? abs : abs.slice(0, -e);
  const fraction = e === 0 ? "" : `.${abs.slice(-e)}`;
  return `${m.amount < 0 ? "-" : ""}${whole}${fraction}`;
}

/**
 * Reads a decimal amount in major units ("1234.56", "-3", "1,234.50" with thousands commas) exactly;
 * `undefined` if it is not a number or has more decimals than the currency's minor unit.
 */
export function fromDecimalString(s: string, c: Currency): Money | undefined {
  const cleaned = s.trim().replace(/,(?=\d{3}(\D|$))/g, "");
  const r = parseDecimal(cleaned);
  if (!r) return undefined;
  const scale = 10n ** BigInt(minorUnitExponent(c));
  const n = r.numerator * scale;
  if (n % r.denominator !== 0n) return undefined;
  const v = Number(n / r.denominator);
  return Number.isSafeInteger(v) ? money(v, c) : undefined;
}
