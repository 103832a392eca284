import { randomBytes } from "node:crypto";
import { ACCOUNT_STATUSES, ROLES, type Timestamp, timestamp } from "@accountable/domain";
import type { DatabaseHandle } from "@accountable/store";
import { schema } from "@accountable/store";
import { and, asc, count, eq, gt, isNotNull, lt, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService, DEMO_LOGIN, type DemoSummary, type Service } from "../src/index.ts";
import { TARGETS } from "./databases.ts";

const NOW: Timestamp = timestamp("2026-11-02T12:00:00.000Z");

type WithWorkspace = PgTable & { workspaceId: PgColumn; id: PgColumn };
const READ_TABLES: Record<string, WithWorkspace> = {
  members: schema.members,
  accounts: schema.accounts,
  contacts: schema.contacts,
  opportunities: schema.opportunities,
  contracts: schema.contracts,
  towers: schema.towers,
  activities: schema.activities,
  tasks: schema.tasks,
  escalations: schema.escalations,
  briefs: schema.briefs,
  accountPlans: schema.accountPlans,
  invoices: schema.invoices,
  costs: schema.costs,
  quotas: schema.quotas,
};

for (const target of TARGETS) {
  describe.skipIf(target.skip)(`demo data on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let service: Service;
    const newWs = () => `demo-${randomBytes(4).toString("hex")}`;
    // One demo of 400 deals shared by the read-only tests below.
    let shared: DemoSummary;
    const sharedWs = newWs();

    beforeAll(async () => {
      handle = await target.open();
      service = createService({ db: handle.db });
      const r = await service.seedDemo({ workspaceId: sharedWs, seed: 7, now: NOW, opportunities: 400 });
      if (!r.ok) throw new Error(r.error.message);
      shared = r.value;
    });
    afterAll(async () => {
      await handle?.close();
    });

    /** Every event of the workspace as stored (the workspace's own id masked), in stream and version order. */
    const eventsOf = async (ws: string) => {
      const rows = await handle.db
        .select({
          streamType: schema.events.streamType,
          streamId: schema.events.streamId,
          version: schema.events.version,
          type: schema.events.type,
          actorId: schema.events.actorId,
          at: schema.events.at,
          reason: schema.events.reason,
          payload: schema.events.payload,
        })
        .from(schema.events)
        .where(eq(schema.events.workspaceId, ws))
        .orderBy(asc(schema.events.streamId), asc(schema.events.version));
      // Masked before sorting: the workspace's own stream sorts by its id.
      const masked = JSON.parse(JSON.stringify(rows).replaceAll(ws, "WS")) as typeof rows;
      return masked.sort((x, y) =>
        x.streamId === y.streamId ? x.version - y.version : x.streamId < y.streamId ? -1 : 1,
      );
    };

    /** Every read row of the workspace (workspace column dropped), table by table, in id order. */
    const tablesOf = async (ws: string) => {
      const out: Record<string, unknown[]> = {};
      for (const [name, table] of Object.entries(READ_TABLES)) {
        const rows = await handle.db
          .select()
          .from(table)
          .where(eq(table.workspaceId, ws))
          .orderBy(asc(table.id), ...(name === "towers" ? [asc(schema.towers.contractId)] : []));
        out[name] = rows.map(({ workspaceId: _w, ...rest }: Record<string, unknown>) => rest);
      }
      return JSON.parse(JSON.stringify(out).replaceAll(ws, "WS")) as Record<string, unknown[]>;
    };

    const eventCount = async (ws: string) => {
      const [row] = await handle.db
        .select({ n: count() })
        .from(schema.events)
        .where(eq(schema.events.workspaceId, ws));
      return row!.n;
    };

    describe("what it generates", () => {
      it("has members in every role, each but the admin with someone to report to", async () => {
        const members = await handle.db
          .select()
          .from(schema.members)
          .where(eq(schema.members.workspaceId, sharedWs));
        expect(new Set(members.map((m) => m.role))).toEqual(new Set(ROLES));
        expect(members.filter((m) => m.reportsTo === null).map((m) => m.id)).toEqual([DEMO_LOGIN.memberId]);
      });

      it("signs in as a known admin", async () => {
        expect(shared.login).toEqual({
          memberId: "demo-admin",
          email: "admin@demo.accountable.test",
          name: "Ada Demo",
        });
        const [admin] = await handle.db
          .select({ role: schema.members.role, email: schema.members.email })
          .from(schema.members)
          .where(and(eq(schema.members.workspaceId, sharedWs), eq(schema.members.id, DEMO_LOGIN.memberId)));
        expect(admin).toEqual({ role: "admin", email: DEMO_LOGIN.email });
      });

      it("has accounts in every lifecycle state", () => {
        expect(Object.keys(shared.byStatus.account ?? {}).sort()).toEqual([...ACCOUNT_STATUSES].sort());
      });

      it("has a year of pipeline history: deals created over the past 12 months, won, lost and open", async () => {
        const o = schema.opportunities;
        const yearAgo = new Date(Date.parse(NOW) - 366 * 86_400_000).toISOString();
        const [older] = await handle.db
          .select({ n: count() })
          .from(o)
          .where(and(eq(o.workspaceId, sharedWs), eq(o.type, "new_business"), lt(o.createdAt, yearAgo)));
        expect(older!.n).toBe(0);
        expect(shared.byStatus.opportunity).toMatchObject({
          won: expect.any(Number),
          lost: expect.any(Number),
          open: expect.any(Number),
        });
        // The 400 deals of the history, and the renewal deals that contracts entering their notice window opened.
        expect(shared.opportunities).toBeGreaterThan(400);
      });

      it("names no two deals of one account alike, and calls a deal an upsell only when the client buys its line", async () => {
        const o = schema.opportunities;
        const deals = await handle.db
          .select({
            accountId: o.accountId,
            name: o.name,
            type: o.type,
            data: o.data,
            createdAt: o.createdAt,
          })
          .from(o)
          .where(eq(o.workspaceId, sharedWs));
        const names = deals.map((d) => `${d.accountId}|${d.name}`);
        expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
        const line = (d: (typeof deals)[number]) => (d.data as { serviceLine?: string | null }).serviceLine;
        const closedAt = (d: (typeof deals)[number]) => (d.data as { closedAt?: string | null }).closedAt;
        const upsells = deals.filter((d) => d.type === "upsell");
        const newBusiness = deals.filter((d) => d.type === "new_business");
        expect(newBusiness.length).toBeGreaterThan(upsells.length);
        for (const u of upsells) {
          const bought = deals.some(
            (d) =>
              d.accountId === u.accountId &&
              line(d) === line(u) &&
              (d.data as { status: string }).status === "won" &&
              closedAt(d)! <= String(u.createdAt),
          );
          expect(bought, `${u.name}: an upsell of a line the client had not bought`).toBe(true);
        }
      });

      it("has contracts in their notice window, each with its renewal deal closing on the notice deadline", async () => {
        const k = schema.contracts;
        const expiring = await handle.db
          .select({ data: k.data })
          .from(k)
          .where(and(eq(k.workspaceId, sharedWs), eq(k.status, "expiring")));
        expect(expiring.length).toBeGreaterThan(0);
        for (const { data } of expiring)
          expect((data as { renewalOpportunityId: string | null }).renewalOpportunityId).not.toBeNull();
      });

      it("has towers, escalations, briefs, invoices, costs, quotas, tasks and meetings with minutes", async () => {
        for (const kind of ["escalation", "brief", "invoice", "cost", "quota", "task", "activity"] as const)
          expect(Object.values(shared.byStatus[kind] ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
        const [towers] = await handle.db
          .select({ n: count() })
          .from(schema.towers)
          .where(eq(schema.towers.workspaceId, sharedWs));
        expect(towers!.n).toBeGreaterThan(0);
        const meetings = await handle.db
          .select({ data: schema.activities.data })
          .from(schema.activities)
          .where(and(eq(schema.activities.workspaceId, sharedWs), eq(schema.activities.kind, "meeting")));
        expect(meetings.some(({ data }) => (data as { minutes: unknown }).minutes !== null)).toBe(true);
      });

      it("has a retainer billed by the sweep from its schedule, milestones that raise invoices, and a brief linked to its deal and contract", async () => {
        const k = schema.contracts;
        const retainers = await handle.db
          .select({ id: k.id, data: k.data })
          .from(k)
          .where(
            and(eq(k.workspaceId, sharedWs), sql`jsonb_typeof(${k.data}->'billingSchedule') = 'object'`),
          );
        const billed = retainers.filter(
          ({ data }) =>
            (data as { billingSchedule: { billedThrough: string | null } }).billingSchedule.billedThrough,
        );
        expect(billed.length).toBeGreaterThan(0);
        const i = schema.invoices;
        const periodInvoices = await handle.db
          .select({ id: i.id, contractId: i.contractId })
          .from(i)
          .where(and(eq(i.workspaceId, sharedWs), sql`${i.id} like '%.period.%'`));
        expect(periodInvoices.some((inv) => billed.some((r) => r.id === inv.contractId))).toBe(true);
        const billedEvents = await handle.db
          .select({ n: count() })
          .from(schema.events)
          .where(
            and(eq(schema.events.workspaceId, sharedWs), eq(schema.events.type, "RetainerPeriodBilled")),
          );
        expect(billedEvents[0]!.n).toBe(periodInvoices.length);

        // An IT project bills by milestone: completing one drafts its invoice, its line linked to the milestone.
        const milestoneInvoices = await handle.db
          .select({ data: i.data })
          .from(i)
          .where(and(eq(i.workspaceId, sharedWs), sql`${i.id} like '%.milestone.%'`));
        expect(milestoneInvoices.length).toBeGreaterThan(0);
        for (const { data } of milestoneInvoices)
          expect((data as { lines: { milestoneId: string | null }[] }).lines[0]?.milestoneId).not.toBeNull();

        const b = schema.briefs;
        const linked = await handle.db
          .select({ opportunityId: b.opportunityId, contractId: b.contractId })
          .from(b)
          .where(and(eq(b.workspaceId, sharedWs), isNotNull(b.opportunityId), isNotNull(b.contractId)));
        expect(linked.length).toBeGreaterThan(0);
        for (const l of linked) {
          const [row] = await handle.db
            .select({ data: k.data })
            .from(k)
            .where(and(eq(k.workspaceId, sharedWs), eq(k.id, l.contractId!)));
          expect((row!.data as { opportunityId: string }).opportunityId).toBe(l.opportunityId);
        }
      });

      it("gives the demo admin work on Today and in the Inbox: open tasks of theirs (one due or overdue) and an approval", async () => {
        const inbox = await service.inbox.list(sharedWs, DEMO_LOGIN.memberId, { now: NOW });
        if (!inbox.ok) throw new Error(inbox.error.message);
        const tasks = inbox.value.items.filter((i) => i.kind === "task");
        expect(tasks.length).toBeGreaterThanOrEqual(3);
        const today = NOW.slice(0, 10);
        expect(tasks.some((i) => i.due <= today)).toBe(true);
        expect(inbox.value.items.some((i) => i.kind === "approval")).toBe(true);
        expect(inbox.value.unread).toBe(inbox.value.items.length);
      });

      it("varies its activities' subjects, by kind and by the deal or account they are about", async () => {
        const rows = (
          await handle.db
            .select({ data: schema.activities.data, kind: schema.activities.kind })
            .from(schema.activities)
            .where(eq(schema.activities.workspaceId, sharedWs))
        ).map(({ data, kind }) => ({ kind, subject: (data as { subject: string }).subject }));
        const subjects = new Set(rows.map((r) => r.subject));
        // Before, nine subjects served every activity of the demo.
        expect(rows.length).toBeGreaterThan(100);
        expect(subjects.size).toBeGreaterThan(rows.length / 4);
        for (const kind of ["call", "email", "meeting"])
          expect(
            new Set(rows.filter((r) => r.kind === kind).map((r) => r.subject)).size,
            kind,
          ).toBeGreaterThan(5);
      });

      it("has client deadlines among the tasks", async () => {
        const [row] = await handle.db
          .select({ n: count() })
          .from(schema.tasks)
          .where(and(eq(schema.tasks.workspaceId, sharedWs), eq(schema.tasks.agreedWithClient, true)));
        expect(row!.n).toBeGreaterThan(0);
      });

      it("reports what it created: streams, events and rows that are in the database", async () => {
        expect(await eventCount(sharedWs)).toBe(shared.events);
        const [streams] = await handle.db
          .select({ n: count() })
          .from(schema.streams)
          .where(eq(schema.streams.workspaceId, sharedWs));
        expect(streams!.n).toBe(shared.streams);
      });

      it("writes no event after its `now`", async () => {
        const [row] = await handle.db
          .select({ n: count() })
          .from(schema.events)
          .where(and(eq(schema.events.workspaceId, sharedWs), gt(schema.events.at, new Date(NOW))));
        expect(row!.n).toBe(0);
      });
    });

    describe("consistency", () => {
      it("keeps the event log and the read tables consistent: a rebuild gives the same tables", async () => {
        const before = await tablesOf(sharedWs);
        await service.rebuild(sharedWs);
        expect(await tablesOf(sharedWs)).toEqual(before);
        // Every read table rebuilt from the demo's ten thousand events and read back twice: a minute when the machine is busy.
      }, 180_000);

      it("writes in bulk exactly what execute writes command by command", async () => {
        const bulk = newWs();
        const one = newWs();
        // Seed 9 at this size walks the follow-ups and the past sweeps: signing, notice windows opening renewal
        // deals, renewals by a new contract and tacit ones, notice given, overdue invoices, SLA escalations.
        const options = { seed: 9, now: NOW, opportunities: 60 };
        const a = await service.seedDemo({ ...options, workspaceId: bulk });
        const b = await service.seedDemo({ ...options, workspaceId: one, write: "execute" });
        expect(a.ok && b.ok).toBe(true);
        const events = await eventsOf(one);
        for (const type of [
          "AccountOnboardingStarted",
          "ContractEnteredNoticeWindow",
          "RenewalOpportunityLinked",
          "ContractRenewed",
          "ContractTacitlyRenewed",
          "NonRenewalNoticeGiven",
          "InvoiceMarkedOverdue",
          "EscalatedToSupervisor",
          "ActivityRecorded",
          "ContactEngaged",
        ])
          expect(
            events.some((e) => e.type === type),
            type,
          ).toBe(true);
        expect(events).toEqual(await eventsOf(bulk));
        expect(await tablesOf(one)).toEqual(await tablesOf(bulk));
        // Command by command on the embedded database is the slow way on purpose: ~50 s on a busy machine.
      }, 180_000);

      it("leaves nothing due: a sweep at its `now` changes nothing the second time", async () => {
        const ws = newWs();
        await service.seedDemo({ workspaceId: ws, seed: 3, now: NOW, opportunities: 100 });
        const first = await service.sweep(ws, NOW);
        expect(first.contracts.refused).toEqual([]);
        const before = await eventCount(ws);
        const second = await service.sweep(ws, NOW);
        expect(await eventCount(ws)).toBe(before);
        expect(
          second.contracts.applied.length +
            second.invoices.applied.length +
            second.escalations.applied.length,
        ).toBe(0);
      });

      it("refuses to seed a workspace that exists", async () => {
        const r = await service.seedDemo({ workspaceId: sharedWs, seed: 7, now: NOW, opportunities: 400 });
        expect(r.ok).toBe(false);
      });
    });

    describe("determinism", () => {
      it("gives the same events for the same seed and `now`, whatever the chunk size", async () => {
        const a = newWs();
        const b = newWs();
        await service.seedDemo({ workspaceId: a, seed: 5, now: NOW, opportunities: 150 });
        await service.seedDemo({ workspaceId: b, seed: 5, now: NOW, opportunities: 150, chunkDeals: 40 });
        expect(await eventsOf(b)).toEqual(await eventsOf(a));
      });

      it("gives another workspace for another seed", async () => {
        const a = newWs();
        const b = newWs();
        await service.seedDemo({ workspaceId: a, seed: 5, now: NOW, opportunities: 50 });
        await service.seedDemo({ workspaceId: b, seed: 6, now: NOW, opportunities: 50 });
        expect(await eventsOf(b)).not.toEqual(await eventsOf(a));
      });
    });
  });
}
