// The agency chain, walked end to end through the service on both databases: a brief leads to a deal whose amount
// is its approved budget, the deal to a contract delivered in towers, the contract bills a milestone and a
// retainer's periods, the P&L reads the issued invoices and the prorated plan, the notice window opens the renewal
// deal, and the forecast counts it — each link read back through the service's own queries, never assumed.
import { randomBytes } from "node:crypto";
import { timestamp } from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService, type Service } from "../src/index.ts";
import { TARGETS } from "./databases.ts";
import { cmd, eur, ids, must, next, seedWorkspace } from "./scenario.ts";

const at = (s: string) => timestamp(s);

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`the chain brief → deal → contract → forecast on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    const ws = `ws-${randomBytes(4).toString("hex")}`;
    const brief = "b-spring";
    const deal = "o-spring";
    const contract = "k-spring";

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db, clock: next });
      await seedWorkspace(service, ws);
    });
    afterAll(async () => handle?.close());

    it("walks without a break", async () => {
      const run = (
        aggregate: Parameters<typeof cmd>[0],
        id: string,
        input: Record<string, unknown>,
        actor: string = ids.ae,
      ) => must(service, ws, cmd(aggregate, id, input), actor);

      // 1. The brief: received with the client's budget, analysed, its budget approved.
      await run("brief", brief, {
        type: "ReceiveBrief",
        briefId: brief,
        accountId: ids.account,
        title: "Spring campaign",
        clientBudget: eur(150_000),
        plannerId: ids.ae,
      });
      await run("brief", brief, { type: "StartAnalysis" });
      await run("brief", brief, { type: "ApproveBudget", approvedBudget: eur(120_000) });

      // 2. The deal it leads to, its amount taken from the approved budget.
      await run("opportunity", deal, {
        type: "CreateOpportunity",
        opportunityId: deal,
        accountId: ids.account,
        ownerId: ids.ae,
        name: "Spring campaign",
        opportunityType: "new_business",
        amount: eur(1),
        closeDate: "2026-12-15",
      });
      await run("brief", brief, { type: "LinkDeal", opportunityId: deal });
      await run("opportunity", deal, { type: "SeedAmountFromBrief", briefId: brief });
      const dealRead = (await service.load(ws, "opportunity", deal)).state as { amount: unknown };
      expect(dealRead.amount).toEqual(eur(120_000));
      const ledToDeal = value(await service.queries.listBriefs(ws, { opportunityId: deal }));
      expect(ledToDeal.items.map((b) => [b.id, b.opportunityId])).toEqual([[brief, deal]]);

      // 3. The contract made from the deal: two towers, a billable milestone, a monthly retainer; signed.
      await run("contract", contract, {
        type: "CreateContract",
        contractId: contract,
        accountId: ids.account,
        opportunityId: deal,
        ownerId: ids.ae,
        title: "Spring retainer 2027",
        value: eur(120_000),
        startDate: "2027-01-01",
        term: { unit: "months", count: 12 },
        noticePeriod: { unit: "months", count: 3 },
        autoRenewal: true,
        towers: [
          {
            id: "t-creative",
            name: "Creative",
            accountManagerId: ids.otherAe,
            value: eur(60_000),
            cost: eur(30_000),
          },
          {
            id: "t-media",
            name: "Media",
            accountManagerId: ids.otherAe,
            value: eur(60_000),
            cost: eur(36_000),
          },
        ],
        milestones: [
          { id: "ms-launch", title: "Campaign launch", dueDate: "2027-03-01", amount: eur(20_000) },
        ],
      });
      await run("contract", contract, {
        type: "SetBillingSchedule",
        amount: eur(5_000),
        period: "monthly",
        issueDay: 1,
      });
      await run("contract", contract, { type: "SubmitForApproval" });
      await run("contract", contract, { type: "Approve" }, ids.director);
      await run("contract", contract, { type: "Sign" });
      await run("brief", brief, { type: "LinkContract", contractId: contract });
      await run("opportunity", deal, { type: "RecordNeed", need: "A spring campaign" });
      await run("opportunity", deal, { type: "SetBudget", budget: eur(150_000) });
      await run("opportunity", deal, { type: "AddStakeholder", contactId: ids.dm });
      await run("opportunity", deal, { type: "SetProposal", amount: eur(120_000) });
      await run("opportunity", deal, { type: "LinkContract", contractId: contract });
      await run("opportunity", deal, { type: "CloseAsWon" });

      const underContract = value(await service.queries.listBriefs(ws, { contractId: contract }));
      expect(underContract.items.map((b) => [b.id, b.contractId])).toEqual([[brief, contract]]);
      const fromDeal = value(await service.queries.listContracts(ws, { opportunityId: deal }));
      expect(fromDeal.items.map((k) => k.id)).toEqual([contract]);
      const won = (await service.load(ws, "opportunity", deal)).state as {
        status: string;
        contractId: string;
      };
      expect([won.status, won.contractId]).toEqual(["won", contract]);

      // 4. Towers: the contract's, each with its account manager.
      const towers = (await service.load(ws, "contract", contract)).state as {
        towers: { id: string; accountManagerId: string }[];
        billingSchedule: unknown;
      };
      expect(towers.towers.map((t) => [t.id, t.accountManagerId])).toEqual([
        ["t-creative", ids.otherAe],
        ["t-media", ids.otherAe],
      ]);
      expect(towers.billingSchedule).toMatchObject({
        amount: eur(5_000),
        period: "monthly",
        billedThrough: null,
      });

      // 5. Invoices: the milestone's on completion, the retainer's periods as the sweep reaches them (twice: once).
      await run("contract", contract, {
        type: "CompleteMilestone",
        milestoneId: "ms-launch",
        doneOn: "2026-11-02",
      });
      const febSweep = await service.sweep(ws, at("2027-02-01T02:00:00.000Z"));
      expect(febSweep.retainers.applied.map((a) => a.followUps.map((f) => [f.id, f.ok]))).toEqual([
        [[`${contract}.period.20270101`, true]],
        [[`${contract}.period.20270201`, true]],
      ]);
      const again = await service.sweep(ws, at("2027-02-01T02:00:00.000Z"));
      expect([again.retainers.applied, again.retainers.refused]).toEqual([[], []]);
      const invoices = value(await service.queries.listInvoices(ws, { contractId: contract }));
      const byId = Object.fromEntries(invoices.items.map((i) => [i.id, i]));
      expect(Object.keys(byId).sort()).toEqual([
        `${contract}.milestone.ms-launch`,
        `${contract}.period.20270101`,
        `${contract}.period.20270201`,
      ]);
      expect(byId[`${contract}.milestone.ms-launch`]?.lines[0]).toMatchObject({ milestoneId: "ms-launch" });
      expect(byId[`${contract}.period.20270201`]).toMatchObject({
        contractId: contract,
        dueDate: "2027-03-03",
        lines: [{ unitPrice: eur(5_000), period: { start: "2027-02-01", end: "2027-02-28" } }],
      });

      // 6. P&L: the January retainer invoice issued counts as the quarter's revenue; the plan is prorated.
      await must(
        service,
        ws,
        cmd("invoice", `${contract}.period.20270101`, {
          type: "Issue",
          number: "INV-1",
          issuedOn: "2027-01-01",
        }),
        ids.admin,
        at("2027-02-01T03:00:00.000Z"),
      );
      const q1 = value(await service.queries.pnl(ws, { contractId: contract, period: "2027-Q1" }));
      const k = q1.contracts[0]!;
      expect(k.actual.revenue).toEqual(eur(5_000));
      // 90 of the term's 365 days fall in the first quarter.
      expect(k.planned.revenue.amount).toBe(Math.floor((120_000_00 * 90) / 365));
      expect(k.towers.map((t) => t.towerId)).toEqual(["t-creative", "t-media"]);

      // 7. Renewal: the notice window opens the renewal deal, closing on the notice deadline.
      const window = await service.sweep(ws, at("2027-06-02T02:00:00.000Z"));
      const renewalId = `${contract}.renewal.20271231`;
      expect(window.contracts.applied.map((a) => a.command.type)).toContain("EnterNoticeWindow");
      const renewed = (await service.load(ws, "contract", contract)).state as {
        renewalOpportunityId: string;
      };
      expect(renewed.renewalOpportunityId).toBe(renewalId);
      const renewal = (await service.load(ws, "opportunity", renewalId)).state as {
        amount: unknown;
        closeDate: string;
        status: string;
      };
      expect(renewal).toMatchObject({ status: "open", amount: eur(120_000), closeDate: "2027-09-30" });
      // The retainer went on billing meanwhile: every month to June, once.
      const billed = value(await service.queries.listInvoices(ws, { contractId: contract, limit: 100 }));
      expect(billed.items.filter((i) => i.id.includes(".period.")).map((i) => i.id.slice(-8))).toEqual([
        "20270101",
        "20270201",
        "20270301",
        "20270401",
        "20270501",
        "20270601",
      ]);

      // 8. Forecast: the renewal deal counts in the quarter it closes in.
      const forecast = value(
        await service.queries.forecast(ws, {
          period: "2027-Q3",
          lines: true,
          asOf: at("2027-06-02T03:00:00.000Z"),
        }),
      );
      expect(JSON.stringify(forecast)).toContain(renewalId);
    });
  });
}
