import { describe, expect, it } from "vitest";
import { ISO_4217_CURRENCIES, isIsoCurrency, nearestCurrency, notACurrencyMessage } from "./currencies.ts";
import { CurrencySchema, minorUnitExponent } from "./money.ts";

describe("ISO 4217 currencies", () => {
  it("lists each code once, three capital letters each", () => {
    expect(new Set(ISO_4217_CURRENCIES).size).toBe(ISO_4217_CURRENCIES.length);
    for (const c of ISO_4217_CURRENCIES) expect(c).toMatch(/^[A-Z][A-Z][A-Z]$/);
  });

  it("knows every currency whose minor unit is not the cent", () => {
    for (const c of ["JPY", "KRW", "KWD", "BHD", "CLF", "UYW", "XOF"])
      expect(isIsoCurrency(c) && minorUnitExponent(CurrencySchema.parse(c)) !== 2).toBe(true);
  });

  it("refuses three letters that are no currency, naming the code and the nearest", () => {
    expect(CurrencySchema.safeParse("EUO").error?.issues[0]?.message).toBe(
      '"EUO" is not an ISO 4217 currency code; did you mean EUR?',
    );
    expect(CurrencySchema.safeParse("ABC").success).toBe(false);
    expect(CurrencySchema.safeParse("XXX").success).toBe(false); // "no currency" is not money a deal is in
    expect(CurrencySchema.parse("CHF")).toBe("CHF");
  });

  it("suggests the code a symbol, a word or a lower-case code stands for, and nothing when nothing is close", () => {
    expect(nearestCurrency("€")).toBe("EUR");
    expect(nearestCurrency("£")).toBe("GBP");
    expect(nearestCurrency("usd")).toBe("USD");
    expect(nearestCurrency("dollars")).toBe("USD");
    expect(nearestCurrency("US")).toBe("USD");
    expect(nearestCurrency("monopoly money")).toBeUndefined();
    expect(notACurrencyMessage("monopoly money")).toBe(
      '"monopoly money" is not an ISO 4217 currency code (e.g. EUR, USD, GBP)',
    );
  });
});
