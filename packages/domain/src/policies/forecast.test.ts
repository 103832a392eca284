import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EUR,
  eur,
  GBP,
  IN_EUR,
  JPY,
  lostDeal,
  openDeal,
  RATES,
  USD,
  usd,
  wonDeal,
} from "../../testing/policies.fixtures.ts";
import type { Opportunity } from "../entities/opportunity.ts";
import { FORECAST_CATEGORIES } from "../entities/pipeline.ts";
import { addDays, date } from "../kernel/calendar-date.ts";
import { period } from "../kernel/fiscal.ts";
import { asId } from "../kernel/ids.ts";
import { convertWith, money } from "../kernel/money.ts";
import { ok } from "../kernel/result.ts";
import {
  effectiveProbability,
  type ForecastFigures,
  forecast,
  forecastBucket,
  forecastDate,
  weightedAmount,
  weightedPipeline,
} from "./forecast.ts";

const alice = asId.member("m-alice");
const bob = asId.member("m-bob");
const Q4 = period("2026-Q4");
const Q1 = period("2027-Q1");

// One deal per category, in EUR cents; b is in USD (×0.92).
const deals: Opportunity[] = [
  openDeal("a", {
    amount: eur(1_000_000),
    probability: 10,
    forecastCategory: "pipeline",
    closeDate: date("2026-12-10"),
  }),
  openDeal("b", { amount: usd(500_000), probability: 50, forecastCategory: "best_case" }),
  openDeal("c", { amount: eur(33_350), probability: 75, forecastCategory: "most_likely" }),
  openDeal("d", { amount: eur(200_000), probability: 80, forecastCategory: "commit", ownerId: bob }),
  wonDeal("e", "2026-10-05T15:00:00.000Z", {
    amount: eur(750_000),
    closeDate: date("2027-02-01"),
    ownerId: bob,
  }),
  lostDeal("f", "2026-11-01T10:00:00.000Z", { amount: eur(100_000), ownerId: bob }),
  openDeal("g", { amount: eur(30_000), probability: 20, forecastCategory: "omitted", ownerId: bob }),
  openDeal("h", { amount: eur(999_900), closeDate: date("2027-03-01") }),
];

function q4(): ForecastFigures {
  const r = forecast(deals, { ...IN_EUR, periods: [Q4] });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.periods[0]!.total;
}

describe("weightedAmount", () => {
  it("is the amount times the probability, rounded half-even", () => {
    expect(weightedAmount(openDeal("x", { amount: eur(33_350), probability: 75 }))).toEqual(eur(25_012));
    expect(weightedAmount(openDeal("x", { amount: eur(33_330), probability: 75 }))).toEqual(eur(24_998));
  });

  it("stays in the deal's own currency", () => {
    expect(weightedAmount(openDeal("x", { amount: usd(500_000), probability: 50 }))).toEqual(usd(250_000));
  });

  it("counts a won deal in full and a lost deal as nothing", () => {
    expect(weightedAmount(wonDeal("w", "2026-10-05T15:00:00.000Z", { probability: 90 }))).toEqual(
      eur(100_000),
    );
    expect(weightedAmount(lostDeal("l", "2026-10-05T15:00:00.000Z", { probability: 40 }))).toEqual(eur(0));
    expect(effectiveProbability(openDeal("o", { probability: 35 }))).toBe(35);
  });

  it("never exceeds a non-negative amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 100 }), (cents, p) => {
        const w = weightedAmount(openDeal("x", { amount: eur(cents), probability: p }))!.amount;
        expect(w).toBeGreaterThanOrEqual(0);
        expect(w).toBeLessThanOrEqual(cents);
      }),
    );
  });
});

describe("a deal with no amount or close date yet", () => {
  const early = openDeal("early", { amount: null, closeDate: null, forecastCategory: "pipeline" });
  const unpriced = openDeal("unpriced", {
    amount: null,
    closeDate: date("2026-12-01"),
    forecastCategory: "pipeline",
  });

  it("has no weighted amount and no forecast date", () => {
    expect(weightedAmount(early)).toBeNull();
    expect(forecastDate(early)).toBeNull();
  });

  it("falls in no period without a close date, and counts zero in its category without an amount", () => {
    const r = forecast([...deals, early, unpriced], { ...IN_EUR, periods: [Q4] });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.outsidePeriods).toContain("early");
    const cell = r.value.periods[0]!.total;
    expect(cell.categories.pipeline.opportunityIds).toContain("unpriced");
    expect(cell.categories.pipeline.amount).toEqual(q4().categories.pipeline.amount);
    expect(cell.lines.find((l) => l.opportunityId === "unpriced")).toMatchObject({
      amount: null,
      converted: eur(0),
      weighted: eur(0),
    });
  });
});

describe("weightedPipeline", () => {
  it("weights the open deals only, converted first, then weighted", () => {
    const r = weightedPipeline(deals.slice(0, 6), IN_EUR);
    expect(r.ok && r.value).toMatchObject({
      currency: EUR,
      amount: eur(1_000_000 + 460_000 + 33_350 + 200_000),
      weighted: eur(100_000 + 230_000 + 25_012 + 160_000),
    });
    expect(r.ok && r.value.lines.map((l) => l.opportunityId)).toEqual(["a", "b", "c", "d"]);
    expect(r.ok && r.value.lines[1]).toEqual({
      opportunityId: "b",
      amount: usd(500_000),
      converted: eur(460_000),
      probability: 50,
      weighted: eur(230_000),
    });
  });

  it("refuses a deal in a currency without a rate instead of skipping it", () => {
    const r = weightedPipeline([openDeal("x", { amount: money(100, GBP) })], IN_EUR);
    expect(r).toMatchObject({ ok: false, error: { _tag: "CurrencyMismatch", expected: EUR, actual: GBP } });
  });

  it("is zero for no open deal", () => {
    const r = weightedPipeline([], IN_EUR);
    expect(r.ok && r.value.weighted).toEqual(eur(0));
  });
});

describe("forecast", () => {
  it("totals each category in the report's currency", () => {
    const f = q4();
    expect(f.categories.pipeline.amount).toEqual(eur(1_000_000));
    expect(f.categories.best_case.amount).toEqual(eur(460_000));
    expect(f.categories.most_likely.amount).toEqual(eur(33_350));
    expect(f.categories.commit.amount).toEqual(eur(200_000));
    expect(f.categories.closed.amount).toEqual(eur(750_000));
    expect(f.categories.omitted.amount).toEqual(eur(30_000));
  });

  it("rolls the categories up cumulatively, as Salesforce does", () => {
    expect(q4().rollups).toEqual({
      openPipeline: eur(1_693_350),
      bestCase: eur(1_443_350),
      commit: eur(950_000),
      closed: eur(750_000),
    });
  });

  it("rolls the weighted amounts up the same way", () => {
    expect(q4().weightedRollups).toEqual({
      openPipeline: eur(515_012),
      bestCase: eur(1_165_012),
      commit: eur(910_000),
      closed: eur(750_000),
    });
  });

  it("names the deals behind every category", () => {
    const f = q4();
    expect(FORECAST_CATEGORIES.map((c) => f.categories[c].opportunityIds)).toEqual([
      ["a"],
      ["b"],
      ["c"],
      ["d"],
      ["e"],
      ["g"],
    ]);
  });

  it("counts a lost deal in no category and lists it apart", () => {
    const f = q4();
    expect(f.lost).toEqual({ amount: eur(100_000), weighted: eur(0), opportunityIds: ["f"] });
    expect(f.lines.find((l) => l.opportunityId === "f")?.bucket).toBe("lost");
  });

  it("places a won deal by the day it closed, not by its estimated close date", () => {
    const r = forecast(deals, { ...IN_EUR, periods: [Q4, Q1] });
    expect(r.ok && r.value.periods[0]?.total.categories.closed.opportunityIds).toEqual(["e"]);
    expect(r.ok && r.value.periods[1]?.total.categories.closed.opportunityIds).toEqual([]);
    expect(forecastDate(deals[4]!)).toBe("2026-10-05");
  });

  it("places an open deal by its expected close date", () => {
    const r = forecast(deals, { ...IN_EUR, periods: [Q4, Q1] });
    expect(r.ok && r.value.periods[1]?.total.categories.best_case.opportunityIds).toEqual(["h"]);
  });

  it("lists the deals that fall outside every period asked for", () => {
    const r = forecast(deals, { ...IN_EUR, periods: [Q4] });
    expect(r.ok && r.value.outsidePeriods).toEqual(["h"]);
  });

  it("explains each deal: amount, converted amount, probability, weighted, date", () => {
    expect(q4().lines.find((l) => l.opportunityId === "b")).toEqual({
      opportunityId: "b",
      name: "Deal b",
      ownerId: alice,
      status: "open",
      bucket: "best_case",
      date: "2026-12-15",
      amount: usd(500_000),
      converted: eur(460_000),
      probability: 50,
      weighted: eur(230_000),
    });
  });

  it("splits each period by owner when asked, owners in id order", () => {
    const r = forecast(deals, { ...IN_EUR, periods: [Q4], groupBy: "owner" });
    const owners = r.ok ? r.value.periods[0]!.owners : [];
    expect(owners.map((o) => o.ownerId)).toEqual([alice, bob]);
    expect(owners[0]?.rollups.openPipeline).toEqual(eur(1_493_350));
    expect(owners[1]?.rollups).toEqual({
      openPipeline: eur(200_000),
      bestCase: eur(950_000),
      commit: eur(950_000),
      closed: eur(750_000),
    });
    expect(owners[1]?.lost.opportunityIds).toEqual(["f"]);
  });

  it("gives no owner cells unless grouped by owner", () => {
    const r = forecast(deals, { ...IN_EUR, periods: [Q4] });
    expect(r.ok && r.value.periods[0]?.owners).toEqual([]);
  });

  it("counts an open deal marked closed as commit: closed is kept for won money", () => {
    const odd = openDeal("z", { forecastCategory: "closed" });
    expect(forecastBucket(odd)).toBe("commit");
  });

  it("counts a won deal as closed whatever category it carried", () => {
    expect(forecastBucket(wonDeal("w", "2026-10-05T15:00:00.000Z", { forecastCategory: "commit" }))).toBe(
      "closed",
    );
  });

  it("counts a deal in every period that holds its date", () => {
    const r = forecast(deals, { ...IN_EUR, periods: [Q4, period("2026-12"), period("2026")] });
    const [quarter, month, year] = r.ok ? r.value.periods : [];
    expect(quarter?.total.rollups).toEqual(year?.total.rollups);
    expect(month?.total.categories.pipeline.opportunityIds).toEqual(["a"]);
  });

  it("refuses a deal in a reported period whose currency has no rate", () => {
    const r = forecast([...deals, openDeal("gbp", { amount: money(5_000, GBP) })], {
      ...IN_EUR,
      periods: [Q4],
    });
    expect(r).toMatchObject({ ok: false, error: { _tag: "CurrencyMismatch", actual: GBP } });
  });

  it("does not need a rate for a deal outside the periods", () => {
    const r = forecast([openDeal("gbp", { amount: money(5_000, GBP), closeDate: date("2028-01-01") })], {
      ...IN_EUR,
      periods: [Q4],
    });
    expect(r.ok).toBe(true);
  });
});

describe("forecast properties", () => {
  const YEAR_START = date("2026-01-01");
  const deals = fc.array(
    fc.record({
      status: fc.constantFrom("open" as const, "won" as const, "lost" as const),
      category: fc.constantFrom(...FORECAST_CATEGORIES),
      currency: fc.constantFrom(EUR, USD, JPY),
      amount: fc.integer({ min: 0, max: 10_000_000_000 }),
      probability: fc.integer({ min: 0, max: 100 }),
      dayOfYear: fc.integer({ min: 0, max: 364 }),
      owner: fc.constantFrom("m-alice", "m-bob", "m-carol"),
      // Early deals may have no amount or close date yet.
      priced: fc.boolean(),
      dated: fc.boolean(),
    }),
    { maxLength: 40 },
  );
  type GeneratedDeal = typeof deals extends fc.Arbitrary<(infer D)[]> ? D : never;

  function toOpps(ds: readonly GeneratedDeal[]): Opportunity[] {
    return ds.map((d, i) => {
      const day = addDays(YEAR_START, d.dayOfYear);
      const common = {
        amount: d.priced ? money(d.amount, d.currency) : null,
        probability: d.probability,
        forecastCategory: d.category,
        ownerId: asId.member(d.owner),
        closeDate: d.dated ? day : null,
      };
      const closedAt = `${day}T12:00:00.000Z`;
      if (d.status === "won") return wonDeal(`o${i}`, closedAt, common);
      if (d.status === "lost") return lostDeal(`o${i}`, closedAt, common);
      return openDeal(`o${i}`, common);
    });
  }

  const QUARTERS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"].map((p) => period(p));
  const periods = [...QUARTERS, period("2026")];

  it("keeps rollups cumulative and each equal to the sum of its categories", () => {
    fc.assert(
      fc.property(deals, (ds) => {
        const r = forecast(toOpps(ds), { ...IN_EUR, periods, groupBy: "owner" });
        if (!r.ok) throw new Error(r.error.message);
        const cells = r.value.periods.flatMap((p) => [p.total, ...p.owners]);
        for (const cell of cells) {
          const c = (k: (typeof FORECAST_CATEGORIES)[number]) => BigInt(cell.categories[k].amount.amount);
          const { openPipeline, bestCase, commit, closed } = cell.rollups;
          expect(BigInt(openPipeline.amount)).toBe(
            c("pipeline") + c("best_case") + c("most_likely") + c("commit"),
          );
          expect(BigInt(bestCase.amount)).toBe(c("best_case") + c("most_likely") + c("commit") + c("closed"));
          expect(BigInt(commit.amount)).toBe(c("commit") + c("closed"));
          expect(BigInt(closed.amount)).toBe(c("closed"));
          expect(closed.amount).toBeLessThanOrEqual(commit.amount);
          expect(commit.amount).toBeLessThanOrEqual(bestCase.amount);
          expect(cell.weightedRollups.commit.amount).toBeLessThanOrEqual(commit.amount);
          expect(cell.weightedRollups.bestCase.amount).toBeLessThanOrEqual(bestCase.amount);
        }
      }),
    );
  });

  it("sums money exactly: each category equals an independent bigint sum of the converted deals", () => {
    fc.assert(
      fc.property(deals, (ds) => {
        const opps = toOpps(ds);
        const r = forecast(opps, { ...IN_EUR, periods });
        if (!r.ok) throw new Error(r.error.message);
        const year = r.value.periods[4]!.total;
        const expected = new Map<string, bigint>();
        for (const o of opps) {
          if (forecastDate(o) === null) continue;
          const converted = o.amount ? convertWith(o.amount, EUR, RATES, "half_even") : ok(eur(0));
          if (!converted.ok) throw new Error("rate missing");
          const bucket = forecastBucket(o);
          expected.set(bucket, (expected.get(bucket) ?? 0n) + BigInt(converted.value.amount));
        }
        for (const k of FORECAST_CATEGORIES) {
          expect(BigInt(year.categories[k].amount.amount)).toBe(expected.get(k) ?? 0n);
        }
        expect(BigInt(year.lost.amount.amount)).toBe(expected.get("lost") ?? 0n);
      }),
    );
  });

  it("the year equals the sum of its quarters, category by category, and owners sum to the total", () => {
    fc.assert(
      fc.property(deals, (ds) => {
        const r = forecast(toOpps(ds), { ...IN_EUR, periods, groupBy: "owner" });
        if (!r.ok) throw new Error(r.error.message);
        const ps = r.value.periods;
        for (const k of FORECAST_CATEGORIES) {
          const quarters = ps
            .slice(0, 4)
            .reduce((s, p) => s + BigInt(p.total.categories[k].amount.amount), 0n);
          expect(BigInt(ps[4]!.total.categories[k].weighted.amount)).toBe(
            ps.slice(0, 4).reduce((s, p) => s + BigInt(p.total.categories[k].weighted.amount), 0n),
          );
          expect(BigInt(ps[4]!.total.categories[k].amount.amount)).toBe(quarters);
          for (const p of ps) {
            const owners = p.owners.reduce((s, o) => s + BigInt(o.categories[k].amount.amount), 0n);
            expect(owners).toBe(BigInt(p.total.categories[k].amount.amount));
          }
        }
      }),
    );
  });
});
