// The forecast aggregated in SQL equals the domain's `forecast()` (the specification) on random deals: currencies
// with and without rates (minor units of 0, 2 and 3 digits), every status and category, several owners, dates
// on the edges of overlapping periods, amounts and rates whose conversion and weighting land on half a minor
// unit, a reader who sees only some deals, and a page of lines after a cursor.
import { randomBytes } from "node:crypto";
import {
  type Currency,
  type ExchangeRate,
  FORECAST_CATEGORIES,
  forecast,
  money,
  type Opportunity,
  type Period,
  parsePeriod,
  summariseForecast,
} from "@accountable/domain";
import { type DatabaseHandle, schema } from "@accountable/store";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opportunityRow } from "../src/aggregates/opportunity.ts";
import { loadScope } from "../src/execute.ts";
import { createService, type Service } from "../src/index.ts";
import { TARGETS } from "./databases.ts";
import { seedWorkspace } from "./scenario.ts";

const CURRENCIES = ["EUR", "USD", "JPY", "KWD", "GBP"] as const;
const PERIODS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026", "2026-03", "2026-10"] as const;
// The first and last day of each period above, and the days either side.
const EDGES = [
  "2025-12-31",
  "2026-01-01",
  "2026-02-28",
  "2026-03-01",
  "2026-03-31",
  "2026-04-01",
  "2026-06-30",
  "2026-07-01",
  "2026-09-30",
  "2026-10-01",
  "2026-10-31",
  "2026-11-01",
  "2026-12-31",
  "2027-01-01",
];
const TIMES = ["T00:00:00.000Z", "T23:59:59.999Z", "T12:30:00.000Z"];

const day = fc.oneof(
  fc.constantFrom(...EDGES),
  fc
    .integer({ min: 0, max: 400 })
    .map((n) => new Date(Date.UTC(2025, 11, 1) + n * 86_400_000).toISOString().slice(0, 10)),
);

// Amounts that are multiples of 50 meet the half-unit ties of a percentage; small ones round to zero.
const amount = fc.oneof(
  fc.integer({ min: 0, max: 100_000_000 }),
  fc.integer({ min: 0, max: 2_000_000 }).map((n) => n * 50),
  fc.integer({ min: -1_000, max: 1_000 }),
);

// A decimal rate with up to six digits after the point, small enough that no total leaves the safe integers ("0.5" and "1.25" make exact halves).
const rate = fc.oneof(
  fc.constantFrom("0.5", "1.25", "2", "0.005", "150"),
  fc
    .tuple(fc.integer({ min: 1, max: 30_000 }), fc.integer({ min: 0, max: 6 }))
    .map(([n, scale]) => (n / 10 ** scale).toFixed(scale)),
);

const deal = fc.record({
  suffix: fc.stringMatching(/^[a-z0-9]{1,6}$/),
  ownerId: fc.constantFrom("m-a", "m-b", "m-c"),
  status: fc.constantFrom("open", "won", "lost"),
  forecastCategory: fc.constantFrom(...FORECAST_CATEGORIES),
  probability: fc.integer({ min: 0, max: 100 }),
  amount,
  currency: fc.constantFrom(...CURRENCIES),
  closeDate: day,
  closedDay: day,
  closedTime: fc.constantFrom(...TIMES),
  seen: fc.boolean(),
  // Early deals may have no amount or no close date yet (their stage allows it).
  priced: fc.boolean(),
  dated: fc.boolean(),
});

const scenario = fc.record({
  deals: fc.uniqueArray(deal, { maxLength: 40, selector: (d) => d.suffix }),
  target: fc.constantFrom<Currency>("EUR" as Currency, "JPY" as Currency, "KWD" as Currency),
  rates: fc.record({ EUR: rate, USD: rate, JPY: rate, KWD: rate, GBP: rate }),
  // Which currencies lack a rate into the report's currency (a refusal when one of its deals is in a period).
  unrated: fc.subarray([...CURRENCIES]),
  periods: fc.subarray([...PERIODS], { minLength: 1, maxLength: 3 }),
  byOwner: fc.boolean(),
  partial: fc.boolean(),
  lines: fc.option(fc.record({ limit: fc.integer({ min: 1, max: 8 }), afterIndex: fc.nat() })),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

function opportunityOf(d: Scenario["deals"][number]): Opportunity {
  const closedAt = `${d.closedDay}${d.closedTime}`;
  // Only the fields the forecast reads, and those the read table's columns copy.
  return {
    id: `o-${d.suffix}`,
    accountId: "a-1",
    ownerId: d.ownerId,
    name: `Deal ${d.suffix}`,
    type: "new_business",
    pipelineId: "new_business",
    stageId: "discovery",
    status: d.status,
    amount: d.priced ? money(d.amount, d.currency) : null,
    probability: d.probability,
    forecastCategory: d.forecastCategory,
    closeDate: d.dated ? d.closeDate : null,
    createdAt: "2025-01-01T00:00:00.000Z",
    stageEnteredAt: "2025-01-01T00:00:00.000Z",
    ...(d.status === "open" ? {} : { closedAt }),
    ...(d.status === "lost" ? { lossReason: "Price" } : {}),
  } as unknown as Opportunity;
}

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`the forecast in SQL on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    const ws = `ws-${randomBytes(4).toString("hex")}`;

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db });
      await seedWorkspace(service, ws);
    });

    afterAll(async () => {
      await handle?.close();
    });

    async function replaceDeals(opps: readonly Opportunity[]): Promise<void> {
      const o = schema.opportunities;
      await handle.db.delete(o).where(and(eq(o.workspaceId, ws)));
      if (opps.length === 0) return;
      await handle.db
        .insert(o)
        .values(opps.map((s) => ({ workspaceId: ws, ...opportunityRow(s, 1, "2026-01-01T00:00:00.000Z") })));
    }

    it("equals the domain's forecast, summarised, on random deals", async () => {
      const settings = (await loadScope(handle.db, ws)).settings;
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const opps = s.deals.map(opportunityOf).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
          await replaceDeals(opps);
          const rates: ExchangeRate[] = CURRENCIES.filter(
            (c) => c !== s.target && !s.unrated.includes(c),
          ).map((c) => ({ from: c as Currency, to: s.target, rate: s.rates[c] }));
          const periods = s.periods.map((l) => parsePeriod(l, settings.fiscalYear) as Period);
          const inPeriods = opps.filter((o) => {
            const d = o.status === "open" ? o.closeDate : o.closedAt.slice(0, 10);
            return d !== null && periods.some((p) => d >= p.start && d <= p.end);
          });
          const only = s.partial
            ? new Set(s.deals.filter((d) => d.seen).map((d) => `o-${d.suffix}`))
            : undefined;
          const seen = only === undefined ? inPeriods : inPeriods.filter((o) => only.has(o.id));
          const ids = seen.map((o) => o.id);
          const lines =
            s.lines === null
              ? undefined
              : {
                  limit: s.lines.limit,
                  after: ids.length === 0 ? undefined : ids[s.lines.afterIndex % (ids.length + 1)],
                };

          const expected = forecast(seen, {
            currency: s.target,
            rates,
            periods,
            ...(s.byOwner ? { groupBy: "owner" as const } : {}),
          });
          const actual = await service.queries.forecast(
            ws,
            {
              periods: [...s.periods],
              currency: s.target,
              rates,
              ...(s.byOwner ? { groupBy: "owner" as const } : {}),
              ...(lines
                ? {
                    lines: true,
                    linesLimit: lines.limit,
                    ...(lines.after ? { linesAfter: lines.after } : {}),
                  }
                : {}),
            },
            only,
          );
          if (!expected.ok) {
            expect(actual.ok || actual.error).toEqual(expected.error);
            return;
          }
          if (!actual.ok) throw new Error(`${actual.error._tag}: ${actual.error.message}`);
          expect(actual.value.forecast).toEqual(summariseForecast(expected.value, lines));
          expect(actual.value.withheld).toBe(inPeriods.length - seen.length);
        }),
        { numRuns: target.name === "PGlite" ? 120 : 200 },
      );
    }, 240_000);
  });
}
