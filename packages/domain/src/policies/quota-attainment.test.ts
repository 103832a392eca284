import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EUR,
  eur,
  GBP,
  IN_EUR,
  JPY,
  jpy,
  lostDeal,
  openDeal,
  quota,
  usd,
  wonDeal,
} from "../../testing/policies.fixtures.ts";
import { date } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import { money } from "../kernel/money.ts";
import { quotaAttainment, summariseQuotaAttainment } from "./quota-attainment.ts";

const calendar = { firstMonth: 1, namedAfter: "end" } as const;
const options = { ...IN_EUR, fiscalYear: calendar };
const bob = asId.member("m-bob");

const deals = [
  wonDeal("w1", "2026-10-05T15:00:00.000Z", { amount: eur(3_000_000) }),
  wonDeal("w2", "2026-12-31T23:30:00.000Z", { amount: usd(2_000_000) }),
  wonDeal("next-year", "2027-01-01T00:30:00.000Z", { amount: eur(9_999_999) }),
  wonDeal("bobs", "2026-11-05T15:00:00.000Z", { amount: eur(5_000_000), ownerId: bob }),
  wonDeal("estimated-in-q4", "2026-09-30T08:00:00.000Z", {
    amount: eur(1_000_000),
    closeDate: date("2026-11-15"),
  }),
  openDeal("open", { amount: eur(8_000_000) }),
  lostDeal("lost", "2026-11-05T15:00:00.000Z", { amount: eur(7_000_000) }),
];

function only(r: ReturnType<typeof quotaAttainment>) {
  if (!r.ok) throw new Error(r.error.message);
  return r.value[0]!;
}

describe("quotaAttainment", () => {
  const q4 = quota("q1", "m-alice", "2026-Q4", eur(10_000_000));

  it("counts the member's deals won in the period, converted into the report's currency", () => {
    const a = only(quotaAttainment([q4], deals, options));
    expect(a.closedWon).toEqual(eur(4_840_000));
    expect(a.deals).toEqual([
      { opportunityId: "w1", closedOn: "2026-10-05", amount: eur(3_000_000), converted: eur(3_000_000) },
      { opportunityId: "w2", closedOn: "2026-12-31", amount: usd(2_000_000), converted: eur(1_840_000) },
    ]);
  });

  it("gives attainment in basis points and the gap still to close", () => {
    const a = only(quotaAttainment([q4], deals, options));
    expect(a.attainmentBasisPoints).toBe(4_840);
    expect(a.gap).toEqual(eur(5_160_000));
    expect(a.period).toMatchObject({ label: "2026-Q4", start: "2026-10-01", end: "2026-12-31" });
  });

  it("places a won deal by the day it was won, not by its estimated close date", () => {
    const a = only(quotaAttainment([q4], deals, options));
    expect(a.deals.map((d) => d.opportunityId)).not.toContain("estimated-in-q4");
  });

  it("shows a negative gap once the quota is beaten", () => {
    const a = only(quotaAttainment([quota("q2", "m-bob", "2026-Q4", eur(4_000_000))], deals, options));
    expect(a.attainmentBasisPoints).toBe(12_500);
    expect(a.gap).toEqual(eur(-1_000_000));
  });

  it("leaves a retired quota out", () => {
    const retired = { ...quota("q-old", "m-alice", "2026-Q4", eur(1)), status: "retired" as const };
    const r = quotaAttainment([retired, q4], deals, options);
    expect(r.ok && r.value.map((a) => a.quotaId)).toEqual(["q1"]);
  });

  it("is zero with no deal won", () => {
    const a = only(quotaAttainment([quota("q3", "m-carol", "2026-Q4", eur(100))], deals, options));
    expect(a).toMatchObject({ closedWon: eur(0), attainmentBasisPoints: 0, gap: eur(100), deals: [] });
  });

  it("reads the period under the workspace's fiscal year", () => {
    const april = { firstMonth: 4, namedAfter: "end" } as const;
    const q = quota("q4", "m-alice", "2027-Q1", eur(1_000_000));
    const won = wonDeal("may", "2026-05-10T10:00:00.000Z", { amount: eur(250_000) });
    const a = only(quotaAttainment([q], [won], { ...options, fiscalYear: april }));
    expect(a.period).toMatchObject({ start: "2026-04-01", end: "2026-06-30" });
    expect(a.attainmentBasisPoints).toBe(2_500);
  });

  it("converts a quota set in another currency", () => {
    const a = only(quotaAttainment([quota("q5", "m-alice", "2026-Q4", usd(10_000_000))], deals, options));
    expect(a.target).toEqual({ amount: usd(10_000_000), converted: eur(9_200_000) });
    expect(a.attainmentBasisPoints).toBe(5_261); // 4,840,000 ÷ 9,200,000 = 52.6087 %
  });

  it("gives no attainment when the target converts to nothing", () => {
    const tiny = { ...options, rates: [{ from: JPY, to: EUR, rate: "0.001" }] };
    const a = only(quotaAttainment([quota("q6", "m-alice", "2026-Q4", jpy(1))], [], tiny));
    expect(a.attainmentBasisPoints).toBeNull();
  });

  it("refuses a period that does not exist", () => {
    const r = quotaAttainment([quota("q7", "m-alice", "2026-13", eur(100))], deals, options);
    expect(r).toMatchObject({ ok: false, error: { _tag: "InvalidInput", field: "period" } });
  });

  it("refuses a deal in a currency without a rate", () => {
    const gbp = wonDeal("gbp", "2026-11-01T10:00:00.000Z", { amount: money(100, GBP) });
    const r = quotaAttainment([q4], [gbp], options);
    expect(r).toMatchObject({ ok: false, error: { _tag: "CurrencyMismatch", actual: GBP } });
  });

  it("refuses a quota in a currency without a rate", () => {
    const r = quotaAttainment([quota("q8", "m-alice", "2026-Q4", money(100, GBP))], deals, options);
    expect(r).toMatchObject({ ok: false, error: { _tag: "CurrencyMismatch", actual: GBP } });
  });

  it("gap plus closed always equals the target, exactly", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { maxLength: 20 }),
        (target, amounts) => {
          const won = amounts.map((a, i) => wonDeal(`w${i}`, "2026-11-01T10:00:00.000Z", { amount: eur(a) }));
          const a = only(quotaAttainment([quota("q", "m-alice", "2026-Q4", eur(target))], won, options));
          const expected = amounts.reduce((s, x) => s + BigInt(x), 0n);
          expect(BigInt(a.closedWon.amount)).toBe(expected);
          expect(BigInt(a.gap.amount) + expected).toBe(BigInt(target));
        },
      ),
    );
  });

  describe("summariseQuotaAttainment", () => {
    const a = only(quotaAttainment([q4], deals, options));

    it("keeps the figures and counts the deals, listing none unless asked", () => {
      const { deals: _, ...figures } = a;
      expect(summariseQuotaAttainment(a)).toEqual({ ...figures, dealCount: 2, deals: null });
    });

    it("lists the deals a page at a time in id order, each page after the last one's id", () => {
      const first = summariseQuotaAttainment(a, { limit: 1 }).deals;
      expect(first?.items.map((d) => d.opportunityId)).toEqual(["w1"]);
      expect(first?.nextCursor).toBe("w1");
      const second = summariseQuotaAttainment(a, { limit: 1, after: "w1" }).deals;
      expect(second).toEqual({ items: [a.deals[1]], nextCursor: null });
    });
  });
});
