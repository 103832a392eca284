import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { at, eur, IN_EUR, lostDeal, openDeal, wonDeal } from "../../testing/policies.fixtures.ts";
import type { Opportunity } from "../entities/opportunity.ts";
import { defaultWorkspaceSettings } from "../entities/settings.ts";
import { date, timestamp } from "../kernel/calendar-date.ts";
import { PERIOD_KINDS, period, periodsBetween } from "../kernel/fiscal.ts";
import { asId } from "../kernel/ids.ts";
import { money } from "../kernel/money.ts";
import type { StageEntry } from "./sales-metrics.ts";
import { type DealHistory, METRIC_DIMENSIONS, salesMetrics, stageTrend } from "./sales-trend.ts";

const settings = defaultWorkspaceSettings("EUR");
const pipelines = settings.pipelines;
const entry = (stageId: string, iso: string): StageEntry => ({ stageId: asId.stage(stageId), at: at(iso) });
const history = (deal: Opportunity, entries: StageEntry[] = []): DealHistory => ({ deal, entries });

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const Q3 = period("2026-Q3");
const Q4 = period("2026-Q4");
const base = { ...IN_EUR, pipelines, periods: [Q3, Q4], asOf: timestamp("2026-12-31T23:00:00.000Z") };

const deals: DealHistory[] = [
  history(
    wonDeal("w1", "2026-10-11T09:00:00.000Z", {
      amount: eur(1_000_000),
      createdAt: at("2026-09-01T09:00:00.000Z"),
      leadSource: "referral",
    }),
    [
      entry("prospecting", "2026-09-01T09:00:00.000Z"),
      entry("proposal", "2026-09-21T09:00:00.000Z"),
      entry("closed_won", "2026-10-11T09:00:00.000Z"),
    ],
  ),
  history(
    lostDeal("l1", "2026-08-10T10:00:00.000Z", {
      amount: eur(500_000),
      createdAt: at("2026-07-01T10:00:00.000Z"),
      ownerId: asId.member("m-bob"),
    }),
    [entry("prospecting", "2026-07-01T10:00:00.000Z"), entry("closed_lost", "2026-08-10T10:00:00.000Z")],
  ),
  history(openDeal("o1", { createdAt: at("2026-08-01T09:00:00.000Z") }), [
    entry("prospecting", "2026-08-01T09:00:00.000Z"),
  ]),
];

describe("salesMetrics", () => {
  it("counts each period as of its own end: wins, losses, value win rate, size, cycle and velocity", () => {
    const r = value(salesMetrics(deals, base));
    const [q3, q4] = r.all.trend;
    expect(q3!.figures).toMatchObject({
      won: 0,
      lost: 1,
      winRateBasisPoints: 0,
      averageDealSize: null,
      // o1 and w1 were open at the end of September; no win, so nothing flows.
      openAtEnd: 2,
      velocityPerDay: money(0, "EUR"),
    });
    expect(q4!.figures).toMatchObject({
      won: 1,
      wonAmount: eur(1_000_000),
      lost: 0,
      winRateBasisPoints: 10_000,
      valueWinRateBasisPoints: 10_000,
      averageDealSize: eur(1_000_000),
      cycleDays: 40,
      averageCycleDays: 40,
      openAtEnd: 1,
      // 1 open × 100 % × 1,000,000 ÷ 40 days
      velocityPerDay: eur(25_000),
    });
    expect(r.all.whole).toMatchObject({ won: 1, lost: 1, winRateBasisPoints: 5_000 });
    // 1,000,000 ÷ 1,500,000
    expect(r.all.whole.valueWinRateBasisPoints).toBe(6_667);
  });

  it("counts stage visits: conversion to a stage further along, and time in the stages left", () => {
    const r = value(salesMetrics(deals, base));
    const prospecting = r.all.whole.stages.find((s) => s.stageId === "prospecting")!;
    // Three deals entered prospecting; only w1 went further (l1 was lost, o1 is still there).
    expect(prospecting).toMatchObject({ entered: 3, advanced: 1, conversionBasisPoints: 3_333 });
    // w1 left after 20 days, l1 after 40: two completed visits.
    expect(prospecting.completedVisits).toBe(2);
    expect(prospecting.meanDays).toBe(30);
    const proposal = r.all.whole.stages.find((s) => s.stageId === "proposal")!;
    expect(proposal).toMatchObject({ entered: 1, advanced: 1, completedVisits: 1, meanDays: 20 });
  });

  it("reads as of a moment: a period that has not begun is left out, the running one ends at asOf", () => {
    const r = value(salesMetrics(deals, { ...base, asOf: timestamp("2026-09-30T12:00:00.000Z") }));
    expect(r.all.trend.map((t) => t.period.label)).toEqual(["2026-Q3"]);
    expect(r.span).toEqual({ start: date("2026-07-01"), end: date("2026-09-30") });
  });

  it("groups by owner, lead source, type, service line and team (the owner's manager)", () => {
    const byOwner = value(salesMetrics(deals, { ...base, groupBy: "owner" }));
    expect(byOwner.groups.map((g) => [g.key, g.whole.won, g.whole.lost])).toEqual([
      ["m-alice", 1, 0],
      ["m-bob", 0, 1],
    ]);
    const bySource = value(salesMetrics(deals, { ...base, groupBy: "source" }));
    expect(bySource.groups.map((g) => g.key)).toEqual(["referral", null]);
    const members = [
      { id: asId.member("m-alice"), reportsTo: asId.member("m-dir") },
      { id: asId.member("m-bob"), reportsTo: null },
    ];
    const byTeam = value(salesMetrics(deals, { ...base, groupBy: "team", members }));
    expect(byTeam.groups.map((g) => g.key)).toEqual(["m-bob", "m-dir"]);
  });

  it("groups two spellings of a service line as one, named by the catalog's spelling, as whitespace does", () => {
    const lined = (id: string, line: string | null) =>
      history(wonDeal(id, "2026-10-01T09:00:00.000Z", { amount: eur(100), serviceLine: line }));
    const hs = [
      lined("a", "Media"),
      lined("b", "media "),
      lined("c", "SOCIAL"),
      lined("d", "social"),
      lined("e", null),
    ];
    const r = value(salesMetrics(hs, { ...base, groupBy: "serviceLine", serviceLines: ["Social", "Media"] }));
    expect(r.groups.map((g) => [g.key, g.whole.won])).toEqual([
      ["Media", 2],
      ["Social", 2],
      [null, 1],
    ]);
    // Without the catalog, the smallest spelling met names the line.
    const bare = value(salesMetrics(hs, { ...base, groupBy: "serviceLine" }));
    expect(bare.groups.map((g) => g.key)).toEqual(["Media", "SOCIAL", null]);
  });

  it("gives each stage deals went through its conversion and time per period, and over the span", () => {
    const r = value(salesMetrics(deals, base));
    const rows = stageTrend(r.all);
    // Prospecting and proposal were visited; discovery and negotiation never: no row of dashes for them.
    expect(rows.map((row) => row.stageId)).toEqual(["prospecting", "proposal"]);
    const prospecting = rows[0]!;
    expect(
      prospecting.periods.map((p) => [p.period.label, p.figures.entered, p.figures.completedVisits]),
    ).toEqual([
      // Q3: the three deals entered it; l1 left it (lost, 10 Aug) and w1 (to proposal, 21 Sep). Q4: nothing.
      ["2026-Q3", 3, 2],
      ["2026-Q4", 0, 0],
    ]);
    expect(prospecting.whole).toBe(r.all.whole.stages.find((s) => s.stageId === "prospecting"));
  });

  it("refuses an amount with no rate into the report's currency", () => {
    const gbp = history(wonDeal("g", "2026-10-01T09:00:00.000Z", { amount: money(100, "GBP") }));
    const r = salesMetrics([gbp], base);
    expect(r.ok).toBe(false);
  });
});

// --- properties -------------------------------------------------------------------------------------------

const DAY = 86_400_000;
const START = Date.parse("2025-01-01T00:00:00.000Z");
const STAGES = ["prospecting", "discovery", "proposal", "negotiation"];

/** A deal with a life inside 2025–2026: created, a few stage moves, maybe closed. */
const arbHistory = (i: number) =>
  fc
    .record({
      createdDay: fc.integer({ min: 0, max: 600 }),
      steps: fc.array(
        fc.record({ gap: fc.integer({ min: 0, max: 60 }), stage: fc.integer({ min: 0, max: 3 }) }),
        {
          maxLength: 4,
        },
      ),
      close: fc.constantFrom("open", "won", "lost"),
      closeGap: fc.integer({ min: 0, max: 90 }),
      amount: fc.integer({ min: 0, max: 10_000_000 }),
      owner: fc.constantFrom("m-a", "m-b", "m-c"),
      source: fc.constantFrom(null, "referral", "inbound"),
      line: fc.constantFrom(null, "Media", "media ", "Creative"),
    })
    .map((g): DealHistory => {
      const iso = (ms: number) => new Date(ms).toISOString();
      let t = START + g.createdDay * DAY;
      const entries: StageEntry[] = [entry("prospecting", iso(t))];
      for (const s of g.steps) {
        t += s.gap * DAY;
        entries.push(entry(STAGES[s.stage]!, iso(t)));
      }
      const common = {
        amount: eur(g.amount),
        createdAt: at(iso(START + g.createdDay * DAY)),
        ownerId: asId.member(g.owner),
        leadSource: g.source,
        serviceLine: g.line,
      };
      if (g.close === "open") return history(openDeal(`d${i}`, common), entries);
      t += g.closeGap * DAY;
      entries.push(entry(g.close === "won" ? "closed_won" : "closed_lost", iso(t)));
      const deal = g.close === "won" ? wonDeal(`d${i}`, iso(t), common) : lostDeal(`d${i}`, iso(t), common);
      return history(deal, entries);
    });

const arbHistories = fc
  .integer({ min: 0, max: 25 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbHistory(i))));

const arbOptions = fc.record({
  kind: fc.constantFrom(...PERIOD_KINDS.filter((k) => k !== "year")),
  firstDay: fc.integer({ min: 0, max: 500 }),
  count: fc.integer({ min: 1, max: 8 }),
  asOfDay: fc.integer({ min: 100, max: 800 }),
  groupBy: fc.constantFrom(undefined, ...METRIC_DIMENSIONS),
});

type Drawn = typeof arbOptions extends fc.Arbitrary<infer T> ? T : never;

function optionsOf(o: Drawn) {
  const first = new Date(START + o.firstDay * DAY).toISOString().slice(0, 10);
  const all = periodsBetween(o.kind, date(first), date("2027-12-31"));
  return {
    ...IN_EUR,
    pipelines,
    periods: all.slice(0, o.count),
    asOf: timestamp(new Date(START + o.asOfDay * DAY + 3_600_000).toISOString()),
    ...(o.groupBy ? { groupBy: o.groupBy } : {}),
  };
}

describe("salesMetrics properties", () => {
  it("keeps win rates within 0–100 % and cycles at zero or more, in every period and group", () => {
    fc.assert(
      fc.property(arbHistories, arbOptions, (hs, o) => {
        const r = value(salesMetrics(hs, optionsOf(o)));
        for (const g of [r.all, ...r.groups])
          for (const f of [g.whole, ...g.trend.map((t) => t.figures)]) {
            for (const bp of [f.winRateBasisPoints, f.valueWinRateBasisPoints])
              if (bp !== null) {
                expect(bp).toBeGreaterThanOrEqual(0);
                expect(bp).toBeLessThanOrEqual(10_000);
              }
            expect(f.cycleDays).toBeGreaterThanOrEqual(0);
            if (f.averageCycleDays !== null) expect(f.averageCycleDays).toBeGreaterThanOrEqual(0);
            for (const s of f.stages) {
              expect(s.advanced).toBeLessThanOrEqual(s.entered);
              expect(s.totalMillis).toBeGreaterThanOrEqual(0);
            }
          }
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it("adds up: the trend's periods sum to the whole span, and the groups to all deals", () => {
    fc.assert(
      fc.property(arbHistories, arbOptions, (hs, o) => {
        const r = value(salesMetrics(hs, optionsOf(o)));
        const summed = (figures: readonly (typeof r.all.whole)[]) => ({
          won: figures.reduce((s, f) => s + f.won, 0),
          lost: figures.reduce((s, f) => s + f.lost, 0),
          wonAmount: figures.reduce((s, f) => s + f.wonAmount.amount, 0),
          lostAmount: figures.reduce((s, f) => s + f.lostAmount.amount, 0),
          cycleDays: figures.reduce((s, f) => s + f.cycleDays, 0),
          entered: figures.reduce((s, f) => s + f.stages.reduce((t, x) => t + x.entered, 0), 0),
          completed: figures.reduce((s, f) => s + f.stages.reduce((t, x) => t + x.completedVisits, 0), 0),
          millis: figures.reduce((s, f) => s + f.stages.reduce((t, x) => t + x.totalMillis, 0), 0),
        });
        for (const g of [r.all, ...r.groups])
          expect(summed(g.trend.map((t) => t.figures))).toEqual(summed([g.whole]));
        if (o.groupBy) expect(summed(r.groups.map((g) => g.whole))).toEqual(summed([r.all.whole]));
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it("gives each stage's trend periods that add up to its whole span, and leaves out only untouched stages", () => {
    fc.assert(
      fc.property(arbHistories, arbOptions, (hs, o) => {
        const r = value(salesMetrics(hs, optionsOf(o)));
        for (const g of [r.all, ...r.groups]) {
          const rows = stageTrend(g);
          const touched = g.whole.stages.filter((s) => s.entered > 0 || s.completedVisits > 0);
          expect(rows.map((row) => row.stageId)).toEqual(touched.map((s) => s.stageId));
          for (const row of rows) {
            expect(row.periods.map((p) => p.period)).toEqual(g.trend.map((t) => t.period));
            const sum = (k: "entered" | "advanced" | "completedVisits" | "totalMillis") =>
              row.periods.reduce((n, p) => n + p.figures[k], 0);
            expect([sum("entered"), sum("completedVisits"), sum("totalMillis")]).toEqual([
              row.whole.entered,
              row.whole.completedVisits,
              row.whole.totalMillis,
            ]);
          }
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
