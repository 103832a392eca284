import { isMasked, redactedSchema, timestamp } from "@accountable/domain";
import { parseCommand, SalesMetricsReportSchema } from "@accountable/service";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "./databases.ts";
import { type Harness, openHarness } from "./harness.ts";
import { M, seedAgency, WS } from "./seed.ts";

const base = `/api/workspaces/${WS}`;
const Report = redactedSchema(SalesMetricsReportSchema);

/** A won deal brought in by the admin for an owner, closed in November 2026. */
const wonDeal = (id: string, ownerId: string, amount: number) => ({
  type: "ImportOpportunity",
  opportunityId: id,
  accountId: "acme",
  ownerId,
  name: id,
  opportunityType: "new_business",
  stageId: "closed_won",
  amount: { amount, currency: "EUR" },
  closeDate: "2026-11-30",
  createdAt: "2026-10-01T09:00:00.000Z",
  closedAt: "2026-11-10T09:00:00.000Z",
  importedFrom: { source: "crm" },
  leadSource: "referral",
});

describe.each(TARGETS)("GET reports/sales-metrics on $name", (target) => {
  let h: Harness;
  beforeAll(async () => {
    if (target.skip) return;
    h = await openHarness(target);
    await seedAgency(h.service);
    // Imported on 20 November: the report as of 1 December knows them.
    const now = timestamp("2026-11-20T09:00:00.000Z");
    for (const [id, owner, amount] of [
      ["o-ae", M.ae, 400_000],
      ["o-other", M.otherAe, 600_000],
    ] as const) {
      const command = parseCommand("opportunity", wonDeal(id, owner, amount));
      if (!command.ok) throw new Error(command.error.message);
      const r = await h.service.execute(
        WS,
        { aggregate: "opportunity", id, command: command.value },
        M.admin,
        {
          now,
        },
      );
      if (!r.ok) throw new Error(r.error.message);
    }
    h.grant("admin", WS, M.admin);
    h.grant("ae", WS, M.ae);
    h.grant("fin", WS, M.finance);
  });
  afterAll(async () => h?.close());

  const url = (query: string) => `${base}/reports/sales-metrics?${query}&asOf=2026-12-01T00:00:00.000Z`;

  it.skipIf(target.skip)(
    "answers the trend per owner, in the documented shape, with money for the admin",
    async () => {
      const res = await h.call("admin", "GET", url("per=month&last=3&groupBy=owner"));
      expect(res.status).toBe(200);
      const body = Report.parse(await res.json());
      expect(body.periods.map((p) => p.label)).toEqual(["2026-10", "2026-11", "2026-12"]);
      const [oct, nov] = body.metrics.all.trend;
      expect(oct!.figures.won).toBe(0);
      expect(nov!.figures).toMatchObject({ won: 2, averageDealSize: { amount: 500_000, currency: "EUR" } });
      expect(body.metrics.groups.map((g) => g.key)).toEqual([M.ae, M.otherAe]);
    },
  );

  it.skipIf(target.skip)("masks the money of deals a seller may not see, and shows their own", async () => {
    const all = Report.parse(await (await h.call("ae", "GET", url("groupBy=owner"))).json());
    expect(isMasked(all.metrics.all.whole.wonAmount)).toBe(true);
    expect(isMasked(all.metrics.all.whole.velocityPerDay)).toBe(true);
    expect(all.metrics.all.whole.won).toBe(2);
    expect(all.metrics.groups.find((g) => g.key === M.ae)!.whole.wonAmount).toEqual({
      amount: 400_000,
      currency: "EUR",
    });
    expect(isMasked(all.metrics.groups.find((g) => g.key === M.otherAe)!.whole.averageDealSize)).toBe(true);
    const own = Report.parse(await (await h.call("ae", "GET", url(`ownerId=${M.ae}`))).json());
    expect(own.metrics.all.whole.wonAmount).toEqual({ amount: 400_000, currency: "EUR" });
    const finance = Report.parse(await (await h.call("fin", "GET", url("per=year"))).json());
    expect(finance.metrics.all.whole.wonAmount).toEqual({ amount: 1_000_000, currency: "EUR" });
  });

  it.skipIf(target.skip)("refuses options it cannot read with 400, naming the field", async () => {
    for (const query of ["last=0", "last=37", "per=week", "groupBy=colour", "type=barter"]) {
      const res = await h.call("admin", "GET", `${base}/reports/sales-metrics?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    // A misspelt option is refused, naming it, rather than answered as ungrouped figures.
    const typo = await h.call("admin", "GET", `${base}/reports/sales-metrics?grupBy=owner`);
    expect(typo.status).toBe(400);
    expect(((await typo.json()) as { detail: string }).detail).toContain("grupBy: is not a field this takes");
  });
});
