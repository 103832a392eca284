import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { T0 } from "../../testing/fixtures.ts";
import { at, eur, GBP, IN_EUR, lostDeal, openDeal, usd, wonDeal } from "../../testing/policies.fixtures.ts";
import { millisBetween, timestamp } from "../kernel/calendar-date.ts";
import { period } from "../kernel/fiscal.ts";
import { asId } from "../kernel/ids.ts";
import { money } from "../kernel/money.ts";
import { InvariantViolation } from "../kernel/result.ts";
import {
  averageDealSize,
  pipelineVelocity,
  type StageEntry,
  salesCycle,
  timeInStage,
  winRate,
} from "./sales-metrics.ts";

const Q4 = period("2026-Q4");
const inQ4 = { ...IN_EUR, period: Q4 };

const deals = [
  wonDeal("w1", "2026-10-11T09:00:00.000Z", {
    amount: eur(1_000_000),
    createdAt: at("2026-09-01T09:00:00.000Z"),
  }),
  wonDeal("w2", "2026-11-20T08:00:00.000Z", {
    amount: usd(500_000),
    createdAt: at("2026-10-01T09:00:00.000Z"),
  }),
  wonDeal("w3", "2026-12-01T00:00:00.000Z", {
    amount: eur(300_000),
    createdAt: at("2026-11-01T00:00:00.000Z"),
  }),
  lostDeal("l1", "2026-11-10T10:00:00.000Z", { amount: eur(200_000) }),
  wonDeal("w-q3", "2026-09-15T09:00:00.000Z", { amount: eur(5_000_000) }),
  lostDeal("l-2027", "2027-01-05T10:00:00.000Z", { amount: eur(200_000) }),
  openDeal("o1"),
  openDeal("o2"),
];

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("winRate", () => {
  it("divides won by won + lost among deals closed in the period, by count", () => {
    const r = value(winRate(deals, inQ4));
    expect(r.byCountBasisPoints).toBe(7_500);
    expect(r.won.deals.map((d) => d.opportunityId)).toEqual(["w1", "w2", "w3"]);
    expect(r.lost.deals.map((d) => d.opportunityId)).toEqual(["l1"]);
  });

  it("divides by amount in the report's currency, rounding half-even", () => {
    const r = value(winRate(deals, inQ4));
    expect(r.won.amount).toEqual(eur(1_760_000));
    expect(r.lost.amount).toEqual(eur(200_000));
    expect(r.byAmountBasisPoints).toBe(8_980); // 1,760,000 ÷ 1,960,000 = 89.7959 %
  });

  it("counts every closed deal when no period is given", () => {
    const r = value(winRate(deals, IN_EUR));
    expect(r).toMatchObject({ period: null, byCountBasisPoints: 6_667 });
  });

  it("counts a lost deal with no amount by count, and as nothing by amount", () => {
    const unpriced = lostDeal("l0", "2026-11-02T10:00:00.000Z", { amount: null, closeDate: null });
    const r = value(winRate([...deals, unpriced], inQ4));
    expect(r.byCountBasisPoints).toBe(6_000);
    expect(r.lost.amount).toEqual(eur(200_000));
    expect(r.lost.deals.find((d) => d.opportunityId === "l0")).toEqual({
      opportunityId: "l0",
      amount: null,
      converted: eur(0),
    });
  });

  it("is unknown, not zero, when nothing closed", () => {
    const r = value(winRate([openDeal("o")], inQ4));
    expect(r).toMatchObject({ byCountBasisPoints: null, byAmountBasisPoints: null });
  });

  it("refuses a won or a lost deal in a currency without a rate", () => {
    const gbpWon = wonDeal("g", "2026-11-01T10:00:00.000Z", { amount: money(1, GBP) });
    const gbpLost = lostDeal("g", "2026-11-01T10:00:00.000Z", { amount: money(1, GBP) });
    expect(winRate([gbpWon], inQ4)).toMatchObject({ ok: false, error: { _tag: "CurrencyMismatch" } });
    expect(winRate([gbpLost], inQ4)).toMatchObject({ ok: false, error: { _tag: "CurrencyMismatch" } });
  });

  it("stays between 0 and 100 % for non-negative amounts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 2 ** 40 })), { maxLength: 20 }),
        (closed) => {
          const opps = closed.map(([won, cents], i) =>
            won
              ? wonDeal(`d${i}`, "2026-11-01T10:00:00.000Z", { amount: eur(cents) })
              : lostDeal(`d${i}`, "2026-11-01T10:00:00.000Z", { amount: eur(cents) }),
          );
          const r = value(winRate(opps, inQ4));
          for (const bp of [r.byCountBasisPoints, r.byAmountBasisPoints]) {
            if (bp !== null) expect(bp >= 0 && bp <= 10_000).toBe(true);
          }
        },
      ),
    );
  });
});

describe("averageDealSize", () => {
  it("is the won total over the won count, half-even", () => {
    const r = value(averageDealSize(deals, inQ4));
    expect(r).toMatchObject({ count: 3, amount: eur(1_760_000), average: eur(586_667) });
  });

  it("is unknown when nothing was won", () => {
    expect(value(averageDealSize([openDeal("o")], inQ4)).average).toBeNull();
  });

  it("refuses a currency without a rate", () => {
    const gbp = wonDeal("g", "2026-11-01T10:00:00.000Z", { amount: money(1, GBP) });
    expect(averageDealSize([gbp], inQ4).ok).toBe(false);
  });
});

describe("salesCycle", () => {
  it("counts whole days from creation to the win, mean and median", () => {
    const r = salesCycle(deals, { period: Q4 });
    expect(r.deals.map((d) => d.days)).toEqual([40, 49, 30]);
    expect(r).toMatchObject({ count: 3, totalDays: 119, medianDays: 40 });
    expect(r.meanDays).toBeCloseTo(39.667, 3);
  });

  it("takes the mean of the two middle cycles for an even count", () => {
    const two = [
      wonDeal("a", "2026-11-11T09:00:00.000Z", { createdAt: at("2026-11-01T09:00:00.000Z") }),
      wonDeal("b", "2026-11-16T09:00:00.000Z", { createdAt: at("2026-11-01T09:00:00.000Z") }),
    ];
    expect(salesCycle(two).medianDays).toBe(12.5);
  });

  it("is unknown when nothing was won", () => {
    expect(salesCycle([])).toMatchObject({ count: 0, meanDays: null, medianDays: null });
  });

  it("counts a close recorded before creation as a same-day win", () => {
    const odd = wonDeal("odd", "2026-08-01T09:00:00.000Z", { createdAt: at("2026-09-01T09:00:00.000Z") });
    expect(salesCycle([odd]).deals[0]?.days).toBe(0);
  });
});

describe("pipelineVelocity", () => {
  it("is open deals × win rate × average deal size ÷ cycle length, per day", () => {
    const r = value(pipelineVelocity(deals, inQ4));
    // 2 × 3 × 1,760,000 ÷ (4 × 119) = 22,184.87 cents a day
    expect(r.perDay).toEqual(eur(22_185));
    expect(r.openDeals).toEqual({ count: 2, opportunityIds: ["o1", "o2"] });
    expect(r.winRate.byCountBasisPoints).toBe(7_500);
    expect(r.averageDealSize.average).toEqual(eur(586_667));
    expect(r.salesCycle.totalDays).toBe(119);
  });

  it("is unknown when nothing closed in the period", () => {
    expect(value(pipelineVelocity([openDeal("o")], inQ4)).perDay).toBeNull();
  });

  it("is zero when every closed deal was lost", () => {
    const r = value(pipelineVelocity([openDeal("o"), lostDeal("l", "2026-11-01T10:00:00.000Z")], inQ4));
    expect(r.perDay).toEqual(eur(0));
  });

  it("is unknown when the won deals closed the day they were created", () => {
    const instant = wonDeal("i", "2026-11-01T10:00:00.000Z", { createdAt: at("2026-11-01T09:00:00.000Z") });
    expect(value(pipelineVelocity([openDeal("o"), instant], inQ4)).perDay).toBeNull();
  });

  it("refuses a currency without a rate", () => {
    const gbpWon = wonDeal("g", "2026-11-01T10:00:00.000Z", { amount: money(1, GBP) });
    const gbpLost = lostDeal("g", "2026-11-01T10:00:00.000Z", { amount: money(1, GBP) });
    expect(pipelineVelocity([gbpLost], inQ4).ok).toBe(false);
    expect(pipelineVelocity([gbpWon], inQ4).ok).toBe(false);
  });
});

describe("timeInStage", () => {
  const s = asId.stage;
  const entries: StageEntry[] = [
    { stageId: s("prospecting"), at: at("2026-10-01T00:00:00.000Z") },
    { stageId: s("discovery"), at: at("2026-10-11T12:00:00.000Z") },
    { stageId: s("prospecting"), at: at("2026-10-20T00:00:00.000Z") },
    { stageId: s("proposal"), at: at("2026-10-25T00:00:00.000Z") },
  ];

  it("sums the days of every visit to a stage", () => {
    const r = timeInStage(entries, T0);
    expect(r.stages).toEqual([
      { stageId: "prospecting", days: 15, millis: 15.5 * 86_400_000, visits: 2 },
      { stageId: "discovery", days: 8, millis: 8.5 * 86_400_000, visits: 1 },
      { stageId: "proposal", days: 32, millis: (32 * 24 + 9) * 3_600_000, visits: 1 },
    ]);
  });

  it("gives the current stage and its age", () => {
    expect(timeInStage(entries, T0).current).toEqual({
      stageId: "proposal",
      since: "2026-10-25T00:00:00.000Z",
      days: 32,
    });
  });

  it("has no stage for a deal with no entry", () => {
    expect(timeInStage([], T0)).toEqual({ stages: [], current: null });
  });

  it("throws on entries out of order: a caller's bug", () => {
    expect(() => timeInStage([entries[1]!, entries[0]!], T0)).toThrow(InvariantViolation);
  });

  it("throws when now comes before the last entry", () => {
    expect(() => timeInStage(entries, timestamp("2026-10-24T00:00:00.000Z"))).toThrow(InvariantViolation);
  });

  it("accounts for every millisecond between the first entry and now", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), fc.integer({ min: 0, max: 10 * 86_400_000 })), {
          minLength: 1,
          maxLength: 20,
        }),
        (steps) => {
          let t = Date.parse("2026-01-01T00:00:00.000Z");
          const es = steps.map(([stage, gap]) => {
            t += gap;
            return { stageId: s(stage), at: timestamp(new Date(t).toISOString()) };
          });
          const r = timeInStage(es, T0);
          const sum = r.stages.reduce((a, x) => a + x.millis, 0);
          expect(sum).toBe(millisBetween(es[0]!.at, T0));
          expect(r.stages.reduce((a, x) => a + x.visits, 0)).toBe(es.length);
        },
      ),
    );
  });
});
