import { divideRounded } from "../kernel/money.ts";
import { InvariantViolation } from "../kernel/result.ts";

/**
 * `part ÷ whole` in basis points (10,000 = 100 %), rounded half-even; null when the whole is zero, because
 * a ratio of nothing is unknown rather than 0 %.
 */
export function basisPoints(part: number, whole: number): number | null {
  if (!Number.isSafeInteger(part) || !Number.isSafeInteger(whole)) {
    throw new InvariantViolation(`Basis points need whole numbers: ${part} / ${whole}`);
  }
  if (whole === 0) return null;
  return Number(divideRounded(BigInt(part) * 10_000n, BigInt(whole), "half_even"));
}
