// Target lists through the service: the accounts a list's criteria match (SQL, then the domain's fit), adding them
// through the one command path, and the funnel report — on both databases.
import { randomBytes } from "node:crypto";
import { money } from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService, type Service, TargetListReportSchema } from "../src/index.ts";
import { TARGETS } from "./databases.ts";
import { cmd, ids, must, next, seedWorkspace } from "./scenario.ts";

const eur = (major: number) => money(major * 100, "EUR");

async function funnel(service: Service, ws: string, memberId: string, listId: string) {
  const reader = await service.reader(ws, memberId);
  if (!reader.ok) throw new Error(reader.error.message);
  return reader.value.targetFunnel(listId);
}

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`target lists on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    let ws: string;
    const account = (id: string, name: string, facts: Record<string, unknown>) =>
      must(
        service,
        ws,
        cmd("account", id, { type: "CreateAccount", accountId: id, name, ownerId: ids.ae, ...facts }),
        ids.ae,
      );

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db, clock: next });
      ws = `ws-targets-${randomBytes(4).toString("hex")}`;
      await seedWorkspace(service, ws);
      await account("a-alpen", "Alpen Bank", {
        industry: "Banking",
        employees: 4_000,
        annualRevenue: eur(900_000_000),
        region: "DACH",
      });
      await account("a-nord", "Nord Bank", { industry: "banking", employees: 3_000, region: "Nordics" });
      await account("a-small", "Kleine Bank", { industry: "Banking", employees: 40, region: "dach" });
      await account("a-shop", "Zurich Retail", { industry: "Retail", employees: 9_000, region: "DACH" });
      await must(
        service,
        ws,
        cmd("target", "tl-dach", {
          type: "CreateTargetList",
          targetListId: "tl-dach",
          name: "DACH banks",
          ownerId: ids.ae,
          goal: "Two new banks by Q3",
          criteria: { industries: ["Banking"], regions: ["DACH"], employees: { min: 1_000 } },
        }),
        ids.ae,
      );
    }, 120_000);
    afterAll(async () => {
      await handle?.close();
    });

    it("previews exactly the accounts meeting every criterion (fit 100), then adds them by criteria", async () => {
      expect(await service.targets.preview(ws, "tl-dach")).toEqual([
        { accountId: "a-alpen", name: "Alpen Bank" },
      ]);
      const added = await service.targets.addByCriteria(ws, ids.ae, "tl-dach", { now: next() });
      expect(added?.results.map((r) => r.ok)).toEqual([true]);
      const list = await service.load(ws, "target", "tl-dach");
      expect(list.state).toMatchObject({ members: [{ accountId: "a-alpen", source: "criteria" }] });
      // Nothing left to add: the list's members are not matched again.
      expect(await service.targets.preview(ws, "tl-dach")).toEqual([]);
      expect(await service.targets.preview(ws, "no-such-list")).toBeUndefined();
    });

    it("refuses to add by criteria for a member who may not write the list", async () => {
      const r = await service.targets.addByCriteria(ws, ids.viewer, "tl-dach", { now: next() });
      expect(r?.results ?? []).toEqual([]);
      const byHand = await service.execute(
        ws,
        cmd("target", "tl-dach", { type: "AddTargets", accountIds: ["a-nord"] }),
        ids.viewer,
        { now: next() },
      );
      expect(!byHand.ok && byHand.error._tag).toBe("NotPermitted");
    });

    it("reports the funnel: a meeting and a deal after the account joined move it on; each member's fit in words", async () => {
      await must(
        service,
        ws,
        cmd("target", "tl-dach", { type: "AddTargets", accountIds: [ids.account, "a-nord"] }),
        ids.ae,
      );
      await must(
        service,
        ws,
        cmd("activity", "act-alpen", {
          type: "LogActivity",
          activityId: "act-alpen",
          accountId: "a-alpen",
          kind: "meeting",
          subject: "First meeting with the CIO",
          at: next(),
        }),
        ids.ae,
      );
      await must(
        service,
        ws,
        cmd("opportunity", "o-alpen", {
          type: "CreateOpportunity",
          opportunityId: "o-alpen",
          accountId: "a-alpen",
          ownerId: ids.ae,
          name: "Alpen service desk",
          opportunityType: "new_business",
          amount: eur(400_000),
          closeDate: "2027-06-30",
        }),
        ids.ae,
      );
      await must(
        service,
        ws,
        cmd("target", "tl-dach", { type: "RemoveTarget", accountId: "a-nord", reason: "Nordics, not DACH" }),
        ids.ae,
      );

      const r = await funnel(service, ws, ids.ae, "tl-dach");
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.steps.map((s) => [s.step, s.count])).toEqual([
        ["target", 2],
        ["met", 1],
        ["opportunity", 1],
        ["won", 0],
      ]);
      // Days between steps, mean and median, as the domain's targetFunnel gives them (no step is a day apart here).
      expect(r.value.steps.map((s) => [s.averageDaysFromPrevious, s.medianDaysFromPrevious])).toEqual([
        [null, null],
        [0, 0],
        [0, 0],
        [null, null],
      ]);
      const byId = Object.fromEntries(r.value.members.map((m) => [m.accountId, m]));
      expect(byId["a-alpen"]).toMatchObject({
        name: "Alpen Bank",
        step: "opportunity",
        source: "criteria",
        fit: { score: 100 },
      });
      // Acme has no industry, size or region recorded: nothing it is asked is known.
      expect(byId[ids.account]?.fit).toMatchObject({ score: 0, fits: false });
      expect(byId[ids.account]?.fit.reasons.map((x) => x.text)).toContain("industry not known");
      expect(byId["a-nord"]).toBeUndefined();
      expect(TargetListReportSchema.safeParse(r.value).success).toBe(true);
      // A viewer reads the list and its funnel too.
      const viewer = await funnel(service, ws, ids.viewer, "tl-dach");
      expect(viewer.ok && viewer.value.steps[0]?.count).toBe(2);
    });

    it("imports accounts by name (accents, case and spacing aside) or id: every row added, skipped or rejected with why", async () => {
      await account("a-twin-1", "Twin Bank", { industry: "Banking" });
      await account("a-twin-2", "twin  bank", { industry: "Banking", allowDuplicate: true });
      await must(
        service,
        ws,
        cmd("target", "tl-import", {
          type: "CreateTargetList",
          targetListId: "tl-import",
          name: "Trade fair leads",
          ownerId: ids.ae,
          goal: "",
          criteria: {},
        }),
        ids.ae,
      );
      await must(
        service,
        ws,
        cmd("target", "tl-import", { type: "AddTargets", accountIds: ["a-nord"] }),
        ids.ae,
      );
      const rows = ["  ÄLPEN   bank ", "a-shop", "Nord Bank", "alpen bank", "Nobody Ltd", "Twin Bank", ""];
      const expected = {
        listId: "tl-import",
        read: 7,
        added: 2,
        skipped: 2,
        rejected: 3,
        adds: [
          { row: 2, account: "ÄLPEN   bank", accountId: "a-alpen", name: "Alpen Bank" },
          { row: 3, account: "a-shop", accountId: "a-shop", name: "Zurich Retail" },
        ],
        skips: [
          { row: 4, account: "Nord Bank", reason: "on the list already" },
          { row: 5, account: "alpen bank", reason: "named earlier in the file" },
        ],
        clients: 0,
        rejections: [
          { row: 6, account: "Nobody Ltd", reason: 'there is no account named "Nobody Ltd"' },
          {
            row: 7,
            account: "Twin Bank",
            reason: '2 accounts are named "Twin Bank" (a-twin-1, a-twin-2): give the one meant by its id',
          },
          { row: 8, account: "", reason: "the row names no account" },
        ],
      };
      const dry = await service.targets.importAccounts(ws, ids.ae, "tl-import", rows, {
        dryRun: true,
        firstRow: 2,
      });
      expect(dry).toEqual({ ok: true, value: { ...expected, dryRun: true } });
      const members = async () =>
        (
          (await service.load(ws, "target", "tl-import")).state as {
            members: { accountId: string; source: string }[];
          }
        ).members;
      expect(await members()).toHaveLength(1);

      const done = await service.targets.importAccounts(ws, ids.ae, "tl-import", rows, { firstRow: 2 });
      expect(done).toEqual({ ok: true, value: { ...expected, dryRun: false } });
      expect((await members()).filter((m) => m.source === "import").map((m) => m.accountId)).toEqual([
        "a-alpen",
        "a-shop",
      ]);
      // Again: both are on the list now.
      const again = await service.targets.importAccounts(ws, ids.ae, "tl-import", ["a-alpen"]);
      expect(again.ok && again.value.skips).toEqual([
        { row: 1, account: "a-alpen", reason: "on the list already" },
      ]);
    });

    it("refuses an import to a member who may not write the list, and a list that does not exist", async () => {
      const viewer = await service.targets.importAccounts(ws, ids.viewer, "tl-import", ["Nord Bank"]);
      expect(!viewer.ok && viewer.error._tag).toBe("NotPermitted");
      const missing = await service.targets.importAccounts(ws, ids.ae, "no-such-list", ["Nord Bank"]);
      expect(!missing.ok && missing.error._tag).toBe("NotFound");
    });

    it("answers NotFound for a list that does not exist", async () => {
      const r = await funnel(service, ws, ids.ae, "no-such-list");
      expect(!r.ok && r.error._tag).toBe("NotFound");
    });
  });
}
