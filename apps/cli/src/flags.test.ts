import type { Currency } from "@accountable/domain";
import { describe, expect, it } from "vitest";
import { Refused } from "./failure.ts";
import { parseMoney } from "./flags.ts";

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof Refused) return e.refusal.message;
    throw e;
  }
  throw new Error("not refused");
};

describe("an amount typed at a terminal", () => {
  it("reads a decimal point, commas that group thousands, and the currency either side", () => {
    expect(parseMoney("120,000.50 EUR", undefined)).toEqual({ amount: 12_000_050, currency: "EUR" });
    expect(parseMoney("EUR 99.90", undefined)).toEqual({ amount: 9_990, currency: "EUR" });
    expect(parseMoney("1,200", "USD" as Currency)).toEqual({ amount: 120_000, currency: "USD" });
  });

  it("says a decimal comma is one, with the amount written as it reads here", () => {
    expect(refusal(() => parseMoney("12,5 EUR", undefined))).toBe(
      '"12,5 EUR" has a decimal comma: write amounts with a decimal point, 12.5 EUR (a comma only groups thousands, as in 120,000.50).',
    );
    expect(refusal(() => parseMoney("1,2,3", "EUR" as Currency))).toContain("has a decimal comma");
    // Too many decimals for the currency is still said as such.
    expect(refusal(() => parseMoney("12.555 EUR", undefined))).toContain("has more decimals than EUR");
  });
});
