import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvariantViolation } from "../kernel/result.ts";
import { basisPoints } from "./basis-points.ts";

describe("basisPoints", () => {
  it("writes a ratio in hundredths of a percent", () => {
    expect(basisPoints(4_840_000, 10_000_000)).toBe(4_840);
    expect(basisPoints(5, 4)).toBe(12_500);
  });

  it("rounds half to even", () => {
    expect(basisPoints(1, 20_000)).toBe(0); // 0.5 → 0
    expect(basisPoints(3, 20_000)).toBe(2); // 1.5 → 2
    expect(basisPoints(-3, 20_000)).toBe(-2);
  });

  it("is unknown, not zero, for a whole of zero", () => {
    expect(basisPoints(0, 0)).toBeNull();
  });

  it("throws on a fraction: a caller's bug", () => {
    expect(() => basisPoints(0.5, 1)).toThrow(InvariantViolation);
  });

  it("stays within 0–10,000 for a part no larger than the whole", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (whole, f) => {
          const bp = basisPoints(Math.floor(whole * f), whole);
          expect(bp !== null && bp >= 0 && bp <= 10_000).toBe(true);
        },
      ),
    );
  });
});
