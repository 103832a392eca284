import { describe, expect, it } from "vitest";
import { isAmbiguousPoint, readImportDecimal } from "./amounts.ts";

const read = (cell: string, mark: "." | ",") => readImportDecimal(cell, mark);

describe("readImportDecimal", () => {
  it("reads a decimal point with commas, spaces or apostrophes between thousands", () => {
    for (const [cell, digits] of [
      ["12000.50", "12000.50"],
      ["12,000.50", "12000.50"],
      ["1 234 567", "1234567"],
      ["1'234.5", "1234.5"],
      ["-40", "-40"],
    ])
      expect(read(cell!, ".")).toEqual({ ok: true, value: digits });
  });

  it("reads a decimal comma with points or spaces between thousands, as European spreadsheets write amounts", () => {
    for (const [cell, digits] of [
      ["50.000,00", "50000.00"],
      ["50000,00", "50000.00"],
      ["50\u00a0000,5", "50000.5"],
      ["1.234.567", "1234567"],
      ["1.234", "1234"],
      ["75", "75"],
    ])
      expect(read(cell!, ",")).toEqual({ ok: true, value: digits });
  });

  it("refuses 50,000 with a decimal comma, saying both readings: fifty, or fifty thousand", () => {
    expect(read("50,000", ",")).toEqual({
      ok: false,
      error:
        '"50,000" could be 50.000 (with this file\'s decimal comma) or 50000 (with a comma between thousands), so it is not read: write 50000 if that is the amount',
    });
    expect(read("50,000", ".")).toEqual({ ok: true, value: "50000" });
    expect(read("50,0", ",")).toEqual({ ok: true, value: "50.0" });
  });

  it("refuses 1.500 when the file did not say its mark, naming both readings; reads it with a point said", () => {
    const unsaid = readImportDecimal("1.500", undefined);
    expect(unsaid).toEqual({
      ok: false,
      error: expect.stringContaining(
        '"1.500" could be 1.5 (with a decimal point) or 1500 (with a point between thousands), and the file does not say which',
      ),
    });
    expect(readImportDecimal("-12.000", undefined)).toMatchObject({
      ok: false,
      error: expect.stringContaining("could be -12 (with a decimal point) or -12000"),
    });
    expect(read("1.500", ".")).toEqual({ ok: true, value: "1.500" });
    // Nothing else is ambiguous: two decimals, a leading 0, four digits before the point, a thousands comma.
    for (const [cell, digits] of [
      ["1.50", "1.50"],
      ["0.125", "0.125"],
      ["1250.125", "1250.125"],
      ["1,250.125", "1250.125"],
      ["1500", "1500"],
    ])
      expect(readImportDecimal(cell!, undefined)).toEqual({ ok: true, value: digits });
    expect(isAmbiguousPoint(" 250.000 ")).toBe(true);
    expect(isAmbiguousPoint("0.500")).toBe(false);
  });

  it("refuses a cell written with the other mark, saying what it would be and how to say the file's", () => {
    const point = read("12.50", ",");
    expect(point.ok).toBe(false);
    if (!point.ok) {
      expect(point.error).toContain('"12.50" is written with a decimal point (it would be 12.50)');
      expect(point.error).toContain("read with a decimal comma");
      expect(point.error).toContain("--decimal .");
    }
    const comma = read("50.000,00", ".");
    expect(comma.ok).toBe(false);
    if (!comma.ok) {
      expect(comma.error).toContain("written with a decimal comma (it would be 50000.00)");
      expect(comma.error).toContain("--decimal ,");
    }
    expect(read("1,234.56", ",").ok).toBe(false);
  });

  it("refuses what is no amount under either mark, with an example in the file's", () => {
    const none = read("€ 12", ",");
    expect(none).toEqual({
      ok: false,
      error: expect.stringContaining("such as 12000,50 or 12.000,50"),
    });
    expect(read("1.2.3", ",").ok).toBe(false);
    expect(read("12,34,56", ".").ok).toBe(false);
    // As the import always read a point file: a first group of more than three digits.
    expect(read("7919,001.01", ".")).toEqual({ ok: true, value: "7919001.01" });
  });
});
