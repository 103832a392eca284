import { type Timestamp, timestamp } from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClientReport,
  createService,
  type QueryResult,
  renderClientReportHtml,
  renderClientReportMarkdown,
  type Service,
} from "../src/index.ts";
import { TARGETS } from "./databases.ts";

const NOW: Timestamp = timestamp("2026-11-20T10:00:00.000Z");

function value<T>(r: QueryResult<T>): T {
  if (!r.ok) throw new Error(`${r.error._tag}: ${r.error.message}`);
  return r.value;
}

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`account health, P&L and the client report on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    const ws = "ws-reports";

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db, clock: () => NOW });
      value(await service.seedDemo({ workspaceId: ws, seed: 11, now: NOW, opportunities: 120 }));
    });

    afterAll(async () => {
      await handle?.close();
    });

    describe("accountHealth", () => {
      it("scores every active account as the account 360 does, worst first", async () => {
        const report = value(await service.queries.accountHealth(ws));
        expect(report.accounts.length).toBeGreaterThan(0);
        const scores = report.accounts.map((a) => a.health.score);
        expect(scores).toEqual([...scores].sort((a, b) => a - b));
        for (const line of report.accounts.slice(0, 5)) {
          const a360 = value(await service.queries.account360(ws, line.account.id));
          expect(a360.health).toEqual({ ok: true, value: line.health });
        }
      });

      it("filters by band and refuses an unknown account as NotFound", async () => {
        const critical = value(await service.queries.accountHealth(ws, { band: "critical" }));
        for (const a of critical.accounts) expect(a.health.band).toBe("critical");
        const r = await service.queries.accountHealth(ws, { accountId: "no-such-account" });
        expect(r).toMatchObject({ ok: false, error: { _tag: "NotFound" } });
      });
    });

    describe("pnl", () => {
      it("an account's P&L is the account 360's; the workspace total is the sum of its accounts", async () => {
        const all = value(await service.queries.pnl(ws));
        expect(all.level).toBe("workspace");
        const revenue = all.accounts.reduce((n, a) => n + a.actual.revenue.amount, 0);
        expect(all.total?.actual.revenue.amount).toBe(revenue);
        const first = all.accounts[0]!;
        const one = value(await service.queries.pnl(ws, { accountId: first.accountId }));
        const a360 = value(await service.queries.account360(ws, first.accountId));
        expect(a360.pnl).toEqual({ ok: true, value: { ...one.accounts[0], accountName: undefined } });
      });

      it("a contract with its towers, and a tower alone", async () => {
        const all = value(await service.queries.pnl(ws));
        const contract = all.accounts.flatMap((a) => a.contracts).find((c) => c.towers.length > 0);
        if (!contract) return; // this seed drew no tower: nothing to check
        const byContract = value(await service.queries.pnl(ws, { contractId: contract.contractId }));
        expect(byContract.contracts).toEqual([contract]);
        const tower = contract.towers[0]!;
        const byTower = value(await service.queries.pnl(ws, { towerId: tower.towerId }));
        expect(byTower).toMatchObject({
          level: "tower",
          towers: [{ towerId: tower.towerId, contractId: contract.contractId }],
        });
        const missing = await service.queries.pnl(ws, { towerId: "no-such-tower" });
        expect(missing).toMatchObject({ ok: false, error: { _tag: "NotFound" } });
      });
    });

    describe("pnl planned figures", () => {
      it("spread each contract's plan over the years it covers, adding up to the whole term's", async () => {
        const all = value(await service.queries.pnl(ws));
        const contracts = all.accounts.flatMap((a) => a.contracts).slice(0, 3);
        expect(contracts.length).toBeGreaterThan(0);
        for (const c of contracts) {
          let revenue = 0;
          let cost = 0;
          for (let year = 2018; year <= 2036; year++) {
            const r = value(
              await service.queries.pnl(ws, { contractId: c.contractId, period: String(year) }),
            );
            const planned = r.contracts[0]!;
            expect(planned.plannedShare?.ofDays).toBeGreaterThan(0);
            revenue += planned.planned.revenue.amount;
            cost += planned.planned.cost.amount;
          }
          expect(revenue).toBe(c.planned.revenue.amount);
          expect(cost).toBe(c.planned.cost.amount);
        }
      });

      it("an agency contract without towers plans its own cost: its margin is not 100 %", async () => {
        const all = value(await service.queries.pnl(ws));
        const agency = all.accounts
          .flatMap((a) => a.contracts)
          .filter((c) => c.towers.length === 0 && c.planned.revenue.amount > 0);
        expect(agency.length).toBeGreaterThan(0);
        for (const c of agency) {
          // A terminated contract plans the share of its term it served (the domain's servedSpan).
          if (c.status === "terminated")
            expect(c.planned.cost.amount).toBeLessThanOrEqual(c.ownPlannedCost.converted.amount);
          else expect(c.planned.cost).toEqual(c.ownPlannedCost.converted);
          expect(c.planned.marginBasisPoints).toBeLessThan(10_000);
        }
      });
    });

    describe("client report renderers", () => {
      it("Markdown and HTML say the same sections and escape the records' text", async () => {
        const health = value(await service.queries.accountHealth(ws));
        const report = value(
          await service.queries.clientReport(ws, {
            accountId: health.accounts[0]!.account.id,
            period: "2026-Q3",
          }),
        );
        const hostile: ClientReport = {
          ...report,
          account: { ...report.account, name: `<script>alert("x")</script> & | *Co*` },
        };
        const md = renderClientReportMarkdown(hostile);
        const html = renderClientReportHtml(hostile);
        expect(md.split("\n")[0]).toBe(
          '# \\<script\\>alert("x")\\</script\\> & \\| \\*Co\\*: client report, 2026-Q3',
        );
        expect(html).not.toContain("<script>");
        expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; | *Co*");
        for (const heading of [
          "Summary",
          "Activities and meetings",
          "Deliverables",
          "Contracts",
          "Budget and burn",
          "Invoices",
          "Next steps",
        ]) {
          expect(md).toContain(`## ${heading}`);
          expect(html).toContain(`<h2>${heading}</h2>`);
        }
        expect(html).toContain("@media print");
      });

      it("never shows the agency's cost per contract, and burns against what was billed", async () => {
        const health = value(await service.queries.accountHealth(ws));
        for (const { account } of health.accounts) {
          const report = value(
            await service.queries.clientReport(ws, { accountId: account.id, period: "2026-Q3" }),
          );
          if (report.budget.contracts.length === 0) continue;
          const md = renderClientReportMarkdown(report);
          expect(md).not.toMatch(/cost/i);
          expect(md).toContain("Billed to date");
          expect(report.budget.billedInPeriod).toEqual(report.invoices.issuedTotal);
          return;
        }
        throw new Error("the seed drew no account with a contract to report on");
      });
    });
  });
}
