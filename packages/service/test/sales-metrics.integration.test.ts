import { type DealHistory, isMasked, type Timestamp, timestamp, winRate } from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScope } from "../src/execute.ts";
import { createService, type QueryResult, redactSalesMetrics, type Service } from "../src/index.ts";
import { dealHistories, dealHistoriesAsOf, dealHistoriesNow } from "../src/queries/sales-metrics.ts";
import { TARGETS } from "./databases.ts";
import { cmd, ids, must, next, seedWorkspace } from "./scenario.ts";

function value<T>(r: QueryResult<T>): T {
  if (!r.ok) throw new Error(`${r.error._tag}: ${r.error.message}`);
  return r.value;
}

const NOW: Timestamp = timestamp("2026-11-20T10:00:00.000Z");

/** A closed deal brought in by an admin, with its lead source and service line. */
const imported = (id: string, input: Record<string, unknown>) =>
  cmd("opportunity", id, {
    type: "ImportOpportunity",
    opportunityId: id,
    accountId: ids.account,
    ownerId: ids.ae,
    name: id,
    opportunityType: "new_business",
    closeDate: "2026-12-31",
    importedFrom: { source: "crm" },
    ...input,
  });

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`sales metrics on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    const ws = "ws-metrics";
    const demo = "ws-metrics-demo";
    let beforeImports: Timestamp;

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db, clock: () => NOW });
      await seedWorkspace(service, ws);
      beforeImports = next();
      const won = imported("o-won", {
        stageId: "closed_won",
        amount: { amount: 500_000, currency: "EUR" },
        createdAt: "2026-06-01T09:00:00.000Z",
        closedAt: "2026-08-10T09:00:00.000Z",
        leadSource: "referral",
        serviceLine: "SEO",
      });
      await must(service, ws, won, ids.admin);
      const lost = imported("o-lost", {
        stageId: "closed_lost",
        amount: { amount: 1_500_000, currency: "EUR" },
        createdAt: "2026-09-01T09:00:00.000Z",
        closedAt: "2026-10-05T09:00:00.000Z",
        lossReason: "price",
        leadSource: "inbound",
        ownerId: ids.otherAe,
      });
      await must(service, ws, lost, ids.admin);
      value(await service.seedDemo({ workspaceId: demo, seed: 7, now: NOW, opportunities: 90 }));
      // Seeding a demo workspace on the embedded database takes over a minute on a loaded machine.
    }, 240_000);

    afterAll(async () => {
      await handle?.close();
    });

    it("counts each quarter's wins and losses, by count and by value, and the won cycle", async () => {
      const r = value(await service.queries.salesMetrics(ws, { per: "quarter", last: 2 }));
      expect(r.periods.map((p) => p.label)).toEqual(["2026-Q3", "2026-Q4"]);
      const [q3, q4] = r.metrics.all.trend;
      expect(q3!.figures).toMatchObject({
        won: 1,
        lost: 0,
        winRateBasisPoints: 10_000,
        averageDealSize: { amount: 500_000, currency: "EUR" },
        // 2026-06-01 to 2026-08-10
        averageCycleDays: 70,
      });
      expect(q4!.figures).toMatchObject({ won: 0, lost: 1, winRateBasisPoints: 0 });
      expect(r.metrics.all.whole).toMatchObject({
        won: 1,
        lost: 1,
        winRateBasisPoints: 5_000,
        valueWinRateBasisPoints: 2_500,
        // The retainer in discovery is the only deal open at the end.
        openAtEnd: 1,
      });
      const prospecting = r.metrics.all.whole.stages.find((s) => s.stageId === "prospecting");
      expect(prospecting).toMatchObject({ entered: 1, advanced: 1, completedVisits: 1 });
    });

    it("groups by source, service line, owner and team, and filters by them", async () => {
      const bySource = value(await service.queries.salesMetrics(ws, { groupBy: "source", last: 2 }));
      expect(bySource.metrics.groups.map((g) => [g.key, g.whole.won, g.whole.lost])).toEqual([
        ["inbound", 0, 1],
        ["referral", 1, 0],
        [null, 0, 0],
      ]);
      const byTeam = value(await service.queries.salesMetrics(ws, { groupBy: "team", last: 2 }));
      // Both sellers report to the supervisor.
      expect(byTeam.metrics.groups.map((g) => g.key)).toEqual([ids.supervisor]);
      const seo = value(await service.queries.salesMetrics(ws, { serviceLine: "SEO", last: 2 }));
      expect(seo.metrics.all.whole).toMatchObject({ won: 1, lost: 0 });
      // Another spelling of the line (case and spacing aside) is the same line, as in whitespace.
      const seoLower = value(await service.queries.salesMetrics(ws, { serviceLine: " seo", last: 2 }));
      expect(seoLower.metrics.all.whole).toMatchObject({ won: 1, lost: 0 });
      const byLine = value(await service.queries.salesMetrics(ws, { groupBy: "serviceLine", last: 2 }));
      expect(byLine.metrics.groups.map((g) => [g.key, g.whole.won, g.whole.lost])).toEqual([
        ["SEO", 1, 0],
        [null, 0, 1],
      ]);
      const other = value(await service.queries.salesMetrics(ws, { ownerId: [ids.otherAe], last: 2 }));
      expect(other.metrics.all.whole).toMatchObject({ won: 0, lost: 1 });
    });

    it("answers as of a past moment from the events: the deals imported later are absent", async () => {
      const past = value(await service.queries.salesMetrics(ws, { asOf: beforeImports, last: 2 }));
      expect(past.metrics.asOf).toBe(beforeImports);
      expect(past.metrics.all.whole).toMatchObject({ won: 0, lost: 0, openAtEnd: 1 });
    });

    it("refuses options it cannot read, in words", async () => {
      const r = await service.queries.salesMetrics(ws, { last: 0 });
      expect(r).toMatchObject({ ok: false, error: { _tag: "InvalidInput", field: "last" } });
      // As an adapter would pass it on: text from outside, not yet parsed.
      const g = await service.queries.salesMetrics(ws, JSON.parse('{"groupBy":"colour"}'));
      expect(g).toMatchObject({ ok: false, error: { _tag: "InvalidInput", field: "groupBy" } });
      // A trend reaching before year 1 or past 9999 is refused, not a crash (the API's fuzzing found it).
      for (const [asOf, per] of [
        ["0010-06-01T00:00:00.000Z", "year"],
        ["0001-02-01T00:00:00.000Z", "quarter"],
        ["9999-12-31T00:00:00.000Z", "month"],
      ] as const) {
        const r = await service.queries.salesMetrics(ws, { asOf, per, last: 36 });
        expect(r, asOf).toMatchObject({ ok: false, error: { _tag: "InvalidInput", field: "asOf" } });
      }
    });

    it("reads now from the read table what a replay of the events rebuilds, and replays when an event is later", async () => {
      const scope = await loadScope(handle.db, demo);
      const byId = (hs: DealHistory[]) => [...hs].sort((a, b) => (a.deal.id < b.deal.id ? -1 : 1));
      const replayed = byId(await dealHistoriesAsOf(scope, NOW));
      expect(replayed.length).toBeGreaterThan(50);
      expect(replayed.some((h) => h.entries.length > 2)).toBe(true);
      // The demo's events are all dated by NOW: the read table answers, and holds what the replay rebuilds.
      expect(byId(await dealHistoriesNow(scope))).toEqual(replayed);
      expect(byId(await dealHistories(scope, NOW, NOW))).toEqual(replayed);
      // A moment before the last event: only a replay is exact, and it is what answers.
      const earlier = timestamp("2026-06-30T00:00:00.000Z");
      expect(byId(await dealHistories(scope, earlier, earlier))).toEqual(
        byId(await dealHistoriesAsOf(scope, earlier)),
      );
      expect((await dealHistories(scope, earlier, earlier)).length).toBeLessThan(replayed.length);
    });

    it("agrees with the domain's win rate over the listed deals, and its groups add up", async () => {
      const r = value(await service.queries.salesMetrics(demo, { per: "year", last: 3, groupBy: "owner" }));
      const deals = [];
      let cursor: string | undefined;
      do {
        const page = value(
          await service.queries.listOpportunities(demo, { limit: 200, ...(cursor ? { cursor } : {}) }),
        );
        deals.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const { start, end } = r.metrics.span;
      const closed = deals.filter(
        (d) => d.status !== "open" && d.closedAt.slice(0, 10) >= start && d.closedAt.slice(0, 10) <= end,
      );
      const expected = winRate(closed, { currency: r.metrics.currency, rates: [] });
      expect(expected.ok).toBe(true);
      if (!expected.ok) return;
      const whole = r.metrics.all.whole;
      expect(whole.won + whole.lost).toBeGreaterThan(0);
      expect([whole.won, whole.lost, whole.winRateBasisPoints]).toEqual([
        expected.value.won.count,
        expected.value.lost.count,
        expected.value.byCountBasisPoints,
      ]);
      const sum = (f: (g: (typeof r.metrics.groups)[number]) => number) =>
        r.metrics.groups.reduce((s, g) => s + f(g), 0);
      expect(sum((g) => g.whole.won)).toBe(whole.won);
      expect(sum((g) => g.whole.wonAmount.amount)).toBe(whole.wonAmount.amount);
      expect(r.metrics.all.trend.reduce((s, t) => s + t.figures.lost, 0)).toBe(whole.lost);
    });

    it("masks money a reader may not see: a seller sees their own, not everyone's", async () => {
      const report = value(await service.queries.salesMetrics(ws, { last: 2, groupBy: "owner" }));
      const seller = value(await service.viewer(ws, ids.ae));
      const all = await redactSalesMetrics(seller, report, undefined);
      expect(isMasked(all.metrics.all.whole.wonAmount)).toBe(true);
      expect(isMasked(all.metrics.all.whole.valueWinRateBasisPoints)).toBe(true);
      // Counts and the win rate by count reveal no amount.
      expect(all.metrics.all.whole.winRateBasisPoints).toBe(5_000);
      const own = all.metrics.groups.find((g) => g.key === ids.ae)!;
      expect(own.whole.wonAmount).toEqual({ amount: 500_000, currency: "EUR" });
      const theirs = all.metrics.groups.find((g) => g.key === ids.otherAe)!;
      expect(isMasked(theirs.whole.lostAmount)).toBe(true);
      const admin = value(await service.viewer(ws, ids.admin));
      const shown = await redactSalesMetrics(admin, report, undefined);
      expect(shown.metrics.all.whole.valueWinRateBasisPoints).toBe(2_500);
    });
  });
}
