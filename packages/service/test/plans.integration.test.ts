// Account plans and whitespace through the service, on both drivers: the plan runs through `execute` like every
// aggregate (permissions, references, projection), its review reaches the owner's inbox, and the whitespace matrix
// reads the account's deals and contracts with its money masked from those who may not see the account's.
import type { Timestamp } from "@accountable/domain";
import { timestamp } from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService, type QueryResult, type Service } from "../src/index.ts";
import { TARGETS } from "./databases.ts";
import { cmd, eur, ids, must, seedWorkspace } from "./scenario.ts";

function value<T>(r: QueryResult<T>): T {
  if (!r.ok) throw new Error(`${r.error._tag}: ${r.error.message}`);
  return r.value;
}

const NOW: Timestamp = timestamp("2026-11-20T10:00:00.000Z");
const PLAN = "p-acme";
const BETA = "a-beta";

const deal = (id: string, input: Record<string, unknown>) =>
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
  describe.skipIf(target.skip)(`account plans on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    const ws = "ws-plans";
    const plan = (input: Record<string, unknown>, actor: string = ids.ae) =>
      service.execute(ws, cmd("plan", PLAN, input), actor, { now: NOW });

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db, clock: () => NOW });
      await seedWorkspace(service, ws);
      await must(
        service,
        ws,
        cmd("account", BETA, { type: "CreateAccount", accountId: BETA, name: "Beta", ownerId: ids.otherAe }),
        ids.otherAe,
        NOW,
      );
      // Acme: media bought, creative offered; Beta won data twice (the estimate of Acme's data line).
      const won = { stageId: "closed_won", closedAt: "2026-06-01T10:00:00.000Z" };
      for (const [id, input] of [
        ["o-media", { ...won, serviceLine: "Media", amount: eur(80_000) }],
        ["o-creative", { stageId: "proposal", serviceLine: "Creative", amount: eur(40_000) }],
        [
          "o-beta-1",
          { ...won, accountId: BETA, ownerId: ids.otherAe, serviceLine: "Data", amount: eur(30_000) },
        ],
        [
          "o-beta-2",
          { ...won, accountId: BETA, ownerId: ids.otherAe, serviceLine: "Data", amount: eur(50_000) },
        ],
      ] as const)
        await must(service, ws, deal(id, input), ids.admin, NOW);
    });
    afterAll(async () => {
      await handle?.close();
    });

    it("drafts, fills and activates a plan through execute, and lists it under its account", async () => {
      value(
        await plan({
          type: "DraftPlan",
          planId: PLAN,
          accountId: ids.account,
          ownerId: ids.ae,
          title: "Acme FY27",
          periodStart: "2026-11-01",
          periodEnd: "2027-10-31",
          ambition: "Become Acme's lead agency across media and creative",
        }),
      );
      value(
        await plan({
          type: "AddObjective",
          objectiveId: "obj-1",
          title: "Win the creative retainer",
          ownerId: ids.ae,
          dueDate: "2027-03-31",
        }),
      );
      value(
        await plan({
          type: "AddRisk",
          riskId: "risk-1",
          description: "The CMO is leaving",
          likelihood: "medium",
          impact: "high",
          mitigation: "Meet the CFO",
          ownerId: ids.ae,
        }),
      );
      const activated = value(await plan({ type: "Activate", nextReviewOn: "2026-11-25" }));
      expect(activated.state).toMatchObject({ status: "active", nextReviewOn: "2026-11-25" });

      const page = value(await service.queries.listPlans(ws, { accountId: ids.account }));
      expect(page.items.map((p) => [p.id, p.status, p.objectives.length, p.risks.length])).toEqual([
        [PLAN, "active", 1, 1],
      ]);
      expect(value(await service.queries.listPlans(ws, { accountId: BETA })).items).toEqual([]);
    });

    it("refuses a plan on an account that does not exist, in words", async () => {
      const r = await service.execute(
        ws,
        cmd("plan", "p-ghost", {
          type: "DraftPlan",
          planId: "p-ghost",
          accountId: "a-ghost",
          ownerId: ids.ae,
          title: "Ghost",
          periodStart: "2026-11-01",
          periodEnd: "2027-10-31",
        }),
        ids.ae,
        { now: NOW },
      );
      expect(r.ok ? "accepted" : r.error.message).toBe("There is no account a-ghost in this workspace.");
    });

    it("lets the owner's manager edit, and refuses another executive and a viewer", async () => {
      const other = await plan({ type: "EditPlan", ambition: "Mine now" }, ids.otherAe);
      expect(other.ok ? "accepted" : other.error._tag).toBe("NotPermitted");
      const viewer = await plan({ type: "EditPlan", ambition: "Looks fine" }, ids.viewer);
      expect(viewer.ok ? "accepted" : viewer.error._tag).toBe("NotPermitted");
      value(await plan({ type: "EditPlan", ambition: "Lead agency, and data too" }, ids.supervisor));
      const read = value(await value(await service.reader(ws, ids.viewer)).record("plan", PLAN));
      expect(read.state).toMatchObject({ ambition: "Lead agency, and data too" });
    });

    it("puts the review in the owner's inbox as its date nears, and nobody else's", async () => {
      const mine = value(await service.inbox.list(ws, ids.ae, { now: NOW }));
      expect(mine.items.filter((i) => i.kind === "plan_review")).toMatchObject([
        {
          aggregate: "plan",
          recordId: PLAN,
          accountId: ids.account,
          accountName: "Acme",
          title: "Review the account plan: Acme FY27",
          detail: "The review is due in 5 days (25 Nov).",
          overdue: false,
        },
      ]);
      const boss = value(await service.inbox.list(ws, ids.supervisor, { now: NOW }));
      expect(boss.items.filter((i) => i.kind === "plan_review")).toEqual([]);
    });

    it("computes the account's whitespace over the workspace's catalog, with the revenue at stake", async () => {
      const w = value(await service.queries.whitespace(ws, { accountId: ids.account }));
      // The default catalog (an agency's and an IT firm's lines) first, in its order; Data is only seen on deals.
      expect(w.catalogSize).toBe(14);
      expect(w.lines.filter((l) => l.state !== "not_offered").map((l) => [l.line, l.state])).toEqual([
        ["Creative", "in_pipeline"],
        ["Media", "bought"],
      ]);
      expect(w.lines.find((l) => l.line === "Strategy")).toMatchObject({
        inCatalog: true,
        state: "not_offered",
      });
      expect(w.notInCatalog).toEqual([]);

      // The firm declares its own catalog: its lines in its order, a line never sold shows as not offered, and a
      // line seen on deals but missing from it still shows, said so.
      const current = (await service.load(ws, "workspace", ws)).state as { settings: object };
      await must(
        service,
        ws,
        cmd("workspace", ws, {
          type: "UpdateSettings",
          settings: { ...current.settings, serviceLines: ["Strategy", "Media", "creative"] },
        }),
        ids.admin,
        NOW,
      );
      const mine = value(await service.queries.whitespace(ws, { accountId: ids.account }));
      expect(mine.lines.map((l) => [l.line, l.inCatalog, l.state, l.atStake.amount])).toEqual([
        ["Strategy", true, "not_offered", 0],
        ["Media", true, "bought", 8_000_000],
        ["creative", true, "in_pipeline", 4_000_000],
        ["Data", false, "not_offered", 3_000_000],
      ]);
      expect(mine.catalogSize).toBe(3);
      expect(mine.notInCatalog).toEqual(["Data"]);
      expect(mine.totals.bought).toEqual(eur(80_000));
      expect(mine.unplaced).toEqual({ open: 1, won: 0 });
    });

    it("masks the whitespace's money from a viewer, and shows it to the account's owner", async () => {
      const owner = value(
        await value(await service.reader(ws, ids.ae)).whitespace({ accountId: ids.account }),
      );
      expect(owner.totals.bought).toEqual(eur(80_000));
      const viewer = value(
        await value(await service.reader(ws, ids.viewer)).whitespace({ accountId: ids.account }),
      );
      expect(viewer.totals.bought).toMatchObject({ masked: true, requires: "finance.read" });
      expect(viewer.lines.every((l) => "masked" in l.atStake)).toBe(true);
      expect(viewer.lines.map((l) => l.state)).toEqual([
        "not_offered",
        "bought",
        "in_pipeline",
        "not_offered",
      ]);
      // Another executive sees the account (sellers read every record) but not its money.
      const other = value(
        await value(await service.reader(ws, ids.otherAe)).whitespace({ accountId: ids.account }),
      );
      expect(other.totals.pipeline).toMatchObject({ masked: true });
    });

    it("moves the plan through a review to its next date, and rebuilds it from its events", async () => {
      value(await plan({ type: "StartReview" }));
      value(await plan({ type: "CompleteReview", nextReviewOn: "2027-02-15", summary: "Creative is close" }));
      const before = value(await service.queries.listPlans(ws, { accountId: ids.account })).items;
      value(await service.rebuild(ws).then((r) => ({ ok: true as const, value: r })));
      const after = value(await service.queries.listPlans(ws, { accountId: ids.account })).items;
      expect(after).toEqual(before);
      expect(after[0]).toMatchObject({
        status: "active",
        nextReviewOn: "2027-02-15",
        lastReviewedOn: "2026-11-20",
      });
    });
  });
}
