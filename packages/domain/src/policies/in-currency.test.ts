import { describe, expect, it } from "vitest";
import { EUR, eur, GBP, IN_EUR, jpy, usd } from "../../testing/policies.fixtures.ts";
import { money } from "../kernel/money.ts";
import { InvariantViolation } from "../kernel/result.ts";
import { toReportCurrency, total } from "./in-currency.ts";

describe("toReportCurrency", () => {
  it("converts with the matching rate, half-even, minding minor units", () => {
    expect(toReportCurrency(usd(12_345), IN_EUR)).toEqual({ ok: true, value: eur(11_357) }); // 11,357.4
    expect(toReportCurrency(jpy(1_000_000), IN_EUR)).toEqual({ ok: true, value: eur(610_000) });
  });

  it("passes the report's own currency through", () => {
    expect(toReportCurrency(eur(5), IN_EUR)).toEqual({ ok: true, value: eur(5) });
  });

  it("refuses a currency without a rate", () => {
    expect(toReportCurrency(money(1, GBP), IN_EUR)).toMatchObject({
      ok: false,
      error: { _tag: "CurrencyMismatch", expected: EUR, actual: GBP },
    });
  });
});

describe("total", () => {
  it("adds exactly, zero for nothing", () => {
    expect(total(EUR, [eur(1), eur(2), eur(-4)])).toEqual(eur(-1));
    expect(total(EUR, [])).toEqual(eur(0));
  });

  it("throws on a foreign amount: a bug, conversions come first", () => {
    expect(() => total(EUR, [usd(1)])).toThrow(InvariantViolation);
  });
});
