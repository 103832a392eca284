// Every report's real output, as the API sends it (JSON), parsed with the report's schema on a seeded demo
// workspace: a field the query adds, drops or retypes without its schema fails here. Zod strips keys a schema
// does not name, so comparing the parsed value with the JSON catches an extra field too.
import { type Timestamp, timestamp } from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  Account360Schema,
  AccountHealthReportSchema,
  ClientReportSchema,
  createService,
  ForecastReportSchema,
  PipelineReportSchema,
  PnlReportSchema,
  type QueryResult,
  QuotaAttainmentReportSchema,
  RenewalsDueReportSchema,
  type Service,
  StaleDealsReportSchema,
} from "../src/index.ts";
import { TARGETS } from "./databases.ts";

const NOW: Timestamp = timestamp("2026-11-20T10:00:00.000Z");
const PAST: Timestamp = timestamp("2026-06-30T12:00:00.000Z");

function value<T>(r: QueryResult<T>): T {
  if (!r.ok) throw new Error(`${r.error._tag}: ${r.error.message}`);
  return r.value;
}

/** The report as the API sends it, parsed with its schema: it must parse, and lose nothing. */
function conforms<T>(schema: z.ZodType, report: T): T {
  const json = JSON.parse(JSON.stringify(report));
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`the report does not match its schema:\n${parsed.error.message}`);
  expect(parsed.data).toEqual(json);
  return report;
}

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`report schemas on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    let accountIds: string[];
    const ws = "ws-report-schemas";

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db, clock: () => NOW });
      value(await service.seedDemo({ workspaceId: ws, seed: 11, now: NOW, opportunities: 60 }));
      const accounts = value(await service.queries.listAccounts(ws, { limit: 200 }));
      accountIds = accounts.items.map((a) => a.id);
    }, 120_000);

    afterAll(async () => {
      await handle?.close();
    });

    it("pipeline, now and as of a past moment, for the workspace and one owner", async () => {
      const now = conforms(PipelineReportSchema, value(await service.queries.pipeline(ws)));
      expect(now.pipelines.flatMap((p) => p.stages).some((s) => s.totals.length > 0)).toBe(true);
      conforms(PipelineReportSchema, value(await service.queries.pipeline(ws, { asOf: PAST })));
      const owner = value(await service.queries.listOpportunities(ws, { limit: 1 })).items[0]!.ownerId;
      conforms(PipelineReportSchema, value(await service.queries.pipeline(ws, { ownerId: owner })));
    });

    it("forecast, by owner, now and as of a past moment", async () => {
      const periods = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"];
      const now = conforms(
        ForecastReportSchema,
        value(await service.queries.forecast(ws, { periods, groupBy: "owner", lines: true })),
      );
      expect(now.forecast.periods.some((p) => p.total.deals > 0)).toBe(true);
      expect(now.forecast.periods.some((p) => (p.lines?.items.length ?? 0) > 0)).toBe(true);
      expect(now.forecast.periods.some((p) => p.owners.length > 0)).toBe(true);
      conforms(
        ForecastReportSchema,
        value(await service.queries.forecast(ws, { period: "2026", asOf: PAST, lines: true })),
      );
    });

    it("quota attainment for past and current quarters, with and without a page of each quota's deals", async () => {
      let deals = 0;
      for (const period of ["2026-Q2", "2026-Q3", "2026-Q4"]) {
        const report = conforms(
          QuotaAttainmentReportSchema,
          value(await service.queries.quotaAttainment(ws, { period })),
        );
        expect(report.attainments.length).toBeGreaterThan(0);
        const paged = conforms(
          QuotaAttainmentReportSchema,
          value(await service.queries.quotaAttainment(ws, { period, lines: true, linesLimit: 1000 })),
        );
        for (const [i, a] of paged.attainments.entries()) {
          expect(a.deals?.items.length).toBe(report.attainments[i]!.dealCount);
          deals += a.dealCount;
        }
      }
      expect(deals).toBeGreaterThan(0);
    });

    it("stale deals", async () => {
      conforms(StaleDealsReportSchema, value(await service.queries.staleDeals(ws)));
      conforms(StaleDealsReportSchema, value(await service.queries.staleDeals(ws, { now: PAST })));
    });

    it("renewals due", async () => {
      const report = conforms(
        RenewalsDueReportSchema,
        value(await service.queries.renewalsDue(ws, { from: "2025-01-01", to: "2028-12-31" })),
      );
      expect(report.contracts.length).toBeGreaterThan(0);
    });

    it("the account 360 and the client report of every account", async () => {
      expect(accountIds.length).toBeGreaterThan(0);
      let health = 0;
      let budgets = 0;
      for (const id of accountIds) {
        const a360 = conforms(Account360Schema, value(await service.queries.account360(ws, id)));
        if (a360.health.ok) health += a360.health.value.factors.length;
        for (const period of ["2026-Q4", "2026"]) {
          const report = conforms(
            ClientReportSchema,
            value(await service.queries.clientReport(ws, { accountId: id, period })),
          );
          budgets += report.budget.contracts.length;
        }
      }
      expect(health).toBeGreaterThan(0);
      expect(budgets).toBeGreaterThan(0);
    });

    it("the account 360 keeps a missing rate as a refusal, in its schema", async () => {
      // A report currency the demo has no rate into: health and P&L become CurrencyMismatch refusals.
      let refusals = 0;
      for (const id of accountIds) {
        const a360 = conforms(
          Account360Schema,
          value(await service.queries.account360(ws, id, { currency: "JPY" })),
        );
        for (const r of [a360.health, a360.pnl]) if (!r.ok) refusals += 1;
      }
      expect(refusals).toBeGreaterThan(0);
    });

    it("account health and P&L at every level", async () => {
      const health = conforms(AccountHealthReportSchema, value(await service.queries.accountHealth(ws)));
      expect(health.accounts.length).toBeGreaterThan(0);
      const all = conforms(PnlReportSchema, value(await service.queries.pnl(ws)));
      conforms(PnlReportSchema, value(await service.queries.pnl(ws, { period: "2026" })));
      const first = all.accounts[0]!;
      conforms(PnlReportSchema, value(await service.queries.pnl(ws, { accountId: first.accountId })));
      const contract = all.accounts.flatMap((a) => a.contracts)[0];
      if (contract) {
        conforms(PnlReportSchema, value(await service.queries.pnl(ws, { contractId: contract.contractId })));
        const tower = contract.towers[0];
        if (tower)
          conforms(PnlReportSchema, value(await service.queries.pnl(ws, { towerId: tower.towerId })));
      }
    });
  });
}
