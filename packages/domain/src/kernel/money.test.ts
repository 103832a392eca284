import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  allocate,
  compare,
  convert,
  convertWith,
  currency,
  divideRounded,
  fromDecimalString,
  isNegative,
  isPositive,
  isZero,
  MoneySchema,
  minorUnitExponent,
  minus,
  money,
  multiply,
  negate,
  parseDecimal,
  percentOf,
  plus,
  type RoundingMode,
  subtract,
  sum,
  toDecimalString,
  zero,
} from "./money.ts";
import { InvariantViolation } from "./result.ts";

const eur = (cents: number) => money(cents, "EUR");
const usd = (cents: number) => money(cents, "USD");

describe("money", () => {
  describe("arithmetic in one currency", () => {
    it("adds and subtracts exactly", () => {
      expect(add(eur(10), eur(20))).toEqual({ ok: true, value: eur(30) });
      expect(subtract(eur(10), eur(25))).toEqual({ ok: true, value: eur(-15) });
      expect(plus(eur(1), eur(2))).toEqual(eur(3));
      expect(minus(eur(1), eur(2))).toEqual(eur(-1));
      expect(negate(eur(5))).toEqual(eur(-5));
    });

    it("compares", () => {
      expect(compare(eur(1), eur(2))).toEqual({ ok: true, value: -1 });
      expect(compare(eur(2), eur(2))).toEqual({ ok: true, value: 0 });
      expect(compare(eur(3), eur(2))).toEqual({ ok: true, value: 1 });
      expect([isZero(eur(0)), isNegative(eur(-1)), isPositive(eur(1))]).toEqual([true, true, true]);
    });

    it("never yields negative zero", () => {
      expect(Object.is(negate(eur(0)).amount, 0)).toBe(true);
      expect(Object.is(multiply(eur(-1), "0.1", "half_even").amount, 0)).toBe(true);
    });
  });

  describe("mixing currencies", () => {
    it("is a refusal, not a wrong sum", () => {
      const r = add(eur(1), usd(1));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ _tag: "CurrencyMismatch", expected: "EUR", actual: "USD" });
      expect(subtract(eur(1), usd(1)).ok).toBe(false);
      expect(compare(eur(1), usd(1)).ok).toBe(false);
      expect(sum(currency("EUR"), [eur(1), usd(2)]).ok).toBe(false);
    });

    it("throws where the caller promised one currency (a bug)", () => {
      expect(() => plus(eur(1), usd(1))).toThrow(InvariantViolation);
      expect(() => minus(eur(1), usd(1))).toThrow(InvariantViolation);
    });

    it("converts with an exchange rate, across minor units", () => {
      expect(
        convert(eur(10_000), { from: currency("EUR"), to: currency("USD"), rate: "1.0834" }, "half_even"),
      ).toEqual({
        ok: true,
        value: usd(10_834),
      });
      // 100.00 EUR at 162.345 JPY: JPY has no minor unit.
      expect(convert(eur(10_000), { from: currency("EUR"), to: currency("JPY"), rate: "162.345" })).toEqual({
        ok: true,
        value: money(16_234, "JPY"),
      });
      // 1,000 JPY → KWD (three decimals).
      expect(
        convert(money(1_000, "JPY"), { from: currency("JPY"), to: currency("KWD"), rate: "0.00201" }),
      ).toEqual({
        ok: true,
        value: money(2_010, "KWD"),
      });
      expect(convert(usd(1), { from: currency("EUR"), to: currency("USD"), rate: "1" }).ok).toBe(false);
    });

    it("converts with whichever rate fits, or refuses when none does", () => {
      const rates = [{ from: currency("USD"), to: currency("EUR"), rate: "0.5" }];
      expect(convertWith(eur(7), currency("EUR"), rates)).toEqual({ ok: true, value: eur(7) });
      expect(convertWith(usd(7), currency("EUR"), rates)).toEqual({ ok: true, value: eur(4) });
      expect(convertWith(money(7, "GBP"), currency("EUR"), rates).ok).toBe(false);
    });
  });

  describe("scaling with explicit rounding", () => {
    const cases: [RoundingMode, number[]][] = [
      //              2.5  -2.5  2.4  -2.6  3.5
      ["half_even", [2, -2, 2, -3, 4]],
      ["half_up", [3, -3, 2, -3, 4]],
      ["half_down", [2, -2, 2, -3, 3]],
      ["up", [3, -3, 3, -3, 4]],
      ["down", [2, -2, 2, -2, 3]],
      ["ceiling", [3, -2, 3, -2, 4]],
      ["floor", [2, -3, 2, -3, 3]],
    ];
    it.each(cases)("rounds %s", (mode, expected) => {
      const got = [
        [25n, 10n],
        [-25n, 10n],
        [24n, 10n],
        [-26n, 10n],
        [35n, 10n],
      ].map(([n, d]) => Number(divideRounded(n!, d!, mode)));
      expect(got).toEqual(expected);
    });

    it("divides by a negative denominator and refuses zero", () => {
      expect(divideRounded(25n, -10n, "half_up")).toBe(-3n);
      expect(() => divideRounded(1n, 0n, "down")).toThrow(/zero/);
    });

    it("multiplies by a decimal rate, a ratio or an integer", () => {
      expect(multiply(eur(1_000), "0.075", "half_even")).toEqual(eur(75));
      expect(multiply(eur(1_001), { numerator: 1n, denominator: 3n }, "half_up")).toEqual(eur(334));
      expect(multiply(eur(7), 3, "down")).toEqual(eur(21));
      expect(() => multiply(eur(7), 0.5, "down")).toThrow(/decimal strings/);
      expect(() => multiply(eur(7), "abc", "down")).toThrow(/Not a decimal/);
      expect(() => multiply(eur(7), { numerator: 1n, denominator: 0n }, "down")).toThrow(/zero/);
    });

    it("takes a probability as a whole percentage", () => {
      expect(percentOf(eur(12_345), 25)).toEqual(eur(3_086)); // 3086.25 → 3086
      expect(percentOf(eur(10), 25, "half_up")).toEqual(eur(3)); // 2.5 → 3
      expect(percentOf(eur(10), 25, "half_even")).toEqual(eur(2)); // 2.5 → 2
      expect(() => percentOf(eur(10), 12.5)).toThrow(InvariantViolation);
    });
  });

  describe("allocation", () => {
    it("splits 100 into 3 without losing a cent", () => {
      expect(allocate(eur(100), [1, 1, 1]).map((m) => m.amount)).toEqual([34, 33, 33]);
    });
    it("gives leftovers to the largest remainders", () => {
      expect(allocate(eur(100), [30, 70]).map((m) => m.amount)).toEqual([30, 70]);
      expect(allocate(eur(5), [1, 3]).map((m) => m.amount)).toEqual([1, 4]);
      expect(allocate(eur(-100), [1, 1, 1]).map((m) => m.amount)).toEqual([-34, -33, -33]);
      expect(allocate(eur(10), [0, 1]).map((m) => m.amount)).toEqual([0, 10]);
    });
    it("refuses nonsense weights as bugs", () => {
      expect(() => allocate(eur(1), [])).toThrow();
      expect(() => allocate(eur(1), [0, 0])).toThrow();
      expect(() => allocate(eur(1), [-1, 2])).toThrow();
      expect(() => allocate(eur(1), [0.5])).toThrow();
    });
    it("never loses or invents a minor unit (property)", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: -1e12, max: 1e12 }),
          fc
            .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 })
            .filter((w) => w.some((x) => x > 0)),
          (amount, weights) => {
            const shares = allocate(eur(amount), weights);
            expect(shares.reduce((a, s) => a + BigInt(s.amount), 0n)).toBe(BigInt(amount));
            const total = weights.reduce((a, w) => a + w, 0);
            // each share is within one unit of its exact proportion
            shares.forEach((s, i) => {
              expect(Math.abs(s.amount - (amount * weights[i]!) / total)).toBeLessThan(
                1 + 1e-6 * Math.abs(amount),
              );
            });
          },
        ),
      );
    });
  });

  describe("sums are exact (property)", () => {
    it("equal a bigint sum", () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: -1e13, max: 1e13 }), { maxLength: 100 }), (amounts) => {
          const r = sum(currency("EUR"), amounts.map(eur));
          const expected = amounts.reduce((a, x) => a + BigInt(x), 0n);
          expect(r.ok && BigInt(r.value.amount)).toBe(expected);
        }),
      );
    });
    it("throw on overflow past the safe integer range rather than rounding", () => {
      expect(() => plus(eur(Number.MAX_SAFE_INTEGER), eur(1))).toThrow(/overflow/);
      expect(() => money(0.5, "EUR")).toThrow(InvariantViolation);
    });
  });

  describe("decimal text", () => {
    it("writes and reads major units per the currency's exponent", () => {
      expect(toDecimalString(eur(123_456))).toBe("1234.56");
      expect(toDecimalString(eur(-5))).toBe("-0.05");
      expect(toDecimalString(money(1_500, "JPY"))).toBe("1500");
      expect(toDecimalString(money(1_500, "KWD"))).toBe("1.500");
      expect(fromDecimalString("1,234.50", currency("EUR"))).toEqual(eur(123_450));
      expect(fromDecimalString("-3", currency("EUR"))).toEqual(eur(-300));
      expect(fromDecimalString("1.005", currency("EUR"))).toBeUndefined();
      expect(fromDecimalString("12abc", currency("EUR"))).toBeUndefined();
      expect(fromDecimalString("99999999999999999999", currency("EUR"))).toBeUndefined();
      expect(minorUnitExponent(currency("JPY"))).toBe(0);
    });
    it("round-trips any amount (property)", () => {
      fc.assert(
        fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.constantFrom("EUR", "JPY", "KWD"), (n, c) => {
          const m = money(n, c);
          expect(fromDecimalString(toDecimalString(m), m.currency)).toEqual(m);
        }),
      );
    });
    it("parses decimals exactly", () => {
      expect(parseDecimal("-0.25")).toEqual({ numerator: -25n, denominator: 100n });
      expect(parseDecimal("x")).toBeUndefined();
    });
  });

  describe("schema", () => {
    it("refuses floats, unsafe integers and bad currency codes with readable messages", () => {
      expect(MoneySchema.safeParse({ amount: 1.5, currency: "EUR" }).success).toBe(false);
      expect(MoneySchema.safeParse({ amount: 2 ** 60, currency: "EUR" }).success).toBe(false);
      const bad = MoneySchema.safeParse({ amount: 1, currency: "euro" });
      expect(bad.success || bad.error.issues[0]?.message).toMatch(/ISO 4217/);
      expect(zero(currency("EUR"))).toEqual(eur(0));
    });
  });
});
