// Quota attainment converted and summed in SQL equals the domain's `quotaAttainment()` (the specification) on
// random quotas and deals: quotas set and retired, several for one member, in currencies with and without a rate
// (minor units of 0, 2 and 3 digits); deals of every status and owner, won on either side of the period's edges
// (the UTC day they closed counts), with no amount, amounts and rates whose conversion lands on half a minor
// unit; the report for some members only; with or without a page of each quota's deals (in id order, after a
// cursor that may or may not be one of the deals' ids).
import { randomBytes } from "node:crypto";
import {
  type Currency,
  type ExchangeRate,
  money,
  type Opportunity,
  type Quota,
  quotaAttainment,
  summariseQuotaAttainment,
} from "@accountable/domain";
import { type DatabaseHandle, schema } from "@accountable/store";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opportunityRow } from "../src/aggregates/opportunity.ts";
import { loadScope } from "../src/execute.ts";
import { createService, type Service } from "../src/index.ts";
import { TARGETS } from "./databases.ts";
import { seedWorkspace } from "./scenario.ts";

const CURRENCIES = ["EUR", "USD", "JPY", "KWD", "GBP"] as const;
const MEMBERS = ["m-a", "m-b", "m-c", "m-d"] as const;
const PERIODS = ["2026-Q1", "2026-Q3", "2026", "2026-03", "2026-10"] as const;
// The first and last days of the periods above, and the days either side of them.
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
// Moments at the very start and end of a UTC day, where a timezone slip would move the deal across an edge.
const TIMES = ["T00:00:00.000Z", "T23:59:59.999Z", "T12:30:00.000Z"];

const day = fc.oneof(
  fc.constantFrom(...EDGES),
  fc
    .integer({ min: 0, max: 400 })
    .map((n) => new Date(Date.UTC(2025, 11, 1) + n * 86_400_000).toISOString().slice(0, 10)),
);

// Multiples of 50 and of 1,000 meet the half-unit ties of a conversion; small ones round to zero.
const amount = fc.oneof(
  fc.integer({ min: 1, max: 100_000_000 }),
  fc.integer({ min: 1, max: 2_000_000 }).map((n) => n * 50),
  fc.integer({ min: 1, max: 1_000 }),
);

const rate = fc.oneof(
  fc.constantFrom("0.5", "1.25", "2", "0.005", "150"),
  fc
    .tuple(fc.integer({ min: 1, max: 30_000 }), fc.integer({ min: 0, max: 6 }))
    .map(([n, scale]) => (n / 10 ** scale).toFixed(scale)),
);

const deal = fc.record({
  suffix: fc.stringMatching(/^[a-z0-9]{1,6}$/),
  ownerId: fc.constantFrom(...MEMBERS),
  status: fc.constantFrom("open", "won", "won", "lost"),
  amount,
  currency: fc.constantFrom(...CURRENCIES),
  priced: fc.boolean(),
  closedDay: day,
  closedTime: fc.constantFrom(...TIMES),
});

const quota = fc.record({
  suffix: fc.stringMatching(/^[a-z0-9]{1,4}$/),
  memberId: fc.constantFrom(...MEMBERS),
  period: fc.constantFrom(...PERIODS),
  retired: fc.boolean(),
  amount: fc.integer({ min: 1, max: 50_000_000 }),
  currency: fc.constantFrom(...CURRENCIES),
});

const scenario = fc.record({
  deals: fc.uniqueArray(deal, { maxLength: 40, selector: (d) => d.suffix }),
  quotas: fc.uniqueArray(quota, { maxLength: 8, selector: (q) => q.suffix }),
  period: fc.constantFrom(...PERIODS),
  target: fc.constantFrom<Currency>("EUR" as Currency, "JPY" as Currency, "KWD" as Currency),
  rates: fc.record({ EUR: rate, USD: rate, JPY: rate, KWD: rate, GBP: rate }),
  // Currencies with no rate into the report's (a refusal when a quota or a counted deal is in one).
  unrated: fc.subarray([...CURRENCIES], { maxLength: 2 }),
  members: fc.option(fc.subarray([...MEMBERS], { minLength: 1 })),
  // A page of each quota's deals: how many, and after which id (one of the deals', or between them).
  lines: fc.option(
    fc.record({
      limit: fc.integer({ min: 1, max: 6 }),
      after: fc.option(fc.stringMatching(/^o-[a-z0-9]{0,3}$/), { nil: undefined }),
    }),
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

function opportunityOf(d: Scenario["deals"][number]): Opportunity {
  // Only the fields the report reads, and those the read table's columns copy.
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
    probability: 50,
    forecastCategory: "pipeline",
    closeDate: d.closedDay,
    createdAt: "2025-01-01T00:00:00.000Z",
    stageEnteredAt: "2025-01-01T00:00:00.000Z",
    ...(d.status === "open" ? {} : { closedAt: `${d.closedDay}${d.closedTime}` }),
    ...(d.status === "lost" ? { lossReason: "Price" } : {}),
  } as unknown as Opportunity;
}

function quotaOf(q: Scenario["quotas"][number]): Quota {
  return {
    id: `q-${q.suffix}`,
    status: q.retired ? "retired" : "set",
    memberId: q.memberId,
    period: q.period,
    amount: money(q.amount, q.currency),
  } as Quota;
}

const byId = <T extends { readonly id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`quota attainment in SQL on ${target.name}`, () => {
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

    async function replace(opps: readonly Opportunity[], quotas: readonly Quota[]): Promise<void> {
      const o = schema.opportunities;
      const q = schema.quotas;
      await handle.db.delete(o).where(eq(o.workspaceId, ws));
      await handle.db.delete(q).where(eq(q.workspaceId, ws));
      const updatedAt = "2026-01-01T00:00:00.000Z";
      if (opps.length > 0)
        await handle.db
          .insert(o)
          .values(opps.map((s) => ({ workspaceId: ws, ...opportunityRow(s, 1, updatedAt) })));
      if (quotas.length > 0)
        await handle.db.insert(q).values(
          quotas.map((x) => ({
            workspaceId: ws,
            id: x.id,
            version: 1,
            data: x,
            updatedAt,
            memberId: x.memberId,
            period: x.period,
            status: x.status,
          })),
        );
    }

    it("equals the domain's quota attainment on random quotas and deals", async () => {
      const settings = (await loadScope(handle.db, ws)).settings;
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const opps = s.deals.map(opportunityOf);
          const quotas = s.quotas.map(quotaOf);
          await replace(opps, quotas);
          const rates: ExchangeRate[] = CURRENCIES.filter(
            (c) => c !== s.target && !s.unrated.includes(c),
          ).map((c) => ({ from: c as Currency, to: s.target, rate: s.rates[c] }));

          // The domain is given the period's quotas (by member, then id) and every deal in the order it would list
          // a quota's deals (closed, then id: a refusal names the first deal with no rate); it picks the won ones
          // of each member in the period, and the summary pages them by id.
          const members: readonly string[] | null = s.members;
          const asked = quotas
            .filter((q) => q.period === s.period && (members === null || members.includes(q.memberId)))
            .sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : byId(a, b)));
          const ordered = [...opps].sort((a, b) => {
            const ka = a.status === "open" ? "" : a.closedAt;
            const kb = b.status === "open" ? "" : b.closedAt;
            return ka < kb ? -1 : ka > kb ? 1 : byId(a, b);
          });
          const expected = quotaAttainment(asked, ordered, {
            currency: s.target,
            rates,
            fiscalYear: settings.fiscalYear,
          });
          const actual = await service.queries.quotaAttainment(ws, {
            period: s.period,
            currency: s.target,
            rates,
            ...(s.members === null ? {} : { memberId: [...s.members] }),
            ...(s.lines === null
              ? {}
              : {
                  lines: true,
                  linesLimit: s.lines.limit,
                  ...(s.lines.after === undefined ? {} : { linesAfter: s.lines.after }),
                }),
          });
          if (!expected.ok) {
            expect(actual.ok || actual.error).toEqual(expected.error);
            return;
          }
          if (!actual.ok) throw new Error(`${actual.error._tag}: ${actual.error.message}`);
          expect(actual.value.attainments).toEqual(
            expected.value.map((a) => summariseQuotaAttainment(a, s.lines ?? undefined)),
          );
        }),
        { numRuns: target.name === "PGlite" ? 120 : 200 },
      );
    }, 240_000);
  });
}
