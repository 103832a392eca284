import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addHours, timestamp } from "../kernel/calendar-date.ts";
import { asId } from "../kernel/ids.ts";
import {
  type FunnelActivity,
  type FunnelDeal,
  medianDays,
  targetFunnel,
  targetProgress,
} from "./target-funnel.ts";

const T = timestamp("2026-01-05T09:00:00.000Z");
const day = (n: number) => addHours(T, 24 * n);
const member = (id: string, addedDay = 0) => ({ accountId: asId.account(id), addedAt: day(addedDay) });
const meeting = (accountId: string, d: number, status = "done"): FunnelActivity => ({
  accountId,
  kind: "meeting",
  status,
  at: day(d),
});
const deal = (accountId: string, d: number, wonDay?: number): FunnelDeal => ({
  accountId,
  createdAt: day(d),
  status: wonDay === undefined ? "open" : "won",
  closedAt: wonDay === undefined ? null : day(wonDay),
});

describe("targetProgress", () => {
  it("counts only what happened after the account joined the list: a meeting before it is not a first meeting", () => {
    const p = targetProgress(
      member("acme", 10),
      [meeting("acme", 3), meeting("acme", 14)],
      [deal("acme", 5)],
    );
    expect(p).toMatchObject({ step: "met", metAt: day(14), opportunityAt: null });
  });

  it("ignores calls, planned meetings and other accounts' meetings", () => {
    const acts = [meeting("acme", 2, "planned"), { ...meeting("acme", 3), kind: "call" }, meeting("zeta", 4)];
    expect(targetProgress(member("acme"), acts, []).step).toBe("target");
  });

  it("takes a deal made without a recorded meeting as past the meeting; a won deal as won", () => {
    expect(targetProgress(member("acme"), [], [deal("acme", 7)]).step).toBe("opportunity");
    expect(targetProgress(member("acme"), [], [deal("acme", 7, 40)])).toMatchObject({
      step: "won",
      wonAt: day(40),
    });
  });
});

describe("targetFunnel", () => {
  it("counts each step, its conversion from the step before and the mean days it took", () => {
    const members = [member("a"), member("b"), member("c"), member("d")];
    const f = targetFunnel(
      members,
      [meeting("a", 10), meeting("b", 20), meeting("c", 30)],
      [deal("a", 20, 50), deal("b", 40)],
    );
    expect(f.steps).toEqual([
      {
        step: "target",
        count: 4,
        conversionBasisPoints: null,
        averageDaysFromPrevious: null,
        medianDaysFromPrevious: null,
      },
      {
        step: "met",
        count: 3,
        conversionBasisPoints: 7500,
        averageDaysFromPrevious: 20,
        medianDaysFromPrevious: 20,
      },
      {
        step: "opportunity",
        count: 2,
        conversionBasisPoints: 6667,
        averageDaysFromPrevious: 15,
        medianDaysFromPrevious: 15,
      },
      {
        step: "won",
        count: 1,
        conversionBasisPoints: 5000,
        averageDaysFromPrevious: 30,
        medianDaysFromPrevious: 30,
      },
    ]);
  });

  it("gives the median days beside the mean: one slow account pulls the mean, not the median", () => {
    const f = targetFunnel(
      [member("a"), member("b"), member("c")],
      [meeting("a", 1), meeting("b", 2), meeting("c", 90)],
      [],
    );
    expect(f.steps[1]).toMatchObject({ averageDaysFromPrevious: 31, medianDaysFromPrevious: 2 });
  });

  it("takes the two middle days' mean, rounded half up, for an even count", () => {
    expect(medianDays([])).toBeNull();
    expect(medianDays([7])).toBe(7);
    expect(medianDays([40, 1, 2, 90])).toBe(21);
    expect(medianDays([1, 2])).toBe(2);
    expect(medianDays([3, 1, 2])).toBe(2);
  });

  it("gives no rate after an empty step (unknown, not 0 %)", () => {
    expect(targetFunnel([member("a")], [], []).steps[2]).toMatchObject({
      count: 0,
      conversionBasisPoints: null,
    });
  });

  describe("properties", () => {
    const ids = ["a", "b", "c", "d", "e"];
    const world = fc.record({
      members: fc
        .uniqueArray(fc.constantFrom(...ids), { maxLength: 5 })
        .chain((ms) => fc.tuple(...ms.map((m) => fc.integer({ min: 0, max: 30 }).map((d) => member(m, d))))),
      activities: fc.array(
        fc.record({
          accountId: fc.constantFrom(...ids),
          kind: fc.constantFrom("meeting", "call"),
          status: fc.constantFrom("done", "planned"),
          at: fc.integer({ min: 0, max: 90 }).map(day),
        }),
      ),
      deals: fc.array(
        fc
          .tuple(
            fc.constantFrom(...ids),
            fc.integer({ min: 0, max: 90 }),
            fc.option(fc.integer({ min: 0, max: 60 })),
          )
          .map(([a, d, won]) => deal(a, d, won === null ? undefined : d + won)),
      ),
    });

    it("each step counts at most the step before; the first counts every member", () => {
      fc.assert(
        fc.property(world, ({ members, activities, deals }) => {
          const f = targetFunnel(members, activities, deals);
          expect(f.steps[0]?.count).toBe(members.length);
          for (let i = 1; i < f.steps.length; i++)
            expect(f.steps[i]!.count).toBeLessThanOrEqual(f.steps[i - 1]!.count);
        }),
      );
    });

    it("rates are within 0–100 %, and days between steps are never negative", () => {
      fc.assert(
        fc.property(world, ({ members, activities, deals }) => {
          for (const s of targetFunnel(members, activities, deals).steps) {
            if (s.conversionBasisPoints !== null) expect(s.conversionBasisPoints).toBeGreaterThanOrEqual(0);
            if (s.conversionBasisPoints !== null) expect(s.conversionBasisPoints).toBeLessThanOrEqual(10_000);
            if (s.averageDaysFromPrevious !== null)
              expect(s.averageDaysFromPrevious).toBeGreaterThanOrEqual(0);
            // The median is there exactly when the mean is (the same days), and never negative either.
            expect(s.medianDaysFromPrevious === null).toBe(s.averageDaysFromPrevious === null);
            if (s.medianDaysFromPrevious !== null) expect(s.medianDaysFromPrevious).toBeGreaterThanOrEqual(0);
          }
        }),
      );
    });

    it("the median days lie within the fewest and the most, half the days at or below it, half at or above", () => {
      fc.assert(
        fc.property(fc.array(fc.nat({ max: 400 }), { minLength: 1, maxLength: 40 }), (days) => {
          const m = medianDays(days)!;
          expect(m).toBeGreaterThanOrEqual(Math.min(...days));
          expect(m).toBeLessThanOrEqual(Math.max(...days));
          expect(days.filter((d) => d <= m).length * 2).toBeGreaterThanOrEqual(days.length);
          expect(days.filter((d) => d >= m).length * 2).toBeGreaterThanOrEqual(days.length);
          expect(medianDays([...days].reverse())).toBe(m);
        }),
      );
    });
  });
});
